"""Reputation forecast sensors: how far each satellite is from disqualification or suspension.

The math is in `reputation_forecast` (the satellite's own model); here it becomes one sensor
per satellite, the worst of them on the node, and, with the log, the time left at the
current rate of critical audit failures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.const import PERCENTAGE, UnitOfTime
from homeassistant.core import callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .alert_rules import thresholds
from .api import SatelliteDetails
from .const import CONF_ONLINE_WARNING
from .coordinator import StorjCoordinator, StorjData
from .critical_audit_rate import CriticalFailureRate, days_until
from .data import StorjConfigEntry
from .entity import StorjApiSatelliteEntity, StorjNodeEntity, async_follow_satellites
from .log_coordinator import LogCoordinator
from .reputation_forecast import (
    audit_failures_until_disqualification,
    downtime,
    online_recovery_date,
    online_score_if_offline,
    unknown_failures_until_suspension,
)

type ReputationValue = StateType | datetime


@dataclass(frozen=True, slots=True)
class Moment:
    """What the time-dependent forecasts need besides the satellite: now and the threshold."""

    now: datetime
    online_warning: float
    """The user's online-score warning threshold, 0..1."""


@dataclass(frozen=True, kw_only=True)
class ReputationSensorDescription(SensorEntityDescription):
    """A satellite's forecast, and how the node's sensor picks the worst satellite."""

    value_fn: Callable[[SatelliteDetails, Moment], ReputationValue]
    node_key: str
    worst: Callable[[Iterable[tuple[Any, str]]], tuple[Any, str]] = min
    """`min` or `max` over (value, satellite name) pairs."""


# What-if figures that move as the satellites' windows age: rounded to what they can tell
# (0.1 %, 0.1 h), so the recorder writes a state when the figure changes, not every poll.
# No long-term statistics: they follow from the scores, which have them.
def offline_24h_percent(sat: SatelliteDetails, moment: Moment) -> float:
    return round(online_score_if_offline(sat.audit_history_windows, moment.now) * 100, 1)


def downtime_hours(sat: SatelliteDetails, moment: Moment) -> float:
    return round(downtime(sat.audit_history_windows, moment.now).total_seconds() / 3600, 1)


def _failures(
    key: str, node_key: str, count: Callable[[float], int], score: str
) -> ReputationSensorDescription:
    return ReputationSensorDescription(
        key=key,
        translation_key=key,
        value_fn=lambda sat, _: count(getattr(sat, score)),
        node_key=node_key,
    )


REPUTATION_SENSORS: tuple[ReputationSensorDescription, ...] = (
    _failures(
        "audit_failures_until_disqualification",
        "worst_audit_failures_until_disqualification",
        audit_failures_until_disqualification,
        "audit_score",
    ),
    _failures(
        "unknown_failures_until_suspension",
        "worst_unknown_failures_until_suspension",
        unknown_failures_until_suspension,
        "suspension_score",
    ),
    ReputationSensorDescription(
        key="online_score_if_offline_24h",
        translation_key="online_score_if_offline_24h",
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=1,
        value_fn=offline_24h_percent,
        node_key="worst_online_score_if_offline_24h",
    ),
    ReputationSensorDescription(
        key="online_score_recovery",
        translation_key="online_score_recovery",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda sat, moment: online_recovery_date(
            sat.audit_history_windows, moment.now, moment.online_warning
        ),
        node_key="latest_online_score_recovery",
        worst=max,
    ),
    ReputationSensorDescription(
        key="downtime_30_days",
        translation_key="downtime_30_days",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.HOURS,
        suggested_display_precision=1,
        value_fn=downtime_hours,
        node_key="max_downtime_30_days",
        worst=max,
    ),
)

TIME_UNTIL_DISQUALIFICATION = SensorEntityDescription(
    key="time_until_disqualification",
    translation_key="time_until_disqualification",
    device_class=SensorDeviceClass.DURATION,
    native_unit_of_measurement=UnitOfTime.DAYS,
    suggested_display_precision=1,
)


def moment_of(coordinator: StorjCoordinator) -> Moment:
    """The latest poll's time and the configured online warning threshold."""
    limits = thresholds(coordinator.config_entry.options)
    return Moment(coordinator.data.fetched_at, limits[CONF_ONLINE_WARNING] / 100)


