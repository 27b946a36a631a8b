"""The admin API and satellite trust-list changes."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from storj_simulator import SimulatedCluster
from storj_simulator.scenarios import Scenario

from .conftest import START, fetch, get_json

US1 = "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S"
US2 = "12tRQrMTWUWwzwGh18i7Fqs67kmdhH9t6aToeiwbo5mfS2rUmo"


async def test_list_nodes(cluster: SimulatedCluster, session: aiohttp.ClientSession) -> None:
    """Every node with its URL, scenario and satellites; nodes listen on separate ports."""
    nodes = (await fetch(session, f"{cluster.admin_url}/admin/nodes")).json()
    assert [node["url"] for node in nodes] == [node.url for node in cluster.nodes]
    assert len({node.port for node in cluster.nodes} | {cluster.admin_port}) == 3
    assert nodes[0]["scenario"] == "healthy"
    assert nodes[0]["api_version"] == "1.162"
    assert nodes[0]["listening"] is True
    assert nodes[0]["satellites"][0]["address"] == "us1.storj.io:7777"
    one = (await fetch(session, f"{cluster.admin_url}/admin/nodes/1")).json()
    assert one["node_id"] == cluster.nodes[1].node_id
    assert (await fetch(session, f"{cluster.admin_url}/admin/nodes/9")).status == 404
    scenarios = (await fetch(session, f"{cluster.admin_url}/admin/scenarios")).json()
    assert scenarios["slow"] == {"delay": 5.0}
    assert set(scenarios) == set(Scenario)  # every scenario, whoever adds one
    assert scenarios["anomaly"] == {"metric": "ingress", "factor": 0.4}


async def test_switch_scenario_over_http(
    cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """POST a scenario with parameters; offline and back through the admin port."""
    admin = f"{cluster.admin_url}/admin/nodes/0"
    reply = await fetch(
        session, f"{admin}/scenario", "POST", json={"scenario": "outdated", "version": "1.1.1"}
    )
    assert reply.status == 200
    assert reply.json()["params"] == {"version": "1.1.1"}
    assert (await get_json(session, f"{cluster.nodes[0].url}/api/sno/"))["version"] == "1.1.1"
    await fetch(session, f"{admin}/scenario", "POST", json={"scenario": "offline"})
    with pytest.raises(aiohttp.ClientConnectorError):
        await fetch(session, f"{cluster.nodes[0].url}/api/sno/")
    await fetch(session, f"{admin}/scenario", "POST", json={"scenario": "healthy"})
    assert (await get_json(session, f"{cluster.nodes[0].url}/api/sno/"))["upToDate"] is True


@pytest.mark.parametrize(
    "body",
    [{"scenario": "nope"}, {}, {"scenario": "slow", "delay": "soon"}, ["healthy"]],
)
async def test_bad_scenario_requests(
    cluster: SimulatedCluster, session: aiohttp.ClientSession, body: object
) -> None:
    """Malformed requests are 400 and change nothing."""
    reply = await fetch(session, f"{cluster.admin_url}/admin/nodes/0/scenario", "POST", json=body)
    assert reply.status == 400
    assert cluster.nodes[0].scenario.scenario == "healthy"


async def test_api_version_over_http(
    cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """Switching the served release changes the shapes at once."""
    admin = f"{cluster.admin_url}/admin/nodes/0/api-version"
    reply = await fetch(session, admin, "POST", json={"api_version": "1.71"})
    assert reply.json()["api_version"] == "1.71"
    dashboard = await get_json(session, f"{cluster.nodes[0].url}/api/sno/")
    assert "currentStorageUsed" in dashboard["satellites"][0]
    assert "allocated" not in dashboard["diskSpace"]
    assert (await fetch(session, admin, "POST", json={"api_version": "0.9"})).status == 400


async def test_add_and_remove_satellites(
    cluster: SimulatedCluster,
    session: aiohttp.ClientSession,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An added satellite is new and unvetted; a removed one is untrusted but keeps paystubs."""
    node = cluster.nodes[0]
    admin = f"{cluster.admin_url}/admin/nodes/0/satellites"
    added = (await fetch(session, admin, "POST", json={"id": US2})).json()
    assert added == {"id": US2, "address": "us2.storj.io:7777"}
    detail = await get_json(session, f"{node.url}/api/sno/satellite/{US2}")
    assert detail["vettedAt"] is None
    assert datetime.fromisoformat(detail["nodeJoinedAt"]) == START
    assert detail["storageDaily"][-1]["calculated"] is True
    made_up = node.add_satellite()
    assert made_up.address.endswith(".invalid:7777")
    dashboard = await get_json(session, f"{node.url}/api/sno/")
    assert len(dashboard["satellites"]) == 6

    periods_before = await get_json(session, f"{node.url}/api/heldamount/periods?id={US1}")
    removed = await fetch(session, f"{admin}/{US1}", "DELETE")
    assert removed.status == 200
    assert (await fetch(session, f"{admin}/{US1}", "DELETE")).status == 404
    dashboard = await get_json(session, f"{node.url}/api/sno/")
    assert US1 not in {sat["id"] for sat in dashboard["satellites"]}
    untrusted = await fetch(session, f"{node.url}/api/sno/satellite/{US1}")
    assert untrusted.status == 404
    assert await get_json(session, f"{node.url}/api/heldamount/periods?id={US1}") == periods_before
    history = await get_json(session, f"{node.url}/api/heldamount/payout-history/2026-01")
    # The node shows an untrusted satellite by its ID.
    assert {row["satelliteURL"] for row in history if row["satelliteID"] == US1} == {US1}
    held = await get_json(session, f"{node.url}/api/heldamount/held-history")
    assert US1 not in {row["satelliteID"] for row in held}

    node.add_satellite(US1)
    assert (await get_json(session, f"{node.url}/api/sno/satellite/{US1}"))["id"] == US1


async def test_bad_satellite_requests(
    cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """Invalid IDs, duplicates and bad dates are 400."""
    admin = f"{cluster.admin_url}/admin/nodes/0/satellites"
    for body in ({"id": "nope"}, {"id": US1}, {"joined_at": "yesterday"}):
        assert (await fetch(session, admin, "POST", json=body)).status == 400
    joined = datetime(2026, 1, 1, tzinfo=UTC)
    reply = await fetch(session, admin, "POST", json={"joined_at": joined.isoformat()})
    assert reply.status == 200
    assert cluster.nodes[0].satellites[-1].joined_at == joined
