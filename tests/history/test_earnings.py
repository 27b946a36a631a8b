"""Earnings analysis on real captured payouts and on the simulator's paystubs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from types import MappingProxyType

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import pytest

from custom_components.storj_monitor.api import NodeSnapshot, SatellitesSummary, StorjNodeClient
from custom_components.storj_monitor.api._json import decode_json
from custom_components.storj_monitor.api.parsers import (
    parse_dashboard,
    parse_estimated_payout,
    parse_satellite,
)
from custom_components.storj_monitor.earnings import paystub_earned, summarize_earnings
from storj_simulator import SimulatedNode, run_simulator
from storj_simulator.calendar import period
from storj_simulator.payout_bodies import all_paystubs

from .common import API_FIXTURES, START, poll


def _capture(version: str, kind: str) -> object:
    path = API_FIXTURES / f"storj-exporter_v{version}_{kind}.json"
    assert path.is_file(), f"fixture missing: {path}"
    return decode_json(str(path), path.read_bytes())


def _captured_snapshot(version: str) -> NodeSnapshot:
    """A real node's dashboard, payout and first satellite.

    `/api/sno/satellites` was not captured: its average stored and join date are unknown.
    """
    dashboard = parse_dashboard(_capture(version, "sno"), "GET /api/sno/")
    payout = parse_estimated_payout(_capture(version, "payout"), "GET estimated-payout")
    satellite = parse_satellite(_capture(version, "satellite"), "GET /api/sno/satellite")
    summary = SatellitesSummary(
        storage_daily=(),
        bandwidth_daily=(),
        storage_summary_byte_hours=0.0,
        average_usage_bytes=None,
        bandwidth_summary=0,
        egress_summary=0,
        ingress_summary=0,
        earliest_joined_at=None,
        scores=(),
    )
    assert dashboard.last_pinged is not None
    return NodeSnapshot(
        dashboard=dashboard,
        summary=summary,
        payout=payout,
        satellites=MappingProxyType({satellite.id: satellite}),
        fetched_at=dashboard.last_pinged,
    )


@pytest.mark.parametrize(
    ("version", "projected", "expected", "per_tb", "last_period", "last_estimate"),
    [
        ("1.37.1", "9.13", "9.38", "3.00", "2021-08", "10.7816"),
        ("1.48.2", "8.33", "8.31", "2.34", "2022-01", "8.4377"),
        ("1.55.1", "9.07", "9.04", "2.96", "2022-05", "10.6587"),
        ("1.71.2", "5.44", "5.41", "1.82", "2023-01", "6.5449"),
    ],
)
def test_real_captures(
    version: str,
    projected: str,
    expected: str,
    per_tb: str,
    last_period: str,
    last_estimate: str,
) -> None:
    """At the moment of each capture: the projection agrees with the node's own within 3 %."""
    snapshot = _captured_snapshot(version)

    summary = summarize_earnings(snapshot, None, None, snapshot.fetched_at)

    assert summary.projected_payout == Decimal(projected)
    assert summary.node_expectation == Decimal(expected)
    assert summary.projection_difference_percent is not None
    assert abs(summary.projection_difference_percent) < 3
    assert summary.earnings_per_tb_month == Decimal(per_tb)
    assert summary.last_month_period == last_period
    assert summary.last_month_estimate == Decimal(last_estimate)
    # No paystubs, no history: nothing to compare with, no lifetime totals.
    assert summary.last_month_earned is None
    assert summary.last_month_estimate_accuracy_percent is None
    assert summary.lifetime_earned is None
    assert summary.lifetime_paid is None


def test_real_capture_notes() -> None:
    """The note says whether, and why, the node's expectation differs."""
    agreeing = _captured_snapshot("1.71.2")
    differing = _captured_snapshot("1.37.1")

    assert summarize_earnings(agreeing, None, None, agreeing.fetched_at).projection_note == (
        "Agrees with the node's own expectation of $5.41 (within 1 %)."
    )
    assert summarize_earnings(differing, None, None, differing.fetched_at).projection_note == (
        "2.7 % below the node's own expectation of $9.38. Both extrapolate the month so far "
        "to its end; the node does it for each satellite on its own, in whole cents."
    )
    month_start = datetime(2023, 2, 1, tzinfo=UTC)
    assert summarize_earnings(agreeing, None, None, month_start).projection_note == (
        "No projection yet: the month has only just begun."
    )
    before_v1_21 = replace(
        agreeing, payout=replace(agreeing.payout, current_month_expectations=None)
    )
    old = summarize_earnings(before_v1_21, None, None, agreeing.fetched_at)
    assert old.projection_note == (
        "The node does not report its own expectation (versions before 1.21)."
    )
    assert old.projected_payout == Decimal("5.44")
    assert old.projection_difference_percent is None


