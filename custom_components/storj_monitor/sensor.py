"""Sensors of a Storj node and of each of its satellites."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfInformation, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .anomaly_entities import StorjInsightsSensor
from .api import QuicStatus, SatelliteDetails
from .coordinator import StorjCoordinator, StorjData
from .data import StorjConfigEntry
from .earnings import EarningsSummary
from .entity import StorjApiSatelliteEntity, StorjNodeEntity, async_follow_satellites
from .fleet_entities import async_offer_fleet_sensors
from .forecast import DiskForecast
from .log_coordinator import LogCoordinator
from .log_entities import FILEWALKER, LOG_SENSORS, StorjFilewalkerSensor, StorjLogSensor
from .notification_sensor import UNREAD_NOTIFICATIONS, StorjUnreadNotificationsSensor
from .profit_entities import async_add_profit_sensors
from .reputation_entities import async_add_reputation_sensors
from .rounding import one_decimal, significant_bytes

PARALLEL_UPDATES = 0

type SensorValue = StateType | date | datetime | Decimal

SUMMARY_KEY = "storj_key"
"""Attribute naming what a sensor is, for templates: they cannot read the registry's
translation key, and entity IDs and names change when the user renames the sensor."""
SUMMARY_SENSORS = frozenset(
    {
        "earnings_month",
        "payout_month_expected",
        "disk_used_percent",
        "worst_audit_score",
        "worst_suspension_score",
        "worst_online_score",
    }
)
"""The sensors the daily-summary blueprint reads."""


def month_start(moment: datetime) -> datetime:
    """Start of the UTC calendar month: the node resets its monthly counters then."""
    return moment.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def percent(score: float | None) -> float | None:
    """A 0..1 score as a percentage."""
    return None if score is None else round(score * 100, 4)


def worst(data: StorjData, score: Callable[[SatelliteDetails], float]) -> float | None:
    """The lowest score across the node's satellites, in percent."""
    scores = [score(sat) for sat in data.snapshot.satellites.values()]
    return percent(min(scores)) if scores else None


def total_held(data: StorjData) -> Decimal | None:
    """Held back on all satellites and not returned yet (needs the payout history)."""
    if data.history is None:
        return None
    return sum((sat.currently_held for sat in data.history.held_history), Decimal(0))


@dataclass(frozen=True, kw_only=True)
class StorjSensorDescription(SensorEntityDescription):
    """A node sensor: how to read its value from the latest data."""

    value_fn: Callable[[StorjData], SensorValue]
    attributes_fn: Callable[[StorjData], dict[str, Any]] | None = None
    monthly: bool = False
    """Resets at the start of each UTC month (monetary totals need a `last_reset`)."""
    exists_fn: Callable[[StorjData], bool] = lambda _: True
    """Whether this node can ever report the value (decided on the first poll)."""


@dataclass(frozen=True, kw_only=True)
class StorjSatelliteSensorDescription(SensorEntityDescription):
    """A satellite sensor: read from that satellite's details (and dashboard entry)."""

    value_fn: Callable[[SatelliteDetails], SensorValue]


@dataclass(frozen=True, kw_only=True)
class DataSizeDescription(SensorEntityDescription):
    """Defaults of every bytes sensor: stored in B, displayed in GB (or what it suggests)."""

    device_class: SensorDeviceClass | None = SensorDeviceClass.DATA_SIZE
    native_unit_of_measurement: str | None = UnitOfInformation.BYTES
    suggested_unit_of_measurement: str | None = UnitOfInformation.GIGABYTES
    suggested_display_precision: int | None = 2
    state_class: SensorStateClass | None = SensorStateClass.MEASUREMENT


@dataclass(frozen=True, kw_only=True)
class StorjBytesSensorDescription(DataSizeDescription, StorjSensorDescription):
    """A node sensor holding a size in bytes."""


@dataclass(frozen=True, kw_only=True)
class StorjSatelliteBytesSensorDescription(DataSizeDescription, StorjSatelliteSensorDescription):
    """A satellite sensor holding a size in bytes."""


def _bytes(
    key: str,
    value_fn: Callable[[StorjData], SensorValue],
    *,
    unit: str = UnitOfInformation.GIGABYTES,
    state_class: SensorStateClass | None = SensorStateClass.MEASUREMENT,
    enabled: bool = True,
    exists_fn: Callable[[StorjData], bool] = lambda _: True,
) -> StorjSensorDescription:
    """A size in bytes, shown in GB or TB."""
    return StorjBytesSensorDescription(
        key=key,
        translation_key=key,
        suggested_unit_of_measurement=unit,
        state_class=state_class,
        entity_registry_enabled_default=enabled,
        value_fn=lambda data: significant_bytes(value_fn(data)),
        exists_fn=exists_fn,
    )


