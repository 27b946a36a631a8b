"""The "Send test alert" button: a test alert through the real path, up to the notify blueprint."""

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_mock_service,
)

from custom_components.storj_monitor.alerts import ALERT_EVENT
from custom_components.storj_monitor.const import DOMAIN
from storj_simulator import SimulatedNode

from .test_alerts import advance, issues

BUTTON = "button.node_1_send_test_alert"
MESSAGE = "Storj node Node 1: test alert (notifications work)"


async def press(hass: HomeAssistant) -> None:
    """Press the node's test alert button."""
    await hass.services.async_call("button", "press", {ATTR_ENTITY_ID: BUTTON}, blocking=True)
    await hass.async_block_till_done()


async def test_button_sends_a_test_alert_without_a_repair_issue(
    hass: HomeAssistant, entry: MockConfigEntry, issue_registry: ir.IssueRegistry
) -> None:
    """The bus event and the event entity carry `test_alert`; no repair issue is raised."""
    events = async_capture_events(hass, ALERT_EVENT)
    alerts_entity = hass.states.get("event.node_1_alerts")
    assert alerts_entity is not None
    assert "test_alert" in alerts_entity.attributes["event_types"]

    await press(hass)
    assert len(events) == 1
    assert events[0].data["type"] == "test_alert"
    assert events[0].data["condition"] == "test"
    assert events[0].data["severity"] == "warning"
    assert events[0].data["node"] == "Node 1"
    assert events[0].data["entry_id"] == entry.entry_id
    assert events[0].data["message"] == MESSAGE
    state = hass.states.get("event.node_1_alerts")
    assert state is not None
    assert state.attributes["event_type"] == "test_alert"
    assert state.attributes["message"] == MESSAGE
    assert issues(issue_registry) == {}


async def test_button_works_while_the_node_is_offline(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Notifications matter most when the node is down: the button stays available."""
    await node.set_scenario("offline")
    await advance(hass, freezer, timedelta(minutes=5))
    assert not entry.runtime_data.coordinator.last_update_success
    button = hass.states.get(BUTTON)
    assert button is not None
    assert button.state != "unavailable"
    events = async_capture_events(hass, ALERT_EVENT)
    await press(hass)
    assert [e.data["type"] for e in events] == ["test_alert"]


async def test_notify_blueprint_receives_the_test_alert(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """An automation from "notify on Storj alert" with its defaults sends the test alert."""
    calls = async_mock_service(hass, "notify", "test_phone")
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "use_blueprint": {
                    "path": f"{DOMAIN}/notify_on_alert.yaml",
                    "input": {
                        "alert_entities": ["event.node_1_alerts"],
                        "notify_action": [
                            {
                                "action": "notify.test_phone",
                                "data": {"title": "{{ title }}", "message": "{{ message }}"},
                            }
                        ],
                    },
                }
            }
        },
    )
    await hass.async_block_till_done()
    await press(hass)
    assert len(calls) == 1
    assert calls[0].data == {"title": "Storj warning: Node 1", "message": MESSAGE}
    # A second press is a new event: sent again.
    freezer.tick(timedelta(seconds=1))
    await press(hass)
    assert len(calls) == 2
