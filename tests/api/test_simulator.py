"""The client against the project's node simulator (`storj_simulator`), every API profile."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from custom_components.storj_monitor.api import (
    QuicStatus,
    StorjConnectionError,
    StorjHTTPError,
    StorjInvalidResponseError,
    StorjNodeClient,
    StorjTimeoutError,
)
from storj_simulator import API_VERSIONS, SimulatedNode, run_simulator

START = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)
ACTIVE = {"us1", "eu1", "ap1", "saltlake"}


@pytest.fixture(params=sorted(API_VERSIONS))
async def simulated(
    request: pytest.FixtureRequest, freezer: FrozenDateTimeFactory
) -> AsyncIterator[SimulatedNode]:
    """One simulated node per API profile, at a frozen instant."""
    freezer.move_to(START)
    async with run_simulator(1, api_version=request.param) as cluster:
        yield cluster.nodes[0]


@pytest.fixture
def sim_client(session: aiohttp.ClientSession, simulated: SimulatedNode) -> StorjNodeClient:
    """A client of the simulated node."""
    return StorjNodeClient(session, simulated.url, request_timeout=5)


async def test_polls(simulated: SimulatedNode, sim_client: StorjNodeClient) -> None:
    """Both polls parse every profile; version-dependent fields follow the profile."""
    profile = simulated.api

    snapshot = await sim_client.async_poll()
    history = await sim_client.async_poll_slow(snapshot.dashboard)

    dashboard = snapshot.dashboard
    assert dashboard.node_id == simulated.node_id
    assert dashboard.version == profile.version
    assert dashboard.disk.is_new_meaning is profile.disk_space_v143
    assert 0 < dashboard.disk.free < dashboard.disk.allocated_total
    assert dashboard.disk.used_percent is not None
    assert 0 < dashboard.disk.used_percent < 100
    assert dashboard.uptime(START) > dashboard.uptime(dashboard.started_at)
    assert {sat.name for sat in dashboard.satellites} == ACTIVE
    assert all(
        (sat.current_storage_used is not None) is profile.current_storage_used
        for sat in dashboard.satellites
    )
    assert all((sat.vetted_at is not None) is profile.vetted_at for sat in dashboard.satellites)
    assert set(snapshot.satellites) == {sat.id for sat in dashboard.satellites}
    for details in snapshot.satellites.values():
        assert details.name in ACTIVE
        assert 0.6 <= details.online_score <= 1
        assert details.storage_daily
        assert all(
            (stamp.calculated is not None) is profile.normalized_storage_daily
            for stamp in details.storage_daily
        )
    payout = snapshot.payout
    assert payout.current_month_expectations is not None
    assert Decimal(0) < payout.current_month_expectations < Decimal(1000)  # dollars, not cents
    assert payout.current_month.payout <= payout.current_month.gross

    assert len(history.pricing) == (len(dashboard.satellites) if profile.pricing_endpoint else 0)
    assert all(pricing.egress_per_tb == Decimal(2) for pricing in history.pricing.values())
    assert history.periods
    assert history.payout_history_period == history.periods[-1]
    assert {stub.period for stub in history.paystubs} <= set(history.periods[-12:])
    assert all(stub.paid < Decimal(1000) for stub in history.paystubs)  # dollars, not micro-USD
    assert {row.name for row in history.payout_history} <= ACTIVE


async def test_notifications(simulated: SimulatedNode, sim_client: StorjNodeClient) -> None:
    """The notification list and both mark-read endpoints."""
    empty = await sim_client.async_get_notifications(limit=5)
    await simulated.set_scenario("old_version")
    page = await sim_client.async_get_notifications(limit=5)
    await sim_client.async_mark_all_notifications_read()
    after = await sim_client.async_get_notifications(limit=5)

    # No notifications: the node answers a zero Page (storagenode/notifications/service.go:91).
    assert (empty.notifications, empty.limit, empty.total_count) == ((), 0, 0)
    assert page.limit == 5
    assert len(page.notifications) == page.total_count == page.unread_count == 1
    assert after.unread_count == 0
    assert after.total_count == page.total_count


async def test_scenario_offline(simulated: SimulatedNode, sim_client: StorjNodeClient) -> None:
    """The node's port is closed."""
    await simulated.set_scenario("offline")

    with pytest.raises(StorjConnectionError):
        await sim_client.async_poll()


async def test_scenario_slow(session: aiohttp.ClientSession) -> None:
    """A timeout, then normal service once the node is fast again.

    Real time on purpose: frozen time stops asyncio's clock, so no timeout would fire.
    """
    async with run_simulator(1) as cluster:
        node = cluster.nodes[0]
        client = StorjNodeClient(session, node.url, request_timeout=0.05)
        await node.set_scenario("slow", delay=0.3)

        with pytest.raises(StorjTimeoutError):
            await client.async_get_dashboard()

        await node.set_scenario("slow", delay=0.0)
        assert (await client.async_get_dashboard()).node_id == node.node_id


@pytest.mark.parametrize(("kind", "detail"), [("json", "not valid JSON"), ("html", "HTML page")])
async def test_scenario_garbage(
    simulated: SimulatedNode, sim_client: StorjNodeClient, kind: str, detail: str
) -> None:
    """Truncated JSON, or the HTML page where JSON belongs."""
    await simulated.set_scenario("garbage", kind=kind)

    with pytest.raises(StorjInvalidResponseError, match=detail):
        await sim_client.async_poll()


async def test_scenario_disqualified(simulated: SimulatedNode, sim_client: StorjNodeClient) -> None:
    """The dashboard shows the disqualification; that satellite's estimate is an HTTP 500."""
    await simulated.set_scenario("disqualified")

    snapshot = await sim_client.async_poll()

    (disqualified,) = [sat for sat in snapshot.dashboard.satellites if sat.is_disqualified]
    with pytest.raises(StorjHTTPError) as err:
        await sim_client.async_get_estimated_payout(disqualified.id)
    assert err.value.status == 500
    assert "disqualified" in err.value.message


async def test_scenario_suspended(simulated: SimulatedNode, sim_client: StorjNodeClient) -> None:
    """A suspension shows on the dashboard and as a score below 0.6."""
    await simulated.set_scenario("suspended", score=0.55)

    snapshot = await sim_client.async_poll()

    (suspended,) = [sat for sat in snapshot.dashboard.satellites if sat.is_suspended]
    assert snapshot.satellites[suspended.id].suspension_score == pytest.approx(0.55)


async def test_scenario_disk_nearly_full(
    simulated: SimulatedNode, sim_client: StorjNodeClient
) -> None:
    """Used space near the allocation whatever the diskSpace meaning."""
    await simulated.set_scenario("disk_nearly_full", fraction=0.97)

    disk = (await sim_client.async_get_dashboard()).disk

    assert disk.used_percent == pytest.approx(97, abs=1)
    assert disk.free == pytest.approx(disk.allocated_total * 0.03, rel=0.4)


async def test_scenario_quic_misconfigured(
    simulated: SimulatedNode, sim_client: StorjNodeClient
) -> None:
    """Every profile (v1.67+) reports the QUIC state."""
    await simulated.set_scenario("quic_misconfigured")

    dashboard = await sim_client.async_get_dashboard()

    assert dashboard.quic_status is QuicStatus.MISCONFIGURED
