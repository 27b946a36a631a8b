"""How the report and the summary print numbers (one place, so tests can match them)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from .model import MonthPayout, NodeReport, ReportData


def usd(value: float | None) -> str:
    """`$12.34`; `-` when unknown."""
    return "-" if value is None else f"${value:.2f}"


def tb(value: float | None) -> str:
    """`1.234 TB`."""
    return "-" if value is None else f"{value:.3f} TB"


def gb(value: float | None) -> str:
    """`12.34 GB`."""
    return "-" if value is None else f"{value:.2f} GB"


def percent(value: float | None) -> str:
    """`99.87 %`."""
    return "-" if value is None else f"{value:.2f} %"


def day_text(value: date | datetime | None) -> str:
    """ISO date."""
    if value is None:
        return "-"
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def total(months: Iterable[MonthPayout], field: str) -> float | None:
    """Sum of one payout field; None when a month lacks it (distributed on old nodes)."""
    values = [getattr(month, field) for month in months]
    if not values or any(value is None for value in values):
        return None if values else 0.0
    return float(sum(values))


def last_stored(node: NodeReport) -> tuple[date, float] | None:
    """The period's last day with stored data, and the TB stored then."""
    return max(node.storage, default=None)


def traffic_totals(node: NodeReport) -> dict[str, float]:
    """GB per kind over the period."""
    return {
        "egress": sum(d.egress for d in node.traffic),
        "egress_repair": sum(d.egress_repair for d in node.traffic),
        "egress_audit": sum(d.egress_audit for d in node.traffic),
        "ingress": sum(d.ingress for d in node.traffic),
        "ingress_repair": sum(d.ingress_repair for d in node.traffic),
    }


def previous_average(report: ReportData, node: NodeReport) -> float | None:
    """Average monthly earnings of the charted months before the period."""
    earlier = [m.earned for m in node.payouts if m.period < report.periods[0]]
    return sum(earlier) / len(earlier) if earlier else None


def change_percent(current: float | None, before: float | None) -> float | None:
    """Relative change in percent; None without a base."""
    if current is None or not before:
        return None
    return (current - before) / before * 100


def uptime_days(node: NodeReport, now: datetime) -> float | None:
    """Days since the node process started."""
    if node.started_at is None:
        return None
    return max(timedelta(0), now - node.started_at) / timedelta(days=1)
