"""What the cards read over the websocket: one node's compact, bounded snapshot.

The bulky figures (map points, histograms, error and piece tables) travel here instead of in
state attributes, which Home Assistant would send to every browser and write to its database
on each change. Every list is capped, so a payload stays a few kilobytes whatever the node.
"""

from __future__ import annotations

from typing import Any, Final

from .anomaly_monitor import AnomalyMonitor
from .data import StorjConfigEntry
from .log_coordinator import LogCoordinator
from .log_entities import latency, latency_origin, map_attributes
from .logs.records import GET, PUT
from .logs.stats import SIZE_BOUNDS, LogSnapshot

MAX_POINTS: Final = 300
MAX_COUNTRIES: Final = 250
MAX_SATELLITES: Final = 32
MAX_ERRORS: Final = 10
MAX_HOT_PIECES: Final = 10
DIRECTIONS: Final = {"download": GET, "upload": PUT}


def node_payload(entry: StorjConfigEntry) -> dict[str, Any]:
    """The node's live data: ``log`` is None without a log source, ``insights`` when off."""
    runtime = entry.runtime_data
    logs = runtime.logs
    return {
        "entry_id": entry.entry_id,
        "node": entry.title,
        "loaded": True,
        "log": None if logs is None or logs.data is None else _log(logs, logs.data, entry),
        "insights": None if runtime.anomalies is None else _insights(runtime.anomalies),
    }


def unloaded_payload(entry: StorjConfigEntry) -> dict[str, Any]:
    """What a subscriber gets while its node is unloaded (e.g. reloading after an option)."""
    return {
        "entry_id": entry.entry_id,
        "node": entry.title,
        "loaded": False,
        "log": None,
        "insights": None,
    }


def _log(logs: LogCoordinator, snap: LogSnapshot, entry: StorjConfigEntry) -> dict[str, Any]:
    return {
        "lines": snap.lines,
        "connected": logs.connected,
        "traffic": _traffic(logs, snap),
        "latency": {
            direction: _latency(logs, snap, action) for direction, action in DIRECTIONS.items()
        },
        "errors": {
            "top": [
                {"text": error.text[:255], "total": error.total, "last_hour": error.last_hour}
                for error in snap.errors.top[:MAX_ERRORS]
            ],
            "distinct_last_hour": snap.errors.distinct_last_hour,
        },
        "piece_sizes": {
            "bounds": list(SIZE_BOUNDS),
            "upload": list(snap.piece_sizes.get("upload", ())),
            "download": list(snap.piece_sizes.get("download", ())),
        },
        "hot_pieces": {
            "pieces": [
                {"piece": hot.piece, "downloads": hot.downloads, "at_least": hot.at_least}
                for hot in snap.hot_pieces.pieces[:MAX_HOT_PIECES]
            ],
            "exact": snap.hot_pieces.exact,
        },
        "satellites": _satellites(snap, entry),
    }


def _traffic(logs: LogCoordinator, snap: LogSnapshot) -> dict[str, Any]:
    traffic = snap.traffic_map
    countries = sorted(
        (traffic.countries if traffic else {}).items(), key=lambda item: (-item[1], item[0])
    )
    return {
        **map_attributes(snap, logs),
        "countries": dict(countries[:MAX_COUNTRIES]),
        "points": [
            [point.latitude, point.longitude, point.weight]
            for point in (traffic.points if traffic else ())[:MAX_POINTS]
        ],
    }


def _latency(logs: LogCoordinator, snap: LogSnapshot, action: str) -> dict[str, Any]:
    summary = latency(snap, logs, action)
    return {
        **latency_origin(snap, action, summary),
        "histogram": [
            {"le": round(bound, 4), "count": count}
            for bound, count in (summary.histogram if summary else ())
        ],
    }


def _satellites(snap: LogSnapshot, entry: StorjConfigEntry) -> list[dict[str, Any]]:
    coordinator = entry.runtime_data.coordinator
    names: dict[str, str] = {}
    if coordinator.data is not None:
        names = {sat.id: sat.name for sat in coordinator.data.snapshot.dashboard.satellites}
    busiest = sorted(
        snap.transfers_by_satellite.items(),
        key=lambda item: (-sum(counts.success for counts in item[1].values()), item[0]),
    )
    rows: list[dict[str, Any]] = []
    for satellite, actions in busiest:
        throughput = snap.satellite_throughput.get(satellite)
        rows.append(
            {
                "id": satellite,
                "name": names.get(satellite, satellite),
                "actions": {
                    action: {
                        "success": counts.success,
                        "canceled": counts.canceled,
                        "failed": counts.failed,
                        "bytes": counts.bytes,
                        "success_rate": counts.success_rate,
                    }
                    for action, counts in sorted(actions.items())
                },
                "ingress_bps": throughput.ingress if throughput else None,
                "egress_bps": throughput.egress if throughput else None,
            }
        )
    return rows[:MAX_SATELLITES]


def _insights(monitor: AnomalyMonitor) -> list[dict[str, Any]]:
    return [
        {
            "metric": anomaly.metric.value,
            "direction": anomaly.direction.value,
            "z": round(anomaly.z, 1),
            "value": round(anomaly.value, 4),
            "baseline": round(anomaly.baseline, 4),
            "since": anomaly.since.isoformat(),
        }
        for anomaly in monitor.active
    ]
