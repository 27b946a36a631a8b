"""One node's figures for the fleet export, as its sensors show them."""

from __future__ import annotations

from .data import StorjConfigEntry
from .fleet import is_online
from .logs.records import GET, GET_AUDIT, PUT
from .reports.tables import FleetNode
from .sensor import percent, total_held
from .statistics import TB


def fleet_node(entry: StorjConfigEntry) -> FleetNode:
    """The node's row: disk, earnings, $/TB, worst scores and, with a log, success rates.

    Success rates are those of the node's `success_rate_*` sensors (the recent window).
    """
    data = entry.runtime_data.coordinator.data
    logs = entry.runtime_data.logs
    snapshot = logs.data if logs is not None else None

    def success(action: str) -> float | None:
        if snapshot is None:
            return None
        counts = snapshot.recent_transfers.get(action)
        return counts.success_rate if counts else None

    disk = data.snapshot.dashboard.disk
    satellites = data.snapshot.satellites.values()
    average = data.snapshot.summary.average_usage_bytes
    return FleetNode(
        node=entry.title,
        node_id=entry.runtime_data.coordinator.node_id,
        online=is_online(entry),
        disk_used_tb=disk.used_total / TB,
        disk_free_tb=disk.free / TB,
        stored_average_tb=None if average is None else average / TB,
        earnings_month=data.snapshot.payout.current_month.gross,
        earnings_per_tb_month=data.earnings.earnings_per_tb_month if data.earnings else None,
        held_total=total_held(data),
        worst_audit=percent(min((s.audit_score for s in satellites), default=None)),
        worst_suspension=percent(min((s.suspension_score for s in satellites), default=None)),
        worst_online=percent(min((s.online_score for s in satellites), default=None)),
        download_success=success(GET),
        upload_success=success(PUT),
        audit_success=success(GET_AUDIT),
    )
