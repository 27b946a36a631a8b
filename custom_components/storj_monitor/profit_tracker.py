"""Feeds the node's energy meter from Home Assistant: readings, prices, a clock, a Store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from homeassistant.components.energy.data import async_get_manager
from homeassistant.components.recorder import get_instance
from homeassistant.components.recorder.statistics import statistic_during_period
from homeassistant.const import (
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    UnitOfEnergy,
)
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, State, callback
from homeassistant.helpers.event import async_track_state_change_event, async_track_time_interval
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_conversion import EnergyConverter, PowerConverter

from .const import (
    CONF_ENERGY_ENTITY,
    CONF_ENERGY_SOURCE,
    CONF_FIXED_WATTS,
    CONF_HARDWARE_COST,
    CONF_NODE_SHARE,
    CONF_POWER_ENTITY,
    CONF_PRICE_ENTITY,
    CONF_PRICE_PER_KWH,
    CONF_PRICE_SOURCE,
    CONF_PURCHASE_DATE,
    CONF_USD_RATE_ENTITY,
    DEFAULT_NODE_SHARE,
    DOMAIN,
    ENERGY_SOURCE_ENERGY,
    ENERGY_SOURCE_FIXED,
    ENERGY_SOURCE_NONE,
    ENERGY_SOURCE_POWER,
    LOGGER,
    PRICE_SOURCE_ENERGY,
    PRICE_SOURCE_ENTITY,
    PRICE_SOURCE_FIXED,
)
from .profit import EnergyMeter, fixed_energy_kwh, grid_price, price_per_kwh

STORAGE_VERSION = 1
SAVE_DELAY_SECONDS = 60
TICK = timedelta(minutes=5)
"""Steady readings still accrue: the open interval is closed this often."""


def _number(state: State | None) -> float | None:
    if state is None or state.state in (STATE_UNKNOWN, STATE_UNAVAILABLE):
        return None
    try:
        return float(state.state)
    except ValueError:
        return None


def _store(hass: HomeAssistant, node_id: str) -> Store[dict[str, Any]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.profit.{node_id}")


class ProfitTracker:
    """The node's energy, its cost and the currency of its money sensors."""

    def __init__(self, hass: HomeAssistant, node_id: str, options: dict[str, Any]) -> None:
        """Read the costs options; nothing runs before `async_start`."""
        self.hass = hass
        self.node_id = node_id
        self.source: str = options.get(CONF_ENERGY_SOURCE, ENERGY_SOURCE_NONE)
        self.share = float(options.get(CONF_NODE_SHARE, DEFAULT_NODE_SHARE)) / 100
        self.hardware_cost: float | None = options.get(CONF_HARDWARE_COST)
        purchase = options.get(CONF_PURCHASE_DATE)
        self.purchased_at = (
            datetime.combine(date.fromisoformat(purchase), time(), UTC) if purchase else None
        )
        self.power_entity: str | None = options.get(CONF_POWER_ENTITY)
        self.energy_entity: str | None = options.get(CONF_ENERGY_ENTITY)
        self.fixed_watts = float(options.get(CONF_FIXED_WATTS) or 0)
        self.price_source: str = options.get(CONF_PRICE_SOURCE, PRICE_SOURCE_FIXED)
        self.fixed_price: float | None = options.get(CONF_PRICE_PER_KWH)
        self.price_entity: str | None = options.get(CONF_PRICE_ENTITY)
        self.rate_entity: str | None = options.get(CONF_USD_RATE_ENTITY)
        self.meter = EnergyMeter(self.share, dt_util.utcnow())
        self._store = _store(hass, node_id)
        self._listeners: list[Callable[[], None]] = []
        self._unsubscribe: list[Callable[[], None]] = []
        self._warned: set[str] = set()
        self._saved = False
        self.recorded_kwh: float | None = None
        """The node's share of the energy sensor's recorded statistics before the meter."""
        self.recorded_since: datetime | None = None

    @staticmethod
    async def async_remove(hass: HomeAssistant, node_id: str) -> None:
        """Forget the node's counted energy (its entry is removed)."""
        await _store(hass, node_id).async_remove()

    @property
    def metered(self) -> bool:
        """Whether the node's electricity is counted at all."""
        return self.source != ENERGY_SOURCE_NONE

    @property
    def currency(self) -> str:
        """Home Assistant's currency with an exchange rate; payouts' USD without one."""
        return self.hass.config.currency if self.rate_entity else "USD"

    def usd_rate(self) -> float | None:
        """How much of `currency` one US dollar is worth now; None while unknown."""
        if not self.rate_entity:
            return 1.0
        return _number(self.hass.states.get(self.rate_entity))

    async def async_start(self, joined: datetime | None = None) -> None:
        """Restore the meter, read the energy recorded before it, then follow the readings."""
        if not self.metered:
            return
        if (stored := await self._store.async_load()) is not None:
            try:
                self.meter = EnergyMeter.from_store(self.share, stored)
            except KeyError, TypeError, ValueError:
                LOGGER.warning(
                    "Stored energy of node %s is unreadable; counting anew", self.node_id
                )
        await self._async_read_recorded(self.purchased_at or joined)
        if self.price_source == PRICE_SOURCE_ENERGY:
            manager = await async_get_manager(self.hass)
            entity, number = grid_price(dict(manager.data or {}))
            self.price_entity, self.fixed_price = entity, number
        watched = [e for e in (self.power_entity, self.energy_entity) if e and self._reads(e)]
        if self.price_entity and self.price_source != PRICE_SOURCE_FIXED:
            watched.append(self.price_entity)
        if watched:
            self._unsubscribe.append(
                async_track_state_change_event(self.hass, watched, self._on_change)
            )
        self._unsubscribe.append(async_track_time_interval(self.hass, self._on_tick, TICK))
        self._read(dt_util.utcnow())

    async def _async_read_recorded(self, start: datetime | None) -> None:
        """The energy sensor's long-term statistics from `start` to the meter's start.

        Read once: from then on the meter counts the live readings.
        """
        if (
            self.source != ENERGY_SOURCE_ENERGY
            or not self.energy_entity
            or start is None
            or start >= self.meter.since
            or "recorder" not in self.hass.config.components
        ):
            return
        try:
            result = await get_instance(self.hass).async_add_executor_job(
                statistic_during_period,
                self.hass,
                start,
                self.meter.since,
                self.energy_entity,
                {"change"},
                {"energy": UnitOfEnergy.KILO_WATT_HOUR},
            )
        except Exception:
            LOGGER.warning(
                "Net profit: the recorded energy of %s is unreadable; counting from now",
                self.energy_entity,
                exc_info=True,
            )
            return
        if (change := result.get("change")) is None:
            return  # no statistics: the lifetime cost starts with the meter
        self.recorded_kwh = max(float(change), 0.0) * self.share
        self.recorded_since = start

    def _reads(self, entity_id: str) -> bool:
        return (self.source == ENERGY_SOURCE_POWER and entity_id == self.power_entity) or (
            self.source == ENERGY_SOURCE_ENERGY and entity_id == self.energy_entity
        )

    @callback
    def async_stop(self) -> None:
        """Stop following readings (the entry unloads)."""
        while self._unsubscribe:
            self._unsubscribe.pop()()

    async def async_flush(self) -> None:
        """Write the meter now, once: a reload must find what was counted."""
        if self.metered and not self._saved:
            self._saved = True
            await self._store.async_save(dict(self.meter.to_store()))

    @callback
    def async_add_listener(self, update: Callable[[], None]) -> Callable[[], None]:
        """Call `update` after each reading; returns the remover."""
        self._listeners.append(update)
        return lambda: self._listeners.remove(update)

    @callback
    def _on_change(self, event: Event[EventStateChangedData]) -> None:
        self._read(event.time_fired)

    @callback
    def _on_tick(self, now: datetime) -> None:
        self._read(now)

    @callback
    def _read(self, at: datetime) -> None:
        """Close the open interval at `at` and start the next with the current reading."""
        price = self.price()
        if self.source == ENERGY_SOURCE_POWER:
            self.meter.add_power(at, self._converted(self.power_entity, PowerConverter, "W"), price)
        elif self.source == ENERGY_SOURCE_ENERGY:
            kwh = self._converted(self.energy_entity, EnergyConverter, "kWh")
            self.meter.add_total(at, kwh, price)
        elif self.source == ENERGY_SOURCE_FIXED:
            self.meter.add_power(at, self.fixed_watts, price)
        self.meter.roll(at)
        self._store.async_delay_save(lambda: dict(self.meter.to_store()), SAVE_DELAY_SECONDS)
        for update in list(self._listeners):
            update()

    def _converted(
        self,
        entity_id: str | None,
        converter: type[PowerConverter] | type[EnergyConverter],
        unit: str,
    ) -> float | None:
        """The entity's value in `unit`; None (logged once) when it cannot be read."""
        state = self.hass.states.get(entity_id) if entity_id else None
        value = _number(state)
        if state is None or value is None:
            return None
        source_unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
        if source_unit not in converter.VALID_UNITS:
            self._warn_once(entity_id or "", f"{entity_id} has unit {source_unit}, not {unit}")
            return None
        return converter.convert(value, source_unit, unit)

    def price(self) -> float | None:
        """The electricity price per kWh now; None while the price entity has none."""
        if self.price_entity and self.price_source != PRICE_SOURCE_FIXED:
            state = self.hass.states.get(self.price_entity)
            value = _number(state)
            if state is None or value is None:
                return None
            per_kwh = price_per_kwh(value, state.attributes.get(ATTR_UNIT_OF_MEASUREMENT))
            if per_kwh is None:
                self._warn_once(self.price_entity, f"{self.price_entity} is not a price per kWh")
            return per_kwh
        if self.price_source == PRICE_SOURCE_ENTITY:
            return None
        return self.fixed_price

    def lifetime_cost(
        self, now: datetime, joined: datetime | None
    ) -> tuple[float | None, datetime]:
        """Electricity cost since the hardware was bought (or the node joined), and from when.

        A fixed power is known back then, and so is an energy sensor's recorded energy
        (both at today's price); a power sensor is counted only since the meter started.
        """
        cost = self.meter.lifetime_cost
        if self.recorded_kwh is not None and self.recorded_since is not None:
            price = self.price()
            if price is None:
                return None, self.recorded_since
            return cost + self.recorded_kwh * price, self.recorded_since
        start = self.purchased_at or joined
        if self.source == ENERGY_SOURCE_FIXED and start is not None and start < self.meter.since:
            price = self.price()
            if price is None:
                return None, start
            earlier = fixed_energy_kwh(self.fixed_watts, self.share, start, self.meter.since)
            return cost + earlier * price, start
        return cost, self.meter.since

    def _warn_once(self, key: str, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            LOGGER.warning("Net profit: %s; its readings are skipped", message)
