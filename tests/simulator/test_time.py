"""State as a function of time: growth, accrual, month rollover, publication of paystubs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiohttp
from freezegun.api import FrozenDateTimeFactory

from storj_simulator import SimulatedCluster, run_simulator

from .conftest import START, get_json

US1 = "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S"


async def test_same_moment_same_answer(
    cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """Without a clock change nothing moves: no timers, no hidden state."""
    for path in ("/api/sno/", "/api/sno/satellites", "/api/heldamount/held-history"):
        url = cluster.nodes[0].url + path
        assert await get_json(session, url) == await get_json(session, url)


async def test_seed_makes_clusters_reproducible(freezer: FrozenDateTimeFactory) -> None:
    """Equal seeds give equal nodes; another seed other ones."""
    freezer.move_to(START)
    async with run_simulator(1, seed=7) as first, run_simulator(1, seed=7) as second:
        assert first.nodes[0].node_id == second.nodes[0].node_id
        assert first.nodes[0].state().disk == second.nodes[0].state().disk
    async with run_simulator(1, seed=8) as other:
        assert other.nodes[0].node_id != first.nodes[0].node_id


async def test_disk_fills_and_bandwidth_accrues(
    cluster: SimulatedCluster, session: aiohttp.ClientSession, freezer: FrozenDateTimeFactory
) -> None:
    """A day later the disk holds fill_rate more bytes and the month's traffic has grown."""
    node = cluster.nodes[0]
    profile = node.profile
    before = await get_json(session, f"{node.url}/api/sno/")
    payout_before = await get_json(session, f"{node.url}/api/sno/estimated-payout")
    freezer.tick(timedelta(days=1))
    after = await get_json(session, f"{node.url}/api/sno/")
    payout_after = await get_json(session, f"{node.url}/api/sno/estimated-payout")
    grown = after["diskSpace"]["used"] - before["diskSpace"]["used"]
    expected = profile.fill_rate_bytes_per_day * (
        1 + profile.trash_ratio + profile.reclaimable_ratio
    )
    assert abs(grown - expected) < 10
    assert after["diskSpace"]["available"] == before["diskSpace"]["available"] - grown
    assert after["bandwidth"]["used"] > before["bandwidth"]["used"]
    month_before, month_after = payout_before["currentMonth"], payout_after["currentMonth"]
    assert month_after["egressBandwidth"] > month_before["egressBandwidth"]
    assert month_after["payout"] > month_before["payout"]
    assert payout_after["previousMonth"] == payout_before["previousMonth"]


async def test_custom_fill_rate(freezer: FrozenDateTimeFactory) -> None:
    """`fill_rate_bytes_per_day` sets the growth; 0 keeps the disk still."""
    freezer.move_to(START)
    async with run_simulator(1, fill_rate_bytes_per_day=0) as still:
        before = still.nodes[0].state().disk
        freezer.tick(timedelta(days=3))
        assert still.nodes[0].state().disk == before


async def test_month_rollover(
    freezer: FrozenDateTimeFactory, session: aiohttp.ClientSession
) -> None:
    """Crossing midnight of the 1st starts new month-to-date series and totals."""
    freezer.move_to(datetime(2026, 3, 31, 23, 0, tzinfo=UTC))
    async with run_simulator(1) as cluster:
        url = cluster.nodes[0].url
        march = await get_json(session, f"{url}/api/sno/satellites")
        march_payout = await get_json(session, f"{url}/api/sno/estimated-payout")
        freezer.tick(timedelta(hours=2))
        april = await get_json(session, f"{url}/api/sno/satellites")
        april_payout = await get_json(session, f"{url}/api/sno/estimated-payout")
        satellite = await get_json(session, f"{url}/api/sno/satellite/{US1}")
    assert len(march["bandwidthDaily"]) == 31
    assert [row["intervalStart"] for row in april["bandwidthDaily"]] == ["2026-04-01T00:00:00Z"]
    assert [row["intervalStart"] for row in satellite["storageDaily"]] == ["2026-04-01T00:00:00Z"]
    assert satellite["storageDaily"][0]["calculated"] is True
    assert april["bandwidthSummary"] < march["bandwidthSummary"] / 20
    # March's estimate becomes "previous month" (now with the last day complete).
    previous = april_payout["previousMonth"]
    assert previous["egressBandwidth"] > march_payout["currentMonth"]["egressBandwidth"]
    assert previous["diskSpace"] > march_payout["currentMonth"]["diskSpace"]


async def test_paystubs_appear_when_published(
    cluster: SimulatedCluster, session: aiohttp.ClientSession, freezer: FrozenDateTimeFactory
) -> None:
    """A month's paystub is published on the 15th of the next month."""
    url = cluster.nodes[0].url
    before = await get_json(session, f"{url}/api/heldamount/periods")
    assert before[-1] == "2026-01"
    assert await get_json(session, f"{url}/api/heldamount/paystubs/2026-02") is None
    freezer.move_to(datetime(2026, 3, 15, 0, 0, tzinfo=UTC))
    after = await get_json(session, f"{url}/api/heldamount/periods")
    assert after == [*before, "2026-02"]
    stubs = await get_json(session, f"{url}/api/heldamount/paystubs/2026-02")
    assert len(stubs) == 4
    # Node 0 joined 14 months back: months 1-9 held back, half of it returned at month 16.
    held = await get_json(session, f"{url}/api/heldamount/held-history")
    assert all(row["holdForThirdPeriod"] > 0 for row in held)
    assert all(row["totalDisposed"] == 0 for row in held)


async def test_held_amount_disposed_at_month_16(
    freezer: FrozenDateTimeFactory, session: aiohttp.ClientSession
) -> None:
    """Half of the total held is paid back in the paystub of the 16th month."""
    freezer.move_to(START)
    async with run_simulator(1) as cluster:
        freezer.move_to(datetime(2026, 6, 20, tzinfo=UTC))
        url = cluster.nodes[0].url
        history = await get_json(session, f"{url}/api/heldamount/held-history")
        stubs = await get_json(session, f"{url}/api/heldamount/paystubs/2020-01/2030-12?id={US1}")
    [us1] = [row for row in history if row["satelliteID"] == US1]
    disposed = [stub for stub in stubs if stub["disposed"]]
    assert len(disposed) == 1
    assert disposed[0]["disposed"] == us1["totalHeld"] // 2 == us1["totalDisposed"]
