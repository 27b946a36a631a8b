"""Setting up, unloading and removing a node's config entry (what Home Assistant calls)."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .alerts import AlertManager
from .anomaly_entities import async_remove_insights
from .anomaly_monitor import AnomalyMonitor
from .blueprint_install import async_install_blueprints
from .const import CONF_LOG_SOURCE, CONF_URL, DOMAIN, LOG_SOURCE_NONE
from .coordinator import StorjCoordinator
from .data import StorjConfigEntry, StorjRuntimeData
from .device import async_register_node_device, satellite_identifier
from .fleet import FLEET_IDENTIFIER, async_get_fleet
from .forecast import DiskForecaster
from .frontend_cards import async_register_cards
from .log_coordinator import LogCoordinator
from .log_import import async_remove_checkpoint, async_resume_import
from .notifications import NotificationTracker
from .options_anomaly import anomaly_enabled
from .profit_tracker import ProfitTracker
from .services import async_setup_services
from .setup_failures import async_forget_setup_failure, async_note_setup_failure
from .websocket import async_register_websocket_commands

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.SENSOR,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up what all nodes share: actions, websocket commands, cards and blueprints."""
    async_setup_services(hass)
    async_register_websocket_commands(hass)
    await async_register_cards(hass)
    await async_install_blueprints(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: StorjConfigEntry) -> bool:
    """Set up one Storj node from a config entry."""
    node_device_id = async_register_node_device(hass, entry, entry.data[CONF_URL])
    coordinator = StorjCoordinator(hass, entry, node_device_id)
    try:
        await coordinator.async_config_entry_first_refresh()
    except ConfigEntryNotReady:
        # Setup retries until the node answers: still alert if that takes too long.
        async_note_setup_failure(hass, entry)
        raise
    async_forget_setup_failure(hass, entry.entry_id)
    alerts = AlertManager(hass, entry, coordinator)
    logs: LogCoordinator | None = None
    if entry.options.get(CONF_LOG_SOURCE, LOG_SOURCE_NONE) != LOG_SOURCE_NONE:
        logs = LogCoordinator(hass, entry, alerts.async_audit_failed)
        await logs.async_config_entry_first_refresh()
        alerts.watch_log_source(logs)
    anomalies: AnomalyMonitor | None = None
    # Switched off: no monitor and no Insights sensor; the stored history is left as it is.
    if anomaly_enabled(entry.options):
        anomalies = AnomalyMonitor(hass, entry, coordinator, logs)
        await anomalies.async_load()
    else:
        async_remove_insights(hass, coordinator.node_id)
    entry.runtime_data = StorjRuntimeData(coordinator, alerts, logs, anomalies)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(alerts.async_start())
    if anomalies is not None:
        entry.async_on_unload(anomalies.async_start())
    entry.async_on_unload(coordinator.notifications.async_start())
    # Last, so the fleet's totals see this poll's alerts (listeners run in order).
    entry.async_on_unload(async_get_fleet(hass).async_join(entry))
    # An import_log that a restart interrupted goes on where its checkpoint is.
    entry.async_create_background_task(
        hass, async_resume_import(hass, coordinator.node_id, entry.title), "storj_monitor import"
    )
    return True


async def async_unload_entry(hass: HomeAssistant, entry: StorjConfigEntry) -> bool:
    """Unload a config entry, keeping the disk samples for the next start."""
    await entry.runtime_data.coordinator.disk_forecaster.async_save()
    if (anomalies := entry.runtime_data.anomalies) is not None:
        await anomalies.async_save()
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: StorjConfigEntry) -> None:
    """Forget what was kept for the node: alerts, disk samples, log position, import, energy."""
    AlertManager.async_remove_issues(hass, entry.entry_id)
    async_forget_setup_failure(hass, entry.entry_id)
    if entry.unique_id is not None:
        await DiskForecaster(hass, entry.unique_id).async_remove()
        await async_remove_checkpoint(hass, entry.unique_id)
        await NotificationTracker.async_remove(hass, entry.unique_id)
        await ProfitTracker.async_remove(hass, entry.unique_id)
    await LogCoordinator.async_remove_position(hass, entry.entry_id)
    await AnomalyMonitor.async_remove(hass, entry.entry_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: StorjConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the user delete a satellite device the node no longer reports."""
    coordinator = entry.runtime_data.coordinator
    if {(DOMAIN, coordinator.node_id), FLEET_IDENTIFIER} & device.identifiers:
        return False
    return not any(
        satellite_identifier(coordinator.node_id, sat.id) in device.identifiers
        for sat in coordinator.data.snapshot.dashboard.satellites
    )
