"""The PDF and the Markdown summary from a `ReportData`, read back with pypdf."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
import io
import re

from pypdf import PdfReader
import pytest

from custom_components.storj_monitor.reports.charts import CAPTION_PREFIX, nice_maximum
from custom_components.storj_monitor.reports.model import (
    EventRow,
    MonthPayout,
    NodeReport,
    ReportData,
    SatellitePayout,
    SatelliteReputation,
    StorageForecast,
    TrafficDay,
)
from custom_components.storj_monitor.reports.pdf_report import MAX_EVENT_ROWS, render_pdf
from custom_components.storj_monitor.reports.summary import render_summary

PERIODS = [f"2026-{month:02d}" for month in range(1, 11)]
OCTOBER = [date(2026, 10, day) for day in range(1, 32)]


def month(period: str, earned: float) -> MonthPayout:
    return MonthPayout(
        period=period, earned=earned, held=earned / 4, paid=earned * 0.75, distributed=earned * 0.75
    )


def node(name: str, *, events: int = 2, errors: bool = True) -> NodeReport:
    satellites = tuple(
        SatellitePayout(
            satellite=sat, months=tuple(month(p, 1.0 + i + n) for n, p in enumerate(PERIODS))
        )
        for i, sat in enumerate(("us1", "eu1"))
    )
    return NodeReport(
        name=name,
        node_id="1abc",
        payouts=tuple(
            month(p, sum(s.months[n].earned for s in satellites)) for n, p in enumerate(PERIODS)
        ),
        satellites=satellites,
        storage=tuple((day, 2.0 + n / 100) for n, day in enumerate(OCTOBER)),
        forecast=StorageForecast(
            used_tb=2.3,
            free_tb=1.7,
            growth_gb_per_day=10.0,
            days_until_full=170.0,
            full_on=date(2027, 4, 19),
        ),
        traffic=tuple(
            TrafficDay(
                day=day,
                egress=10.0,
                egress_repair=1.0,
                egress_audit=0.01,
                ingress=20.0,
                ingress_repair=2.0,
            )
            for day in OCTOBER
        ),
        reputation=(
            SatelliteReputation(
                satellite="us1",
                audit=100.0,
                suspension=99.5,
                online=97.25,
                audit_failures_until_disqualification=40,
                unknown_failures_until_suspension=8,
                online_if_offline_24h=93.1,
                downtime_hours_30_days=1.5,
            ),
        ),
        events=tuple(
            EventRow(
                at=datetime(2026, 10, 2, tzinfo=UTC) + timedelta(hours=n),
                kind="alert",
                type="alert_started",
                severity="warning",
                subject="online_score_low",
                satellite="us1",
                message=f"alert number {n}",
            )
            for n in range(events)
        ),
        started_at=datetime(2026, 10, 20, tzinfo=UTC),
        online=True,
        top_errors=(("piecestore: disk full", 12),) if errors else None,
    )


def report(*nodes: NodeReport) -> ReportData:
    return ReportData(
        title="Storj report 2026-10",
        start=date(2026, 10, 1),
        end=date(2026, 10, 31),
        periods=("2026-10",),
        generated_at=datetime(2026, 11, 1, 6, tzinfo=UTC),
        nodes=nodes,
    )


def sections(reader: PdfReader) -> dict[str, str]:
    """Top-level outline entries and their pages' text."""
    top = [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]
    texts = [page.extract_text() for page in reader.pages]
    return {
        title: "\n".join(
            texts[first : (top[i + 1][1] if i + 1 < len(top) else len(texts))] or [texts[first]]
        )
        for i, (title, first) in enumerate(top)
    }


def captions(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(CAPTION_PREFIX)]


