"""Decoded JSON of each endpoint to the models, normalising units and version drift.

Each `parse_*` function takes the decoded body and the endpoint label used in error
messages. Unknown fields are ignored; fields later versions added become None.
"""

from __future__ import annotations

from ._json import (
    CENTS,
    MICRO_USD,
    JsonObject,
    array_of_objects,
    array_of_texts,
)
from .exceptions import StorjUnsupportedVersionError
from .models import (
    AuditWindow,
    BandwidthDay,
    Dashboard,
    DashboardSatellite,
    DiskSpace,
    EstimatedPayout,
    MonthlyPayout,
    Notification,
    NotificationsPage,
    Paystub,
    Pricing,
    QuicStatus,
    SatelliteDetails,
    SatelliteHeldHistory,
    SatellitePayout,
    SatelliteScores,
    SatellitesSummary,
    StorageStamp,
)
from .satellites import satellite_name

# `priceModel` in /satellite/{id} is a Go struct without json tags; /pricing has camelCase.
_PRICE_MODEL_KEYS = ("EgressBandwidth", "RepairBandwidth", "AuditBandwidth", "DiskSpace")
_PRICING_KEYS = ("egressBandwidth", "repairBandwidth", "auditBandwidth", "diskSpace")


def parse_dashboard(value: object, endpoint: str) -> Dashboard:
    """`GET /api/sno/`."""
    root = JsonObject.root(value, endpoint)
    port = root.optional_text("configuredPort")
    return Dashboard(
        node_id=root.text("nodeID"),
        wallet=root.text("wallet"),
        wallet_features=root.texts("walletFeatures", optional=True),
        satellites=tuple(_dashboard_satellite(item) for item in root.objects("satellites")),
        disk=_disk_space(root.obj("diskSpace")),
        bandwidth_used=root.obj("bandwidth").integer("used"),
        last_pinged=root.optional_time("lastPinged"),
        version=root.text("version"),
        allowed_version=root.text("allowedVersion"),
        up_to_date=root.flag("upToDate"),
        started_at=root.time("startedAt"),
        configured_port=int(port) if port and port.isdecimal() else None,
        quic_status=_quic_status(root.optional_text("quicStatus")),
        last_quic_pinged_at=root.optional_time("lastQuicPingedAt"),
    )


def _quic_status(value: str | None) -> QuicStatus | None:
    # A state a future node adds is reported as unknown rather than failing the poll.
    try:
        return QuicStatus(value.lower()) if value else None
    except ValueError:
        return None


def _dashboard_satellite(item: JsonObject) -> DashboardSatellite:
    sat_id = item.text("id")
    url = item.text("url")
    return DashboardSatellite(
        id=sat_id,
        url=url,
        name=satellite_name(sat_id, url),
        disqualified_at=item.optional_time("disqualified"),
        suspended_at=item.optional_time("suspended"),
        vetted_at=item.optional_time("vettedAt"),
        current_storage_used=item.optional_integer("currentStorageUsed"),
    )


def _disk_space(disk: JsonObject) -> DiskSpace:
    return DiskSpace(
        used=disk.integer("used"),
        available=disk.integer("available"),
        trash=disk.integer("trash"),
        overused=disk.optional_integer("overused"),
        allocated=disk.optional_integer("allocated"),
        reclaimable=disk.optional_integer("reclaimable"),
    )


def parse_satellite(value: object, endpoint: str) -> SatelliteDetails:
    """`GET /api/sno/satellite/{id}`, current shape (v1.21+) or the older `audit`/`uptime` one."""
    root = JsonObject.root(value, endpoint)
    sat_id = root.text("id")
    if root.has("audits"):
        audits = root.obj("audits")
        url: str | None = audits.text("satelliteName")
        audit_score = audits.number("auditScore")
        suspension_score = audits.number("suspensionScore")
        online_score = audits.number("onlineScore")
    elif root.has("audit"):
        url = None  # not sent before v1.21
        audit_score, suspension_score, online_score = _pre_v1_21_scores(root)
    else:
        raise root.error("audits", "expected an object, it is missing")
    history = root.optional_obj("auditHistory")
    price_model = root.optional_obj("priceModel")
    return SatelliteDetails(
        id=sat_id,
        name=satellite_name(sat_id, url),
        url=url,
        audit_score=audit_score,
        suspension_score=suspension_score,
        online_score=online_score,
        joined_at=root.optional_time("nodeJoinedAt"),
        vetted_at=root.optional_time("vettedAt"),
        storage_daily=tuple(_storage_stamp(item) for item in root.objects("storageDaily")),
        bandwidth_daily=tuple(_bandwidth_day(item) for item in root.objects("bandwidthDaily")),
        storage_summary_byte_hours=root.number("storageSummary"),
        average_usage_bytes=root.optional_number("averageUsageBytes"),
        bandwidth_summary=root.integer("bandwidthSummary"),
        egress_summary=root.integer("egressSummary"),
        ingress_summary=root.integer("ingressSummary"),
        audit_history_windows=(
            tuple(_audit_window(item) for item in history.objects("windows"))
            if history is not None
            else ()
        ),
        price_model=(
            _pricing(sat_id, price_model, _PRICE_MODEL_KEYS) if price_model is not None else None
        ),
        current_storage_used=root.optional_integer("currentStorageUsed"),
    )


