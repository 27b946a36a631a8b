"""Every endpoint, per API version, against the real recorded shapes and the node's quirks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from storj_simulator import SimulatedCluster, run_simulator

from .conftest import START, fetch, get_json, real_fixture

US1 = "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S"
US2 = "12tRQrMTWUWwzwGh18i7Fqs67kmdhH9t6aToeiwbo5mfS2rUmo"


@pytest.fixture(params=["1.162", "1.142", "1.71"])
async def versioned(
    request: pytest.FixtureRequest, freezer: FrozenDateTimeFactory
) -> AsyncIterator[SimulatedCluster]:
    """One node of each API version."""
    freezer.move_to(START)
    async with run_simulator(1, api_version=request.param) as running:
        yield running


def _keys(value: dict[str, Any]) -> set[str]:
    return set(value)


async def test_dashboard_shape(versioned: SimulatedCluster, session: aiohttp.ClientSession) -> None:
    """`/api/sno/` has the keys of the real v1.71.2 capture, changed as later releases did."""
    node = versioned.nodes[0]
    body = await get_json(session, f"{node.url}/api/sno/")
    real = real_fixture("storj-exporter_v1.71.2_sno.json")
    assert _keys(body) == _keys(real)
    assert _keys(body["bandwidth"]) == _keys(real["bandwidth"])
    assert body["bandwidth"]["available"] == 0
    satellite_keys = _keys(real["satellites"][0])
    disk_keys = _keys(real["diskSpace"])
    version = node.api.name
    if version != "1.71":
        satellite_keys = satellite_keys - {"currentStorageUsed"} | {"vettedAt"}
    if version == "1.162":
        disk_keys |= {"allocated", "reclaimable"}
    assert [_keys(sat) for sat in body["satellites"]] == [satellite_keys] * 4
    assert _keys(body["diskSpace"]) == disk_keys
    assert body["version"] == node.api.version
    assert body["upToDate"] is True
    assert body["quicStatus"] == "OK"
    assert body["nodeID"] == node.node_id
    assert body["walletFeatures"] is None
    assert body["configuredPort"] == "28967"
    for key in ("lastPinged", "startedAt", "lastQuicPingedAt"):
        assert datetime.fromisoformat(body[key]) <= START


async def test_disk_space_meaning_changes_at_v1_143(
    versioned: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """<= v1.142 `available` is the allocation; v1.143+ it is the free space."""
    node = versioned.nodes[0]
    disk = (await get_json(session, f"{node.url}/api/sno/"))["diskSpace"]
    allocation = node.profile.allocated_bytes
    if node.api.name == "1.162":
        assert disk["allocated"] == allocation
        assert disk["available"] == allocation - disk["used"]
        assert disk["used"] > disk["trash"] + disk["reclaimable"] > 0
    else:
        assert disk["available"] == allocation
        assert 0 < disk["used"] + disk["trash"] < allocation
    assert disk["overused"] == 0


async def test_satellite_shape(versioned: SimulatedCluster, session: aiohttp.ClientSession) -> None:
    """`/api/sno/satellite/{id}` matches the real capture's keys, nested ones included."""
    node = versioned.nodes[0]
    body = await get_json(session, f"{node.url}/api/sno/satellite/{US1}")
    real = real_fixture("storj-exporter_v1.71.2_satellite.json")
    version = node.api.name
    expected = _keys(real)
    stamp_keys = _keys(real["storageDaily"][0])
    if version != "1.71":
        expected = expected - {"currentStorageUsed"} | {"vettedAt"}
    if version == "1.162":
        stamp_keys |= {"calculated"}
    assert _keys(body) == expected
    assert {frozenset(row) for row in body["storageDaily"]} == {frozenset(stamp_keys)}
    real_rollup = real["bandwidthDaily"][0]
    for rollup in body["bandwidthDaily"]:
        assert _keys(rollup) == _keys(real_rollup)
        assert _keys(rollup["egress"]) == _keys(real_rollup["egress"])
        assert _keys(rollup["ingress"]) == _keys(real_rollup["ingress"])
    assert _keys(body["audits"]) == _keys(real["audits"])
    assert _keys(body["auditHistory"]) == _keys(real["auditHistory"])
    assert _keys(body["auditHistory"]["windows"][0]) == _keys(real["auditHistory"]["windows"][0])
    assert body["priceModel"] == {
        "EgressBandwidth": 200,
        "RepairBandwidth": 200,
        "AuditBandwidth": 200,
        "DiskSpace": 150,
    }
    assert body["audits"]["satelliteName"] == "us1.storj.io:7777"
    assert body["storageSummary"] == pytest.approx(
        sum(row["atRestTotal"] for row in body["storageDaily"])
    )