def test_each_node_has_its_figures_and_four_charts() -> None:
    rendered = render_pdf(report(node("Alpha"), node("Beta")))
    reader = PdfReader(io.BytesIO(rendered.content))
    assert len(reader.pages) == rendered.pages
    found = sections(reader)
    assert list(found) == ["Fleet", "Alpha", "Beta"]
    assert captions(found["Fleet"]) == ["Chart: Fleet earnings per month"]
    for name in ("Alpha", "Beta"):
        text = found[name]
        assert captions(text) == [
            "Chart: Earnings per month",
            "Chart: Storage growth and forecast",
            "Chart: Traffic per day",
            "Chart: Reputation per satellite",
        ]
        # October: us1 10.00 + eu1 11.00 earned.
        assert "2026-10 $21.00 $5.25 $15.75 $15.75" in text
        assert "us1 $10.00 $2.50 $7.50 $7.50" in text
        assert "Stored on 2026-10-31: 2.300 TB (growth in the period +0.300 TB)" in text
        assert "Full in 170 days (on 2027-04-19)" in text
        assert "310.00 GB" in text  # egress: 31 days x 10 GB
        assert re.search(r"us1 100\.00 % 99\.50 % 97\.25 % 40 8 93\.10 % 1\.50 h", text)
        assert "piecestore: disk full 12" in text
        assert "alert number 1" in text
    assert "Fleet total $42.00 $10.50 $31.50 4.600 TB" in found["Fleet"]


def test_charts_are_drawn_not_only_captioned() -> None:
    """The earnings chart's bars: one filled rectangle per satellite and month at least."""
    reader = PdfReader(io.BytesIO(render_pdf(report(node("Alpha"))).content))
    node_page = reader.pages[1].get_contents()
    assert node_page is not None
    rectangles = node_page.get_data().count(b" re f")
    assert rectangles >= 2 * len(PERIODS)


def test_an_empty_node_still_renders() -> None:
    """No statistics, no satellites, no log: every section says so, the charts stay."""
    empty = replace(
        node("Empty", events=0, errors=False),
        payouts=(),
        satellites=(),
        storage=(),
        traffic=(),
        reputation=(),
        forecast=None,
        started_at=None,
    )
    text = sections(PdfReader(io.BytesIO(render_pdf(report(empty)).content)))["Empty"]
    assert "No earlier months to compare with." in text
    assert "No paystubs for this period yet" in text
    assert "No daily storage recorded for this period." in text
    assert "No alerts or anomalies in this period." in text
    assert "No log source configured for this node." in text
    assert len(captions(text)) == 4


def test_long_alert_lists_are_cut_and_odd_names_survive() -> None:
    many = replace(node("Nœud ☃", events=MAX_EVENT_ROWS + 5), top_errors=())
    rendered = render_pdf(report(many))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.content)).pages)
    assert "... and 5 more (see the alerts export)." in text
    assert "Node N?ud ?" in text
    assert "No errors in the node's log." in text


def test_many_nodes_stack_the_rest_as_other() -> None:
    nodes = [node(f"N{index}", events=0) for index in range(9)]
    reader = PdfReader(io.BytesIO(render_pdf(report(*nodes)).content))
    assert "other" in reader.pages[0].extract_text()


def test_summary_for_a_notification() -> None:
    text = render_summary(report(node("Alpha"), node("Beta", events=0)))
    assert text.splitlines()[0] == "**Storj report 2026-10** (2026-10-01 to 2026-10-31)"
    assert "- Earned $42.00, held $10.50, paid $31.50" in text
    assert "- Stored 4.600 TB, egress 620.00 GB" in text
    assert "- 2 alerts and anomalies" in text
    assert (
        "- **Beta**: earned $21.00, paid $15.75, stored 2.300 TB, lowest score 97.25 %, 0 alerts"
        in text
    )


def test_a_week_names_the_payout_months_its_figures_are() -> None:
    """Payouts are whole months: a week across a month's end says which months it sums, a
    week before any paystub says none is out yet."""
    week = replace(
        report(node("Alpha")),
        start=date(2026, 10, 28),
        end=date(2026, 11, 3),
        periods=("2026-10", "2026-11"),
    )
    assert "- Earned $21.00, held $5.25, paid $15.75 (payout month 2026-10)" in render_summary(week)
    later = replace(week, start=date(2026, 11, 2), end=date(2026, 11, 8), periods=("2026-11",))
    assert "- No payout published yet for 2026-11" in render_summary(later)


@pytest.mark.parametrize(
    ("value", "top"),
    [(0.0, 1.0), (-3.0, 1.0), (0.7, 1.0), (1.2, 2.0), (3.0, 5.0), (7.5, 10.0), (120.0, 200.0)],
)
def test_axis_tops_are_round(value: float, top: float) -> None:
    assert nice_maximum(value) == top
