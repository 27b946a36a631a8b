"""Every body the simulator serves, held field by field to the Go structs of the real node.

The field list is tests/fixtures/api/go_structs.json (storj/storj @ 5dbec64f5a, with the
version gates of older releases); each simulated release must match it exactly: the fields
its Go release has, in Go's declaration order, with Go's JSON types.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from storj_simulator import SimulatedCluster, SimulatedNode, run_simulator

from .conftest import START, fetch, get_json, real_fixture
from .go_shapes import Shapes, version

US1 = "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S"
# europe-north-1: a valid node ID the simulated nodes never had.
UNTRUSTED = "12rfG3sh9NCWiX3ivPjq2HtdLmbqCrvHVEzJubnzFzosMuawymB"


@pytest.fixture(params=["1.162", "1.142", "1.71"])
async def node(
    request: pytest.FixtureRequest, freezer: FrozenDateTimeFactory
) -> AsyncIterator[SimulatedNode]:
    """A node of each emulated release, suspended on one satellite so that nullable times
    and notifications carry values."""
    freezer.move_to(START)
    async with run_simulator(1, api_version=request.param) as running:
        await running.nodes[0].set_scenario("suspended")
        running.nodes[0].add_notification(type=3, title="Suspended")  # none from `suspended`
        freezer.tick(timedelta(minutes=5))
        yield running.nodes[0]


@pytest.fixture
async def fresh(freezer: FrozenDateTimeFactory) -> AsyncIterator[SimulatedCluster]:
    """A v1.162 node with nothing happened to it."""
    freezer.move_to(START)
    async with run_simulator(1) as running:
        yield running


def shapes(node: SimulatedNode) -> Shapes:
    """The Go shapes of the release `node` emulates."""
    return Shapes(version(node.api.version))


async def assert_go_shape(
    session: aiohttp.ClientSession, node: SimulatedNode, path: str, endpoint: str
) -> Any:
    """GET `path` and compare it with the Go body type of `endpoint`."""
    body = await get_json(session, f"{node.url}{path}")
    go = shapes(node)
    assert go.problems(body, go.endpoint(endpoint)) == []
    return body


async def latest_period(session: aiohttp.ClientSession, node: SimulatedNode) -> str:
    """The newest month with paystubs."""
    periods = await get_json(session, f"{node.url}/api/heldamount/periods")
    return str(periods[-1])


def test_checker_catches_each_kind_of_difference() -> None:
    """The comparison fails on an extra, a missing, a reordered or a mistyped field."""
    go = Shapes(version("v1.162.3"))
    good = {"repair": 1, "audit": 2, "usage": 3}
    assert go.problems(good, "bandwidth.Egress") == []
    assert go.problems({**good, "extra": 0}, "bandwidth.Egress") != []
    assert go.problems({"repair": 1, "audit": 2}, "bandwidth.Egress") != []
    assert go.problems({"audit": 2, "repair": 1, "usage": 3}, "bandwidth.Egress") != []
    assert go.problems({**good, "usage": 3.5}, "bandwidth.Egress") != []
    assert go.problems({**good, "usage": True}, "bandwidth.Egress") != []
    assert go.problems(None, "bandwidth.Egress") != []
    assert go.problems(None, "[]bandwidth.Egress|null") == []
    assert go.problems([good, {}], "[]bandwidth.Egress|null") != []
    assert go.problems("2026-03-14T10:30:00.1234Z", "time") == []
    assert go.problems("2026-03-14T10:30:00.120Z", "time") != []  # Go trims zeros
    assert go.problems("2026-03-14 10:30:00Z", "time") != []
    assert go.problems(3, "number") == []  # Go writes 3.0 as 3


def test_gates_follow_releases() -> None:
    """Fields come and go with the release that changed the Go struct."""

    def names(at: str, struct: str) -> list[str]:
        return [name for name, _ in Shapes(version(at)).expected_fields(struct)]

    assert "currentStorageUsed" in names("1.71.2", "console.SatelliteInfo")
    assert "vettedAt" not in names("1.71.2", "console.SatelliteInfo")
    assert "currentStorageUsed" not in names("1.142.7", "console.SatelliteInfo")
    assert "vettedAt" in names("1.142.7", "console.SatelliteInfo")
    assert "quicEnabled" in names("1.55.1", "console.Dashboard")
    assert "quicStatus" not in names("1.55.1", "console.Dashboard")
    assert "configuredPort" not in names("1.37.1", "console.Dashboard")
    assert dict(Shapes(version("1.71.2")).expected_fields("console.Satellites"))[
        "storageDaily"
    ] == ("[]storageusage.Stamp|null")
    assert dict(Shapes(version("1.142.7")).expected_fields("console.Dashboard"))["diskSpace"] == (
        "console.DiskSpaceInfo@v1.142.7"
    )
    assert "calculated" not in names("1.142.7", "storageusage.Stamp")
    assert "calculated" in names("1.162.3", "storageusage.Stamp")


async def test_dashboard(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """`GET /api/sno/`: console.Dashboard (diskSpace of v1.142.7 before v1.143.2)."""
    body = await assert_go_shape(session, node, "/api/sno/", "GET /api/sno/")
    assert any(sat["suspended"] is not None for sat in body["satellites"])


async def test_satellites(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """`GET /api/sno/satellites`: console.Satellites (storageDaily []Stamp before v1.73.4)."""
    body = await assert_go_shape(session, node, "/api/sno/satellites", "GET /api/sno/satellites")
    assert body["storageDaily"]
    assert body["bandwidthDaily"]


async def test_satellite(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """`GET /api/sno/satellite/{id}`: console.Satellite."""
    body = await assert_go_shape(
        session, node, f"/api/sno/satellite/{US1}", "GET /api/sno/satellite/{id}"
    )
    assert body["auditHistory"]["windows"]


async def test_pricing(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """`GET /api/sno/satellites/{id}/pricing`: pricing.Pricing, from v1.79.1 on.

    The handler checks no trust: an unknown satellite has no pricing row, which the DB reads
    as zeros (storagenode/storagenodedb/pricing.go:80 @ 5dbec64f5a).
    """
    if shapes(node).at < version("v1.79.1"):
        reply = await fetch(session, f"{node.url}/api/sno/satellites/{US1}/pricing")
        assert reply.content_type == "text/html"  # the SPA: no such route yet
        return
    key = "GET /api/sno/satellites/{id}/pricing"
    body = await assert_go_shape(session, node, f"/api/sno/satellites/{US1}/pricing", key)
    assert body["egressBandwidth"] > 0
    unknown = await assert_go_shape(session, node, f"/api/sno/satellites/{UNTRUSTED}/pricing", key)
    assert unknown == {
        "satelliteID": UNTRUSTED,
        "egressBandwidth": 0,
        "repairBandwidth": 0,
        "auditBandwidth": 0,
        "diskSpace": 0,
    }


async def test_estimated_payout(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """`GET /api/sno/estimated-payout[?id=]`: estimatedpayouts.EstimatedPayout."""
    key = "GET /api/sno/estimated-payout"
    await assert_go_shape(session, node, "/api/sno/estimated-payout", key)
    await assert_go_shape(session, node, f"/api/sno/estimated-payout?id={US1}", key)


async def test_notifications(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """`GET /api/notifications/list`: the anonymous result struct, one of them read."""
    listing = "/api/notifications/list?limit=10&page=1"
    first = await get_json(session, f"{node.url}{listing}")
    notification_id = first["page"]["notifications"][0]["id"]
    await fetch(session, f"{node.url}/api/notifications/{notification_id}/read", "POST")
    body = await assert_go_shape(session, node, listing, "GET /api/notifications/list")
    assert body["page"]["notifications"][0]["readAt"] is not None


async def test_notifications_empty_page(
    fresh: SimulatedCluster, session: aiohttp.ClientSession
) -> None:
    """No notifications: the service swaps in an empty Page, so `[]` and zeros, not null
    (storagenode/notifications/service.go:91 @ 5dbec64f5a)."""
    node = fresh.nodes[0]
    body = await assert_go_shape(
        session, node, "/api/notifications/list?limit=5&page=1", "GET /api/notifications/list"
    )
    assert body == {
        "page": {"notifications": [], "offset": 0, "limit": 0, "currentPage": 0, "pageCount": 0},
        "unreadCount": 0,
        "totalCount": 0,
    }


async def test_paystubs(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """`/api/heldamount/paystubs/...`: []PayStub, or with `?id=` one *PayStub (null if none)."""
    period = await latest_period(session, node)
    monthly = "GET /api/heldamount/paystubs/{period}"
    stubs = await assert_go_shape(session, node, f"/api/heldamount/paystubs/{period}", monthly)
    assert stubs
    assert await assert_go_shape(session, node, "/api/heldamount/paystubs/2001-01", monthly) is None
    one = "GET /api/heldamount/paystubs/{period}?id={satellite}"
    sat = stubs[0]["satelliteId"]
    stub = await assert_go_shape(session, node, f"/api/heldamount/paystubs/{period}?id={sat}", one)
    assert stub is not None
    none = f"/api/heldamount/paystubs/2001-01?id={sat}"
    assert await assert_go_shape(session, node, none, one) is None
    ranged = "GET /api/heldamount/paystubs/{start}/{end}"
    everything = f"/api/heldamount/paystubs/2020-01/{period}"
    assert await assert_go_shape(session, node, everything, ranged)


async def test_held_history(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """`/api/heldamount/held-history`: []SatelliteHeldHistory."""
    key = "GET /api/heldamount/held-history"
    assert await assert_go_shape(session, node, "/api/heldamount/held-history", key)


async def test_periods(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """`/api/heldamount/periods[?id=]`: []string."""
    key = "GET /api/heldamount/periods"
    assert await assert_go_shape(session, node, "/api/heldamount/periods", key)
    assert await assert_go_shape(session, node, f"/api/heldamount/periods?id={US1}", key)


async def test_payout_history(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """`/api/heldamount/payout-history/{period}`: []SatellitePayoutForPeriod."""
    period = await latest_period(session, node)
    key = "GET /api/heldamount/payout-history/{period}"
    assert await assert_go_shape(session, node, f"/api/heldamount/payout-history/{period}", key)


async def test_error_body(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """Errors are `{"error": string}` from every controller."""
    go = shapes(node)
    for path in ("/api/sno/satellite/nonsense", "/api/heldamount/paystubs/2026-01?id=nonsense"):
        reply = await fetch(session, f"{node.url}{path}")
        assert reply.status == 400
        assert go.problems(reply.json(), go.endpoint("error")) == []


@pytest.mark.parametrize(
    ("method", "path", "status", "error"),
    [
        # storagenode/storagenodedb/notifications.go:97 @ 5dbec64f5a
        ("GET", "/api/notifications/list?limit=1&page=9", 500, "page is out of range"),
        # consoleapi/notifications.go:62-71: a bad or unknown ID is a 500, not a 400.
        ("POST", "/api/notifications/x/read", 500, "uuid: invalid string length 1 expected 32"),
        (
            "POST",
            "/api/notifications/zzzzzzzz-8a2b-4b0e-9a55-0f5b5b1e2a10/read",
            500,
            "consoleapi notifications: uuid: invalid string",
        ),
        (
            "POST",
            "/api/notifications/5c1d5a1e-8a2b-4b0e-9a55-0f5b5b1e2a10/read",
            500,
            "consoleapi notifications: notificationsdb: no rows affected",
        ),
    ],
)
async def test_notification_errors(
    node: SimulatedNode,
    session: aiohttp.ClientSession,
    method: str,
    path: str,
    status: int,
    error: str,
) -> None:
    """The notification DB's errors, as the controller passes them on."""
    reply = await fetch(session, f"{node.url}{path}", method)
    assert reply.status == status
    assert error in reply.json()["error"]


