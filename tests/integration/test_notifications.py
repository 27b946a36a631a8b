"""The node's own notifications: announced once, counted, marked read; driven by the simulator."""

from datetime import timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import persistent_notification
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.storj_monitor.const import DOMAIN
from custom_components.storj_monitor.notifications import NOTIFICATION_EVENT
from storj_simulator import SimulatedNode

from .conftest import setup_node

UNREAD = "sensor.node_1_unread_notifications"
EVENTS = "event.node_1_alerts"
UNKNOWN_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Move time on by one poll interval and run the poll."""
    freezer.tick(timedelta(minutes=5))
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=1))
    await hass.async_block_till_done(wait_background_tasks=True)


def notes(hass: HomeAssistant) -> dict[str, str]:
    """Our open persistent notifications: notification ID on the node -> title."""
    prefix = f"{DOMAIN}_"
    # What the frontend lists (its websocket command reads the same dict).
    shown = persistent_notification._async_get_or_create_notifications(hass)
    return {
        key.rpartition("_")[2]: note["title"]
        for key, note in shown.items()
        if key.startswith(prefix)
    }


def titles(events: list[Event[dict[str, Any]]]) -> list[str]:
    """The title of each notification event, in order."""
    return [event.data["title"] for event in events]


def unread(hass: HomeAssistant) -> str:
    """The unread sensor's state."""
    state = hass.states.get(UNREAD)
    assert state is not None
    return state.state


async def mark_read(hass: HomeAssistant, entry: MockConfigEntry, **data: Any) -> None:
    """Call the action."""
    await hass.services.async_call(
        DOMAIN,
        "mark_notifications_read",
        {"config_entry_id": entry.entry_id, **data},
        blocking=True,
    )


