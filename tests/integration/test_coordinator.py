"""The coordinator through node failures, API drift and satellite changes."""

from datetime import timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.storj_monitor.const import CONF_URL, DOMAIN
from storj_simulator import SimulatedCluster, SimulatedNode

from .conftest import setup_node

DISK_USED = "sensor.node_1_disk_used"
AUDIT_US1 = "sensor.node_1_us1_audit_score"


async def next_poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let the default 5-minute polling interval (plus the coordinator's jitter) pass."""
    step = timedelta(minutes=5, seconds=1)
    freezer.tick(step)
    # The coordinator schedules on the (unfrozen) loop clock: fire timers due within `step`.
    async_fire_time_changed(hass, dt_util.utcnow() + step)
    await hass.async_block_till_done(wait_background_tasks=True)


def logged(caplog: pytest.LogCaptureFixture, level: int, text: str) -> int:
    """How many records of exactly `level` contain `text`."""
    return sum(record.levelno == level and text in record.getMessage() for record in caplog.records)


def state(hass: HomeAssistant, entity_id: str) -> str:
    current = hass.states.get(entity_id)
    assert current is not None, entity_id
    return current.state


async def test_offline_and_back(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Entities go unavailable while the node is down, log once, and recover by themselves."""
    assert state(hass, DISK_USED) not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
    await node.set_scenario("offline")
    for _ in range(3):
        await next_poll(hass, freezer)
        assert state(hass, DISK_USED) == STATE_UNAVAILABLE
        assert state(hass, AUDIT_US1) == STATE_UNAVAILABLE
    assert logged(caplog, logging.ERROR, "Cannot reach the Storj node at") == 1

    await node.set_scenario("healthy")
    await next_poll(hass, freezer)
    assert state(hass, DISK_USED) not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
    assert state(hass, AUDIT_US1) == "100.0"
    assert logged(caplog, logging.INFO, "data recovered") == 1


@pytest.mark.parametrize("kind", ["json", "html"])
async def test_garbage(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    kind: str,
) -> None:
    """A node answering garbage is unavailable with a clear message, then recovers."""
    await node.set_scenario("garbage", kind=kind)
    await next_poll(hass, freezer)
    assert state(hass, DISK_USED) == STATE_UNAVAILABLE
    assert "sent a response that could not be read" in caplog.text

    await node.set_scenario("healthy")
    await next_poll(hass, freezer)
    assert state(hass, DISK_USED) != STATE_UNAVAILABLE


async def test_old_api_version(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A node downgraded to the v1.71 API keeps working; version-specific values adapt."""
    node.set_api_version("1.71")
    await node.set_scenario("old_version")
    await next_poll(hass, freezer)
    assert state(hass, "sensor.node_1_version") == "1.70.2"
    assert state(hass, "binary_sensor.node_1_update_required") == "off"
    # v1.71 does not report vetting: unknown, not "not vetted".
    assert state(hass, "binary_sensor.node_1_us1_vetted") == STATE_UNKNOWN
    # Before v1.143 `available` is the allocation; free = allocation - used - trash.
    dashboard = entry.runtime_data.coordinator.data.snapshot.dashboard
    assert not dashboard.disk.is_new_meaning
    # Sizes are states to four significant digits (rounding.py).
    assert float(state(hass, "sensor.node_1_disk_allocated")) == pytest.approx(
        dashboard.disk.available / 1e12, rel=5e-4
    )
    assert float(state(hass, "sensor.node_1_disk_free")) == pytest.approx(
        (dashboard.disk.available - dashboard.disk.used - dashboard.disk.trash) / 1e12, rel=5e-4
    )
    device = device_registry.async_get_device_by_identifier((DOMAIN, node.node_id), entry.entry_id)
    assert device is not None
    assert device.sw_version == "1.70.2"


async def test_outdated_node(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A version below the allowed minimum turns the update sensor on."""
    await node.set_scenario("outdated")
    await next_poll(hass, freezer)
    assert state(hass, "binary_sensor.node_1_update_required") == "on"


async def test_quic_misconfigured(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """QUIC misconfiguration shows in the enum sensor and the problem sensor."""
    await node.set_scenario("quic_misconfigured")
    await next_poll(hass, freezer)
    assert state(hass, "sensor.node_1_quic_status") == "misconfigured"
    assert state(hass, "binary_sensor.node_1_quic_problem") == "on"


async def test_suspended_and_disqualified(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Suspension and disqualification show per satellite and on the node."""
    satellite = node.state().satellites[0].satellite_id
    await node.set_scenario("suspended", satellite=satellite)
    await next_poll(hass, freezer)
    name = entry.runtime_data.coordinator.data.snapshot.satellites[satellite].name
    assert state(hass, f"binary_sensor.node_1_{name}_suspended") == "on"
    problem = hass.states.get("binary_sensor.node_1_suspended_or_disqualified")
    assert problem is not None
    assert problem.state == "on"
    assert problem.attributes["suspended"] == [name]
    assert float(state(hass, f"sensor.node_1_{name}_suspension_score")) < 60

    await node.set_scenario("disqualified", satellite=satellite)
    await next_poll(hass, freezer)
    assert state(hass, f"binary_sensor.node_1_{name}_disqualified") == "on"


async def test_satellites_come_and_go(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A new satellite gets a device and entities without reload; a gone one is removed."""

    def satellite_devices() -> set[str]:
        return {
            device.name or ""
            for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
            if device.via_device_id is not None
        }

    assert satellite_devices() == {"Node 1 us1", "Node 1 eu1", "Node 1 ap1", "Node 1 saltlake"}
    added = node.add_satellite()
    await next_poll(hass, freezer)
    new_name = entry.runtime_data.coordinator.data.snapshot.satellites[added.satellite_id].name
    assert f"Node 1 {new_name}" in satellite_devices()
    new_entity = entity_registry.async_get_entity_id(
        "sensor", DOMAIN, f"{node.node_id}_{added.satellite_id}_audit_score"
    )
    assert new_entity is not None
    assert state(hass, new_entity) == "100.0"

    ap1 = next(sat for sat in node.state().satellites if sat.address.startswith("ap1"))
    node.remove_satellite(ap1.satellite_id)
    await next_poll(hass, freezer)
    assert "Node 1 ap1" not in satellite_devices()
    assert hass.states.get("sensor.node_1_ap1_audit_score") is None
    assert (
        entity_registry.async_get_entity_id(
            "sensor", DOMAIN, f"{node.node_id}_{ap1.satellite_id}_audit_score"
        )
        is None
    )

    # A satellite that returns gets its entities back.
    node.add_satellite(ap1.satellite_id)
    await next_poll(hass, freezer)
    assert "Node 1 ap1" in satellite_devices()
    assert state(hass, "sensor.node_1_ap1_audit_score") == "100.0"


@pytest.mark.parametrize("node_count", [2])
async def test_other_node_at_address(
    hass: HomeAssistant, cluster: SimulatedCluster, caplog: pytest.LogCaptureFixture
) -> None:
    """If another node answers at the configured address, nothing of it is shown."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Node 1",
        unique_id=cluster.nodes[0].node_id,
        data={CONF_URL: cluster.nodes[1].url},
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert "A different Storj node now answers" in caplog.text


async def test_user_removes_stale_device(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Only devices the node no longer reports may be deleted by the user."""
    assert await async_setup_component(hass, "config", {})
    node_device = device_registry.async_get_device_by_identifier(
        (DOMAIN, node.node_id), entry.entry_id
    )
    assert node_device is not None
    satellite_device = next(
        device
        for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
        if device.via_device_id == node_device.id
    )
    stale = device_registry.async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, f"{node.node_id}_gone")}
    )
    client = await hass_ws_client(hass)
    for device, removable in ((node_device, False), (satellite_device, False), (stale, True)):
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": entry.entry_id,
                "device_id": device.id,
            }
        )
        response = await client.receive_json()
        assert response["success"] is removable


@pytest.mark.parametrize(
    ("api_version", "has_reclaimable", "has_vetted"),
    [("1.71", False, False), ("1.142", False, True), ("1.162", True, True)],
)
async def test_version_gated_entities(
    hass: HomeAssistant,
    node: SimulatedNode,
    entity_registry: er.EntityRegistry,
    api_version: str,
    has_reclaimable: bool,
    has_vetted: bool,
) -> None:
    """Values a node's version never sends get no entity (not one stuck at unknown).

    `reclaimable` comes with v1.143 (storagenode/console/diskspace.go:13 @ 5dbec64f5a),
    `vettedAt` with v1.131.
    """
    node.set_api_version(api_version)
    await setup_node(hass, node)
    us1 = next(s.satellite_id for s in node.state().satellites if s.address.startswith("us1"))

    def exists(platform: str, key: str) -> bool:
        unique_id = f"{node.node_id}_{key}"
        return entity_registry.async_get_entity_id(platform, DOMAIN, unique_id) is not None

    assert exists("sensor", "disk_reclaimable") is has_reclaimable
    assert exists("binary_sensor", f"{us1}_vetted") is has_vetted
    # The rest is there whatever the version.
    assert exists("sensor", "disk_used")
    assert exists("binary_sensor", f"{us1}_suspended")