def _money(
    key: str,
    value_fn: Callable[[StorjData], SensorValue],
    *,
    monthly: bool = True,
    state_class: SensorStateClass | None = SensorStateClass.TOTAL,
    attributes_fn: Callable[[StorjData], dict[str, Any]] | None = None,
) -> StorjSensorDescription:
    """An amount of US dollars."""
    return StorjSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.MONETARY,
        native_unit_of_measurement="USD",
        state_class=state_class,
        suggested_display_precision=2,
        monthly=monthly,
        value_fn=value_fn,
        attributes_fn=attributes_fn,
    )


def dollars(amount: Decimal | None) -> float | None:
    """Money for a state attribute (attributes must be JSON: no Decimal)."""
    return None if amount is None else float(amount)


def forecast_value(data: StorjData, read: Callable[[DiskForecast], SensorValue]) -> SensorValue:
    """A field of the disk forecast, None before there is one."""
    return None if data.forecast is None else read(data.forecast)


def earnings_value(data: StorjData, read: Callable[[EarningsSummary], SensorValue]) -> SensorValue:
    """A field of the earnings summary, None before there is one."""
    return None if data.earnings is None else read(data.earnings)


# Forecasts move a little with every poll; states rounded to what they can tell keep the
# recorder from writing a new row for each wiggle.
def _growth_gb_per_day(forecast: DiskForecast) -> float | None:
    growth = forecast.growth_bytes_per_day
    return None if growth is None else float(f"{growth / 1e9:.2g}")  # two significant digits


def _whole_days_until_full(forecast: DiskForecast) -> float | None:
    days = forecast.days_until_full
    return None if days is None else float(round(days))


def _full_date(forecast: DiskForecast) -> date | None:
    return None if forecast.full_at is None else dt_util.as_local(forecast.full_at).date()


def _forecast_attributes(data: StorjData) -> dict[str, Any]:
    forecast = data.forecast
    return {
        "basis": forecast.basis.value if forecast and forecast.basis else None,
        "sample_count": forecast.sample_count if forecast else 0,
    }


def _projection_attributes(data: StorjData) -> dict[str, Any]:
    earnings = data.earnings
    if earnings is None:
        return {}
    return {
        "node_expectation": dollars(earnings.node_expectation),
        "difference_percent": earnings.projection_difference_percent,
        "explanation": earnings.projection_note,
    }


def _last_month_attributes(data: StorjData) -> dict[str, Any]:
    earnings = data.earnings
    if earnings is None:
        return {}
    return {
        "period": earnings.last_month_period,
        "earned": dollars(earnings.last_month_earned),
        "estimate": dollars(earnings.last_month_estimate),
        "estimate_error_percent": earnings.last_month_estimate_error_percent,
    }


def _score(key: str, value_fn: Callable[[StorjData], SensorValue]) -> StorjSensorDescription:
    """A reputation score in percent."""
    return StorjSensorDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=value_fn,
    )


def _timestamp(
    key: str,
    value_fn: Callable[[StorjData], SensorValue],
    *,
    category: EntityCategory | None = None,
    enabled: bool = True,
) -> StorjSensorDescription:
    """A point in time."""
    return StorjSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=category,
        entity_registry_enabled_default=enabled,
        value_fn=value_fn,
    )


TB = UnitOfInformation.TERABYTES