async def test_new_notifications_announced_once(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Each new notification: one bus event, one entity event, one persistent notification;
    never again, not after a reload either."""
    events = async_capture_events(hass, NOTIFICATION_EVENT)
    assert unread(hass) == "0"
    us1 = node.satellites[0].satellite_id
    await node.set_scenario("notifications")

    await advance(hass, freezer)

    assert len(events) == 2
    suspension = next(e.data for e in events if e.data["type"] == "suspension")
    assert suspension["message"].endswith(f"suspended on Satellite {us1}")
    assert suspension["sender_id"] == node.node_id
    assert (suspension["node"], suspension["read"]) == ("Node 1", False)
    assert set(notes(hass).values()) == {f"Node 1: {title}" for title in titles(events)}
    assert suspension["notification_id"] in notes(hass)
    state = hass.states.get(EVENTS)
    assert state is not None
    assert state.attributes["event_type"] == "notification"
    assert state.attributes["notification_id"] in notes(hass)
    sensor = hass.states.get(UNREAD)
    assert sensor is not None
    assert sensor.state == "2"
    assert {item["type"] for item in sensor.attributes["latest_unread"]} == {
        "suspension",
        "custom",
    }

    await advance(hass, freezer)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await advance(hass, freezer)
    assert len(events) == 2
    assert len(notes(hass)) == 2

    node.add_notification(type=2, title="Disqualified on eu1")
    await advance(hass, freezer)
    assert titles(events)[2:] == ["Disqualified on eu1"]
    assert events[2].data["type"] == "disqualification"
    assert unread(hass) == "3"


async def test_found_while_unloaded_reaches_the_event_entity(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A notification made while Home Assistant was away is announced once it is back,
    also on the event entity, which does not exist yet during the first poll."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    node.add_notification(title="Made while away")
    events = async_capture_events(hass, NOTIFICATION_EVENT)

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert titles(events) == ["Made while away"]
    state = hass.states.get(EVENTS)
    assert state is not None
    assert state.attributes["title"] == "Made while away"


async def test_existing_notifications_are_not_news(
    hass: HomeAssistant, node: SimulatedNode, freezer: FrozenDateTimeFactory
) -> None:
    """On the first listing ever, what the node already has is counted, not announced."""
    node.add_notification(title="Old news")
    events = async_capture_events(hass, NOTIFICATION_EVENT)

    await setup_node(hass, node)
    await advance(hass, freezer)

    assert events == []
    assert notes(hass) == {}
    assert unread(hass) == "1"


async def test_mark_read_one_then_all(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The action marks one read on the node (its note dismissed, the count down at once),
    then all; bad and unknown IDs are refused."""
    events = async_capture_events(hass, NOTIFICATION_EVENT)
    await node.set_scenario("notifications")
    await advance(hass, freezer)
    first, second = (event.data["notification_id"] for event in events)

    await mark_read(hass, entry, notification_id=first)

    assert set(node.read_notifications) == {first}
    assert unread(hass) == "1"
    assert set(notes(hass)) == {second}

    await mark_read(hass, entry)

    assert set(node.read_notifications) == {first, second}
    assert unread(hass) == "0"
    assert notes(hass) == {}
    with pytest.raises(ServiceValidationError) as invalid:
        await mark_read(hass, entry, notification_id="not-an-id")
    assert invalid.value.translation_key == "invalid_notification_id"
    with pytest.raises(HomeAssistantError) as unknown:
        await mark_read(hass, entry, notification_id=UNKNOWN_ID)
    assert unknown.value.translation_key == "notifications_not_marked"
    assert "no rows affected" in str(unknown.value.translation_placeholders)


async def test_read_on_the_dashboard_dismisses(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Read on the node's own dashboard: the note goes at the next poll, no new event."""
    events = async_capture_events(hass, NOTIFICATION_EVENT)
    added = node.add_notification(title="Read me")
    await advance(hass, freezer)
    assert list(notes(hass)) == [added.notification_id]

    node.mark_read(added.notification_id)
    await advance(hass, freezer)

    assert notes(hass) == {}
    assert unread(hass) == "0"
    assert len(events) == 1


async def test_list_error_keeps_the_node(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A 500 on the list makes only the unread sensor unavailable, logged once; then the
    notifications made meanwhile are announced."""
    events = async_capture_events(hass, NOTIFICATION_EVENT)
    await node.set_scenario("notifications", broken=True)

    await advance(hass, freezer)
    await advance(hass, freezer)

    assert unread(hass) == STATE_UNAVAILABLE
    disk = hass.states.get("sensor.node_1_disk_free")
    assert disk is not None
    assert disk.state != STATE_UNAVAILABLE
    warnings = [r for r in caplog.records if "Could not list the notifications" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert "database disk image is malformed" in warnings[0].getMessage()
    assert events == []
    with pytest.raises(HomeAssistantError):
        await mark_read(hass, entry)

    await node.set_scenario("healthy")
    await advance(hass, freezer)

    assert unread(hass) == "2"
    assert len(events) == 2
    assert "can be listed again" in caplog.text


async def test_memory_is_bounded(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the newest IDs are kept, never fewer than a page: each one announced once."""
    module = "custom_components.storj_monitor.notifications"
    events = async_capture_events(hass, NOTIFICATION_EVENT)
    key = f"{DOMAIN}.notifications.{node.node_id}"
    monkeypatch.setattr(f"{module}.PAGE_LIMIT", 2)
    monkeypatch.setattr(f"{module}.REMEMBERED", 3)
    for number in range(4):
        node.add_notification(title=f"n{number}")
        await advance(hass, freezer)
    assert hass_storage[key]["data"]["seen"] == [e.data["notification_id"] for e in events[-3:]]

    monkeypatch.setattr(f"{module}.REMEMBERED", 1)  # less than a page: the page is kept
    for number in range(4, 6):
        node.add_notification(title=f"n{number}")
        await advance(hass, freezer)

    assert titles(events) == [f"n{number}" for number in range(6)]
    assert hass_storage[key]["data"]["seen"] == [e.data["notification_id"] for e in events[-2:]]


async def test_sensor_lists_newest_unread(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The 5 newest unread in the attributes; a satellite sender is named."""
    us1 = node.satellites[0].satellite_id
    events = async_capture_events(hass, NOTIFICATION_EVENT)
    for number in range(7):
        node.add_notification(title=f"n{number}", sender_id=us1 if number == 6 else node.node_id)
        freezer.tick(timedelta(seconds=1))
    node.mark_read(node.added_notifications[5].notification_id)
    await advance(hass, freezer)

    sensor = hass.states.get(UNREAD)
    assert sensor is not None
    assert sensor.state == "6"
    assert [item["title"] for item in sensor.attributes["latest_unread"]] == [
        "n6",
        "n4",
        "n3",
        "n2",
        "n1",
    ]
    assert sensor.attributes["total"] == 7
    assert titles(events) == [f"n{number}" for number in range(7)]  # oldest first
    assert [e.data["sender"] for e in events] == [None] * 6 + ["us1"]
    assert [e.data["read"] for e in events] == [False] * 5 + [True, False]
    assert "n5" not in {title.removeprefix("Node 1: ") for title in notes(hass).values()}


async def test_diagnostics_hide_the_sender(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_client: ClientSessionGenerator,
) -> None:
    """The node sends its notices under its own ID: diagnostics must not show it."""
    await node.set_scenario("notifications")
    await advance(hass, freezer)

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    listing = diagnostics["payloads"]["GET /api/notifications/list?limit=50&page=1"]
    assert len(listing["page"]["notifications"]) == 2
    assert node.node_id not in str(diagnostics)
