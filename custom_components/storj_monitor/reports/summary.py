"""A short Markdown summary of a report, fit for a notification."""

from __future__ import annotations

from datetime import timedelta

from .figures import day_text, last_stored, percent, tb, total, traffic_totals, usd
from .model import MonthPayout, ReportData


def render_summary(report: ReportData) -> str:
    """Fleet totals first, then one line per node."""
    months = [m for node in report.nodes for m in report.period_payouts(node)]
    stored = sum(s[1] for node in report.nodes if (s := last_stored(node)))
    egress = sum(traffic_totals(node)["egress"] for node in report.nodes)
    events = sum(len(node.events) for node in report.nodes)
    lines = [
        f"**{report.title}** ({day_text(report.start)} to {day_text(report.end)})",
        "",
        _payout_line(report, months),
        f"- Stored {tb(stored)}, egress {egress:.2f} GB",
        f"- {events} alerts and anomalies",
    ]
    if report.nodes:
        lines.append("")
    for node in report.nodes:
        node_months = report.period_payouts(node)
        node_stored = last_stored(node)
        lowest = min((min(s.audit, s.suspension, s.online) for s in node.reputation), default=None)
        lines.append(
            f"- **{node.name}**: earned {usd(total(node_months, 'earned'))}, "
            f"paid {usd(total(node_months, 'paid'))}, "
            f"stored {tb(node_stored[1] if node_stored else None)}, "
            f"lowest score {percent(lowest)}, {len(node.events)} alerts"
        )
    return "\n".join(lines).rstrip() + "\n"


def _payout_line(report: ReportData, months: list[MonthPayout]) -> str:
    """Payouts come in whole months: a week or a range names the months its figures are."""
    figures = (
        f"Earned {usd(total(months, 'earned'))}, held {usd(total(months, 'held'))}, "
        f"paid {usd(total(months, 'paid'))}"
    )
    published = sorted({month.period for month in months})
    whole_month = (
        len(report.periods) == 1
        and report.start.day == 1
        and (report.end + timedelta(days=1)).day == 1
    )
    if whole_month and published:
        return f"- {figures}"
    if not published:
        return f"- No payout published yet for {', '.join(report.periods)}"
    return f"- {figures} (payout month{'s' if len(published) > 1 else ''} {', '.join(published)})"
