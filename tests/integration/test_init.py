"""Setup and unload of a config entry."""

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.storj_monitor.const import DOMAIN


async def test_setup_and_unload(hass: HomeAssistant) -> None:
    """An entry loads and unloads cleanly."""
    entry = MockConfigEntry(domain=DOMAIN, data={"url": "http://127.0.0.1:14002"})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
