"""Every entity's state and attributes, for one node and for three."""

from unittest.mock import patch

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.json import json_bytes
from homeassistant.util.json import json_loads
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from custom_components.storj_monitor.const import DOMAIN
from storj_simulator import SimulatedCluster, SimulatedNode

from .conftest import setup_node


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("platform", [Platform.SENSOR, Platform.BINARY_SENSOR])
async def test_entities_one_node(
    hass: HomeAssistant,
    node: SimulatedNode,
    platform: Platform,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """All entities of a healthy v1.162 node (disabled-by-default ones included)."""
    with patch("custom_components.storj_monitor.lifecycle.PLATFORMS", [platform]):
        entry = await setup_node(hass, node)
    await snapshot_platform(hass, entity_registry, snapshot, entry.entry_id)


@pytest.mark.parametrize("node_count", [3])
async def test_three_nodes(
    hass: HomeAssistant,
    cluster: SimulatedCluster,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Three nodes: each its own device tree, entities and states, none mixed up."""
    entries = [await setup_node(hass, node) for node in cluster.nodes]
    for entry, node in zip(entries, cluster.nodes, strict=True):
        node_device = device_registry.async_get_device_by_identifier(
            (DOMAIN, node.node_id), entry.entry_id
        )
        assert node_device is not None
        assert node_device.manufacturer == "Storj"
        assert node_device.model == "Storage node"
        assert node_device.sw_version == "1.162.3"
        assert node_device.configuration_url == node.url
        satellites = [
            device
            for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
            if device.via_device_id == node_device.id
        ]
        assert len(satellites) == len(node.state().satellites)
    states = {
        state.entity_id: state.state
        for state in hass.states.async_all()
        if state.entity_id.endswith(
            ("_disk_used", "_lowest_audit_score", "_expected_payout_this_month")
        )
    }
    assert states == snapshot


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_states_are_json(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Every state's attributes survive Home Assistant's JSON encoder unchanged.

    What the recorder stores and the REST API sends is what an automation saw: no Decimal,
    datetime or tuple that comes back as something else.
    """
    await entry.runtime_data.coordinator.async_refresh()  # earnings with all paystubs
    states = hass.states.async_all()
    assert len(states) > 50
    for state in states:
        attributes = dict(state.attributes)
        assert json_loads(json_bytes(attributes)) == attributes, state.entity_id
        json_bytes(state.as_dict())
