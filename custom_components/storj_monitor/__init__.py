"""The Storj Monitor integration: watch Storj storage nodes from Home Assistant."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .alerts import AlertManager, async_forget_setup_failure, async_note_setup_failure
from .blueprint_install import async_install_blueprints
from .const import DOMAIN
from .coordinator import StorjConfigEntry, StorjCoordinator, satellite_identifier
from .frontend_cards import async_register_cards

PLATFORMS: list[Platform] = [Platform.BINARY_SENSOR, Platform.EVENT, Platform.SENSOR]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up what all nodes share: the Lovelace cards and the blueprints."""
    await async_register_cards(hass)
    await async_install_blueprints(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: StorjConfigEntry) -> bool:
    """Set up one Storj node from a config entry."""
    coordinator = StorjCoordinator(hass, entry)
    try:
        await coordinator.async_config_entry_first_refresh()
    except ConfigEntryNotReady:
        # Setup retries until the node answers: still alert if that takes too long.
        async_note_setup_failure(hass, entry)
        raise
    async_forget_setup_failure(hass, entry.entry_id)
    entry.runtime_data = coordinator
    alerts = AlertManager(hass, entry, coordinator)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(alerts.async_start())
    return True


async def async_unload_entry(hass: HomeAssistant, entry: StorjConfigEntry) -> bool:
    """Unload a config entry."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: StorjConfigEntry) -> None:
    """Forget the node's alerts when it is removed."""
    AlertManager.async_remove_issues(hass, entry.entry_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: StorjConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the user delete a satellite device the node no longer reports."""
    coordinator = entry.runtime_data
    if (DOMAIN, coordinator.node_id) in device.identifiers:
        return False
    return not any(
        satellite_identifier(coordinator.node_id, sat.id) in device.identifiers
        for sat in coordinator.data.snapshot.dashboard.satellites
    )