async def test_limit_zero_hangs_up(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """With notifications, limit=0 divides by zero in the DB code; the node drops the line."""
    with pytest.raises(aiohttp.ClientError):
        await fetch(session, f"{node.url}/api/notifications/list?limit=0&page=1")


async def test_page_size_capped_at_50(node: SimulatedNode, session: aiohttp.ClientSession) -> None:
    """notificationsdb caps the limit at 50 (storagenodedb/notifications.go:70)."""
    body = await get_json(session, f"{node.url}/api/notifications/list?limit=500&page=1")
    assert body["page"]["limit"] == 50


@pytest.mark.parametrize("release", ["v1.37.1", "v1.48.2", "v1.55.1", "v1.71.2"])
@pytest.mark.parametrize(
    ("kind", "endpoint"),
    [
        ("sno", "GET /api/sno/"),
        ("satellite", "GET /api/sno/satellite/{id}"),
        ("payout", "GET /api/sno/estimated-payout"),
    ],
)
def test_real_captures_match_their_release(release: str, kind: str, endpoint: str) -> None:
    """The recorded bodies of real nodes fit the gated field list of their own release."""
    body = real_fixture(f"storj-exporter_{release}_{kind}.json")
    go = Shapes(version(release))
    assert go.problems(body, go.endpoint(endpoint)) == []
