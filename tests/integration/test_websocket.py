"""The cards' websocket commands: access, errors, isolation per node, throttled pushes."""

from datetime import UTC, datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.dispatcher import async_dispatcher_send
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import MockHAClientWebSocket, WebSocketGenerator

from custom_components.storj_monitor.anomaly import Anomaly, Direction, Metric
from custom_components.storj_monitor.anomaly_monitor import anomaly_signal
from custom_components.storj_monitor.const import DOMAIN
from storj_simulator import SimulatedCluster

from .conftest import setup_node


@pytest.fixture
def node_count() -> int:
    """Two nodes: one's data must never reach the other's subscriber."""
    return 2


@pytest.fixture
async def entries(hass: HomeAssistant, cluster: SimulatedCluster) -> list[MockConfigEntry]:
    """Both nodes, set up (no log source)."""
    return [await setup_node(hass, node) for node in cluster.nodes]


async def command(client: MockHAClientWebSocket, **message: Any) -> dict[str, Any]:
    await client.send_json_auto_id(message)
    response: dict[str, Any] = await client.receive_json()
    return response


async def test_get_by_entry_or_device(
    hass: HomeAssistant, entries: list[MockConfigEntry], hass_ws_client: WebSocketGenerator
) -> None:
    """The same payload whichever way the node is named; no log source, no log part."""
    entry = entries[0]
    device = next(
        device
        for device in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
        if (DOMAIN, entry.unique_id) in device.identifiers
    )
    client = await hass_ws_client(hass)
    by_entry = await command(client, type="storj_monitor/get", entry_id=entry.entry_id)
    by_device = await command(client, type="storj_monitor/get", device_id=device.id)
    assert by_entry["success"], by_entry
    assert by_entry["result"] == by_device["result"]
    assert by_entry["result"] == {
        "entry_id": entry.entry_id,
        "node": "Node 1",
        "loaded": True,
        "log": None,
        "insights": [],
    }


async def test_errors_are_clear(
    hass: HomeAssistant, entries: list[MockConfigEntry], hass_ws_client: WebSocketGenerator
) -> None:
    client = await hass_ws_client(hass)
    for message, code in (
        ({}, "invalid_format"),
        ({"entry_id": "nope"}, "not_found"),
        ({"device_id": "nope"}, "not_found"),
        ({"entry_id": "a", "device_id": "b"}, "invalid_format"),
    ):
        for kind in ("get", "subscribe"):
            response = await command(client, type=f"storj_monitor/{kind}", **message)
            assert not response["success"]
            assert response["error"]["code"] == code, (kind, message)
    other = MockConfigEntry(domain="other_domain")
    other.add_to_hass(hass)
    response = await command(client, type="storj_monitor/get", entry_id=other.entry_id)
    assert response["error"]["code"] == "not_found"
    await hass.config_entries.async_unload(entries[1].entry_id)
    response = await command(client, type="storj_monitor/get", entry_id=entries[1].entry_id)
    assert response["error"]["code"] == "not_loaded"
    assert response["error"]["translation_key"] == "entry_not_loaded"


async def test_a_subscription_waits_for_its_node_to_load(
    hass: HomeAssistant, entries: list[MockConfigEntry], hass_ws_client: WebSocketGenerator
) -> None:
    """After a restart the frontend subscribes again before every entry has loaded: the
    subscriber hears `loaded: false`, then the node's data once it is set up."""
    entry = entries[1]
    await hass.config_entries.async_unload(entry.entry_id)
    client = await hass_ws_client(hass)
    response = await command(client, type="storj_monitor/subscribe", entry_id=entry.entry_id)
    assert response["success"], response
    waiting = await client.receive_json()
    assert waiting["event"]["loaded"] is False
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    # "Setting up" is one more `loaded: false` on the way.
    events = [(await client.receive_json())["event"] for _ in range(2)]
    assert [event["loaded"] for event in events] == [False, True]
    assert events[-1]["entry_id"] == entry.entry_id


async def test_a_non_admin_user_reads_a_user_without_read_access_does_not(
    hass: HomeAssistant,
    entries: list[MockConfigEntry],
    hass_ws_client: WebSocketGenerator,
    hass_read_only_user: MockUser,
    hass_read_only_access_token: str,
) -> None:
    """Readable entities, readable summary: the same rule as the states the user sees."""
    entry_id = entries[0].entry_id
    client = await hass_ws_client(hass, hass_read_only_access_token)
    response = await command(client, type="storj_monitor/subscribe", entry_id=entry_id)
    assert response["success"]
    event = await client.receive_json()
    assert event["event"]["entry_id"] == entry_id
    # A policy that lets the user read one entity of the node only: nothing at all.
    hass_read_only_user.mock_policy(
        {"entities": {"entity_ids": {"sensor.node_1_disk_used": {"read": True}}}}
    )
    for kind in ("get", "subscribe"):
        response = await command(client, type=f"storj_monitor/{kind}", entry_id=entry_id)
        assert not response["success"]
        assert response["error"]["code"] == "unauthorized"
        assert response["error"]["translation_key"] == "node_not_readable"


