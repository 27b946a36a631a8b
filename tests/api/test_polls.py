"""`async_poll` / `async_poll_slow`: request counts, concurrency bound, error handling."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal

import aiohttp
import pytest

from custom_components.storj_monitor.api import (
    StorjHTTPError,
    StorjInvalidResponseError,
    StorjNodeClient,
)

from . import documents as doc
from .fake_node import FakeNode

SATELLITES = {
    doc.US1: "us1.storj.io:7777",
    doc.EU1: "eu1.storj.io:7777",
    doc.AP1: "ap1.storj.io:7777",
    doc.SALTLAKE: "saltlake.tardigrade.io:7777",
}


def _serve_fast(node: FakeNode) -> None:
    node.json("/api/sno/", doc.dashboard_v1_162())
    node.json("/api/sno/satellites", doc.satellites_summary())
    node.json("/api/sno/estimated-payout", doc.fixture_json("1.71.2", "payout"))
    for sat_id, url in SATELLITES.items():
        node.json(f"/api/sno/satellite/{sat_id}", doc.satellite_v1_162(sat_id, url))


def _serve_slow(node: FakeNode, periods: list[str]) -> None:
    node.json("/api/heldamount/periods", periods)
    node.json("/api/heldamount/held-history", doc.held_history())
    node.json(f"/api/heldamount/paystubs/{periods[0]}/2026-07", [doc.paystub()])
    node.json("/api/heldamount/payout-history/2026-07", doc.payout_history())
    for sat_id in SATELLITES:
        node.json(f"/api/sno/satellites/{sat_id}/pricing", doc.pricing(sat_id))


async def test_poll_gathers_everything(client: StorjNodeClient, node: FakeNode) -> None:
    """3 + N requests: dashboard, summary, payout and one per dashboard satellite."""
    _serve_fast(node)
    before = datetime.now(UTC)

    snapshot = await client.async_poll()

    assert sorted(node.requests) == sorted(
        ["GET /api/sno/", "GET /api/sno/satellites", "GET /api/sno/estimated-payout"]
        + [f"GET /api/sno/satellite/{sat_id}" for sat_id in SATELLITES]
    )
    assert node.requests[0] == "GET /api/sno/"  # satellites are known only after it
    assert snapshot.dashboard.node_id == doc.NODE_ID
    assert snapshot.summary.egress_summary == 100
    assert snapshot.payout.current_month_expectations == Decimal("5.41")
    assert list(snapshot.satellites) == list(SATELLITES)  # dashboard order
    assert {sat.name for sat in snapshot.satellites.values()} == {"us1", "eu1", "ap1", "saltlake"}
    assert snapshot.satellites[doc.EU1].url == "eu1.storj.io:7777"
    assert before <= snapshot.fetched_at <= datetime.now(UTC)


async def test_poll_runs_requests_concurrently(
    session: aiohttp.ClientSession, node: FakeNode
) -> None:
    """Dashboard, summary and payout are in flight together (the server holds them until so)."""
    _serve_fast(node)
    node.hold_until(3)
    client = StorjNodeClient(session, node.url, max_concurrency=8)

    await client.async_poll()

    assert node.max_in_flight >= 3


@pytest.mark.parametrize("limit", [1, 2, 3])
async def test_poll_respects_max_concurrency(
    session: aiohttp.ClientSession, node: FakeNode, limit: int
) -> None:
    """Never more than `max_concurrency` requests at the node, and that many are used.

    (At most 3 can be concurrent before the dashboard has named the satellites.)
    """
    _serve_fast(node)
    node.hold_until(limit)
    client = StorjNodeClient(session, node.url, max_concurrency=limit)

    await client.async_poll()

    assert node.max_in_flight == limit
    assert len(node.requests) == 3 + len(SATELLITES)


async def test_max_concurrency_must_be_positive(session: aiohttp.ClientSession) -> None:
    """A zero bound would deadlock every request."""
    with pytest.raises(ValueError, match="max_concurrency"):
        StorjNodeClient(session, "127.0.0.1", max_concurrency=0)


async def test_poll_failure_is_unwrapped_and_cancels_siblings(
    client: StorjNodeClient, node: FakeNode
) -> None:
    """One failing satellite fails the poll with its own StorjError, not an ExceptionGroup."""
    _serve_fast(node)
    node.json(
        f"/api/sno/satellite/{doc.AP1}",
        {"error": "consoleapi storagenode: console: trust: satellite is untrusted"},
        status=404,
    )

    with pytest.raises(StorjHTTPError, match="satellite is untrusted") as err:
        await client.async_poll()
    assert err.value.endpoint == f"GET /api/sno/satellite/{doc.AP1}"


async def test_poll_of_a_node_without_satellites(client: StorjNodeClient, node: FakeNode) -> None:
    """A fresh node: `satellites: null` means no per-satellite requests."""
    _serve_fast(node)
    body = doc.dashboard_v1_162()
    body["satellites"] = None
    node.json("/api/sno/", body)

    snapshot = await client.async_poll()

    assert snapshot.satellites == {}
    assert len(node.requests) == 3


async def test_poll_slow(client: StorjNodeClient, node: FakeNode) -> None:
    """Periods first, then paystubs (last 12 periods), held history, payout history, pricing."""
    periods = [f"2025-{month:02}" for month in range(1, 13)] + ["2026-06", "2026-07"]
    _serve_slow(node, periods[-12:])
    node.json("/api/heldamount/periods", periods)
    node.json("/api/sno/", doc.dashboard_v1_162())

    history = await client.async_poll_slow()

    assert Counter(node.requests) == Counter(
        [
            "GET /api/heldamount/periods",
            "GET /api/sno/",
            "GET /api/heldamount/held-history",
            "GET /api/heldamount/paystubs/2025-03/2026-07",
            "GET /api/heldamount/payout-history/2026-07",
        ]
        + [f"GET /api/sno/satellites/{sat_id}/pricing" for sat_id in SATELLITES]
    )
    assert history.periods == tuple(periods)
    assert history.paystubs[0].paid == Decimal("6.018547")
    assert history.held_history[1].name == "stefan-benten"
    assert history.payout_history_period == "2026-07"
    assert history.payout_history[0].receipt == "zksync-era:0x0123abcd"
    assert list(history.pricing) == list(SATELLITES)
    assert history.pricing[doc.AP1].egress_per_tb == Decimal(2)
    assert history.fetched_at.tzinfo is UTC


async def test_poll_slow_reuses_the_dashboard(client: StorjNodeClient, node: FakeNode) -> None:
    """Passing the latest dashboard saves a request; `months` limits the paystub range."""
    _serve_slow(node, ["2026-06", "2026-07"])
    node.json("/api/heldamount/paystubs/2026-07/2026-07", [doc.paystub()])
    node.json("/api/sno/", doc.dashboard_v1_162())
    dashboard = await client.async_get_dashboard()
    node.requests.clear()

    history = await client.async_poll_slow(dashboard, months=1)

    assert "GET /api/sno/" not in node.requests
    assert "GET /api/heldamount/paystubs/2026-07/2026-07" in node.requests
    assert len(node.requests) == 4 + len(SATELLITES)
    assert len(history.paystubs) == 1


async def test_poll_slow_needs_at_least_one_month(client: StorjNodeClient, node: FakeNode) -> None:
    """`months=0` would silently mean "all periods" with slicing: refused."""
    with pytest.raises(ValueError, match="months"):
        await client.async_poll_slow(months=0)
    assert node.requests == []


async def test_poll_slow_without_paystubs(client: StorjNodeClient, node: FakeNode) -> None:
    """A node in its first month has no periods: no paystub or payout-history requests."""
    node.json("/api/heldamount/periods", None)
    node.json("/api/heldamount/held-history", None)
    node.json("/api/sno/", doc.dashboard_v1_162())
    for sat_id in SATELLITES:
        node.json(f"/api/sno/satellites/{sat_id}/pricing", doc.pricing(sat_id))

    history = await client.async_poll_slow()

    assert (history.periods, history.paystubs, history.payout_history) == ((), (), ())
    assert history.payout_history_period is None
    assert history.held_history == ()
    assert len(node.requests) == 3 + len(SATELLITES)


@pytest.mark.parametrize(("version", "pricing_requests"), [("1.78.9", 0), ("1.79.0", 6)])
async def test_poll_slow_pricing_needs_v1_79(
    client: StorjNodeClient, node: FakeNode, version: str, pricing_requests: int
) -> None:
    """Older nodes answer /pricing with HTML, so it is not asked for."""
    _serve_slow(node, ["2026-07"])
    dashboard = doc.fixture_json("1.71.2", "sno") | {"version": version}
    node.json("/api/sno/", dashboard)
    for sat in dashboard["satellites"]:
        node.json(f"/api/sno/satellites/{sat['id']}/pricing", doc.pricing(sat["id"]))

    history = await client.async_poll_slow()

    assert len(history.pricing) == pricing_requests
    assert sum("/pricing" in request for request in node.requests) == pricing_requests


async def test_poll_slow_pricing_with_unparsable_version(
    client: StorjNodeClient, node: FakeNode
) -> None:
    """A development build's version string does not disable pricing."""
    _serve_slow(node, ["2026-07"])
    node.json("/api/sno/", doc.dashboard_v1_162() | {"version": "dev-build"})

    history = await client.async_poll_slow()

    assert len(history.pricing) == len(SATELLITES)


async def test_poll_slow_failure(client: StorjNodeClient, node: FakeNode) -> None:
    """A failing part fails the slow poll with that part's error."""
    _serve_slow(node, ["2026-07"])
    node.json("/api/sno/", doc.dashboard_v1_162())
    node.text("/api/heldamount/held-history", "[{")

    with pytest.raises(StorjInvalidResponseError, match="held-history: body is not valid JSON"):
        await client.async_poll_slow()
