"""JSON bodies of the `/api/sno/...` endpoints, shaped per API version."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .calendar import DAY, day_start, days
from .earnings import ZERO, Estimate, MonthlyEstimate, PriceModel, estimate, prices_at
from .gojson import ZERO_TIME, GoValue, go_time
from .identity import unit
from .model import NodeSatellite
from .scenarios import Scenario
from .state import DailyBandwidth, NodeState
from .versions import ApiProfile

type Body = dict[str, GoValue]

ZERO_PRICES = PriceModel(egress=0, repair=0, audit=0, disk_space=0)


@dataclass(frozen=True, slots=True)
class StorageRow:
    """A `storageDaily` row as served (after v1.162 normalisation where it applies)."""

    day: datetime
    at_rest_total: float
    at_rest_bytes: float
    hours: int
    calculated: bool


def nano_time(state: NodeState, moment: datetime) -> str:
    """A process-clock timestamp with the nanosecond digits Go would print."""
    extra = int(1000 * unit(state.profile.seed, state.profile.index, moment))
    return go_time(moment, extra_nanos=extra)


def version_info(state: NodeState, api: ApiProfile) -> tuple[str, bool]:
    """The running version and whether the version server allows it."""
    change = state.current
    if change.scenario is Scenario.OLD_VERSION:
        return change.params["version"] or api.older_allowed_version, True
    if change.scenario is Scenario.OUTDATED:
        return change.params["version"] or api.outdated_version, False
    return api.version, True


def storage_rows(state: NodeState, api: ApiProfile, satellite: NodeSatellite) -> list[StorageRow]:
    """This month's storage tallies of one satellite."""
    today = day_start(state.now)
    if not api.normalized_storage_daily:
        return [
            StorageRow(s.day, s.at_rest_total, s.at_rest_bytes, s.hours, calculated=False)
            for s in state.stamps(satellite, state.month_start, today)
            if not s.tally_missing
        ]
    # v1.162: one row per day through today; gaps and today carry the last known rate.
    before = state.stamp(satellite, state.month_start - DAY)
    last_rate = before.at_rest_bytes if before else 0.0
    rows = []
    for day in days(state.month_start, state.now):
        stamp = state.stamp(satellite, day) if day < today else None
        if stamp is not None and not stamp.tally_missing:
            last_rate = stamp.at_rest_bytes
            rows.append(
                StorageRow(day, stamp.at_rest_total, stamp.at_rest_bytes, stamp.hours, False)
            )
        else:
            rows.append(StorageRow(day, 0.0, last_rate, 0, calculated=True))
    return rows


def _stamp_json(row: StorageRow, api: ApiProfile, *, group: bool) -> Body:
    body: Body = {"atRestTotal": row.at_rest_total, "atRestTotalBytes": row.at_rest_bytes}
    if not (group and api.stamp_groups):
        body["intervalInHours"] = row.hours
    body["intervalStart"] = row.day
    if api.normalized_storage_daily:
        body["calculated"] = row.calculated
    return body


def _rollup_json(row: DailyBandwidth) -> Body:
    return {
        "egress": {"repair": row.get_repair, "audit": row.get_audit, "usage": row.get},
        "ingress": {"repair": row.put_repair, "usage": row.put},
        "delete": 0,
        "intervalStart": row.day,
    }


def _or_null(items: list[Body]) -> list[Body] | None:
    # Go encodes an empty (nil) slice as null.
    return items or None


def _average(rows: list[StorageRow]) -> float:
    return sum(row.at_rest_bytes for row in rows) / len(rows) if rows else 0.0


def _summaries(rows: Iterable[DailyBandwidth]) -> Body:
    listed = list(rows)
    egress = sum(row.egress for row in listed)
    ingress = sum(row.ingress for row in listed)
    return {
        "bandwidthSummary": egress + ingress,
        "egressSummary": egress,
        "ingressSummary": ingress,
    }


def _audits(state: NodeState, satellite: NodeSatellite) -> Body:
    scores = state.scores(satellite)
    return {
        "auditScore": scores.audit,
        "suspensionScore": scores.suspension,
        "onlineScore": scores.online,
        "satelliteName": satellite.address,
    }


def _vetted_at(state: NodeState, satellite: NodeSatellite) -> datetime | None:
    return satellite.vetted_at if satellite.vetted_at <= state.now else None


