"""System health: is every node reachable, on which version, polled when."""

from __future__ import annotations

from typing import Any

from homeassistant.components import system_health
from homeassistant.core import HomeAssistant, callback

from .const import DOMAIN
from .data import StorjConfigEntry


@callback
def async_register(hass: HomeAssistant, register: system_health.SystemHealthRegistration) -> None:
    """Register the info callback."""
    register.async_register_info(system_health_info)


async def system_health_info(hass: HomeAssistant) -> dict[str, Any]:
    """One line per fact, over all loaded nodes."""
    entries: list[StorjConfigEntry] = hass.config_entries.async_loaded_entries(DOMAIN)
    coordinators = [entry.runtime_data.coordinator for entry in entries]
    polled = [c.data.fetched_at for c in coordinators if c.data is not None]
    return {
        "nodes": len(coordinators),
        "reachable": sum(c.last_update_success for c in coordinators),
        "versions": ", ".join(
            sorted({c.data.snapshot.dashboard.version for c in coordinators if c.data})
        ),
        "last_update": max(polled).isoformat() if polled else "-",
    }
