"""Performance and drop rules: sustained latency, success rates, daily baselines.

Go facts: the dashboard API covers the current month only (storagenode/console/service.go:247
@ 5dbec64f5a); repair and audit egress are paid at the audit price (storagenode/payouts/
estimatedpayouts/service.go:150); gap rows the node calculates carry no byte-hours
(storagenode/storageusage/normalize.go:16).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from custom_components.storj_monitor.api.models import (
    BandwidthDay,
    Pricing,
    SatelliteDetails,
    StorageStamp,
)
from custom_components.storj_monitor.baseline import Metric, compared_day, daily_drop
from custom_components.storj_monitor.logs.recent_latency import RecentLatency
from custom_components.storj_monitor.performance_rules import (
    LatencyTracker,
    Level,
    PerformanceFacts,
    SuccessSample,
    latency_level,
    success_level,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
LATENCY: dict[Level, float] = {"warning": 5.0, "critical": 10.0}
SUCCESS: dict[Level, float] = {"warning": 90.0, "critical": 75.0}
GB = 10**9


def run_latency(p95s: list[float | None], step: timedelta = timedelta(minutes=5)) -> list[object]:
    """Feed one P95 per step through the tracker and the rule; the level after each."""
    tracker = LatencyTracker()
    level: Level | None = None
    levels: list[object] = []
    for index, p95 in enumerate(p95s):
        now = NOW + step * index
        latency = {} if p95 is None else {"upload": p95}
        facts = PerformanceFacts(latency, tracker.update(now, latency, LATENCY), {})
        found = latency_level(
            facts,
            "upload",
            now=now,
            thresholds=LATENCY,
            sustained=timedelta(minutes=15),
            previous=level,
        )
        if found != "keep":
            level = found  # type: ignore[assignment]
        levels.append(level)
    return levels


def test_latency_must_be_sustained() -> None:
    """Above 5 s for less than 15 min: nothing; for 15 min: a warning; a dip restarts it."""
    assert run_latency([6, 6, 6, 2, 6, 6, 6, 6]) == [
        None,
        None,
        None,
        None,  # dipped below: the clock restarts
        None,
        None,
        None,
        "warning",  # 15 minutes above since the restart
    ]


def test_latency_escalates_and_clears_with_hysteresis() -> None:
    """Critical after 15 min above 10 s; warning only below 9 s; clear only below 4.5 s."""
    assert run_latency([12, 12, 12, 12, 9.5, 8.9, 4.8, 4.4]) == [
        None,
        None,
        None,
        "critical",
        "critical",
        "warning",
        "warning",
        None,
    ]


def test_quiet_latency_keeps_the_level() -> None:
    """Without enough samples nothing is proven: the level stays (and never starts)."""
    assert run_latency([None, None]) == [None, None]
    assert run_latency([12, 12, 12, 12, None, None]) == [
        None,
        None,
        None,
        "critical",
        "critical",
        "critical",
    ]


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        ([(95, 100)], [None]),
        (
            [(85, 100), (80, 100), (70, 100), (76, 100), (78, 100), (91, 100), (93, 100)],
            ["warning", "warning", "critical", "critical", "warning", "warning", None],
        ),
        ([(10, 19)], ["keep"]),  # below the minimum sample count
        ([(70, 100), (10, 5)], ["critical", "keep"]),
    ],
)
def test_success_levels(samples: list[tuple[float, int]], expected: list[object]) -> None:
    """Warning below 90 %, critical below 75 %, each clearing 2 points above; 20 samples."""
    level: Level | None = None
    found: list[object] = []
    for rate, count in samples:
        result = success_level(SuccessSample(rate, count), 20, SUCCESS, level)
        found.append(result)
        if result != "keep":
            level = result  # type: ignore[assignment]
    assert found == expected


def test_recent_latency_forgets_old_minutes() -> None:
    """Only the last five minutes count; the memory is five slots whatever the load."""
    window = RecentLatency()
    for second in range(0, 600, 2):
        window.add("PUT", 1_200_000 + second, 20.0 if second < 300 else 1.0)
    histograms = window.histograms(1_200_000 + 599)
    assert histograms["PUT"].count == 150
    assert histograms["PUT"].percentile(0.95) == pytest.approx(1.0, rel=0.05)
    assert window.histograms(1_200_000 + 2000) == {}


# --- daily drops -------------------------------------------------------------------------


def satellite(
    ident: str,
    *,
    joined: datetime,
    egress: dict[int, int],
    stored: dict[int, float] | None = None,
) -> SatelliteDetails:
    """A satellite with GB of download egress per day of November 2026 and TB stored."""
    month = datetime(2026, 11, 1, tzinfo=UTC)
    return SatelliteDetails(
        id=ident,
        name=ident,
        url=None,
        audit_score=1.0,
        suspension_score=1.0,
        online_score=1.0,
        joined_at=joined,
        vetted_at=None,
        storage_daily=tuple(
            StorageStamp(
                interval_start=month + timedelta(days=day - 1),
                at_rest_byte_hours=tb * 10**12 * 24,
                at_rest_bytes=None,
                interval_hours=24,
                calculated=False,
            )
            for day, tb in (stored or {}).items()
        ),
        bandwidth_daily=tuple(
            BandwidthDay(
                interval_start=month + timedelta(days=day - 1),
                egress_usage=gb * GB,
                egress_repair=0,
                egress_audit=0,
                ingress_usage=2 * gb * GB,
                ingress_repair=0,
                delete=0,
            )
            for day, gb in egress.items()
        ),
        storage_summary_byte_hours=0,
        average_usage_bytes=None,
        bandwidth_summary=0,
        egress_summary=0,
        ingress_summary=0,
        audit_history_windows=(),
        price_model=Pricing(
            satellite_id=ident,
            egress_per_tb=Decimal(2),
            repair_per_tb=Decimal(2),
            audit_per_tb=Decimal(2),
            disk_per_tb_month=Decimal("1.5"),
        ),
        current_storage_used=None,
    )


OLD = datetime(2025, 1, 1, tzinfo=UTC)


def test_drop_against_the_median() -> None:
    """19 Nov: 40 GB against a median of 100 GB (one outlier day ignored): -60 %."""
    days = dict.fromkeys(range(1, 19), 100) | {7: 10, 19: 40}
    verdict = daily_drop({"a": satellite("a", joined=OLD, egress=days)}, OLD, NOW, Metric.EGRESS)
    assert verdict is not None
    assert verdict.day == compared_day(NOW) == NOW.date() - timedelta(days=1)
    assert (verdict.value, verdict.baseline) == (40 * GB, 100 * GB)
    assert verdict.drop_percent == pytest.approx(60)
    ingress = daily_drop({"a": satellite("a", joined=OLD, egress=days)}, OLD, NOW, Metric.INGRESS)
    assert ingress is not None
    assert ingress.drop_percent == pytest.approx(60)


def test_earnings_include_storage_and_need_its_tally() -> None:
    """Earnings = egress at $2/TB + storage at $1.50/TB-month; no tally yesterday, no verdict."""
    egress = dict.fromkeys(range(1, 20), 100)
    stored = dict.fromkeys(range(1, 20), 7.2)  # 7.2 TB a day: $0.015 a day
    sat = satellite("a", joined=OLD, egress=egress, stored=stored)
    verdict = daily_drop({"a": sat}, OLD, NOW, Metric.EARNINGS)
    assert verdict is not None
    assert verdict.value == pytest.approx(100 * GB * 2 / 10**12 + 7.2 * 24 / 720 * 1.5)
    assert verdict.drop_percent == pytest.approx(0)
    del stored[19]
    sat = satellite("a", joined=OLD, egress=egress, stored=stored)
    assert daily_drop({"a": sat}, OLD, NOW, Metric.EARNINGS) is None


def test_no_verdict_in_a_months_first_week() -> None:
    """On 8 Nov only 6 days precede yesterday in the API: the month reset is no drop."""
    egress = dict.fromkeys(range(1, 8), 100) | {7: 1}
    sats = {"a": satellite("a", joined=OLD, egress=egress)}
    assert daily_drop(sats, OLD, datetime(2026, 11, 8, 12, tzinfo=UTC), Metric.EGRESS) is None
    # Just after midnight yesterday is not complete yet: the day before is compared.
    assert compared_day(datetime(2026, 11, 9, 1, tzinfo=UTC)).day == 7
    assert daily_drop(sats, OLD, datetime(2026, 11, 9, 12, tzinfo=UTC), Metric.EGRESS) is not None


def test_new_satellite_and_young_node_are_left_out() -> None:
    """A satellite joined in the baseline does not count; a node under 4 weeks is not judged."""
    steady = satellite("a", joined=OLD, egress=dict.fromkeys(range(1, 20), 100))
    ramping = {day: 10 * day for day in range(10, 19)} | {19: 5}
    new = satellite("b", joined=datetime(2026, 11, 10, tzinfo=UTC), egress=ramping)
    verdict = daily_drop({"a": steady, "b": new}, OLD, NOW, Metric.EGRESS)
    assert verdict is not None
    assert verdict.drop_percent == pytest.approx(0)
    young = NOW - timedelta(days=20)
    assert daily_drop({"a": steady}, young, NOW, Metric.EGRESS) is None
    assert daily_drop({"a": steady}, None, NOW, Metric.EGRESS) is None