def dashboard(state: NodeState, api: ApiProfile) -> Body:
    """`GET /api/sno/`."""
    satellites: list[Body] = []
    for satellite in state.satellites:
        scores = state.scores(satellite)
        entry: Body = {
            "id": satellite.satellite_id,
            "url": satellite.address,
            "disqualified": scores.disqualified_at,
            "suspended": scores.suspended_at,
        }
        if api.current_storage_used:
            entry["currentStorageUsed"] = state.stored_bytes(satellite)
        if api.vetted_at:
            entry["vettedAt"] = _vetted_at(state, satellite)
        satellites.append(entry)
    disk = state.disk
    if api.disk_space_v143:
        # Declaration order of DiskSpaceInfo (storagenode/console/diskspace.go:7 @ 5dbec64f5a).
        disk_space: Body = {
            "used": disk.used,
            "available": disk.free,
            "overused": max(0, disk.used - disk.allocated),
            "allocated": disk.allocated,
            "trash": disk.trash,
            "reclaimable": disk.reclaimable,
        }
    else:
        disk_space = {
            "used": disk.pieces,
            "available": disk.allocated,
            "trash": disk.trash,
            "overused": max(0, disk.pieces + disk.trash - disk.allocated),
        }
    month_traffic = [
        row
        for satellite in state.all_satellites
        for row in state.bandwidth_days(satellite, state.month_start, state.now)
    ]
    version, up_to_date = version_info(state, api)
    quic_check = state.last_quic_check
    if quic_check is None:
        quic_status = "Refreshing"
    elif state.current.scenario is Scenario.QUIC_MISCONFIGURED:
        quic_status = "Misconfigured"
    else:
        quic_status = "OK"
    profile = state.profile
    return {
        "nodeID": profile.node_id,
        "wallet": profile.wallet,
        "walletFeatures": list(profile.wallet_features) if profile.wallet_features else None,
        "satellites": _or_null(satellites),
        "diskSpace": disk_space,
        "bandwidth": {"used": sum(r.egress + r.ingress for r in month_traffic), "available": 0},
        "lastPinged": nano_time(state, state.last_pinged),
        "version": version,
        "allowedVersion": api.allowed_version,
        "upToDate": up_to_date,
        "startedAt": nano_time(state, state.started_at),
        "configuredPort": str(profile.configured_port),
        "quicStatus": quic_status,
        "lastQuicPingedAt": nano_time(state, quic_check) if quic_check else ZERO_TIME,
    }


def satellite_detail(state: NodeState, api: ApiProfile, satellite: NodeSatellite) -> Body:
    """`GET /api/sno/satellite/{id}`."""
    rows = storage_rows(state, api, satellite)
    traffic = state.bandwidth_days(satellite, state.month_start, state.now)
    scores = state.scores(satellite)
    prices = prices_at(state.now)
    body: Body = {
        "id": satellite.satellite_id,
        "storageDaily": _or_null([_stamp_json(row, api, group=False) for row in rows]),
        "bandwidthDaily": _or_null([_rollup_json(row) for row in traffic]),
        "storageSummary": sum(row.at_rest_total for row in rows),
        "averageUsageBytes": _average(rows),
        **_summaries(traffic),
    }
    if api.current_storage_used:
        body["currentStorageUsed"] = state.stored_bytes(satellite)
    body["audits"] = _audits(state, satellite)
    body["auditHistory"] = {
        "score": scores.online,
        "windows": _or_null(
            [
                {"windowStart": w.start, "totalCount": w.total, "onlineCount": w.online}
                for w in scores.windows
            ]
        ),
    }
    body["priceModel"] = {
        "EgressBandwidth": prices.egress,
        "RepairBandwidth": prices.repair,
        "AuditBandwidth": prices.audit,
        "DiskSpace": prices.disk_space,
    }
    body["nodeJoinedAt"] = nano_time(state, satellite.joined_at)
    if api.vetted_at:
        body["vettedAt"] = _vetted_at(state, satellite)
    return body


