"""Net profit sensors: the node's electricity, its cost, and the payout left after it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, UnitOfEnergy
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .coordinator import StorjCoordinator, StorjData
from .data import StorjConfigEntry
from .entity import StorjNodeEntity
from .profit import (
    days_in_month,
    month_start,
    payback_date,
    project_to_month_end,
    return_percent,
)
from .profit_tracker import ProfitTracker

TB = 10**12


@dataclass(frozen=True, slots=True)
class ProfitInputs:
    """What one profit value is computed from, read at one moment."""

    data: StorjData
    tracker: ProfitTracker
    now: datetime
    rate: float | None
    """USD → the sensors' currency; None while the rate entity has no number."""

    def usd(self, amount: Any) -> float | None:
        """A USD amount in the sensors' currency."""
        return None if amount is None or self.rate is None else float(amount) * self.rate

    def month_cost(self) -> float | None:
        """This month's electricity cost so far (0 when not metered)."""
        return self.tracker.meter.month_cost if self.tracker.metered else 0.0

    def projected_cost(self) -> float | None:
        """This month's electricity cost projected to the month's end."""
        cost = self.month_cost()
        if cost is None:
            return None
        return project_to_month_end(cost, self.now, self.tracker.meter.since)

    def net_month(self) -> float | None:
        """The projected payout less the projected electricity cost."""
        earnings = self.data.earnings
        payout = self.usd(earnings.projected_payout if earnings else None)
        cost = self.projected_cost()
        return None if payout is None or cost is None else payout - cost

    def net_lifetime(self) -> float | None:
        """Paystub earnings since joining, plus this month's so far, less all electricity."""
        earnings = self.data.earnings
        earned = self.usd(earnings.lifetime_earned if earnings else None)
        month = self.usd(self.data.snapshot.payout.current_month.gross)
        cost, _ = self.tracker.lifetime_cost(self.now, self.joined())
        if earned is None or month is None or cost is None:
            return None
        return earned + month - cost

    def joined(self) -> datetime | None:
        """When the node joined its first satellite."""
        return self.data.snapshot.summary.earliest_joined_at

    def net_per_tb(self) -> float | None:
        """This month's net profit per TB stored on average."""
        net = self.net_month()
        stored = self.data.snapshot.summary.average_usage_bytes
        return None if net is None or not stored else net / (stored / TB)

    def payback(self) -> datetime | None:
        """When the hardware is paid back at this month's net profit rate."""
        net, lifetime = self.net_month(), self.net_lifetime()
        if lifetime is None:
            return None
        per_day = None if net is None else net / days_in_month(self.now)
        return payback_date(self.now, self.tracker.hardware_cost, lifetime, per_day)


@dataclass(frozen=True, kw_only=True)
class ProfitSensorDescription(SensorEntityDescription):
    """A profit sensor: its value, and whether it needs a meter or a hardware cost."""

    value_fn: Callable[[ProfitInputs], float | datetime | None]
    monetary: bool = False
    monthly: bool = False
    needs_meter: bool = False
    needs_hardware_cost: bool = False


def _money(
    key: str, value_fn: Callable[[ProfitInputs], float | None], *, monthly: bool, meter: bool
) -> ProfitSensorDescription:
    # HA accepts only `total` for monetary sensors; monthly ones reset with a `last_reset`.
    return ProfitSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        value_fn=value_fn,
        monetary=True,
        monthly=monthly,
        needs_meter=meter,
    )


PROFIT_SENSORS: tuple[ProfitSensorDescription, ...] = (
    ProfitSensorDescription(
        key="energy_month",
        translation_key="energy_month",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        value_fn=lambda p: p.tracker.meter.month_kwh,
        monthly=True,
        needs_meter=True,
    ),
    _money("electricity_cost_month", lambda p: p.month_cost(), monthly=True, meter=True),
    _money("net_profit_month", lambda p: p.net_month(), monthly=True, meter=False),
    _money("net_profit_lifetime", lambda p: p.net_lifetime(), monthly=False, meter=False),
    ProfitSensorDescription(
        key="return_on_hardware",
        translation_key="return_on_hardware",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda p: (
            None
            if (net := p.net_lifetime()) is None
            else return_percent(net, p.tracker.hardware_cost)
        ),
        needs_hardware_cost=True,
    ),
    ProfitSensorDescription(
        key="payback_date",
        translation_key="payback_date",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda p: p.payback(),
        needs_hardware_cost=True,
    ),
    ProfitSensorDescription(
        key="net_earnings_per_tb",
        translation_key="net_earnings_per_tb",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda p: p.net_per_tb(),
    ),
)


