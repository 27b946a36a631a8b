"""Entities fed by the node's log: success rates, transfer counters, latency, traffic, jobs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfDataRate,
    UnitOfTime,
)
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .entity import StorjNodeEntity, StorjSatelliteEntity
from .log_coordinator import LogCoordinator
from .logs.records import GET, GET_AUDIT, GET_REPAIR, PUT, PUT_REPAIR, Walker
from .logs.stats import JobState, LatencySummary, LogSnapshot

# Log action -> entity key part.
ACTION_KEYS: Mapping[str, str] = {
    GET: "download",
    PUT: "upload",
    GET_AUDIT: "audit",
    GET_REPAIR: "repair_download",
    PUT_REPAIR: "repair_upload",
}
OUTCOMES = ("success", "failed", "canceled")
# Counters worth long-term statistics by default; the other nine are one click away.
ENABLED_COUNTERS = {
    ("download", "success"),
    ("download", "failed"),
    ("upload", "success"),
    ("upload", "failed"),
    ("audit", "success"),
    ("audit", "failed"),
}


def timestamp(value: float | None) -> datetime | None:
    """A log time (POSIX seconds) as an aware datetime."""
    return None if value is None else dt_util.utc_from_timestamp(value)


@dataclass(frozen=True, kw_only=True)
class LogSensorDescription(SensorEntityDescription):
    """A node sensor read from the log snapshot (and the coordinator, for monkit timings)."""

    value_fn: Callable[[LogSnapshot, LogCoordinator], StateType | datetime]
    attributes_fn: Callable[[LogSnapshot, LogCoordinator], dict[str, Any]] | None = None


def _success_rate(action: str) -> LogSensorDescription:
    key = f"success_rate_{ACTION_KEYS[action]}"
    return LogSensorDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda snap, _: (
            counts.success_rate if (counts := snap.recent_transfers.get(action)) else None
        ),
    )


def _counter(action: str, outcome: str) -> LogSensorDescription:
    key = f"{ACTION_KEYS[action]}_{outcome}"
    return LogSensorDescription(
        key=key,
        translation_key=key,
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_registry_enabled_default=(ACTION_KEYS[action], outcome) in ENABLED_COUNTERS,
        value_fn=lambda snap, _: (
            getattr(counts, outcome) if (counts := snap.transfers.get(action)) else 0
        ),
    )


def latency(snap: LogSnapshot, coordinator: LogCoordinator, action: str) -> LatencySummary | None:
    """Durations paired from DEBUG lines, else the node's own (monkit) timings."""
    if (paired := snap.latency.get(action)) is not None and paired.count:
        return paired
    if coordinator.monkit is None:
        return None
    direction = "upload" if action == PUT else "download"
    # Nodes tag downloads with their action; older ones tag nothing.
    timing = coordinator.monkit.get(direction, "success", action) or coordinator.monkit.get(
        direction, "success"
    )
    if timing is None or not timing.count:
        return None
    # monkit keeps p90 and p99 only: interpolate p95 on the log scale between them.
    p95 = (timing.p90 * timing.p99) ** 0.5 if timing.p90 and timing.p99 else None
    return LatencySummary(timing.count, timing.average, timing.p50, timing.p90, p95, timing.p99)


def latency_origin(
    snap: LogSnapshot, action: str, summary: LatencySummary | None
) -> dict[str, Any]:
    """Where a latency figure (`latency`'s summary) comes from and how many samples it has."""
    paired = snap.latency.get(action)
    return {
        "source": "log" if paired is not None and paired.count else "debug_metrics",
        "samples": summary.count if summary else 0,
    }


def _latency(action: str, percentile: str) -> LogSensorDescription:
    key = f"{ACTION_KEYS[action]}_latency_{percentile}"

    def attributes(snap: LogSnapshot, coordinator: LogCoordinator) -> dict[str, Any]:
        # The histogram goes to the cards over the websocket (live_data.py), not in here.
        return latency_origin(snap, action, latency(snap, coordinator, action))

    return LogSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda snap, coordinator: (
            getattr(summary, percentile)
            if (summary := latency(snap, coordinator, action))
            else None
        ),
        attributes_fn=attributes if percentile == "p50" else None,
    )


def _rate(key: str, value_fn: Callable[[LogSnapshot], float]) -> LogSensorDescription:
    return LogSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.BYTES_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.KILOBYTES_PER_SECOND,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda snap, _: value_fn(snap),
    )


def _last_gc(snap: LogSnapshot, _: LogCoordinator) -> datetime | None:
    finished = [s.last_completed for s in snap.retain.values() if s.last_completed]
    return timestamp(max(finished)) if finished else None


def _gc_attributes(snap: LogSnapshot, _: LogCoordinator) -> dict[str, Any]:
    return {
        "pieces_trashed": sum(s.last_deleted_pieces for s in snap.retain.values()),
        "per_satellite": {
            sat: {"pieces_trashed": s.last_deleted_pieces, "duration": s.last_duration}
            for sat, s in snap.retain.items()
        },
    }


def _last_compaction(snap: LogSnapshot, _: LogCoordinator) -> datetime | None:
    finished = [s.last_finished for s in snap.compaction.values() if s.last_finished]
    return timestamp(max(finished)) if finished else None