def satellites_summary(state: NodeState, api: ApiProfile) -> Body:
    """`GET /api/sno/satellites`: all trusted satellites summed per day."""
    storage: dict[datetime, StorageRow] = {}
    traffic: dict[datetime, DailyBandwidth] = {}
    for satellite in state.satellites:
        for row in storage_rows(state, api, satellite):
            known = storage.get(row.day)
            storage[row.day] = row if known is None else _add_rows(known, row)
        for rollup in state.bandwidth_days(satellite, state.month_start, state.now):
            seen = traffic.get(rollup.day)
            traffic[rollup.day] = rollup if seen is None else _add_rollups(seen, rollup)
    rows = [storage[day] for day in sorted(storage)]
    rollups = [traffic[day] for day in sorted(traffic)]
    joined = [satellite.joined_at for satellite in state.satellites]
    return {
        "storageDaily": _or_null([_stamp_json(row, api, group=True) for row in rows]),
        "bandwidthDaily": _or_null([_rollup_json(row) for row in rollups]),
        "storageSummary": sum(row.at_rest_total for row in rows),
        "averageUsageBytes": _average(rows),
        **_summaries(rollups),
        "earliestJoinedAt": nano_time(state, min(joined) if joined else state.now),
        "audits": _or_null([_audits(state, satellite) for satellite in state.satellites]),
    }


def _add_rows(first: StorageRow, second: StorageRow) -> StorageRow:
    return StorageRow(
        day=first.day,
        at_rest_total=first.at_rest_total + second.at_rest_total,
        at_rest_bytes=first.at_rest_bytes + second.at_rest_bytes,
        hours=max(first.hours, second.hours),
        calculated=first.calculated or second.calculated,
    )


def _add_rollups(first: DailyBandwidth, second: DailyBandwidth) -> DailyBandwidth:
    return DailyBandwidth(
        day=first.day,
        get=first.get + second.get,
        get_audit=first.get_audit + second.get_audit,
        get_repair=first.get_repair + second.get_repair,
        put=first.put + second.put,
        put_repair=first.put_repair + second.put_repair,
    )


def pricing(state: NodeState, satellite_id: str) -> Body:
    """`GET /api/sno/satellites/{id}/pricing` (camelCase, unlike `priceModel`).

    No trust check: a satellite without a pricing row reads as zeros
    (storagenode/storagenodedb/pricing.go:80 @ 5dbec64f5a).
    """
    known = any(sat.satellite_id == satellite_id for sat in state.all_satellites)
    prices = prices_at(state.now) if known else ZERO_PRICES
    return {
        "satelliteID": satellite_id,
        "egressBandwidth": prices.egress,
        "repairBandwidth": prices.repair,
        "auditBandwidth": prices.audit,
        "diskSpace": prices.disk_space,
    }


def is_disqualified(state: NodeState, satellite: NodeSatellite) -> bool:
    """Whether the satellite has disqualified the node."""
    return state.scores(satellite).disqualified_at is not None


def estimated_payout(
    state: NodeState, api: ApiProfile, satellite: NodeSatellite | None = None
) -> Body:
    """`GET /api/sno/estimated-payout[?id=]`; the caller rejects disqualified satellites."""
    if satellite is not None:
        return _estimate_json(_satellite_estimate(state, api, satellite))
    total = ZERO
    for item in state.satellites:
        if not is_disqualified(state, item):
            total = total + _satellite_estimate(state, api, item)
    return _estimate_json(total)


def _satellite_estimate(state: NodeState, api: ApiProfile, satellite: NodeSatellite) -> Estimate:
    month_byte_hours = sum(row.at_rest_total for row in storage_rows(state, api, satellite))
    return estimate(state, satellite, month_byte_hours)


def _estimate_json(total: Estimate) -> Body:
    return {
        "currentMonth": _monthly_json(total.current_month),
        "previousMonth": _monthly_json(total.previous_month),
        "currentMonthExpectations": total.current_month_expectations,
    }


def _monthly_json(month: MonthlyEstimate) -> Body:
    return {
        "egressBandwidth": month.egress_bandwidth,
        "egressBandwidthPayout": month.egress_bandwidth_payout,
        "egressRepairAudit": month.egress_repair_audit,
        "egressRepairAuditPayout": month.egress_repair_audit_payout,
        "diskSpace": month.disk_space,
        "diskSpacePayout": month.disk_space_payout,
        "heldRate": month.held_rate,
        "payout": month.payout,
        "held": month.held,
    }