def _pre_v1_21_scores(root: JsonObject) -> tuple[float, float, float]:
    """Scores from the v1.12-v1.20 shape: `audit` metric plus an online score."""
    audit = root.obj("audit")
    if root.has("onlineScore"):
        online_score = root.number("onlineScore")
    elif (history := root.optional_obj("auditHistory")) is not None:
        online_score = history.number("score")
    else:
        raise StorjUnsupportedVersionError(
            root.endpoint,
            "this node is older than v1.12 and reports no online score; "
            "update the storage node (v1.21 or newer is supported)",
        )
    return audit.number("score"), audit.number("unknownScore"), online_score


def _storage_stamp(item: JsonObject) -> StorageStamp:
    return StorageStamp(
        interval_start=item.time("intervalStart"),
        at_rest_byte_hours=item.number("atRestTotal"),
        at_rest_bytes=item.optional_number("atRestTotalBytes"),
        interval_hours=item.optional_number("intervalInHours"),
        calculated=item.optional_flag("calculated"),
    )


def _bandwidth_day(item: JsonObject) -> BandwidthDay:
    egress = item.obj("egress")
    ingress = item.obj("ingress")
    return BandwidthDay(
        interval_start=item.time("intervalStart"),
        egress_usage=egress.integer("usage"),
        egress_repair=egress.integer("repair"),
        egress_audit=egress.integer("audit"),
        ingress_usage=ingress.integer("usage"),
        ingress_repair=ingress.integer("repair"),
        delete=item.optional_integer("delete") or 0,
    )


def _audit_window(item: JsonObject) -> AuditWindow:
    return AuditWindow(
        window_start=item.time("windowStart"),
        total_count=item.integer("totalCount"),
        online_count=item.integer("onlineCount"),
    )


def _pricing(sat_id: str, prices: JsonObject, keys: tuple[str, str, str, str]) -> Pricing:
    """Prices in cents per TB to dollars; the key spelling differs between endpoints."""
    egress, repair, audit, disk = keys
    return Pricing(
        satellite_id=sat_id,
        egress_per_tb=prices.usd(egress, CENTS),
        repair_per_tb=prices.usd(repair, CENTS),
        audit_per_tb=prices.usd(audit, CENTS),
        disk_per_tb_month=prices.usd(disk, CENTS),
    )


def parse_pricing(value: object, endpoint: str) -> Pricing:
    """`GET /api/sno/satellites/{id}/pricing` (v1.79+; camelCase keys)."""
    root = JsonObject.root(value, endpoint)
    return _pricing(root.text("satelliteID"), root, _PRICING_KEYS)


def parse_satellites_summary(value: object, endpoint: str) -> SatellitesSummary:
    """`GET /api/sno/satellites`."""
    root = JsonObject.root(value, endpoint)
    return SatellitesSummary(
        storage_daily=tuple(_storage_stamp(item) for item in root.objects("storageDaily")),
        bandwidth_daily=tuple(_bandwidth_day(item) for item in root.objects("bandwidthDaily")),
        storage_summary_byte_hours=root.number("storageSummary"),
        average_usage_bytes=root.optional_number("averageUsageBytes"),
        bandwidth_summary=root.integer("bandwidthSummary"),
        egress_summary=root.integer("egressSummary"),
        ingress_summary=root.integer("ingressSummary"),
        earliest_joined_at=root.optional_time("earliestJoinedAt"),
        scores=tuple(_scores(item) for item in root.objects("audits", optional=True)),
    )


def _scores(item: JsonObject) -> SatelliteScores:
    url = item.text("satelliteName")
    return SatelliteScores(
        satellite_url=url,
        name=satellite_name(None, url),
        audit_score=item.number("auditScore"),
        suspension_score=item.number("suspensionScore"),
        online_score=item.number("onlineScore"),
    )


def parse_estimated_payout(value: object, endpoint: str) -> EstimatedPayout:
    """`GET /api/sno/estimated-payout` (money in US cents on the wire)."""
    root = JsonObject.root(value, endpoint)
    return EstimatedPayout(
        current_month=_monthly_payout(root.obj("currentMonth")),
        previous_month=_monthly_payout(root.obj("previousMonth")),
        current_month_expectations=root.optional_usd("currentMonthExpectations", CENTS),
    )


def _monthly_payout(month: JsonObject) -> MonthlyPayout:
    return MonthlyPayout(
        egress_bytes=month.integer("egressBandwidth"),
        egress_payout=month.usd("egressBandwidthPayout", CENTS),
        egress_repair_audit_bytes=month.integer("egressRepairAudit"),
        egress_repair_audit_payout=month.usd("egressRepairAuditPayout", CENTS),
        disk_space_byte_months=month.number("diskSpace"),
        disk_space_payout=month.usd("diskSpacePayout", CENTS),
        held_rate_percent=month.number("heldRate"),
        held=month.usd("held", CENTS),
        payout=month.usd("payout", CENTS),
    )


