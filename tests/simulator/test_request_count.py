"""The per-node request counter the fleet benchmark reads from the admin API."""

from __future__ import annotations

import aiohttp

from storj_simulator import SimulatedCluster

from .conftest import fetch


async def test_requests_counted_per_node(
    cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """Every answered request counts on its own node, API or not; admin calls do not."""
    node0, node1 = cluster.nodes
    for path in ("/api/sno/", "/api/sno/satellites", "/no/such/page"):
        await fetch(session, f"{node0.url}{path}")
    await fetch(session, f"{node1.url}/api/sno")  # redirected, still answered
    summaries = (await fetch(session, f"{cluster.admin_url}/admin/nodes")).json()
    assert [summary["requests"] for summary in summaries] == [3, 1]
    one = (await fetch(session, f"{cluster.admin_url}/admin/nodes/0")).json()
    assert one["requests"] == 3
