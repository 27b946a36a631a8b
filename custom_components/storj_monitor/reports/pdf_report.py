"""A report (`ReportData`) as PDF bytes, drawn with fpdf2 (pure Python, charts included).

Layout: a fleet page first, then each node from a new page: earnings against the previous
months, payout breakdown, storage with its forecast, traffic, reputation with the forecasts,
uptime, alerts and anomalies, top errors. Each section is a PDF outline entry; each chart
has a `Chart: ...` caption.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from fpdf import FPDF

from .charts import PALETTE, Frame, Series, grouped_bars, latin1, lines, stacked_bars
from .figures import (
    change_percent,
    day_text,
    gb,
    last_stored,
    percent,
    previous_average,
    tb,
    total,
    traffic_totals,
    uptime_days,
    usd,
)
from .model import MonthPayout, NodeReport, ReportData

MARGIN = 15.0
CHART_HEIGHT = 62.0
ROW_HEIGHT = 5.0
MAX_EVENT_ROWS = 25
MAX_STACKED_NODES = len(PALETTE) - 1
"""The fleet chart stacks this many nodes and sums the rest as `other`."""
FORECAST_DAYS = 30


class _Document(FPDF):
    """A4 portrait with the report's title and page numbers in the footer."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report_title = latin1(title)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)
        self.set_title(self.report_title)
        self.set_creator("Storj Monitor")

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("Helvetica", size=7)
        self.set_text_color(120, 120, 120)
        self.cell(0, 4, f"{self.report_title} - page {self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)

    @property
    def content_width(self) -> float:
        return self.w - 2 * MARGIN

    def heading(self, text: str, size: int = 12) -> None:
        if self.will_page_break(size + 20):
            self.add_page()
        self.ln(2)
        self.set_font("Helvetica", "B", size=size)
        self.cell(0, size * 0.6, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str) -> None:
        self.set_font("Helvetica", size=9)
        self.multi_cell(0, 4.5, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def table(  # type: ignore[override]
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        text_columns: int = 1,
    ) -> None:
        """A plain grid: the first `text_columns` left, figures right; too long text is cut."""
        scale = self.content_width / sum(widths)
        columns = [width * scale for width in widths]
        self._row(header, columns, text_columns, bold=True)
        for row in rows:
            if self.will_page_break(ROW_HEIGHT):
                self.add_page()
                self._row(header, columns, text_columns, bold=True)
            self._row(row, columns, text_columns, bold=False)
        self.ln(1)

    def _row(
        self, cells: Sequence[str], columns: Sequence[float], text_columns: int, *, bold: bool
    ) -> None:
        self.set_font("Helvetica", "B" if bold else "", size=8)
        self.set_fill_color(235, 238, 245)
        for index, (text, width) in enumerate(zip(cells, columns, strict=True)):
            self.cell(
                width,
                ROW_HEIGHT,
                self._fit(latin1(text), width - 1.5),
                border="B",
                fill=bold,
                align="L" if index < text_columns else "R",
            )
        self.ln(ROW_HEIGHT)

    def _fit(self, text: str, width: float) -> str:
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "...") > width:
            text = text[:-1]
        return text + "..."

    def chart_frame(self) -> Frame:
        """Room for one chart below the cursor (on a new page if needed)."""
        if self.will_page_break(CHART_HEIGHT):
            self.add_page()
        frame = Frame(MARGIN, self.get_y(), self.content_width, CHART_HEIGHT)
        self.set_y(self.get_y() + CHART_HEIGHT + 2)
        return frame

    def after_chart(self) -> None:
        """Charts move the cursor around; put it back below the chart."""
        self.set_x(MARGIN)


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    """The PDF file and how many pages it has."""

    content: bytes
    pages: int


def render_pdf(report: ReportData) -> RenderedPdf:
    """The whole report."""
    pdf = _Document(report.title)
    pdf.add_page()
    _cover(pdf, report)
    _fleet(pdf, report)
    for node in report.nodes:
        pdf.add_page()
        _node(pdf, report, node)
    return RenderedPdf(bytes(pdf.output()), pdf.pages_count)


def _cover(pdf: _Document, report: ReportData) -> None:
    pdf.set_font("Helvetica", "B", size=18)
    pdf.cell(0, 10, pdf.report_title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(
        0,
        6,
        f"Period {day_text(report.start)} to {day_text(report.end)} "
        f"({len(report.nodes)} nodes) - generated {report.generated_at:%Y-%m-%d %H:%M} UTC",
        new_x="LMARGIN",
        new_y="NEXT",
    )


def _fleet(pdf: _Document, report: ReportData) -> None:
    pdf.start_section("Fleet")
    pdf.heading("Fleet")
    rows = []
    for node in report.nodes:
        months = report.period_payouts(node)
        stored = last_stored(node)
        scores = [min(s.audit, s.suspension, s.online) for s in node.reputation]
        rows.append(
            [
                node.name,
                usd(total(months, "earned")),
                usd(total(months, "held")),
                usd(total(months, "paid")),
                tb(stored[1] if stored else None),
                percent(min(scores) if scores else None),
                str(len(node.events)),
            ]
        )
    all_months = [m for node in report.nodes for m in report.period_payouts(node)]
    stored_total = sum(s[1] for node in report.nodes if (s := last_stored(node)))
    rows.append(
        [
            "Fleet total",
            usd(total(all_months, "earned")),
            usd(total(all_months, "held")),
            usd(total(all_months, "paid")),
            tb(stored_total),
            "",
            str(sum(len(node.events) for node in report.nodes)),
        ]
    )
    pdf.table(
        ["Node", "Earned", "Held", "Paid", "Stored", "Lowest score", "Alerts"],
        rows,
        [40, 22, 22, 22, 24, 24, 16],
    )
    periods = sorted({m.period for node in report.nodes for m in node.payouts})
    ranked = sorted(report.nodes, key=lambda n: -(total(report.period_payouts(n), "earned") or 0))
    shown, rest = ranked[:MAX_STACKED_NODES], ranked[MAX_STACKED_NODES:]
    series = [_earned_series(node.name, node, periods) for node in shown]
    if rest:
        other = [_earned_series("", node, periods).values for node in rest]
        series.append(
            Series("other", [sum(v or 0.0 for v in col) for col in zip(*other, strict=True)])
        )
    stacked_bars(
        pdf, pdf.chart_frame(), periods, series, title="Fleet earnings per month", unit="USD"
    )
    pdf.after_chart()


def _earned_series(name: str, node: NodeReport, periods: Sequence[str]) -> Series:
    earned = {m.period: m.earned for m in node.payouts}
    return Series(name, [earned.get(p) for p in periods])


def _node(pdf: _Document, report: ReportData, node: NodeReport) -> None:
    pdf.start_section(latin1(node.name))
    pdf.heading(f"Node {node.name}", size=15)
    pdf.paragraph(f"Node ID {node.node_id} - {'online' if node.online else 'offline'}")
    _earnings(pdf, report, node)
    _breakdown(pdf, report, node)
    _storage(pdf, node)
    _traffic(pdf, node)
    _reputation(pdf, report, node)
    _events(pdf, node)
    _top_errors(pdf, node)


def _earnings(pdf: _Document, report: ReportData, node: NodeReport) -> None:
    pdf.start_section("Earnings", level=1)
    pdf.heading("Earnings")
    months = report.period_payouts(node)
    rows = [[m.period, usd(m.earned), usd(m.held), usd(m.paid), usd(m.distributed)] for m in months]
    if len(months) > 1:
        rows.append(
            [
                "Total",
                *(usd(total(months, f)) for f in ("earned", "held", "paid", "distributed")),
            ]
        )
    pdf.table(["Month", "Earned", "Held", "Paid", "Distributed"], rows, [30, 25, 25, 25, 25])
    earned = total(months, "earned")
    before = previous_average(report, node)
    change = change_percent(earned / len(months) if months and earned is not None else None, before)
    if before is None:
        pdf.paragraph("No earlier months to compare with.")
    else:
        pdf.paragraph(
            f"Average of the {len(node.payouts) - len(months)} months before: {usd(before)} "
            f"per month; this period {'-' if change is None else f'{change:+.1f} %'} per month."
        )
    periods = [m.period for m in node.payouts]
    series = [
        Series(sat.satellite, _values(sat.months, periods, "earned")) for sat in node.satellites
    ]
    stacked_bars(pdf, pdf.chart_frame(), periods, series, title="Earnings per month", unit="USD")
    pdf.after_chart()


def _values(
    months: Sequence[MonthPayout], periods: Sequence[str], field: str
) -> list[float | None]:
    """One payout field per period (None for a month without a paystub)."""
    by_period = {month.period: month for month in months}
    return [
        getattr(by_period[period], field) if period in by_period else None for period in periods
    ]


def _breakdown(pdf: _Document, report: ReportData, node: NodeReport) -> None:
    pdf.start_section("Payout breakdown", level=1)
    pdf.heading("Payout breakdown by satellite")
    rows = []
    for sat in node.satellites:
        months = [m for m in sat.months if m.period in report.periods]
        if months:
            rows.append(
                [
                    sat.satellite,
                    *(usd(total(months, f)) for f in ("earned", "held", "paid", "distributed")),
                ]
            )
    if not rows:
        pdf.paragraph("No paystubs for this period yet (satellites publish them around the 15th).")
        return
    pdf.table(["Satellite", "Earned", "Held", "Paid", "Distributed"], rows, [30, 25, 25, 25, 25])


def _storage(pdf: _Document, node: NodeReport) -> None:
    pdf.start_section("Storage", level=1)
    pdf.heading("Storage")
    stored = last_stored(node)
    forecast = node.forecast
    facts = []
    if stored is not None:
        first = min(node.storage)
        facts.append(
            f"Stored on {day_text(stored[0])}: {tb(stored[1])} "
            f"(growth in the period {stored[1] - first[1]:+.3f} TB)."
        )
    else:
        facts.append("No daily storage recorded for this period.")
    if forecast is not None:
        facts.append(f"Disk now: {tb(forecast.used_tb)} used, {tb(forecast.free_tb)} free.")
        if forecast.growth_gb_per_day is not None:
            facts.append(f"Growth {forecast.growth_gb_per_day:.2f} GB per day.")
        if forecast.days_until_full is not None:
            facts.append(
                f"Full in {forecast.days_until_full:.0f} days (on {day_text(forecast.full_on)})."
            )
    pdf.paragraph(" ".join(facts))
    days = sorted(node.storage)
    labels = [day.strftime("%m-%d") for day, _ in days]
    values: list[float | None] = [value for _, value in days]
    series = [Series("stored TB", values)]
    if stored is not None and forecast is not None and forecast.growth_gb_per_day is not None:
        # The forecast continues from the last day at the forecast's growth rate.
        growth = forecast.growth_gb_per_day / 1000
        ahead = [stored[0] + timedelta(days=n) for n in range(1, FORECAST_DAYS + 1)]
        labels += [day.strftime("%m-%d") for day in ahead]
        series = [
            Series("stored TB", [*values, *([None] * FORECAST_DAYS)]),
            Series(
                "forecast",
                [*([None] * (len(values) - 1)), stored[1]]
                + [stored[1] + growth * n for n in range(1, FORECAST_DAYS + 1)],
                dashed=True,
            ),
        ]
    lines(pdf, pdf.chart_frame(), labels, series, title="Storage growth and forecast", unit="TB")
    pdf.after_chart()


TRAFFIC_KINDS = (
    ("egress", "Egress"),
    ("egress_repair", "Egress repair"),
    ("egress_audit", "Egress audit"),
    ("ingress", "Ingress"),
    ("ingress_repair", "Ingress repair"),
)


def _traffic(pdf: _Document, node: NodeReport) -> None:
    pdf.start_section("Traffic", level=1)
    pdf.heading("Traffic")
    totals = traffic_totals(node)
    pdf.table(
        [label for _, label in TRAFFIC_KINDS],
        [[gb(totals[key]) for key, _ in TRAFFIC_KINDS]],
        [1] * len(TRAFFIC_KINDS),
    )
    days = sorted(node.traffic, key=lambda d: d.day)
    series = [
        Series(label, [float(getattr(day, key)) for day in days]) for key, label in TRAFFIC_KINDS
    ]
    labels = [day.day.strftime("%m-%d") for day in days]
    stacked_bars(pdf, pdf.chart_frame(), labels, series, title="Traffic per day", unit="GB")
    pdf.after_chart()


def _reputation(pdf: _Document, report: ReportData, node: NodeReport) -> None:
    pdf.start_section("Reputation", level=1)
    pdf.heading("Reputation and uptime")
    rows = [
        [
            s.satellite,
            percent(s.audit),
            percent(s.suspension),
            percent(s.online),
            str(s.audit_failures_until_disqualification),
            str(s.unknown_failures_until_suspension),
            percent(s.online_if_offline_24h),
            f"{s.downtime_hours_30_days:.2f} h",
        ]
        for s in node.reputation
    ]
    pdf.table(
        [
            "Satellite",
            "Audit",
            "Suspension",
            "Online",
            "Audits to DQ",
            "Unknown to susp.",
            "Online if 24h off",
            "Downtime 30 d",
        ],
        rows,
        [22, 18, 20, 18, 20, 22, 24, 20],
    )
    uptime = uptime_days(node, report.generated_at)
    worst_downtime = max((s.downtime_hours_30_days for s in node.reputation), default=None)
    pdf.paragraph(
        f"Node process up since {day_text(node.started_at)}"
        + ("" if uptime is None else f" ({uptime:.1f} days)")
        + (
            ""
            if worst_downtime is None
            else f"; estimated downtime in the last 30 days {worst_downtime:.2f} h."
        )
    )
    scores = [v for s in node.reputation for v in (s.audit, s.suspension, s.online)]
    floor = max(0.0, min(90.0, (min(scores, default=100.0) // 10) * 10 - 10))
    grouped_bars(
        pdf,
        pdf.chart_frame(),
        [s.satellite for s in node.reputation],
        [
            Series("audit", [s.audit for s in node.reputation]),
            Series("suspension", [s.suspension for s in node.reputation]),
            Series("online", [s.online for s in node.reputation]),
        ],
        title="Reputation per satellite",
        unit="%",
        floor=floor,
        top=100.0,
    )
    pdf.after_chart()


def _events(pdf: _Document, node: NodeReport) -> None:
    pdf.start_section("Alerts and anomalies", level=1)
    pdf.heading("Alerts and anomalies")
    if not node.events:
        pdf.paragraph("No alerts or anomalies in this period.")
        return
    events = sorted(node.events, key=lambda e: e.at)
    rows = [
        [f"{e.at:%Y-%m-%d %H:%M}", e.kind, e.severity, e.subject, e.message]
        for e in events[:MAX_EVENT_ROWS]
    ]
    pdf.table(
        ["Time (UTC)", "Event", "Severity", "What", "Message"],
        rows,
        [26, 14, 16, 30, 80],
        text_columns=5,
    )
    if len(events) > MAX_EVENT_ROWS:
        pdf.paragraph(f"... and {len(events) - MAX_EVENT_ROWS} more (see the alerts export).")


def _top_errors(pdf: _Document, node: NodeReport) -> None:
    pdf.start_section("Top errors", level=1)
    pdf.heading("Top errors")
    if node.top_errors is None:
        pdf.paragraph("No log source configured for this node.")
        return
    if not node.top_errors:
        pdf.paragraph("No errors in the node's log.")
        return
    pdf.table(["Error", "Count"], [[text, str(count)] for text, count in node.top_errors], [85, 15])
