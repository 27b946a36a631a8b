"""Setup, unload and reload of a node's config entry."""

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from storj_simulator import SimulatedNode

from .conftest import setup_node


async def test_setup_unload_reload(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """An entry loads, unloads and reloads cleanly."""
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.node_1_disk_used") is not None

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED


async def test_setup_retries_when_node_is_down(hass: HomeAssistant, node: SimulatedNode) -> None:
    """A node that is down at start-up makes setup retry later, not fail for good."""
    await node.set_scenario("offline")
    entry = await setup_node(hass, node)
    assert entry.state is ConfigEntryState.SETUP_RETRY