NODE_SENSORS: tuple[StorjSensorDescription, ...] = (
    _bytes("disk_used", lambda d: d.snapshot.dashboard.disk.used_total, unit=TB),
    # Long-term statistics (a row per sensor every 5 minutes, kept for good as hourly rows)
    # only where a chart over months says something the others don't: free space, the
    # allocation, percentages and forecasts follow from other sensors (README: Fleet scale).
    _bytes("disk_free", lambda d: d.snapshot.dashboard.disk.free, unit=TB, state_class=None),
    _bytes(
        "disk_allocated",
        lambda d: d.snapshot.dashboard.disk.allocated_total,
        unit=TB,
        state_class=None,
    ),
    _bytes("disk_trash", lambda d: d.snapshot.dashboard.disk.trash),
    # Dead bytes awaiting compaction: only v1.143+ nodes send `reclaimable`
    # (storagenode/console/diskspace.go:13 @ 5dbec64f5a); none on older ones.
    _bytes(
        "disk_reclaimable",
        lambda d: d.snapshot.dashboard.disk.reclaimable,
        state_class=None,
        exists_fn=lambda d: d.snapshot.dashboard.disk.reclaimable is not None,
    ),
    _bytes(
        "disk_overused",
        lambda d: d.snapshot.dashboard.disk.overused,
        state_class=None,
        enabled=False,
    ),
    StorjSensorDescription(
        key="disk_used_percent",
        translation_key="disk_used_percent",
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=1,
        value_fn=lambda d: one_decimal(d.snapshot.dashboard.disk.used_percent),
    ),
    _bytes(
        "bandwidth_month",
        lambda d: d.snapshot.dashboard.bandwidth_used,
        state_class=None,  # egress + ingress, which have statistics
    ),
    _bytes(
        "egress_month",
        lambda d: d.snapshot.summary.egress_summary,
        state_class=SensorStateClass.TOTAL_INCREASING,
    ),
    _bytes(
        "ingress_month",
        lambda d: d.snapshot.summary.ingress_summary,
        state_class=SensorStateClass.TOTAL_INCREASING,
    ),
    # The imported daily `stored` statistic holds this history exactly (docs/statistics.md).
    _bytes(
        "average_stored_month",
        lambda d: d.snapshot.summary.average_usage_bytes,
        unit=TB,
        state_class=None,
    ),
    _money("earnings_month", lambda d: d.snapshot.payout.current_month.gross),
    # Forecasts and last month's figure: values, not running totals (no long-term sums).
    _money(
        "payout_month_expected",
        lambda d: d.snapshot.payout.current_month_expectations,
        monthly=False,
        state_class=None,
    ),
    _money(
        "held_month",
        lambda d: d.snapshot.payout.current_month.held,
        monthly=False,
        state_class=None,
    ),
    _money(
        "earnings_previous_month",
        lambda d: d.snapshot.payout.previous_month.gross,
        monthly=False,
        state_class=None,
    ),
    _money("held_total", total_held, monthly=False),
    _money(
        "payout_month_projected",
        lambda d: earnings_value(d, lambda e: e.projected_payout),
        monthly=False,
        state_class=None,
        attributes_fn=_projection_attributes,
    ),
    _money(
        "payout_last_month",
        lambda d: earnings_value(d, lambda e: e.last_month_paid),
        monthly=False,
        state_class=None,
        attributes_fn=_last_month_attributes,
    ),
    _money(
        "earnings_lifetime",
        lambda d: earnings_value(d, lambda e: e.lifetime_earned),
        monthly=False,
    ),
    _money(
        "payout_lifetime", lambda d: earnings_value(d, lambda e: e.lifetime_paid), monthly=False
    ),
    StorjSensorDescription(
        key="earnings_per_tb_month",
        translation_key="earnings_per_tb_month",
        native_unit_of_measurement="USD/TB",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda d: earnings_value(d, lambda e: e.earnings_per_tb_month),
    ),
    StorjSensorDescription(
        key="estimate_accuracy_last_month",
        translation_key="estimate_accuracy_last_month",
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda d: earnings_value(d, lambda e: e.last_month_estimate_accuracy_percent),
    ),
    StorjSensorDescription(
        key="disk_growth_per_day",
        translation_key="disk_growth_per_day",
        native_unit_of_measurement="GB/d",
        suggested_display_precision=2,
        value_fn=lambda d: forecast_value(d, _growth_gb_per_day),
        attributes_fn=_forecast_attributes,
    ),
    StorjSensorDescription(
        key="days_until_full",
        translation_key="days_until_full",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.DAYS,
        suggested_display_precision=0,
        value_fn=lambda d: forecast_value(d, _whole_days_until_full),
    ),
    StorjSensorDescription(
        key="disk_full_date",
        translation_key="disk_full_date",
        device_class=SensorDeviceClass.DATE,
        value_fn=lambda d: forecast_value(d, _full_date),
    ),
    _timestamp("started_at", lambda d: d.snapshot.dashboard.started_at),
    _timestamp("last_pinged", lambda d: d.snapshot.dashboard.last_pinged),
    _timestamp(
        "last_quic_pinged",
        lambda d: d.snapshot.dashboard.last_quic_pinged_at,
        category=EntityCategory.DIAGNOSTIC,
        enabled=False,
    ),
    StorjSensorDescription(
        key="quic_status",
        translation_key="quic_status",
        device_class=SensorDeviceClass.ENUM,
        options=[status.value for status in QuicStatus],
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda d: d.snapshot.dashboard.quic_status,
    ),
    StorjSensorDescription(
        key="version",
        translation_key="version",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda d: d.snapshot.dashboard.version,
    ),
    StorjSensorDescription(
        key="allowed_version",
        translation_key="allowed_version",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda d: d.snapshot.dashboard.allowed_version,
    ),
    _score("worst_audit_score", lambda d: worst(d, lambda s: s.audit_score)),
    _score("worst_suspension_score", lambda d: worst(d, lambda s: s.suspension_score)),
    _score("worst_online_score", lambda d: worst(d, lambda s: s.online_score)),
)