def parse_notifications_page(value: object, endpoint: str) -> NotificationsPage:
    """`GET /api/notifications/list`."""
    root = JsonObject.root(value, endpoint)
    page = root.obj("page")
    return NotificationsPage(
        notifications=tuple(_notification(item) for item in page.objects("notifications")),
        offset=page.integer("offset"),
        limit=page.integer("limit"),
        current_page=page.integer("currentPage"),
        page_count=page.integer("pageCount"),
        unread_count=root.integer("unreadCount"),
        total_count=root.integer("totalCount"),
    )


def _notification(item: JsonObject) -> Notification:
    return Notification(
        id=item.text("id"),
        sender_id=item.text("senderId"),
        type=item.integer("type"),
        title=item.text("title"),
        message=item.text("message"),
        read_at=item.optional_time("readAt"),
        created_at=item.time("createdAt"),
    )


def parse_paystubs(value: object, endpoint: str) -> tuple[Paystub, ...]:
    """`GET /api/heldamount/paystubs/...`: an array, or one object / `null` with `?id=`."""
    items = [value] if isinstance(value, dict) else value
    return tuple(_paystub(item) for item in array_of_objects(items, endpoint))


def _paystub(item: JsonObject) -> Paystub:
    sat_id = item.text("satelliteId")  # lower-case "d" on this endpoint only
    micro = MICRO_USD
    return Paystub(
        satellite_id=sat_id,
        name=satellite_name(sat_id, None),
        period=item.text("period"),
        created_at=item.optional_time("created"),
        codes=tuple(code for code in (item.optional_text("codes") or "").split(":") if code),
        usage_at_rest_byte_months=item.number("usageAtRest"),
        usage_get=item.integer("usageGet"),
        usage_put=item.integer("usagePut"),
        usage_get_repair=item.integer("usageGetRepair"),
        usage_put_repair=item.integer("usagePutRepair"),
        usage_get_audit=item.integer("usageGetAudit"),
        comp_at_rest=item.usd("compAtRest", micro),
        comp_get=item.usd("compGet", micro),
        comp_put=item.usd("compPut", micro),
        comp_get_repair=item.usd("compGetRepair", micro),
        comp_put_repair=item.usd("compPutRepair", micro),
        comp_get_audit=item.usd("compGetAudit", micro),
        surge_percent=item.integer("surgePercent"),
        held=item.usd("held", micro),
        owed=item.usd("owed", micro),
        disposed=item.usd("disposed", micro),
        paid=item.usd("paid", micro),
        distributed=item.optional_usd("distributed", micro),
    )


def parse_held_history(value: object, endpoint: str) -> tuple[SatelliteHeldHistory, ...]:
    """`GET /api/heldamount/held-history` (money in micro-USD on the wire)."""
    return tuple(_held_history(item) for item in array_of_objects(value, endpoint))


def _held_history(item: JsonObject) -> SatelliteHeldHistory:
    sat_id = item.text("satelliteID")
    url = item.text("satelliteName")  # the address, despite the key
    micro = MICRO_USD
    return SatelliteHeldHistory(
        satellite_id=sat_id,
        satellite_url=url,
        name=satellite_name(sat_id, url),
        held_months_1_to_3=item.usd("holdForFirstPeriod", micro),
        held_months_4_to_6=item.usd("holdForSecondPeriod", micro),
        held_months_7_to_9=item.usd("holdForThirdPeriod", micro),
        total_held=item.usd("totalHeld", micro),
        total_disposed=item.usd("totalDisposed", micro),
        joined_at=item.optional_time("joinedAt"),
    )


def parse_periods(value: object, endpoint: str) -> tuple[str, ...]:
    """`GET /api/heldamount/periods`: `YYYY-MM` strings, returned sorted and unique."""
    return tuple(sorted(set(array_of_texts(value, endpoint))))


def parse_payout_history(value: object, endpoint: str) -> tuple[SatellitePayout, ...]:
    """`GET /api/heldamount/payout-history/{period}` (money in micro-USD on the wire)."""
    return tuple(_satellite_payout(item) for item in array_of_objects(value, endpoint))


def _satellite_payout(item: JsonObject) -> SatellitePayout:
    sat_id = item.text("satelliteID")
    url = item.text("satelliteURL")
    micro = MICRO_USD
    return SatellitePayout(
        satellite_id=sat_id,
        satellite_url=url,
        name=satellite_name(sat_id, url),
        age_months=item.integer("age"),
        earned=item.usd("earned", micro),
        surge=item.usd("surge", micro),
        surge_percent=item.integer("surgePercent"),
        held=item.usd("held", micro),
        held_percent=item.number("heldPercent"),
        after_held=item.usd("afterHeld", micro),
        disposed=item.usd("disposed", micro),
        paid=item.usd("paid", micro),
        distributed=item.optional_usd("distributed", micro),
        receipt=item.optional_text("receipt") or None,
        is_exit_complete=item.flag("isExitComplete"),
    )
