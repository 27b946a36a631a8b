"""The project's API client parses every endpoint the simulator serves."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from custom_components.storj_monitor.api import StorjHTTPError, StorjNodeClient
from storj_simulator import SimulatedCluster, run_simulator

from .conftest import START


@pytest.fixture(params=["1.162", "1.142", "1.71"])
async def node_cluster(
    request: pytest.FixtureRequest, freezer: FrozenDateTimeFactory
) -> AsyncIterator[SimulatedCluster]:
    """A young node (held back, notifications) of each API version."""
    freezer.move_to(START)
    async with run_simulator(2, api_version=request.param) as running:
        await running.nodes[1].set_scenario("suspended")
        running.nodes[1].add_notification(type=3, title="Suspended")  # none from `suspended`
        yield running


async def test_client_parses_everything(
    node_cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """Polls, history and every single-endpoint call succeed with matching values."""
    node = node_cluster.nodes[1]
    client = StorjNodeClient(session, node.url)
    snapshot = await client.async_poll()
    assert snapshot.dashboard.node_id == node.node_id
    assert len(snapshot.satellites) == 4
    first = snapshot.dashboard.satellites[0]
    assert first.suspended_at == START
    assert snapshot.summary.bandwidth_summary == snapshot.dashboard.bandwidth_used
    details = snapshot.satellites[first.id]
    assert details.suspension_score == pytest.approx(0.55)
    assert details.storage_daily
    history = await client.async_poll_slow(snapshot.dashboard)
    assert history.periods[-1] == "2026-01"
    assert len(history.paystubs) == 4 * len(history.periods)
    assert len(history.payout_history) == 4
    assert len(history.held_history) == 4
    assert bool(history.pricing) == (node.api.name != "1.71")
    payout = await client.async_get_estimated_payout(first.id)
    assert payout.current_month.held_rate_percent == 50
    page = await client.async_get_notifications(limit=5)
    assert page.unread_count == 1
    await client.async_mark_notification_read(page.notifications[0].id)
    await client.async_mark_all_notifications_read()
    assert (await client.async_get_notifications()).unread_count == 0
    assert await client.async_get_periods(first.id) == history.periods
    assert len(await client.async_get_paystubs(history.periods[0])) == 4
    assert await client.async_get_held_history() == history.held_history


async def test_client_sees_disqualification_error(
    node_cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """The 500 for a disqualified satellite's estimate reaches the client as such."""
    node = node_cluster.nodes[0]
    await node.set_scenario("disqualified")
    client = StorjNodeClient(session, node.url)
    with pytest.raises(StorjHTTPError):
        await client.async_get_estimated_payout(node.satellites[0].satellite_id)
