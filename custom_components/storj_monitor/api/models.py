"""Immutable, unit-normalised models of the Storj node dashboard API.

Units, whatever the node sent:
- sizes and traffic: `int` bytes; integrals over time say so in their name
  (`*_byte_hours`, `*_byte_months`);
- money: `Decimal` US dollars (the node sends US cents in `/api/sno/estimated-payout` and
  micro-USD in `/api/heldamount/*`); prices: `Decimal` US dollars per TB (per TB-month for storage);
- scores: `float` 0..1; percentages: `float` 0..100;
- times: aware `datetime`; Go's zero time `0001-01-01T00:00:00Z` and `null` become `None`.

Fields that only some node versions send are `None` when absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import IntEnum, StrEnum


class QuicStatus(StrEnum):
    """State of the node's QUIC (UDP) reachability, as checked by the satellites."""

    OK = "ok"
    MISCONFIGURED = "misconfigured"
    DISABLED = "disabled"
    REFRESHING = "refreshing"


class NotificationType(IntEnum):
    """Known values of a notification's `type` code."""

    CUSTOM = 0
    AUDIT_CHECK_FAILURE = 1
    DISQUALIFICATION = 2
    SUSPENSION = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class DiskSpace:
    """`diskSpace` of the dashboard, with derived values correct for both meanings.

    Up to v1.142 `available` is the allocation and `used` excludes trash; since v1.143
    (`allocated` present) `available` is the free space and `used` includes trash.
    """

    used: int
    available: int
    trash: int
    overused: int | None
    allocated: int | None
    reclaimable: int | None

    @property
    def is_new_meaning(self) -> bool:
        """True for v1.143+ semantics (`allocated` present, `available` = free)."""
        return self.allocated is not None

    @property
    def allocated_total(self) -> int:
        """Space allocated to the node, in bytes."""
        return self.allocated if self.allocated is not None else self.available

    @property
    def used_total(self) -> int:
        """Bytes the node occupies, trash included."""
        # v1.143.0-.3 could report a negative `used` on hashstore nodes (sign bug).
        return max(0, self.used if self.is_new_meaning else self.used + self.trash)

    @property
    def free(self) -> int:
        """Bytes the node may still fill."""
        if self.is_new_meaning:
            return self.available
        return max(0, self.available - self.used - self.trash)

    @property
    def used_percent(self) -> float | None:
        """`used_total` as a percentage of the allocation; None without an allocation."""
        if self.allocated_total <= 0:
            return None
        return self.used_total / self.allocated_total * 100


@dataclass(frozen=True, slots=True, kw_only=True)
class DashboardSatellite:
    """One entry of the dashboard's `satellites` list."""

    id: str
    url: str
    name: str
    disqualified_at: datetime | None
    suspended_at: datetime | None
    vetted_at: datetime | None
    """Only sent by v1.131+; None before, and while not vetted."""
    current_storage_used: int | None
    """Bytes stored for this satellite; only sent by v1.15 - v1.121."""

    @property
    def is_disqualified(self) -> bool:
        """True once the satellite disqualified the node."""
        return self.disqualified_at is not None

    @property
    def is_suspended(self) -> bool:
        """True while the node is suspended on this satellite."""
        return self.suspended_at is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Dashboard:
    """`GET /api/sno/`: the node's overview."""

    node_id: str
    wallet: str
    wallet_features: tuple[str, ...]
    satellites: tuple[DashboardSatellite, ...]
    disk: DiskSpace
    bandwidth_used: int
    """Bytes of all traffic in the current calendar month (UTC)."""
    last_pinged: datetime | None
    version: str
    allowed_version: str
    up_to_date: bool
    started_at: datetime
    configured_port: int | None
    quic_status: QuicStatus | None
    last_quic_pinged_at: datetime | None

    @property
    def version_info(self) -> tuple[int, int, int] | None:
        """`version` as (major, minor, patch); None if it is not `X.Y.Z[-suffix]`."""
        core = self.version.removeprefix("v").partition("-")[0].split(".")
        if len(core) != 3 or not all(part.isdigit() for part in core):
            return None
        return int(core[0]), int(core[1]), int(core[2])

    def uptime(self, now: datetime) -> timedelta:
        """Time the node process has been running at `now` (never negative)."""
        return max(timedelta(0), now - self.started_at)