async def test_storage_daily_rows_per_version(
    versioned: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """v1.162 has a row for every day through today; older releases skip today and gaps."""
    node = versioned.nodes[0]
    rows = (await get_json(session, f"{node.url}/api/sno/satellite/{US1}"))["storageDaily"]
    days = [datetime.fromisoformat(row["intervalStart"]).day for row in rows]
    if node.api.name == "1.162":
        assert days == list(range(1, START.day + 1))
        assert rows[-1]["calculated"] is True
        assert rows[-1]["atRestTotal"] == 0
        assert rows[-1]["atRestTotalBytes"] > 0
        assert rows[-1]["intervalInHours"] == 0
        calculated = [row for row in rows if row["calculated"]]
        assert all(row["atRestTotal"] == 0 for row in calculated)
    else:
        assert days == sorted(days)
        assert set(days) <= set(range(1, START.day))
        for row in rows:
            assert row["atRestTotal"] == pytest.approx(
                row["atRestTotalBytes"] * row["intervalInHours"]
            )
            assert row["intervalInHours"] in (23, 24)


async def test_satellites_summary_shape(
    versioned: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """`/api/sno/satellites`: StampGroup rows (no intervalInHours) from v1.73 on."""
    node = versioned.nodes[0]
    body = await get_json(session, f"{node.url}/api/sno/satellites")
    assert _keys(body) == {
        "storageDaily",
        "bandwidthDaily",
        "storageSummary",
        "averageUsageBytes",
        "bandwidthSummary",
        "egressSummary",
        "ingressSummary",
        "earliestJoinedAt",
        "audits",
    }
    stamp = {"atRestTotal", "atRestTotalBytes", "intervalStart"}
    match node.api.name:
        case "1.162":
            stamp |= {"calculated"}
        case "1.71":
            stamp |= {"intervalInHours"}
    assert {frozenset(row) for row in body["storageDaily"]} == {frozenset(stamp)}
    assert [audit["satelliteName"] for audit in body["audits"]] == [
        "us1.storj.io:7777",
        "eu1.storj.io:7777",
        "ap1.storj.io:7777",
        "saltlake.tardigrade.io:7777",
    ]
    assert datetime.fromisoformat(body["earliestJoinedAt"]) == node.profile.joined_at


async def test_estimated_payout_shape(
    versioned: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """`/api/sno/estimated-payout` has the real capture's keys; money is in cents."""
    node = versioned.nodes[0]
    body = await get_json(session, f"{node.url}/api/sno/estimated-payout")
    real = real_fixture("storj-exporter_v1.71.2_payout.json")
    assert _keys(body) == _keys(real)
    assert _keys(body["currentMonth"]) == _keys(real["currentMonth"])
    assert _keys(body["previousMonth"]) == _keys(real["previousMonth"])
    month = body["currentMonth"]
    assert month["egressBandwidthPayout"] == pytest.approx(
        month["egressBandwidth"] * 200 / 1e12, abs=0.03
    )
    assert month["diskSpacePayout"] == pytest.approx(month["diskSpace"] * 150 / 1e12, abs=0.03)
    assert isinstance(body["currentMonthExpectations"], int)
    assert body["currentMonthExpectations"] > month["payout"]


async def test_pricing_only_from_v1_79(
    versioned: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """The pricing route exists from v1.79; before, the path falls through to the SPA."""
    node = versioned.nodes[0]
    reply = await fetch(session, f"{node.url}/api/sno/satellites/{US1}/pricing")
    assert reply.status == 200
    if node.api.name == "1.71":
        assert reply.content_type == "text/html"
        return
    assert reply.json() == {
        "satelliteID": US1,
        "egressBandwidth": 200,
        "repairBandwidth": 200,
        "auditBandwidth": 200,
        "diskSpace": 150,
    }


async def test_routing_quirks(cluster: SimulatedCluster, session: aiohttp.ClientSession) -> None:
    """301 for a missing/extra trailing slash, the SPA for anything else."""
    url = cluster.nodes[0].url
    redirect = await fetch(session, f"{url}/api/sno")
    assert redirect.status == 301
    assert redirect.headers["Location"] == "/api/sno/"
    assert redirect.text == '<a href="/api/sno/">Moved Permanently</a>.\n\n'
    extra = await fetch(session, f"{url}/api/sno/satellites/?x=1")
    assert (extra.status, extra.headers["Location"]) == (301, "/api/sno/satellites?x=1")
    for method, path in [
        ("GET", "/"),
        ("GET", "/dashboard"),
        ("GET", f"/api/sno/satellites/{US1}"),
        ("POST", "/api/sno/"),
        ("GET", "/api/notifications/readall"),
    ]:
        reply = await fetch(session, url + path, method)
        assert reply.status == 200, path
        assert reply.headers["Content-Type"] == "text/html; charset=UTF-8"
        assert reply.text.startswith("<!DOCTYPE html>")
    followed = await session.get(f"{url}/api/sno")
    assert followed.status == 200
    assert (await followed.json())["nodeID"] == cluster.nodes[0].node_id
    followed.release()


@pytest.mark.parametrize(
    ("path", "status", "error"),
    [
        ("/api/sno/satellite/nope", 400, "consoleapi storagenode: node ID error: "),
        (f"/api/sno/satellite/{US2}", 404, "satellite is untrusted"),
        ("/api/sno/satellites/nope/pricing", 400, "consoleapi storagenode: node ID error: "),
        ("/api/sno/estimated-payout?id=bad", 400, "node ID error"),
        ("/api/notifications/list", 400, "consoleapi notifications: "),
        # storagenode/storagenodedb/notifications.go:74 @ 5dbec64f5a; the controller says 500.
        ("/api/notifications/list?limit=5&page=0", 500, "notificationsdb: page can not be 0"),
        ("/api/notifications/list?limit=5&page=1x", 400, 'parsing "1x": invalid syntax'),
        ("/api/notifications/list?limit=4294967296&page=1", 400, "value out of range"),
        ("/api/heldamount/paystubs/2026-13/2026-14", 400, "consoleapi payouts: wrong period"),
        ("/api/heldamount/paystubs/2026-03/2026-01", 400, "consoleapi payouts: wrong period"),
        ("/api/heldamount/periods?id=bad", 400, "consoleapi payouts: node ID error"),
    ],
)
async def test_errors(
    cluster: SimulatedCluster,
    session: aiohttp.ClientSession,
    path: str,
    status: int,
    error: str,
) -> None:
    """Errors are `{"error": "<class>: <message>"}` JSON with the node's status codes."""
    reply = await fetch(session, cluster.nodes[0].url + path)
    assert reply.status == status
    assert reply.content_type == "application/json"
    assert error in reply.json()["error"]


async def test_period_without_dash_drops_connection(
    cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """The node panics on an end period without '-', and the connection just closes."""
    with pytest.raises(aiohttp.ClientError):
        await fetch(session, f"{cluster.nodes[0].url}/api/heldamount/paystubs/2026-01/202602")


async def test_go_encoding_on_the_wire(
    cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """Integral scores are `1`, empty lists `null`, satellite-less ones too."""
    url = cluster.nodes[0].url
    text = (await fetch(session, f"{url}/api/sno/satellite/{US1}")).text
    assert '"auditScore":1,' in text
    assert '"suspensionScore":1,' in text
    # Except the notification list: an empty one is a zero Page with [] (service.go:91).
    notifications = await get_json(session, f"{url}/api/notifications/list?limit=10&page=1")
    assert notifications == {
        "page": {
            "notifications": [],
            "offset": 0,
            "limit": 0,
            "currentPage": 0,
            "pageCount": 0,
        },
        "unreadCount": 0,
        "totalCount": 0,
    }
    assert await get_json(session, f"{url}/api/heldamount/payout-history/2020-01") is None
    assert await get_json(session, f"{url}/api/heldamount/paystubs/2020-01?id={US1}") is None
    assert await get_json(session, f"{url}/api/heldamount/periods?id={US2}") is None


async def test_values_agree_across_endpoints(
    cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """Totals in the summary, the dashboard and the estimate add up from the per-satellite data."""
    url = cluster.nodes[0].url
    dashboard = await get_json(session, f"{url}/api/sno/")
    summary = await get_json(session, f"{url}/api/sno/satellites")
    payout = await get_json(session, f"{url}/api/sno/estimated-payout")
    details = [
        await get_json(session, f"{url}/api/sno/satellite/{sat['id']}")
        for sat in dashboard["satellites"]
    ]
    assert dashboard["bandwidth"]["used"] == summary["bandwidthSummary"]
    for key in ("bandwidthSummary", "egressSummary", "ingressSummary"):
        assert summary[key] == sum(detail[key] for detail in details)
    assert summary["storageSummary"] == pytest.approx(sum(d["storageSummary"] for d in details))
    egress = sum(
        rollup["egress"]["usage"] for detail in details for rollup in detail["bandwidthDaily"]
    )
    assert payout["currentMonth"]["egressBandwidth"] == egress
    assert payout["currentMonth"]["diskSpace"] == pytest.approx(summary["storageSummary"] / 720)
    assert payout["currentMonth"]["heldRate"] == 0
    assert summary["bandwidthSummary"] > 0


async def test_held_back_by_node_age(
    cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """Node 0 is 14 months old (0 % held), node 1 five months (50 %)."""
    old, young = cluster.nodes
    for node, rate in ((old, 0), (young, 50)):
        body = await get_json(session, f"{node.url}/api/sno/estimated-payout?id={US1}")
        month = body["currentMonth"]
        assert month["heldRate"] == rate
        earned = (
            month["egressBandwidthPayout"]
            + month["egressRepairAuditPayout"]
            + month["diskSpacePayout"]
        )
        assert month["held"] == pytest.approx(earned * rate / 100)
        assert month["payout"] == pytest.approx(earned - month["held"], abs=0.01)


async def test_payout_history_is_consistent(
    cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """Periods, paystubs, payout history and held history describe the same months."""
    url = cluster.nodes[1].url
    node = cluster.nodes[1]
    periods = await get_json(session, f"{url}/api/heldamount/periods")
    # Joined five months back; the February paystub is published on March 15th.
    assert periods == ["2025-10", "2025-11", "2025-12", "2026-01"]
    stubs = await get_json(session, f"{url}/api/heldamount/paystubs/2025-1/2026-12")
    assert {stub["period"] for stub in stubs} == set(periods)
    assert len(stubs) == 4 * len(periods)
    for stub in stubs:
        earned = stub["compGet"] + stub["compGetRepair"] + stub["compGetAudit"] + stub["compAtRest"]
        assert stub["held"] + stub["owed"] == earned
        assert stub["paid"] == stub["owed"] + stub["disposed"] == stub["distributed"]
        assert stub["compPut"] == stub["compPutRepair"] == 0
    first_month = await get_json(session, f"{url}/api/heldamount/payout-history/2025-10")
    assert {row["heldPercent"] for row in first_month} == {75}
    assert {row["age"] for row in first_month} == {1}
    assert all(row["receipt"].startswith("zksync-era:0x") for row in first_month)
    january = await get_json(session, f"{url}/api/heldamount/payout-history/2026-01")
    assert {row["heldPercent"] for row in january} == {50}
    one = await get_json(session, f"{url}/api/heldamount/paystubs/2026-01?id={US1}")
    assert isinstance(one, dict)
    assert one["satelliteId"] == US1
    held = await get_json(session, f"{url}/api/heldamount/held-history")
    for row in held:
        total = sum(stub["held"] for stub in stubs if stub["satelliteId"] == row["satelliteID"])
        assert row["totalHeld"] == total
        assert row["holdForThirdPeriod"] == 0
    assert node.profile.wallet_features == ("zksync-era",)