async def async_add_profit_sensors(
    entry: StorjConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add the profit sensors the costs options ask for (none without any costs)."""
    coordinator = entry.runtime_data.coordinator
    tracker = ProfitTracker(coordinator.hass, coordinator.node_id, dict(entry.options))
    if not tracker.metered and not tracker.hardware_cost:
        return
    data = coordinator.data
    await tracker.async_start(data.snapshot.summary.earliest_joined_at if data else None)
    entry.async_on_unload(tracker.async_stop)
    entry.runtime_data.profit = tracker
    async_add_entities(
        StorjProfitSensor(coordinator, tracker, desc)
        for desc in PROFIT_SENSORS
        if (tracker.metered or not desc.needs_meter)
        and (tracker.hardware_cost or not desc.needs_hardware_cost)
    )


def net_profit_month(entry: StorjConfigEntry) -> tuple[float, str] | None:
    """The node's net profit this month and its currency; None without costs or a value."""
    tracker = entry.runtime_data.profit
    data = entry.runtime_data.coordinator.data
    if tracker is None or data is None:
        return None
    inputs = ProfitInputs(data=data, tracker=tracker, now=dt_util.utcnow(), rate=tracker.usd_rate())
    net = inputs.net_month()
    return None if net is None else (round(net, 6), tracker.currency)


class StorjProfitSensor(StorjNodeEntity[StorjCoordinator], SensorEntity):
    """A net profit sensor of the node device: updates on polls and on energy readings."""

    entity_description: ProfitSensorDescription

    def __init__(
        self,
        coordinator: StorjCoordinator,
        tracker: ProfitTracker,
        description: ProfitSensorDescription,
    ) -> None:
        """Attach the sensor to the node's device and its energy meter."""
        super().__init__(coordinator, description)
        self.tracker = tracker
        if description.monetary:
            self._attr_native_unit_of_measurement = tracker.currency
        elif description.key == "net_earnings_per_tb":
            self._attr_native_unit_of_measurement = f"{tracker.currency}/TB"

    async def async_added_to_hass(self) -> None:
        """Follow the meter's readings too."""
        await super().async_added_to_hass()
        self.async_on_remove(self.tracker.async_add_listener(self.async_write_ha_state))

    async def async_will_remove_from_hass(self) -> None:
        """Persist the meter before a reload reads it back."""
        await self.tracker.async_flush()
        await super().async_will_remove_from_hass()

    def _inputs(self) -> ProfitInputs:
        return ProfitInputs(
            data=self.coordinator.data,
            tracker=self.tracker,
            now=dt_util.utcnow(),
            rate=self.tracker.usd_rate(),
        )

    @property
    def native_value(self) -> float | datetime | None:
        """The value from the latest poll and the meter."""
        value = self.entity_description.value_fn(self._inputs())
        return round(value, 6) if isinstance(value, float) else value

    @property
    def last_reset(self) -> datetime | None:
        """Start of the current UTC month for the monthly totals."""
        return month_start(dt_util.utcnow()) if self.entity_description.monthly else None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The currency caveat, and where the lifetime cost starts."""
        attributes: dict[str, Any] = {}
        if not self.tracker.rate_entity:
            attributes["currency_note"] = (
                "Payouts are in USD and no USD exchange rate entity is configured: "
                "every amount, the electricity price included, is taken as USD."
            )
        if self.entity_description.key == "net_profit_lifetime":
            _, since = self.tracker.lifetime_cost(dt_util.utcnow(), self._inputs().joined())
            attributes["cost_since"] = since.isoformat()
        if self.entity_description.needs_meter and self.tracker.meter.unpriced_kwh:
            attributes["unpriced_kwh"] = round(self.tracker.meter.unpriced_kwh, 6)
        return attributes