@dataclass(frozen=True, slots=True, kw_only=True)
class StorageStamp:
    """One UTC day of stored data, as tallied by the satellite(s)."""

    interval_start: datetime
    at_rest_byte_hours: float
    at_rest_bytes: float | None
    """Average bytes stored that day; v1.70+."""
    interval_hours: float | None
    """Hours covered by the tally; v1.70+, per-satellite series only."""
    calculated: bool | None
    """True when the node filled the row in itself (gap or projection); v1.162+."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BandwidthDay:
    """One UTC day of traffic, in bytes."""

    interval_start: datetime
    egress_usage: int
    egress_repair: int
    egress_audit: int
    ingress_usage: int
    ingress_repair: int
    delete: int

    @property
    def egress(self) -> int:
        """All egress (download, repair, audit)."""
        return self.egress_usage + self.egress_repair + self.egress_audit

    @property
    def ingress(self) -> int:
        """All ingress (upload, repair)."""
        return self.ingress_usage + self.ingress_repair


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditWindow:
    """One 12-hour window of the online-score history."""

    window_start: datetime
    total_count: int
    online_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Pricing:
    """What a satellite pays, in US dollars per TB (storage: per TB-month).

    All zero when the node has not received the satellite's price model yet.
    """

    satellite_id: str
    egress_per_tb: Decimal
    repair_per_tb: Decimal
    audit_per_tb: Decimal
    disk_per_tb_month: Decimal

    @property
    def is_known(self) -> bool:
        """False while the node has no price model for this satellite (all zeros)."""
        prices = (self.egress_per_tb, self.repair_per_tb, self.audit_per_tb, self.disk_per_tb_month)
        return any(prices)


@dataclass(frozen=True, slots=True, kw_only=True)
class SatelliteScores:
    """Reputation of the node on one satellite (scores 0..1)."""

    satellite_url: str
    name: str
    audit_score: float
    suspension_score: float
    online_score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SatelliteDetails:
    """`GET /api/sno/satellite/{id}`: one satellite, current calendar month (UTC)."""

    id: str
    name: str
    url: str | None
    """Satellite address `host:port`; None on pre-v1.21 nodes, which do not send it."""
    audit_score: float
    suspension_score: float
    online_score: float
    joined_at: datetime | None
    vetted_at: datetime | None
    storage_daily: tuple[StorageStamp, ...]
    bandwidth_daily: tuple[BandwidthDay, ...]
    storage_summary_byte_hours: float
    average_usage_bytes: float | None
    bandwidth_summary: int
    egress_summary: int
    ingress_summary: int
    audit_history_windows: tuple[AuditWindow, ...]
    price_model: Pricing | None
    current_storage_used: int | None
    """Bytes stored for this satellite; only sent by v1.15 - v1.121."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SatellitesSummary:
    """`GET /api/sno/satellites`: all satellites together, current calendar month (UTC)."""

    storage_daily: tuple[StorageStamp, ...]
    bandwidth_daily: tuple[BandwidthDay, ...]
    storage_summary_byte_hours: float
    average_usage_bytes: float | None
    bandwidth_summary: int
    egress_summary: int
    ingress_summary: int
    earliest_joined_at: datetime | None
    scores: tuple[SatelliteScores, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthlyPayout:
    """Estimated earnings of one month (dollars), computed locally by the node."""

    egress_bytes: int
    egress_payout: Decimal
    egress_repair_audit_bytes: int
    egress_repair_audit_payout: Decimal
    disk_space_byte_months: float
    disk_space_payout: Decimal
    held_rate_percent: float
    held: Decimal
    payout: Decimal
    """What the node keeps after the held-back amount."""

    @property
    def gross(self) -> Decimal:
        """Earnings before the held-back amount."""
        return self.egress_payout + self.egress_repair_audit_payout + self.disk_space_payout


@dataclass(frozen=True, slots=True, kw_only=True)
class EstimatedPayout:
    """`GET /api/sno/estimated-payout`, all satellites or one."""

    current_month: MonthlyPayout
    previous_month: MonthlyPayout
    current_month_expectations: Decimal | None
    """Current month's payout extrapolated to the month's end (dollars); v1.21+."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Notification:
    """One dashboard notification."""

    id: str
    sender_id: str
    type: int
    """See `NotificationType`; unknown future codes are kept as plain ints."""
    title: str
    message: str
    read_at: datetime | None
    created_at: datetime

    @property
    def kind(self) -> NotificationType | None:
        """`type` as a `NotificationType`, None for codes this package does not know."""
        try:
            return NotificationType(self.type)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True, kw_only=True)
class NotificationsPage:
    """`GET /api/notifications/list`: one page of notifications."""

    notifications: tuple[Notification, ...]
    offset: int
    limit: int
    current_page: int
    page_count: int
    unread_count: int
    total_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Paystub:
    """A satellite's paystub for one month (money in dollars)."""

    satellite_id: str
    name: str
    period: str
    """`YYYY-MM`."""
    created_at: datetime | None
    codes: tuple[str, ...]
    usage_at_rest_byte_months: float
    usage_get: int
    usage_put: int
    usage_get_repair: int
    usage_put_repair: int
    usage_get_audit: int
    comp_at_rest: Decimal
    comp_get: Decimal
    comp_put: Decimal
    comp_get_repair: Decimal
    comp_put_repair: Decimal
    comp_get_audit: Decimal
    surge_percent: int
    """0 on the wire means no surge; kept as sent."""
    held: Decimal
    owed: Decimal
    disposed: Decimal
    paid: Decimal
    distributed: Decimal | None
    """v1.22+."""

    @property
    def earned(self) -> Decimal:
        """Compensation for storage, download, repair and audit traffic."""
        return self.comp_at_rest + self.comp_get + self.comp_get_repair + self.comp_get_audit


@dataclass(frozen=True, slots=True, kw_only=True)
class SatelliteHeldHistory:
    """Held-back amounts on one satellite (dollars)."""

    satellite_id: str
    satellite_url: str
    """Satellite address; the literal `stefan-benten` for that decommissioned satellite."""
    name: str
    held_months_1_to_3: Decimal
    held_months_4_to_6: Decimal
    held_months_7_to_9: Decimal
    total_held: Decimal
    total_disposed: Decimal
    joined_at: datetime | None

    @property
    def currently_held(self) -> Decimal:
        """Held back and not returned yet."""
        return self.total_held - self.total_disposed


@dataclass(frozen=True, slots=True, kw_only=True)
class SatellitePayout:
    """One row of `GET /api/heldamount/payout-history/{period}` (dollars)."""

    satellite_id: str
    satellite_url: str
    name: str
    age_months: int
    earned: Decimal
    surge: Decimal
    surge_percent: int
    held: Decimal
    held_percent: float
    after_held: Decimal
    disposed: Decimal
    paid: Decimal
    distributed: Decimal | None
    receipt: str | None
    """`<chain>:<transaction>`, e.g. `zksync-era:0x...`; None when not paid yet."""
    is_exit_complete: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class NodeSnapshot:
    """Everything one fast poll gathers (see `StorjNodeClient.async_poll`)."""

    dashboard: Dashboard
    summary: SatellitesSummary
    payout: EstimatedPayout
    satellites: Mapping[str, SatelliteDetails]
    """Details per satellite ID, for every satellite of the dashboard."""
    fetched_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NodeHistory:
    """Slow-changing payout data (see `StorjNodeClient.async_poll_slow`)."""

    periods: tuple[str, ...]
    """All `YYYY-MM` months the node has paystubs for, ascending."""
    paystubs: tuple[Paystub, ...]
    """Paystubs of the most recent periods."""
    held_history: tuple[SatelliteHeldHistory, ...]
    payout_history_period: str | None
    """The period `payout_history` describes: the latest of `periods`."""
    payout_history: tuple[SatellitePayout, ...]
    pricing: Mapping[str, Pricing]
    """Price model per satellite ID; empty on nodes older than v1.79."""
    fetched_at: datetime