def node_description(description: ReputationSensorDescription) -> SensorEntityDescription:
    """The node's worst-of sensor of a satellite forecast: same unit, own key."""
    return SensorEntityDescription(
        key=description.node_key,
        translation_key=description.node_key,
        device_class=description.device_class,
        native_unit_of_measurement=description.native_unit_of_measurement,
        state_class=description.state_class,
        suggested_display_precision=description.suggested_display_precision,
    )


def worst_satellite(
    data: StorjData, description: ReputationSensorDescription, moment: Moment
) -> tuple[ReputationValue, str] | None:
    """(value, satellite name) of the worst satellite the value is known for.

    Satellites that disqualified the node are left out: their numbers no longer matter.
    """
    gone = {sat.id for sat in data.snapshot.dashboard.satellites if sat.is_disqualified}
    values = [
        (value, sat.name)
        for sat_id, sat in data.snapshot.satellites.items()
        if sat_id not in gone and (value := description.value_fn(sat, moment)) is not None
    ]
    return description.worst(values) if values else None


@callback
def async_add_reputation_sensors(
    entry: StorjConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """The node's worst-of sensors, each satellite's forecasts and, with a log, the time left."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(StorjWorstReputationSensor(coordinator, d) for d in REPUTATION_SENSORS)
    async_follow_satellites(
        entry,
        coordinator,
        lambda sat_id: (StorjReputationSensor(coordinator, d, sat_id) for d in REPUTATION_SENSORS),
        async_add_entities,
    )
    if (logs := entry.runtime_data.logs) is not None:
        async_add_entities(
            [
                StorjTimeUntilDisqualificationSensor(
                    logs, coordinator, entry.runtime_data.alerts.critical_failures
                )
            ]
        )


class StorjReputationSensor(StorjApiSatelliteEntity, SensorEntity):
    """One forecast of one satellite."""

    entity_description: ReputationSensorDescription

    @property
    def native_value(self) -> ReputationValue:
        """The forecast from this satellite's latest scores and audit history."""
        if (satellite := self.satellite) is None:
            return None
        return self.entity_description.value_fn(satellite, moment_of(self.coordinator))


class StorjWorstReputationSensor(StorjNodeEntity[StorjCoordinator], SensorEntity):
    """The worst satellite's forecast, on the node."""

    def __init__(
        self, coordinator: StorjCoordinator, description: ReputationSensorDescription
    ) -> None:
        """The node sensor of one satellite forecast."""
        super().__init__(coordinator, node_description(description))
        self.forecast = description

    def _worst(self) -> tuple[ReputationValue, str] | None:
        return worst_satellite(self.coordinator.data, self.forecast, moment_of(self.coordinator))

    @property
    def native_value(self) -> ReputationValue:
        """The worst value across the node's satellites."""
        worst = self._worst()
        return None if worst is None else worst[0]

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Which satellite it is."""
        worst = self._worst()
        return {"satellite": None if worst is None else worst[1]}


class StorjTimeUntilDisqualificationSensor(StorjNodeEntity[LogCoordinator], SensorEntity):
    """Days until disqualification if critical audit failures go on at the recent rate."""

    def __init__(
        self, logs: LogCoordinator, api: StorjCoordinator, failures: CriticalFailureRate
    ) -> None:
        """Updated on each log tick; the remaining failures come from the latest poll."""
        super().__init__(logs, TIME_UNTIL_DISQUALIFICATION)
        self.api = api
        self.failures = failures

    def _per_satellite(self) -> dict[str, float]:
        now = dt_util.utcnow()
        result: dict[str, float] = {}
        satellites = self.api.data.snapshot.satellites
        for satellite_id in self.failures.satellites():
            rate = self.failures.per_day(satellite_id, now)
            if rate is None or (sat := satellites.get(satellite_id)) is None:
                continue
            remaining = audit_failures_until_disqualification(sat.audit_score)
            result[sat.name] = round(days_until(remaining, rate), 2)
        return result

    @property
    def native_value(self) -> float | None:
        """The soonest satellite; unknown without recent critical failures."""
        return min(self._per_satellite().values(), default=None)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Days left per satellite with recent critical failures."""
        return {"satellites": self._per_satellite()}
