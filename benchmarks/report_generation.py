"""Time to build a monthly report PDF for a fleet, on the machine it runs on.

    python benchmarks/report_generation.py [--nodes 20] [--months 12] [--out report.pdf]

Builds a `ReportData` of `--nodes` nodes with `--months` months of payouts on four
satellites, a daily storage and traffic row for every day of the period, 30 alert events
per node and ten log errors, then renders it to PDF and a Markdown summary, as the
`storj_monitor.generate_report` action does in an executor job. The period is the whole
`--months`, so every chart has its full width of data. Goal: under 30 s for 20 nodes and
12 months. Exit status 1 if the goal is missed.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
import random
import sys
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
from custom_components.storj_monitor.reports.pdf_report import render_pdf
from custom_components.storj_monitor.reports.summary import render_summary

GOAL_SECONDS = 30.0
SATELLITES = ("us1", "eu1", "ap1", "saltlake")
END = date(2026, 10, 31)


def month_periods(months: int) -> list[str]:
    """The `months` months ending with END's, oldest first."""
    year, month = END.year, END.month
    periods = []
    for _ in range(months):
        periods.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return periods[::-1]


def synthetic_node(index: int, periods: list[str], rng: random.Random) -> NodeReport:
    """One node with plausible figures."""
    start = date.fromisoformat(f"{periods[0]}-01")
    days = [start + timedelta(days=n) for n in range((END - start).days + 1)]
    satellites = tuple(
        SatellitePayout(
            satellite=name,
            months=tuple(
                MonthPayout(
                    period=period,
                    earned=round(rng.uniform(0.5, 8.0), 6),
                    held=round(rng.uniform(0, 1), 6),
                    paid=round(rng.uniform(0.5, 7.0), 6),
                    distributed=round(rng.uniform(0.5, 7.0), 6),
                )
                for period in periods
            ),
        )
        for name in SATELLITES
    )
    payouts = tuple(
        MonthPayout(
            period=period,
            earned=sum(s.months[i].earned for s in satellites),
            held=sum(s.months[i].held for s in satellites),
            paid=sum(s.months[i].paid for s in satellites),
            distributed=sum(s.months[i].distributed or 0 for s in satellites),
        )
        for i, period in enumerate(periods)
    )
    return NodeReport(
        name=f"Node {index + 1}",
        node_id=f"1{index:03d}synthetic",
        payouts=payouts,
        satellites=satellites,
        storage=tuple((day, 1.0 + n * 0.01) for n, day in enumerate(days)),
        forecast=StorageForecast(
            used_tb=5.0, free_tb=3.0, growth_gb_per_day=12.0, days_until_full=250, full_on=END
        ),
        traffic=tuple(
            TrafficDay(
                day=day,
                egress=rng.uniform(5, 50),
                egress_repair=rng.uniform(0, 5),
                egress_audit=rng.uniform(0, 0.1),
                ingress=rng.uniform(10, 80),
                ingress_repair=rng.uniform(0, 5),
            )
            for day in days
        ),
        reputation=tuple(
            SatelliteReputation(
                satellite=name,
                audit=100.0,
                suspension=rng.uniform(95, 100),
                online=rng.uniform(90, 100),
                audit_failures_until_disqualification=40,
                unknown_failures_until_suspension=10,
                online_if_offline_24h=rng.uniform(80, 95),
                downtime_hours_30_days=rng.uniform(0, 5),
            )
            for name in SATELLITES
        ),
        events=tuple(
            EventRow(
                at=datetime(END.year, END.month, 1 + n % 28, n % 24, tzinfo=UTC),
                kind="alert",
                type="alert_started",
                severity="warning",
                subject="online_score_low",
                satellite="us1",
                message=f"Storj node Node {index + 1}: online score low ({n})",
            )
            for n in range(30)
        ),
        started_at=datetime(2026, 10, 1, tzinfo=UTC),
        online=True,
        top_errors=tuple((f"piecestore: error number {n}", 100 - n) for n in range(10)),
    )


def synthetic_report(nodes: int, months: int, seed: int = 1) -> ReportData:
    """A whole fleet's report over the last `months` months."""
    rng = random.Random(seed)
    periods = month_periods(months)
    return ReportData(
        title="Storj report",
        start=date.fromisoformat(f"{periods[0]}-01"),
        end=END,
        periods=tuple(periods),
        generated_at=datetime(2026, 11, 1, 6, tzinfo=UTC),
        nodes=tuple(synthetic_node(index, periods, rng) for index in range(nodes)),
    )


def main() -> int:
    """Render once, print the timing, check the goal."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, default=20)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    report = synthetic_report(args.nodes, args.months)
    started = time.perf_counter()
    pdf = render_pdf(report)
    render_summary(report)
    seconds = time.perf_counter() - started
    if args.out:
        args.out.write_bytes(pdf.content)
    print(
        f"{args.nodes} nodes, {args.months} months: {seconds:.2f} s, "
        f"{len(pdf.content) / 1e6:.2f} MB PDF, {pdf.pages} pages (goal < {GOAL_SECONDS:.0f} s)"
    )
    return 0 if seconds < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
