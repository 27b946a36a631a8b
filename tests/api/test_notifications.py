"""The notification endpoints against the simulator, with the node's Go quirks.

Go: storagenode/console/consoleapi/notifications.go, storagenode/storagenodedb/notifications.go
and storagenode/notifications/service.go @ 5dbec64f5a.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from custom_components.storj_monitor.api import NotificationType, StorjHTTPError, StorjNodeClient
from storj_simulator import SimulatedCluster, SimulatedNode, run_simulator

START = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)
UNKNOWN_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
MALFORMED = "consoleapi notifications: notificationsdb: database disk image is malformed"


@pytest.fixture
async def cluster(freezer: FrozenDateTimeFactory) -> AsyncIterator[SimulatedCluster]:
    """One simulated node at a frozen instant."""
    freezer.move_to(START)
    async with run_simulator(1) as simulated:
        yield simulated


@pytest.fixture
def node(cluster: SimulatedCluster) -> SimulatedNode:
    """The simulated node."""
    return cluster.nodes[0]


@pytest.fixture
def sim_client(session: aiohttp.ClientSession, node: SimulatedNode) -> StorjNodeClient:
    """A client of the simulated node."""
    return StorjNodeClient(session, node.url, request_timeout=5)


async def test_empty_list_is_a_zero_page(sim_client: StorjNodeClient) -> None:
    """No rows: `[]` and a zeroed page whatever the cursor (service.go:91, db List:95)."""
    page = await sim_client.async_get_notifications(limit=50, page=3)
    assert page.notifications == ()
    assert (page.limit, page.current_page, page.page_count) == (0, 0, 0)
    assert (page.unread_count, page.total_count) == (0, 0)


async def test_notifications_scenario(
    node: SimulatedNode, sim_client: StorjNodeClient, freezer: FrozenDateTimeFactory
) -> None:
    """An offline suspension and a version notice, both sent by the node itself."""
    us1 = node.satellites[0].satellite_id
    await node.set_scenario("notifications")
    freezer.tick(timedelta(minutes=1))

    page = await sim_client.async_get_notifications(limit=50)

    assert (page.unread_count, page.total_count, page.page_count) == (2, 2, 1)
    by_kind = {item.kind: item for item in page.notifications}
    suspension = by_kind[NotificationType.SUSPENSION]
    # reputation/service.go:78,189: the sender is the node's identity, the satellite is named
    # only in the message; the title holds Go's time.String().
    assert suspension.sender_id == node.node_id
    assert suspension.title == "Your Node is suspended since 2026-03-14 10:30:00 +0000 UTC"
    assert suspension.message == (
        f"This is a reminder that your StorageNode is suspended on Satellite {us1}"
    )
    notice = by_kind[NotificationType.CUSTOM]
    assert notice.sender_id == node.node_id
    assert notice.title.startswith("Please update your Node to Version v")  # version/chore.go:190
    assert all(item.read_at is None and item.created_at == START for item in page.notifications)


async def test_page_limit_is_capped_at_50(node: SimulatedNode, sim_client: StorjNodeClient) -> None:
    """The database caps the limit at 50 (db List:70) and refuses a page past the end."""
    for number in range(55):
        node.add_notification(title=f"n{number}")

    first = await sim_client.async_get_notifications(limit=80)
    second = await sim_client.async_get_notifications(limit=80, page=2)
    with pytest.raises(StorjHTTPError) as err:
        await sim_client.async_get_notifications(limit=80, page=3)

    assert (first.limit, len(first.notifications), first.page_count) == (50, 50, 2)
    assert (second.offset, len(second.notifications), second.current_page) == (50, 5, 2)
    assert first.total_count == first.unread_count == 55
    assert err.value.status == 500
    assert err.value.message.endswith("notificationsdb: page is out of range")


async def test_read_one_and_all(
    node: SimulatedNode, sim_client: StorjNodeClient, freezer: FrozenDateTimeFactory
) -> None:
    """Read one (its `readAt` set, the unread count drops), then all."""
    first = node.add_notification(title="first")
    freezer.tick(timedelta(seconds=1))
    node.add_notification(title="second")

    await sim_client.async_mark_notification_read(first.notification_id)
    page = await sim_client.async_get_notifications(limit=50)
    read = {item.title: item.read_at for item in page.notifications}
    await sim_client.async_mark_all_notifications_read()
    after = await sim_client.async_get_notifications(limit=50)

    assert [item.title for item in page.notifications] == ["second", "first"]  # newest first
    assert read == {"first": START + timedelta(seconds=1), "second": None}
    assert page.unread_count == 1
    assert after.unread_count == 0
    assert all(item.read_at is not None for item in after.notifications)


@pytest.mark.parametrize(
    ("notification_id", "error"),
    [
        # db Read:156: no row with that ID is an error, and the controller answers 500.
        (UNKNOWN_ID, "notificationsdb: no rows affected"),
        # uuid.FromString fails: also a 500 (consoleapi/notifications.go:62).
        ("not-a-uuid", "uuid: invalid string length 10"),
    ],
)
async def test_read_failures_are_500(
    sim_client: StorjNodeClient, node: SimulatedNode, notification_id: str, error: str
) -> None:
    """Every read failure is HTTP 500 with the node's error text."""
    node.add_notification()
    with pytest.raises(StorjHTTPError) as err:
        await sim_client.async_mark_notification_read(notification_id)
    assert err.value.status == 500
    assert error in err.value.message


async def test_broken_database_answers_500(
    node: SimulatedNode, sim_client: StorjNodeClient
) -> None:
    """`notifications` with `broken`: list, read and readall all answer 500."""
    await node.set_scenario("notifications", broken=True)
    calls = (
        sim_client.async_get_notifications(limit=50),
        sim_client.async_mark_notification_read(UNKNOWN_ID),
        sim_client.async_mark_all_notifications_read(),
    )
    for call in calls:
        with pytest.raises(StorjHTTPError) as err:
            await call
        assert (err.value.status, err.value.message) == (500, MALFORMED)
    # The rest of the node is fine.
    assert (await sim_client.async_get_dashboard()).node_id == node.node_id


async def test_admin_adds_a_notification(
    cluster: SimulatedCluster,
    node: SimulatedNode,
    session: aiohttp.ClientSession,
    sim_client: StorjNodeClient,
) -> None:
    """`POST /admin/nodes/{i}/notifications` adds one now; a bad body is refused."""
    url = f"{cluster.admin_url}/admin/nodes/0/notifications"
    body = {"type": 2, "title": "Disqualified", "message": "on us1"}
    async with session.post(url, json=body) as reply:
        assert reply.status == 200
        added = await reply.json()
    async with session.post(url, json={"type": "two"}) as reply:
        assert reply.status == 400
    async with session.post(url, json={"colour": "red"}) as reply:
        assert reply.status == 400

    [item] = (await sim_client.async_get_notifications(limit=50)).notifications
    assert item.id == added["id"]
    assert (item.kind, item.title, item.message) == (
        NotificationType.DISQUALIFICATION,
        "Disqualified",
        "on us1",
    )
    assert item.sender_id == node.node_id
