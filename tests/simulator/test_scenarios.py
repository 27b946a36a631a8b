"""Every scenario, observed over loopback HTTP under frozen time."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
import json

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from storj_simulator import SimulatedCluster, run_simulator

from .conftest import START, fetch, get_json

US1 = "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S"
EU1 = "12L9ZFwhzVpuEKMUNUqkaTLGzwY9G24tbiigLiXpmZWKwmcNDDs"


async def _audits(session: aiohttp.ClientSession, url: str) -> dict[str, dict[str, float]]:
    summary = await get_json(session, f"{url}/api/sno/satellites")
    return {audit["satelliteName"]: audit for audit in summary["audits"]}


async def test_healthy_baseline(cluster: SimulatedCluster, session: aiohttp.ClientSession) -> None:
    """A healthy node: perfect audit scores, near-perfect online score, nothing flagged."""
    url = cluster.nodes[0].url
    for audit in (await _audits(session, url)).values():
        assert audit["auditScore"] == 1
        assert audit["suspensionScore"] == 1
        assert 0.99 <= audit["onlineScore"] <= 1
    dashboard = await get_json(session, f"{url}/api/sno/")
    assert all(
        sat["disqualified"] is None and sat["suspended"] is None for sat in dashboard["satellites"]
    )


async def test_audit_failing_drops_past_threshold_then_recovers(
    cluster: SimulatedCluster, session: aiohttp.ClientSession, freezer: FrozenDateTimeFactory
) -> None:
    """The audit score of the first satellite falls a little per hour, past 0.96, then recovers."""
    node = cluster.nodes[0]
    await node.set_scenario("audit_failing")
    seen = []
    for _ in range(4):
        freezer.tick(timedelta(hours=4))
        seen.append((await _audits(session, node.url))["us1.storj.io:7777"]["auditScore"])
    assert seen == sorted(seen, reverse=True)
    assert seen[0] == pytest.approx(1 - 0.004 * 4)
    assert seen[-1] < 0.96
    others = await _audits(session, node.url)
    assert others["eu1.storj.io:7777"]["auditScore"] == 1
    await node.set_scenario("healthy")
    freezer.tick(timedelta(hours=10))
    recovered = (await _audits(session, node.url))["us1.storj.io:7777"]["auditScore"]
    assert recovered == pytest.approx(seen[-1] + 0.01)


async def test_audit_failing_on_chosen_satellites(
    cluster: SimulatedCluster, session: aiohttp.ClientSession, freezer: FrozenDateTimeFactory
) -> None:
    """`satellite` picks one satellite by ID, or all; the rate is a parameter."""
    node = cluster.nodes[0]
    await node.set_scenario("audit_failing", satellite=EU1, rate_per_hour=0.01)
    freezer.tick(timedelta(hours=2))
    audits = await _audits(session, node.url)
    assert audits["eu1.storj.io:7777"]["auditScore"] == pytest.approx(0.98)
    assert audits["us1.storj.io:7777"]["auditScore"] == 1
    await node.set_scenario("audit_failing", satellite="all")
    freezer.tick(timedelta(hours=1))
    assert all(a["auditScore"] < 1 for a in (await _audits(session, node.url)).values())


async def test_suspended(
    cluster: SimulatedCluster, session: aiohttp.ClientSession, freezer: FrozenDateTimeFactory
) -> None:
    """Suspension score below 0.6 and a `suspended` time; lifted on recovery."""
    node = cluster.nodes[0]
    await node.set_scenario("suspended")
    freezer.tick(timedelta(minutes=5))
    dashboard = await get_json(session, f"{node.url}/api/sno/")
    suspended = {sat["id"]: sat["suspended"] for sat in dashboard["satellites"]}
    assert datetime.fromisoformat(suspended.pop(US1)) == START
    assert set(suspended.values()) == {None}
    audits = await _audits(session, node.url)
    assert audits["us1.storj.io:7777"]["suspensionScore"] == pytest.approx(0.55)
    # No notification: the node sends one only for an offline suspension
    # (storagenode/reputation/service.go:77 @ 5dbec64f5a); see the `notifications` scenario.
    listing = await get_json(session, f"{node.url}/api/notifications/list?limit=5&page=1")
    assert (listing["page"]["notifications"], listing["unreadCount"]) == ([], 0)
    await node.set_scenario("healthy")
    freezer.tick(timedelta(hours=9))
    dashboard = await get_json(session, f"{node.url}/api/sno/")
    assert dashboard["satellites"][0]["suspended"] is not None
    freezer.tick(timedelta(hours=2))
    dashboard = await get_json(session, f"{node.url}/api/sno/")
    assert all(sat["suspended"] is None for sat in dashboard["satellites"])


async def test_disqualified(
    cluster: SimulatedCluster, session: aiohttp.ClientSession, freezer: FrozenDateTimeFactory
) -> None:
    """`disqualified` time set, audit below 0.96, payout estimate refused and excluded."""
    node = cluster.nodes[0]
    before = await get_json(session, f"{node.url}/api/sno/estimated-payout")
    await node.set_scenario("disqualified")
    freezer.tick(timedelta(minutes=1))
    dashboard = await get_json(session, f"{node.url}/api/sno/")
    by_id = {sat["id"]: sat for sat in dashboard["satellites"]}
    assert datetime.fromisoformat(by_id[US1]["disqualified"]) == START
    assert by_id[EU1]["disqualified"] is None
    assert (await _audits(session, node.url))["us1.storj.io:7777"]["auditScore"] < 0.96
    refused = await fetch(session, f"{node.url}/api/sno/estimated-payout?id={US1}")
    assert refused.status == 500
    assert "node was disqualified on satellite" in refused.json()["error"]
    after = await get_json(session, f"{node.url}/api/sno/estimated-payout")
    assert after["currentMonth"]["payout"] < before["currentMonth"]["payout"]


async def test_disk_nearly_full(
    cluster: SimulatedCluster, session: aiohttp.ClientSession, freezer: FrozenDateTimeFactory
) -> None:
    """97 % of the allocation used at once, then full; free space never negative."""
    node = cluster.nodes[0]
    await node.set_scenario("disk_nearly_full")
    disk = (await get_json(session, f"{node.url}/api/sno/"))["diskSpace"]
    assert disk["used"] == pytest.approx(0.97 * disk["allocated"], rel=1e-6)
    assert disk["available"] == disk["allocated"] - disk["used"]
    freezer.tick(timedelta(days=30))
    disk = (await get_json(session, f"{node.url}/api/sno/"))["diskSpace"]
    assert disk["available"] <= 2
    assert disk["overused"] == 0


async def test_offline_refuses_connections_and_comes_back(
    cluster: SimulatedCluster, session: aiohttp.ClientSession, freezer: FrozenDateTimeFactory
) -> None:
    """`offline` closes the port (and open connections); leaving it reopens the same port."""
    node = cluster.nodes[0]
    port = node.port
    await get_json(session, f"{node.url}/api/sno/")
    await node.set_scenario("offline")
    assert not node.listening
    with pytest.raises(aiohttp.ClientConnectorError):
        await fetch(session, f"{node.url}/api/sno/")
    # The second node is unaffected.
    await get_json(session, f"{cluster.nodes[1].url}/api/sno/")
    freezer.tick(timedelta(hours=12))
    await node.set_scenario("healthy")
    assert node.port == port
    dashboard = await get_json(session, f"{node.url}/api/sno/")
    # The node restarted: uptime begins when it came back, QUIC is checked again.
    assert datetime.fromisoformat(dashboard["startedAt"]) == START + timedelta(hours=12)
    assert dashboard["quicStatus"] == "Refreshing"
    assert dashboard["lastQuicPingedAt"] == "0001-01-01T00:00:00Z"
    # The satellite's score is the mean of online/total over the closed windows only
    # (satellite/reputation/audithistory.go:84-94 @ 5dbec64f5a): 1.5 h of the outage fell in
    # the closed 00:00 window and counts now; the 10.5 h in the current window count once
    # that window closes.
    satellite = node.state().satellites[0].satellite_id
    detail = await get_json(session, f"{node.url}/api/sno/satellite/{satellite}")
    current = START.replace(hour=12, minute=0)  # 22:30 lies in the window from 12:00
    closed = [
        window["onlineCount"] / window["totalCount"]
        for window in detail["auditHistory"]["windows"]
        if window["totalCount"] and datetime.fromisoformat(window["windowStart"]) < current
    ]
    assert detail["audits"]["onlineScore"] == pytest.approx(sum(closed) / len(closed))
    assert detail["audits"]["onlineScore"] < 1
    freezer.tick(timedelta(hours=1, minutes=30))  # the outage's window closes
    detail = await get_json(session, f"{node.url}/api/sno/satellite/{satellite}")
    assert detail["audits"]["onlineScore"] < 0.99


async def test_slow_delays_answers(session: aiohttp.ClientSession) -> None:
    """`slow` holds every answer for `delay` seconds: a shorter client timeout trips.

    Real time on purpose: frozen time stops asyncio's clock, so the delay would never end.
    """
    async with run_simulator(1) as cluster:
        node = cluster.nodes[0]
        await node.set_scenario("slow", delay=0.3)
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.05):
                await fetch(session, f"{node.url}/api/sno/")
        await node.set_scenario("slow", delay=0.0)
        await get_json(session, f"{node.url}/api/sno/")


@pytest.mark.parametrize(
    ("kind", "content_type"), [("json", "application/json"), ("html", "text/html")]
)
async def test_garbage(
    cluster: SimulatedCluster, session: aiohttp.ClientSession, kind: str, content_type: str
) -> None:
    """`garbage` answers API paths with truncated JSON or the HTML page."""
    node = cluster.nodes[0]
    await node.set_scenario("garbage", kind=kind)
    reply = await fetch(session, f"{node.url}/api/sno/")
    assert reply.status == 200
    assert reply.content_type == content_type
    with pytest.raises(json.JSONDecodeError):
        reply.json()


async def test_versions(cluster: SimulatedCluster, session: aiohttp.ClientSession) -> None:
    """`old_version` is still allowed; `outdated` is not; both leave a notification."""
    node = cluster.nodes[0]
    await node.set_scenario("old_version")
    dashboard = await get_json(session, f"{node.url}/api/sno/")
    assert (dashboard["version"], dashboard["upToDate"]) == ("1.160.2", True)
    await node.set_scenario("outdated", version="1.130.0")
    dashboard = await get_json(session, f"{node.url}/api/sno/")
    assert (dashboard["version"], dashboard["upToDate"]) == ("1.130.0", False)
    assert dashboard["allowedVersion"] == "1.140.0"


async def test_version_notifications_can_be_read(
    cluster: SimulatedCluster, session: aiohttp.ClientSession, freezer: FrozenDateTimeFactory
) -> None:
    """Notifications page newest first; read one, then all."""
    node = cluster.nodes[0]
    await node.set_scenario("old_version")
    freezer.tick(timedelta(hours=1))
    await node.set_scenario("outdated")
    freezer.tick(timedelta(hours=1))
    url = f"{node.url}/api/notifications/list?limit=1&page=1"
    listing = await get_json(session, url)
    assert (listing["totalCount"], listing["unreadCount"], listing["page"]["pageCount"]) == (
        2,
        2,
        2,
    )
    [newest] = listing["page"]["notifications"]
    assert newest["message"].endswith("you are running outdated version!")
    assert newest["title"] == "Please update your Node to Version v1.162.3"
    read = await fetch(session, f"{node.url}/api/notifications/{newest['id']}/read", "POST")
    assert (read.status, read.text) == (200, "")
    listing = await get_json(session, url)
    assert listing["unreadCount"] == 1
    assert listing["page"]["notifications"][0]["readAt"] is not None
    await fetch(session, f"{node.url}/api/notifications/readall", "POST")
    assert (await get_json(session, url))["unreadCount"] == 0


async def test_quic_misconfigured(
    cluster: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """`quic_misconfigured` reports Misconfigured; the last check time stays real."""
    node = cluster.nodes[0]
    await node.set_scenario("quic_misconfigured")
    dashboard = await get_json(session, f"{node.url}/api/sno/")
    assert dashboard["quicStatus"] == "Misconfigured"
    assert datetime.fromisoformat(dashboard["lastQuicPingedAt"]) <= START


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("nope", {}, "unknown scenario"),
        ("slow", {"delay": "x"}, "must be float"),
        ("slow", {"speed": 1}, "no parameter"),
        ("garbage", {"kind": "xml"}, "garbage kind"),
        (
            "audit_failing",
            {"satellite": "12tRQrMTWUWwzwGh18i7Fqs67kmdhH9t6aToeiwbo5mfS2rUmo"},
            "trust",
        ),
        ("disk_nearly_full", {"fraction": 2}, "fraction"),
    ],
)
async def test_bad_scenarios_are_rejected(
    cluster: SimulatedCluster, name: str, params: dict[str, object], message: str
) -> None:
    """Unknown scenarios, parameters and satellites raise ValueError and change nothing."""
    node = cluster.nodes[0]
    with pytest.raises(ValueError, match=message):
        await node.set_scenario(name, **params)
    assert node.scenario.scenario == "healthy"


def test_anomaly_scenario_scales_one_direction_of_traffic() -> None:
    """`anomaly` times the ingress (or egress) of the hours it is active by `factor`."""
    from datetime import UTC, datetime, timedelta

    from storj_simulator.model import default_profile, default_satellites
    from storj_simulator.scenarios import Scenario, ScenarioChange, Timeline, validate_params
    from storj_simulator.state import NodeState

    start = datetime(2026, 11, 15, 12, tzinfo=UTC)
    profile = default_profile(0, 1, start)
    satellites = default_satellites(profile)
    timeline = Timeline(
        ScenarioChange(start, Scenario.HEALTHY, validate_params(Scenario.HEALTHY, {}))
    )
    timeline.change(
        start + timedelta(hours=1),
        Scenario.ANOMALY,
        validate_params(Scenario.ANOMALY, {"metric": "ingress", "factor": 0.4}),
    )
    day = start.replace(hour=0)

    def hour(begin: datetime) -> tuple[int, int]:
        before = NodeState(profile, satellites, timeline, begin)
        after = NodeState(profile, satellites, timeline, begin + timedelta(hours=1))
        rows = [(after.bandwidth_day(s, day), before.bandwidth_day(s, day)) for s in satellites]
        return (
            sum(a.ingress - b.ingress for a, b in rows),
            sum(a.egress - b.egress for a, b in rows),
        )

    normal_in, normal_out = hour(start)
    low_in, same_out = hour(start + timedelta(hours=1))
    assert low_in / normal_in == pytest.approx(0.4, rel=0.01)
    assert same_out == pytest.approx(normal_out, rel=0.01)
    with pytest.raises(ValueError, match="anomaly"):
        validate_params(Scenario.ANOMALY, {"metric": "latency"})
