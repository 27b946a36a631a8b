"""The devices of a node: the node itself, and one per satellite it serves."""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .api import NodeSnapshot
from .const import DOMAIN, MANUFACTURER, MODEL_NODE, MODEL_SATELLITE
from .data import StorjConfigEntry

FLEET_DEVICE = (DOMAIN, "fleet")
"""Identifier of the device all nodes share (see `fleet`)."""


def satellite_identifier(node_id: str, satellite_id: str) -> tuple[str, str]:
    """Device identifier of a satellite as seen by one node (a satellite serves many nodes)."""
    return (DOMAIN, f"{node_id}_{satellite_id}")


@callback
def async_register_node_device(hass: HomeAssistant, entry: StorjConfigEntry, url: str) -> str:
    """The node's device ID, registered before any entity: satellite devices hang off it."""
    assert entry.unique_id is not None
    return (
        dr.async_get(hass)
        .async_get_or_create(
            config_entry_id=entry.entry_id,
            identifiers={(DOMAIN, entry.unique_id)},
            manufacturer=MANUFACTURER,
            model=MODEL_NODE,
            name=entry.title,
            configuration_url=url,
        )
        .id
    )


@callback
def async_sync_devices(
    hass: HomeAssistant, entry: StorjConfigEntry, node_device_id: str, snapshot: NodeSnapshot
) -> None:
    """Keep the node's version current, register new satellites, drop those the node left.

    Runs before the entities see a poll, so a satellite's entities always find its device.
    """
    registry = dr.async_get(hass)
    dashboard = snapshot.dashboard
    registry.async_update_device(node_device_id, sw_version=dashboard.version)
    for satellite in snapshot.satellites.values():
        registry.async_get_or_create(
            config_entry_id=entry.entry_id,
            identifiers={satellite_identifier(dashboard.node_id, satellite.id)},
            name=f"{entry.title} {satellite.name}",
            manufacturer=MANUFACTURER,
            model=MODEL_SATELLITE,
            via_device_id=node_device_id,
        )
    current = {satellite_identifier(dashboard.node_id, sat.id) for sat in dashboard.satellites}
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        # The fleet device is shared by all nodes: the registry removes it with the last one.
        if device.id != node_device_id and not device.identifiers & (current | {FLEET_DEVICE}):
            registry.async_remove_device(device.id)
