"""Diagnostics and system health."""

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, get_system_health_info
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from storj_simulator import SimulatedNode


async def test_diagnostics_redacted(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
) -> None:
    """Diagnostics hold the raw payloads but no wallet, e-mail, node ID or address."""
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diagnostics == snapshot(exclude=props("entry_id", "created_at", "modified_at"))
    text = str(diagnostics)
    wallet = entry.runtime_data.coordinator.data.snapshot.dashboard.wallet
    assert wallet not in text
    assert node.node_id not in text
    assert "127.0.0.1" not in text
    assert "@" not in text
    assert "GET /api/sno/" in diagnostics["payloads"]


async def test_system_health(
    hass: HomeAssistant, node: SimulatedNode, entry: MockConfigEntry
) -> None:
    """System health reports reachability, versions and the last poll."""
    assert await async_setup_component(hass, "system_health", {})
    await hass.async_block_till_done()
    info = await get_system_health_info(hass, "storj_monitor")
    assert info == {
        "nodes": 1,
        "reachable": 1,
        "versions": "1.162.3",
        "last_update": "2026-11-15T12:00:00+00:00",
    }
