"""Every endpoint over real loopback HTTP, with bodies built from the API reference."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal

from aiohttp import web
import pytest

from custom_components.storj_monitor.api import (
    NotificationType,
    QuicStatus,
    StorjInvalidResponseError,
    StorjNodeClient,
    StorjUnsupportedVersionError,
)

from . import documents as doc
from .fake_node import FakeNode


async def test_dashboard_v1_162(client: StorjNodeClient, node: FakeNode) -> None:
    """v1.143+ diskSpace meaning, vettedAt, quicStatus; unknown fields are ignored."""
    node.json("/api/sno/", doc.dashboard_v1_162())

    dashboard = await client.async_get_dashboard()

    assert node.requests == ["GET /api/sno/"]  # straight to the slash path, no redirect hop
    disk = dashboard.disk
    assert disk.is_new_meaning
    assert disk.allocated_total == 2_000_000_000_000
    assert disk.free == 750_000_000_000  # available is the free space since v1.143
    assert disk.used_total == 1_200_000_000_000  # used already includes trash
    assert disk.used_percent == pytest.approx(60.0)
    assert disk.reclaimable == 60_000_000_000
    assert dashboard.wallet_features == ("zksync-era",)
    assert dashboard.quic_status is QuicStatus.OK
    assert dashboard.last_quic_pinged_at is None  # Go zero time
    assert dashboard.started_at == datetime(2026, 8, 20, 12, tzinfo=UTC)  # nanoseconds cut
    assert dashboard.version_info == (1, 162, 3)
    us1, eu1, ap1, saltlake = dashboard.satellites
    assert (us1.name, eu1.name, ap1.name, saltlake.name) == ("us1", "eu1", "ap1", "saltlake")
    assert us1.vetted_at == datetime(2024, 3, 2, 10, 11, 12, 123456, tzinfo=UTC)
    assert us1.current_storage_used is None  # removed in v1.122
    assert not us1.is_suspended
    assert not us1.is_disqualified
    assert eu1.is_suspended
    assert eu1.vetted_at is None
    assert ap1.is_disqualified
    assert ap1.disqualified_at == datetime(2026, 7, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("Misconfigured", QuicStatus.MISCONFIGURED),
        ("Disabled", QuicStatus.DISABLED),
        ("Refreshing", QuicStatus.REFRESHING),
        ("SomethingNew", None),
        ("", None),
    ],
)
async def test_quic_status(
    client: StorjNodeClient, node: FakeNode, wire: str, expected: QuicStatus | None
) -> None:
    """Every documented state; a state a future node adds is unknown, not an error."""
    node.json("/api/sno/", doc.dashboard_v1_162() | {"quicStatus": wire})

    assert (await client.async_get_dashboard()).quic_status is expected


@pytest.mark.parametrize(
    ("wire", "expected"), [("28967", 28967), ("", None), ("²⁸", None), (None, None)]
)
async def test_configured_port(
    client: StorjNodeClient, node: FakeNode, wire: str | None, expected: int | None
) -> None:
    """A Go string holding the public port; anything but digits is no port."""
    node.json("/api/sno/", doc.dashboard_v1_162() | {"configuredPort": wire})

    assert (await client.async_get_dashboard()).configured_port == expected


async def test_satellite_v1_162(client: StorjNodeClient, node: FakeNode) -> None:
    """The v1.162 `calculated` stamp, vettedAt and the post-2023 price model."""
    node.json(f"/api/sno/satellite/{doc.US1}", doc.satellite_v1_162())

    satellite = await client.async_get_satellite(doc.US1)

    real, projected = satellite.storage_daily
    assert real.calculated is False
    assert projected.calculated is True
    assert projected.at_rest_byte_hours == 0
    assert projected.at_rest_bytes == pytest.approx(1e12)
    assert satellite.vetted_at == datetime(2021, 2, 1, tzinfo=UTC)
    assert satellite.current_storage_used is None
    assert satellite.audit_score == 1.0
    assert satellite.suspension_score == 0.995
    assert satellite.online_score == 0.9876
    assert satellite.audit_history_windows[0].online_count == 39
    traffic = satellite.bandwidth_daily[0]
    assert (traffic.egress, traffic.ingress, traffic.delete) == (11_228_296, 7_300, 0)
    assert satellite.price_model is not None
    assert satellite.price_model.egress_per_tb == Decimal("2")
    assert satellite.price_model.disk_per_tb_month == Decimal("1.5")


async def test_satellite_pre_v1_21_shape_is_mapped(client: StorjNodeClient, node: FakeNode) -> None:
    """≤v1.20 `audit`/`uptime` objects plus top-level onlineScore map to the same fields."""
    node.json(f"/api/sno/satellite/{doc.US2}", doc.satellite_v1_20())

    satellite = await client.async_get_satellite(doc.US2)

    assert satellite.audit_score == 0.995
    assert satellite.suspension_score == 0.975
    assert satellite.online_score == 0.97
    assert satellite.url is None
    assert satellite.name == "us2"  # from the known-satellite table
    assert satellite.storage_daily == ()  # null lists
    assert satellite.bandwidth_daily == ()
    assert satellite.audit_history_windows == ()
    assert satellite.average_usage_bytes is None


async def test_satellite_v1_20_online_score_from_audit_history(
    client: StorjNodeClient, node: FakeNode
) -> None:
    """v1.20 nodes without a top-level onlineScore still have auditHistory.score."""
    body = doc.satellite_v1_20()
    del body["onlineScore"]
    body["auditHistory"] = {"score": 0.91, "windows": None}
    node.json(f"/api/sno/satellite/{doc.US2}", body)

    satellite = await client.async_get_satellite(doc.US2)

    assert satellite.online_score == 0.91


async def test_satellite_older_than_v1_12_is_unsupported(
    client: StorjNodeClient, node: FakeNode
) -> None:
    """Without any online score the shape is recognised but reported as unsupported."""
    body = doc.satellite_v1_20()
    del body["onlineScore"]
    node.json(f"/api/sno/satellite/{doc.US2}", body)

    with pytest.raises(StorjUnsupportedVersionError, match=r"older than v1\.12") as err:
        await client.async_get_satellite(doc.US2)
    assert err.value.endpoint == f"GET /api/sno/satellite/{doc.US2}"


async def test_satellites_summary(client: StorjNodeClient, node: FakeNode) -> None:
    """`/api/sno/satellites`: StampGroups without intervalInHours, null bandwidth list."""
    node.json("/api/sno/satellites", doc.satellites_summary())

    summary = await client.async_get_satellites_summary()

    assert summary.storage_daily[0].interval_hours is None
    assert summary.storage_daily[0].calculated is False
    assert summary.bandwidth_daily == ()
    assert summary.average_usage_bytes == 2e12
    assert summary.storage_summary_byte_hours == 48e12
    assert (summary.bandwidth_summary, summary.egress_summary, summary.ingress_summary) == (
        123,
        100,
        23,
    )
    assert summary.earliest_joined_at == datetime(2021, 1, 7, 1, 54, 43, tzinfo=UTC)
    us1, other = summary.scores
    assert (us1.name, us1.online_score) == ("us1", 0.95)
    assert (other.name, other.satellite_url, other.audit_score) == (
        "sat.example.net",
        "sat.example.net:7777",
        0.97,
    )


async def test_satellites_summary_before_audits_existed(
    client: StorjNodeClient, node: FakeNode
) -> None:
    """`audits` (v1.11+) and `averageUsageBytes` (v1.70+) may be absent."""
    body = doc.satellites_summary()
    del body["audits"], body["averageUsageBytes"]
    node.json("/api/sno/satellites", body)

    summary = await client.async_get_satellites_summary()

    assert summary.scores == ()
    assert summary.average_usage_bytes is None


async def test_estimated_payout_per_satellite(client: StorjNodeClient, node: FakeNode) -> None:
    """`?id=` selects one satellite; a pre-v1.21 body has no currentMonthExpectations."""
    body = doc.fixture_json("1.71.2", "payout")
    del body["currentMonthExpectations"]
    node.json("/api/sno/estimated-payout", body)

    payout = await client.async_get_estimated_payout(doc.US1)

    assert node.requests == [f"GET /api/sno/estimated-payout?id={doc.US1}"]
    assert payout.current_month_expectations is None
    assert payout.current_month.payout == Decimal("1.6449")


async def test_pricing(client: StorjNodeClient, node: FakeNode) -> None:
    """camelCase keys, cents per TB to dollars per TB."""
    node.json(f"/api/sno/satellites/{doc.EU1}/pricing", doc.pricing(doc.EU1))

    pricing = await client.async_get_pricing(doc.EU1)

    assert pricing.satellite_id == doc.EU1
    assert pricing.egress_per_tb == pricing.repair_per_tb == pricing.audit_per_tb == Decimal(2)
    assert pricing.disk_per_tb_month == Decimal("1.5")
    assert pricing.is_known


async def test_pricing_not_received_yet(client: StorjNodeClient, node: FakeNode) -> None:
    """No stored price model: the node answers all zeros, not an error."""
    body = doc.pricing() | {
        "egressBandwidth": 0,
        "repairBandwidth": 0,
        "auditBandwidth": 0,
        "diskSpace": 0,
    }
    node.json(f"/api/sno/satellites/{doc.US1}/pricing", body)

    assert not (await client.async_get_pricing(doc.US1)).is_known


async def test_notifications(client: StorjNodeClient, node: FakeNode) -> None:
    """Both query parameters are sent; unknown type codes are kept."""
    node.json("/api/notifications/list", doc.notifications())

    page = await client.async_get_notifications(limit=10, page=1)

    assert node.requests == ["GET /api/notifications/list?limit=10&page=1"]
    assert (page.unread_count, page.total_count, page.page_count) == (1, 2, 1)
    assert (page.offset, page.limit, page.current_page) == (0, 10, 1)
    suspended, update = page.notifications
    assert suspended.kind is NotificationType.SUSPENSION
    assert suspended.read_at is None
    assert suspended.sender_id == doc.US1
    assert update.type == 9
    assert update.kind is None
    assert update.read_at == datetime(2026, 8, 21, 7, tzinfo=UTC)
    assert update.title.startswith("Please update")


async def test_notifications_empty_page(client: StorjNodeClient, node: FakeNode) -> None:
    """A nil notifications slice arrives as null."""
    body = doc.notifications()
    body["page"]["notifications"] = None
    node.json("/api/notifications/list", body)

    assert (await client.async_get_notifications()).notifications == ()


async def test_mark_notifications_read(client: StorjNodeClient, node: FakeNode) -> None:
    """Both POST endpoints answer 200 with an empty body."""
    note_id = "5c1d5a1e-8a2b-4b0e-9a55-0f5b5b1e2a10"
    for path in (f"/api/notifications/{note_id}/read", "/api/notifications/readall"):

        async def empty(_: web.Request) -> web.Response:
            return web.Response()

        node.serve("POST", path, empty)

    await client.async_mark_notification_read(note_id)
    await client.async_mark_all_notifications_read()

    assert node.requests == [
        f"POST /api/notifications/{note_id}/read",
        "POST /api/notifications/readall",
    ]


async def test_paystubs_of_one_period(client: StorjNodeClient, node: FakeNode) -> None:
    """Micro-USD become dollars; `codes` is split; surgePercent 0 is kept as sent."""
    node.json("/api/heldamount/paystubs/2026-07", [doc.paystub()])

    (stub,) = await client.async_get_paystubs("2026-07")

    assert stub.name == "us1"
    assert stub.period == "2026-07"
    assert stub.codes == ("E", "O")
    assert stub.created_at == datetime(2026, 8, 14, 10, tzinfo=UTC)
    assert stub.held == Decimal("2.006182")
    assert stub.owed == stub.paid == Decimal("6.018547")
    assert stub.distributed == Decimal("12.528337")
    assert stub.comp_get_audit == Decimal("0.000015")
    assert stub.comp_at_rest == Decimal("2.25")
    assert stub.earned == Decimal("2.670015")
    assert stub.surge_percent == 0
    assert stub.usage_at_rest_byte_months == pytest.approx(1.5e12)
    assert stub.usage_get_audit == 7_500


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(doc.paystub(), 1, id="single object"),
        pytest.param(None, 0, id="literal null"),
    ],
)
async def test_paystub_of_one_satellite(
    client: StorjNodeClient, node: FakeNode, body: object, expected: int
) -> None:
    """With `?id=` the node sends one object, or `null` when there is no paystub."""
    node.json("/api/heldamount/paystubs/2026-07", body)

    stubs = await client.async_get_paystubs("2026-07", doc.US1)

    assert node.requests == [f"GET /api/heldamount/paystubs/2026-07?id={doc.US1}"]
    assert len(stubs) == expected


async def test_paystubs_range(client: StorjNodeClient, node: FakeNode) -> None:
    """Paystubs from start to end; before v1.22 there is no `distributed`."""
    old = doc.paystub(period="2021-01")
    del old["distributed"]
    node.json("/api/heldamount/paystubs/2021-01/2026-7", [old, doc.paystub(doc.EU1)])

    first, second = await client.async_get_paystubs_range("2021-01", "2026-7")

    assert first.distributed is None
    assert second.name == "eu1"


@pytest.mark.parametrize("period", ["2026", "26-07", "2026-07-01", "../sno"])
async def test_malformed_period_is_refused_locally(
    client: StorjNodeClient, node: FakeNode, period: str
) -> None:
    """The node panics and drops the connection on some bad periods: never send them."""
    with pytest.raises(ValueError, match="YYYY-MM"):
        await client.async_get_paystubs_range("2026-01", period)
    with pytest.raises(ValueError, match="YYYY-MM"):
        await client.async_get_payout_history(period)
    assert node.requests == []


async def test_held_history(client: StorjNodeClient, node: FakeNode) -> None:
    """Micro-USD to dollars; the decommissioned stefan-benten satellite keeps its name."""
    node.json("/api/heldamount/held-history", doc.held_history())

    us1, stefan = await client.async_get_held_history()

    assert us1.name == "us1"
    assert us1.held_months_1_to_3 == Decimal("1.5")
    assert us1.held_months_4_to_6 == Decimal(1)
    assert us1.held_months_7_to_9 == Decimal("0.5")
    assert us1.total_held == Decimal(3)
    assert us1.total_disposed == Decimal("1.5")
    assert us1.currently_held == Decimal("1.5")
    assert us1.joined_at == datetime(2021, 1, 7, 1, 54, tzinfo=UTC)
    assert (stefan.name, stefan.satellite_url) == ("stefan-benten", "stefan-benten")
    assert stefan.currently_held == Decimal("0.25")


async def test_periods(client: StorjNodeClient, node: FakeNode) -> None:
    """Returned ascending and unique whatever order the node used."""
    node.json("/api/heldamount/periods", ["2026-07", "2025-12", "2026-01", "2026-07"])

    assert await client.async_get_periods(doc.US1) == ("2025-12", "2026-01", "2026-07")
    assert node.requests == [f"GET /api/heldamount/periods?id={doc.US1}"]


async def test_payout_history(client: StorjNodeClient, node: FakeNode) -> None:
    """An unknown satellite's URL falls back to its ID; an empty receipt is None."""
    unknown = "1unknownSatelliteIdXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
    body = doc.payout_history((doc.US1, unknown))
    body[1]["receipt"] = ""
    node.json("/api/heldamount/payout-history/2026-07", body)

    us1, other = await client.async_get_payout_history("2026-07")

    assert us1.name == "us1"
    assert us1.paid == us1.earned == Decimal("2.670015")
    assert us1.receipt == "zksync-era:0x0123abcd"
    assert us1.age_months == 67
    assert us1.surge_percent == 100
    assert us1.held_percent == 0
    assert not us1.is_exit_complete
    assert other.name == unknown
    assert other.receipt is None


type Call = Callable[[StorjNodeClient], Awaitable[tuple[object, ...]]]


@pytest.mark.parametrize(
    ("path", "call"),
    [
        ("/api/heldamount/held-history", lambda client: client.async_get_held_history()),
        ("/api/heldamount/periods", lambda client: client.async_get_periods()),
        (
            "/api/heldamount/payout-history/2026-07",
            lambda client: client.async_get_payout_history("2026-07"),
        ),
        (
            "/api/heldamount/paystubs/2026-07",
            lambda client: client.async_get_paystubs("2026-07"),
        ),
    ],
)
async def test_null_lists(client: StorjNodeClient, node: FakeNode, path: str, call: Call) -> None:
    """Go nil slices arrive as `null` and become empty tuples."""
    node.json(path, None)

    assert await call(client) == ()


async def test_ids_cannot_change_the_path(client: StorjNodeClient, node: FakeNode) -> None:
    """IDs are quoted as one path segment."""
    with pytest.raises(StorjInvalidResponseError, match="HTML"):
        await client.async_get_satellite("a/../b")
    assert node.requests == ["GET /api/sno/satellite/a%2F..%2Fb"]