def _compaction_attributes(snap: LogSnapshot, _: LogCoordinator) -> dict[str, Any]:
    latest = max(
        (s for s in snap.compaction.values() if s.last_finished),
        key=lambda s: s.last_finished or 0.0,
        default=None,
    )
    return {
        "reclaimed_bytes": latest.last_reclaimed_bytes if latest else 0,
        "rewritten_bytes": latest.last_rewritten_bytes if latest else 0,
        "duration": latest.last_duration if latest else None,
        "total_reclaimed_bytes": sum(s.total_reclaimed_bytes for s in snap.compaction.values()),
    }


def map_attributes(snap: LogSnapshot, coordinator: LogCoordinator) -> dict[str, Any]:
    """Where the map's figures come from (the sensor's attributes; the websocket adds the
    countries and points, live_data.py)."""
    traffic = snap.traffic_map
    return {
        "geoip": coordinator.geoip is not None,
        "geoip_error": coordinator.geoip_error,
        "unknown": traffic.unknown if traffic else 0,
    }


LOG_SENSORS: tuple[LogSensorDescription, ...] = (
    *(_success_rate(action) for action in ACTION_KEYS),
    *(_counter(action, outcome) for action in ACTION_KEYS for outcome in OUTCOMES),
    LogSensorDescription(
        key="critical_audit_failures",
        translation_key="critical_audit_failures",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda snap, _: sum(a.critical_failed for a in snap.audits.values()),
    ),
    *(_latency(action, p) for action in (GET, PUT) for p in ("p50", "p95", "p99")),
    _rate("egress_rate", lambda snap: snap.egress_bytes_per_second),
    _rate("ingress_rate", lambda snap: snap.ingress_bytes_per_second),
    LogSensorDescription(
        key="active_transfers",
        translation_key="active_transfers",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda snap, _: snap.active_transfers,
    ),
    LogSensorDescription(
        key="last_gc",
        translation_key="last_gc",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_last_gc,
        attributes_fn=_gc_attributes,
    ),
    LogSensorDescription(
        key="last_compaction",
        translation_key="last_compaction",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_last_compaction,
        attributes_fn=_compaction_attributes,
    ),
    LogSensorDescription(
        key="traffic_map",
        translation_key="traffic_map",  # unit "countries" comes from the translation
        value_fn=lambda snap, _: len(snap.traffic_map.countries) if snap.traffic_map else 0,
        attributes_fn=map_attributes,
    ),
    LogSensorDescription(
        key="most_common_error",
        translation_key="most_common_error",
        value_fn=lambda snap, _: snap.errors.top[0].text[:255] if snap.errors.top else None,
    ),
    LogSensorDescription(
        key="distinct_errors_last_hour",
        translation_key="distinct_errors_last_hour",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda snap, _: snap.errors.distinct_last_hour,
    ),
    LogSensorDescription(
        key="log_lines",
        translation_key="log_lines",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda snap, _: snap.lines,
    ),
    LogSensorDescription(
        key="log_lines_unparsable",
        translation_key="log_lines_unparsable",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda snap, _: snap.unparsable,
    ),
)

FILEWALKER = SensorEntityDescription(
    key="used_space_filewalker",
    translation_key="used_space_filewalker",
    device_class=SensorDeviceClass.TIMESTAMP,
    entity_category=EntityCategory.DIAGNOSTIC,
)
LOG_CONNECTED = BinarySensorEntityDescription(
    key="log_source_connected",
    translation_key="log_source_connected",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    entity_category=EntityCategory.DIAGNOSTIC,
)


class StorjLogSensor(StorjNodeEntity[LogCoordinator], SensorEntity):
    """A node sensor computed from the log."""

    entity_description: LogSensorDescription

    @property
    def native_value(self) -> StateType | datetime:
        """The value in the latest snapshot."""
        return self.entity_description.value_fn(self.coordinator.data, self.coordinator)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Small details (the bulky figures go to the cards over the websocket)."""
        if self.entity_description.attributes_fn is None:
            return None
        return self.entity_description.attributes_fn(self.coordinator.data, self.coordinator)


class StorjFilewalkerSensor(StorjSatelliteEntity[LogCoordinator], SensorEntity):
    """When the used-space filewalker last finished on one satellite."""

    @property
    def _state(self) -> JobState | None:
        return self.coordinator.data.filewalkers.get(Walker.USED_SPACE, {}).get(self.satellite_id)

    @property
    def native_value(self) -> datetime | None:
        """Completion time of the last run."""
        return timestamp(state.last_completed) if (state := self._state) else None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Duration, failures and whether a run is going on now."""
        state = self._state
        return {
            "duration": state.last_duration if state else None,
            "running": state.running_since is not None if state else False,
            "failures": state.failures if state else 0,
            "last_error": state.last_error if state else "",
        }


class StorjLogConnectedSensor(StorjNodeEntity[LogCoordinator], BinarySensorEntity):
    """The log source delivers (file open, or forwarder link up)."""

    @property
    def is_on(self) -> bool:
        """Connected now."""
        return self.coordinator.connected

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Source kind, last error, what the forwarder had to drop, what its peer got wrong."""
        forwarder = self.coordinator.forwarder
        return {
            "source": self.coordinator.source,
            "last_error": self.coordinator.last_error,
            "dropped_lines": forwarder.dropped_lines if forwarder else 0,
            "reconnects": forwarder.reconnects if forwarder else 0,
            "protocol_errors": self.coordinator.protocol_errors,
        }