def test_earnings_per_tb_of_a_new_node() -> None:
    """No storage paid last month: this month's ratio; nothing stored at all: unknown."""
    snapshot = _captured_snapshot("1.71.2")
    payout = snapshot.payout
    new = replace(payout, previous_month=replace(payout.previous_month, disk_space_byte_months=0))
    empty = replace(new, current_month=replace(payout.current_month, disk_space_byte_months=0))

    first_month = summarize_earnings(replace(snapshot, payout=new), None, None, START)
    nothing = summarize_earnings(replace(snapshot, payout=empty), None, None, START)

    # $1.6449 gross over 0.9356 TB-months.
    assert first_month.earnings_per_tb_month == Decimal("1.76")
    assert nothing.earnings_per_tb_month is None


async def test_simulated_node_with_all_paystubs(
    hass: HomeAssistant, node: SimulatedNode, client: StorjNodeClient
) -> None:
    """A 14-month-old node: last month's paystubs against the estimate, lifetime totals."""
    data = await poll(client)
    assert data.history is not None
    periods = data.history.periods
    every_paystub = await client.async_get_paystubs_range(periods[0], periods[-1])

    summary = summarize_earnings(data.snapshot, data.history, every_paystub, START)

    truth = all_paystubs(node.state())
    october = [stub for stub in truth if period(stub.period_start) == "2026-10"]
    assert summary.lifetime_earned == Decimal(sum(s.earned for s in truth)) / 10**6
    assert summary.lifetime_paid == Decimal(sum(s.paid for s in truth)) / 10**6
    assert summary.lifetime_earned == Decimal("24.702541")
    assert summary.lifetime_paid == Decimal("19.800403")
    assert summary.last_month_period == "2026-10"
    assert summary.last_month_earned == Decimal(sum(s.earned for s in october)) / 10**6
    assert summary.last_month_earned == Decimal("3.005123")
    assert summary.last_month_estimate == Decimal("3.0051")
    assert summary.last_month_estimate_error_percent == pytest.approx(-0.0008, abs=0.0001)
    assert summary.last_month_estimate_accuracy_percent == pytest.approx(99.9992, abs=0.0001)
    # Storage tallies lag (v1.162 projects today, one day's tally is missing): the node
    # undercounts storage, this projection pays the month's average for the whole month.
    assert summary.projected_payout == Decimal("3.09")
    assert summary.node_expectation == Decimal("2.89")
    assert summary.projection_note == (
        "6.9 % above the node's own expectation of $2.89: the node extrapolates the storage "
        "the satellites have reported so far (13.3 of 14.5 days) as if it covered all that "
        "time; this projection pays the average stored (1.61 TB) for the whole month."
    )
    assert summary.earnings_per_tb_month == Decimal("1.93")
    # Without every paystub (14 periods, the poll brings 12) the lifetime is unknown.
    partial = summarize_earnings(data.snapshot, data.history, None, START)
    assert partial.lifetime_earned is None
    assert partial.last_month_earned == summary.last_month_earned


@pytest.fixture
async def young_node(freezer: FrozenDateTimeFactory) -> AsyncIterator[SimulatedNode]:
    """The simulator's second node: 5 months old, half its earnings held back."""
    freezer.move_to(START)
    async with run_simulator(nodes=2) as cluster:
        yield cluster.nodes[1]


async def test_young_node_recent_paystubs_are_all_of_them(
    hass: HomeAssistant, young_node: SimulatedNode
) -> None:
    """When the polled paystubs cover every period, lifetime totals need no extra request."""
    client = StorjNodeClient(async_get_clientsession(hass), young_node.url)
    data = await poll(client)
    assert data.history is not None

    summary = summarize_earnings(data.snapshot, data.history, None, START)

    truth = all_paystubs(young_node.state())
    assert len(data.history.periods) == 5
    assert summary.lifetime_earned == Decimal(sum(s.earned for s in truth)) / 10**6
    assert summary.lifetime_paid == Decimal(sum(s.paid for s in truth)) / 10**6
    assert summary.lifetime_paid < summary.lifetime_earned  # held back
    october = [stub for stub in truth if period(stub.period_start) == "2026-10"]
    assert all(stub.held_percent == 50 for stub in october)
    assert summary.last_month_paid == Decimal(sum(s.paid for s in october)) / 10**6
    assert summary.last_month_paid == pytest.approx(summary.last_month_earned / 2, abs=1e-5)


async def test_surge_counts_in_earnings(hass: HomeAssistant, client: StorjNodeClient) -> None:
    """Paystubs of 2019-2020 carried surges (e.g. 200 %); 0 on the wire means none."""
    stub = (await poll(client)).history.paystubs[0]  # type: ignore[union-attr]

    assert paystub_earned(replace(stub, surge_percent=0)) == stub.earned
    assert paystub_earned(replace(stub, surge_percent=100)) == stub.earned
    assert paystub_earned(replace(stub, surge_percent=200)) == 2 * stub.earned