def _satellite_score(
    key: str, value_fn: Callable[[SatelliteDetails], float]
) -> StorjSatelliteSensorDescription:
    return StorjSatelliteSensorDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda sat: percent(value_fn(sat)),
    )


def _satellite_bytes(
    key: str,
    value_fn: Callable[[SatelliteDetails], int | float | None],
    *,
    state_class: SensorStateClass,
    unit: str = UnitOfInformation.GIGABYTES,
) -> StorjSatelliteSensorDescription:
    # Off by default: the node's totals and the imported daily statistics carry the
    # traffic; per satellite it is detail that would change a state every poll.
    return StorjSatelliteBytesSensorDescription(
        key=key,
        translation_key=key,
        suggested_unit_of_measurement=unit,
        state_class=state_class,
        entity_registry_enabled_default=False,
        value_fn=lambda sat: significant_bytes(value_fn(sat)),
    )


SATELLITE_SENSORS: tuple[StorjSatelliteSensorDescription, ...] = (
    _satellite_score("audit_score", lambda sat: sat.audit_score),
    _satellite_score("suspension_score", lambda sat: sat.suspension_score),
    _satellite_score("online_score", lambda sat: sat.online_score),
    _satellite_bytes(
        "egress_month",
        lambda sat: sat.egress_summary,
        state_class=SensorStateClass.TOTAL_INCREASING,
    ),
    _satellite_bytes(
        "ingress_month",
        lambda sat: sat.ingress_summary,
        state_class=SensorStateClass.TOTAL_INCREASING,
    ),
    _satellite_bytes(
        "average_stored_month",
        lambda sat: sat.average_usage_bytes,
        state_class=SensorStateClass.MEASUREMENT,
        unit=TB,
    ),
    StorjSatelliteSensorDescription(
        key="joined_at",
        translation_key="joined_at",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda sat: sat.joined_at,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: StorjConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the node's sensors, and each satellite's as satellites appear."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        StorjNodeSensor(coordinator, desc)
        for desc in NODE_SENSORS
        if desc.exists_fn(coordinator.data)
    )

    async_add_entities([StorjUnreadNotificationsSensor(coordinator, UNREAD_NOTIFICATIONS)])
    async_follow_satellites(
        entry,
        coordinator,
        lambda sat_id: (StorjSatelliteSensor(coordinator, d, sat_id) for d in SATELLITE_SENSORS),
        async_add_entities,
    )
    if (logs := entry.runtime_data.logs) is not None:
        _add_log_sensors(entry, logs, async_add_entities)
    async_add_reputation_sensors(entry, async_add_entities)
    if (anomalies := entry.runtime_data.anomalies) is not None:
        async_add_entities([StorjInsightsSensor(coordinator, anomalies)])
    async_offer_fleet_sensors(hass, entry, async_add_entities)
    await async_add_profit_sensors(entry, async_add_entities)


def _add_log_sensors(
    entry: StorjConfigEntry,
    logs: LogCoordinator,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The log pipeline's sensors, and each satellite's filewalker sensor."""
    async_add_entities(StorjLogSensor(logs, desc) for desc in LOG_SENSORS)
    async_follow_satellites(
        entry,
        entry.runtime_data.coordinator,
        lambda sat_id: [StorjFilewalkerSensor(logs, FILEWALKER, sat_id)],
        async_add_entities,
    )


class StorjNodeSensor(StorjNodeEntity[StorjCoordinator], SensorEntity):
    """A sensor of the node device."""

    entity_description: StorjSensorDescription
    # A constant: no need to keep it in every recorded state.
    _unrecorded_attributes = frozenset({SUMMARY_KEY})

    @property
    def native_value(self) -> SensorValue:
        """The value read from the latest poll."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Details, e.g. why the month-end projection differs from the node's."""
        description = self.entity_description
        attributes = (
            {}
            if description.attributes_fn is None
            else description.attributes_fn(self.coordinator.data)
        )
        if description.key in SUMMARY_SENSORS:
            attributes[SUMMARY_KEY] = description.key
        return attributes or None

    @property
    def last_reset(self) -> datetime | None:
        """Start of the node's current month for monthly totals."""
        if not self.entity_description.monthly:
            return None
        return month_start(self.coordinator.data.fetched_at)


class StorjSatelliteSensor(StorjApiSatelliteEntity, SensorEntity):
    """A sensor of one satellite's device."""

    entity_description: StorjSatelliteSensorDescription

    @property
    def native_value(self) -> SensorValue:
        """The value read from this satellite's latest details."""
        if (satellite := self.satellite) is None:
            return None
        return self.entity_description.value_fn(satellite)
