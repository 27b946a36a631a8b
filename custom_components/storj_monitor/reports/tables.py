"""The export kinds: column names (units in them) and the rows of each, from plain data."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from .csv_export import CsvValue
from .model import EventRow, TrafficDay

type Row = tuple[CsvValue, ...]


class ExportKind(StrEnum):
    """What `storj_monitor.export` writes."""

    PAYOUTS = "payouts"
    STORAGE = "storage"
    TRAFFIC = "traffic"
    REPUTATION = "reputation"
    ALERTS = "alerts"
    FLEET = "fleet"


COLUMNS: Mapping[ExportKind, tuple[str, ...]] = {
    ExportKind.PAYOUTS: (
        "node",
        "node_id",
        "period",
        "satellite",
        "satellite_id",
        "earned_usd",
        "earned_without_surge_usd",
        "surge_percent",
        "held_usd",
        "paid_usd",
        "distributed_usd",
        "receipt",
    ),
    ExportKind.STORAGE: ("node", "node_id", "date", "stored_tb"),
    ExportKind.TRAFFIC: (
        "node",
        "node_id",
        "date",
        "egress_gb",
        "egress_repair_gb",
        "egress_audit_gb",
        "ingress_gb",
        "ingress_repair_gb",
    ),
    ExportKind.REPUTATION: (
        "node",
        "node_id",
        "satellite",
        "time",
        "audit_score_percent",
        "suspension_score_percent",
        "online_score_percent",
    ),
    ExportKind.ALERTS: (
        "node",
        "node_id",
        "time",
        "event",
        "type",
        "severity",
        "subject",
        "satellite",
        "message",
    ),
    ExportKind.FLEET: (
        "node",
        "node_id",
        "online",
        "disk_used_tb",
        "disk_free_tb",
        "stored_average_tb",
        "earnings_month_usd",
        "earnings_per_tb_month_usd",
        "held_total_usd",
        "worst_audit_score_percent",
        "worst_suspension_score_percent",
        "worst_online_score_percent",
        "download_success_percent",
        "upload_success_percent",
        "audit_success_percent",
        "rank_earnings_per_tb",
        "rank_earnings_month",
        "rank_worst_score",
        "rank_download_success",
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class PaystubLine:
    """One satellite's paystub for one month (US dollars)."""

    period: str
    satellite: str
    satellite_id: str
    earned: Decimal
    """Surge included."""
    earned_without_surge: Decimal
    surge_percent: int
    held: Decimal
    paid: Decimal
    distributed: Decimal | None
    receipt: str | None


def payout_rows(node: str, node_id: str, stubs: Iterable[PaystubLine]) -> list[Row]:
    """One row per paystub (month and satellite), oldest first."""
    return [
        (
            node,
            node_id,
            s.period,
            s.satellite,
            s.satellite_id,
            s.earned,
            s.earned_without_surge,
            s.surge_percent,
            s.held,
            s.paid,
            s.distributed,
            s.receipt,
        )
        for s in sorted(stubs, key=lambda s: (s.period, s.satellite))
    ]


def storage_rows(node: str, node_id: str, days: Iterable[tuple[date, float]]) -> list[Row]:
    """One row per day: the satellites' average stored data."""
    return [(node, node_id, day, stored) for day, stored in sorted(days)]


def traffic_rows(node: str, node_id: str, days: Iterable[TrafficDay]) -> list[Row]:
    """One row per day: traffic by kind."""
    return [
        (
            node,
            node_id,
            day.day,
            day.egress,
            day.egress_repair,
            day.egress_audit,
            day.ingress,
            day.ingress_repair,
        )
        for day in sorted(days, key=lambda d: d.day)
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreSample:
    """A satellite's three scores at one moment (percent; None where not recorded)."""

    satellite: str
    at: datetime
    audit: float | None
    suspension: float | None
    online: float | None


def reputation_rows(node: str, node_id: str, samples: Iterable[ScoreSample]) -> list[Row]:
    """One row per satellite and moment."""
    return [
        (node, node_id, s.satellite, s.at, s.audit, s.suspension, s.online)
        for s in sorted(samples, key=lambda s: (s.satellite, s.at))
    ]


def event_rows(node: str, node_id: str, events: Iterable[EventRow]) -> list[Row]:
    """One row per alert or anomaly event, oldest first."""
    return [
        (node, node_id, e.at, e.kind, e.type, e.severity, e.subject, e.satellite, e.message)
        for e in sorted(events, key=lambda e: e.at)
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class FleetNode:
    """One node's figures for the fleet table (None where unknown)."""

    node: str
    node_id: str
    online: bool
    disk_used_tb: float | None
    disk_free_tb: float | None
    stored_average_tb: float | None
    earnings_month: Decimal | None
    earnings_per_tb_month: Decimal | None
    held_total: Decimal | None
    worst_audit: float | None
    worst_suspension: float | None
    worst_online: float | None
    download_success: float | None
    upload_success: float | None
    audit_success: float | None

    @property
    def worst_score(self) -> float | None:
        """The lowest of the three worst scores."""
        scores = [
            s for s in (self.worst_audit, self.worst_suspension, self.worst_online) if s is not None
        ]
        return min(scores) if scores else None


def ranks[T](items: Sequence[T], key: Callable[[T], float | Decimal | None]) -> list[int | None]:
    """Competition ranks (1 = highest value; ties share a rank); None where the value is."""
    values = [key(item) for item in items]
    known = [value for value in values if value is not None]
    return [
        None if value is None else 1 + sum(1 for other in known if other > value)
        for value in values
    ]


def fleet_rows(nodes: Sequence[FleetNode]) -> list[Row]:
    """One row per node with its normalised metrics and its rank among the fleet."""
    rank_columns = list(
        zip(
            ranks(nodes, lambda n: n.earnings_per_tb_month),
            ranks(nodes, lambda n: n.earnings_month),
            ranks(nodes, lambda n: n.worst_score),
            ranks(nodes, lambda n: n.download_success),
            strict=True,
        )
    )
    return [
        (
            n.node,
            n.node_id,
            n.online,
            n.disk_used_tb,
            n.disk_free_tb,
            n.stored_average_tb,
            n.earnings_month,
            n.earnings_per_tb_month,
            n.held_total,
            n.worst_audit,
            n.worst_suspension,
            n.worst_online,
            n.download_success,
            n.upload_success,
            n.audit_success,
            *rank_columns[index],
        )
        for index, n in enumerate(nodes)
    ]