async def test_subscription_follows_one_node_throttled(
    hass: HomeAssistant,
    entries: list[MockConfigEntry],
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Changes of node A reach A's subscriber at most once a second; B's never do."""
    first, second = entries
    client = await hass_ws_client(hass)
    subscribed = await command(client, type="storj_monitor/subscribe", entry_id=first.entry_id)
    assert subscribed["success"]
    initial = await client.receive_json()
    assert initial["id"] == subscribed["id"]
    assert initial["event"]["entry_id"] == first.entry_id

    # Node B changes a lot: nothing arrives for A.
    for _ in range(3):
        second.runtime_data.coordinator.async_update_listeners()
        async_dispatcher_send(hass, anomaly_signal(second.entry_id))
    # Node A changes three times within its second: one push, when the second is over.
    for _ in range(3):
        first.runtime_data.coordinator.async_update_listeners()
    await hass.async_block_till_done()
    freezer.tick(timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    pushed = await client.receive_json()
    assert pushed["id"] == subscribed["id"]
    assert pushed["event"]["entry_id"] == first.entry_id
    # An anomaly judgement a while later goes out at once.
    freezer.tick(timedelta(seconds=5))
    async_dispatcher_send(hass, anomaly_signal(first.entry_id))
    pushed = await client.receive_json()
    assert pushed["event"]["entry_id"] == first.entry_id
    # Nothing else was sent: the next message is the answer to the next command.
    ping = await command(client, type="ping")
    assert ping["type"] == "pong"


async def test_subscription_ends_with_the_connection(
    hass: HomeAssistant, entries: list[MockConfigEntry], hass_ws_client: WebSocketGenerator
) -> None:
    """Unsubscribing or closing the socket removes every listener it added."""
    coordinator = entries[0].runtime_data.coordinator
    before = len(coordinator._listeners)
    client = await hass_ws_client(hass)
    subscribed = await command(client, type="storj_monitor/subscribe", entry_id=entries[0].entry_id)
    await client.receive_json()
    assert len(coordinator._listeners) == before + 1
    response = await command(client, type="unsubscribe_events", subscription=subscribed["id"])
    assert response["success"]
    assert len(coordinator._listeners) == before
    await command(client, type="storj_monitor/subscribe", entry_id=entries[0].entry_id)
    await client.receive_json()
    assert len(coordinator._listeners) == before + 1
    await client.close()
    await hass.async_block_till_done()
    assert len(coordinator._listeners) == before


async def test_subscription_survives_a_reload(
    hass: HomeAssistant,
    entries: list[MockConfigEntry],
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Changing an option reloads the node: the subscriber hears so, then the new data."""
    entry = entries[0]
    client = await hass_ws_client(hass)
    await command(client, type="storj_monitor/subscribe", entry_id=entry.entry_id)
    await client.receive_json()
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    seen = []
    while not seen or seen[-1]["loaded"] is False:
        seen.append((await client.receive_json())["event"])
    assert seen[0]["loaded"] is False
    assert seen[-1]["loaded"] is True
    # The new coordinator is followed.
    freezer.tick(timedelta(seconds=2))
    entry.runtime_data.coordinator.async_update_listeners()
    pushed = await client.receive_json()
    assert pushed["event"]["entry_id"] == entry.entry_id


async def test_current_anomalies_travel_with_the_data(
    hass: HomeAssistant,
    entries: list[MockConfigEntry],
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The monitor's current findings; `None` where detection is switched off."""
    first, second = entries
    monitor = first.runtime_data.anomalies
    assert monitor is not None
    since = datetime(2026, 11, 15, 9, tzinfo=UTC)
    monitor.detector._active[Metric.UPLOAD_SUCCESS] = Anomaly(
        Metric.UPLOAD_SUCCESS, Direction.BELOW, since, -4.26, 81.5, 97.25
    )
    hass.config_entries.async_update_entry(second, options={"anomaly_enabled": False})
    await hass.config_entries.async_reload(second.entry_id)
    await hass.async_block_till_done()
    client = await hass_ws_client(hass)
    response = await command(client, type="storj_monitor/get", entry_id=first.entry_id)
    assert response["result"]["insights"] == [
        {
            "metric": "upload_success_rate",
            "direction": "below",
            "z": -4.3,
            "value": 81.5,
            "baseline": 97.25,
            "since": "2026-11-15T09:00:00+00:00",
        }
    ]
    response = await command(client, type="storj_monitor/get", entry_id=second.entry_id)
    assert response["result"]["insights"] is None


async def test_a_user_allowed_one_node_reads_that_node_only(
    hass: HomeAssistant,
    entries: list[MockConfigEntry],
    hass_ws_client: WebSocketGenerator,
    hass_read_only_user: MockUser,
    hass_read_only_access_token: str,
) -> None:
    """A second user whose policy shows node 2 only: node 2's data, never node 1's."""
    first, second = entries
    registry = er.async_get(hass)
    allowed = {
        entity.entity_id: {"read": True}
        for entity in er.async_entries_for_config_entry(registry, second.entry_id)
    }
    hass_read_only_user.mock_policy({"entities": {"entity_ids": allowed}})
    client = await hass_ws_client(hass, hass_read_only_access_token)
    refused = await command(client, type="storj_monitor/subscribe", entry_id=first.entry_id)
    assert refused["error"]["code"] == "unauthorized"
    subscribed = await command(client, type="storj_monitor/subscribe", entry_id=second.entry_id)
    assert subscribed["success"]
    assert (await client.receive_json())["event"]["entry_id"] == second.entry_id
    # Node 1 changes: nothing for this user; node 2's next push is the next message.
    first.runtime_data.coordinator.async_update_listeners()
    async_dispatcher_send(hass, anomaly_signal(first.entry_id))
    await hass.async_block_till_done()
    ping = await command(client, type="ping")
    assert ping["type"] == "pong"
