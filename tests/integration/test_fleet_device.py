"""The Storj fleet device: totals over the loaded nodes, one device shared by all entries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.storj_monitor.const import (
    CONF_ENERGY_SOURCE,
    CONF_FIXED_WATTS,
    CONF_PRICE_PER_KWH,
    CONF_PRICE_SOURCE,
    CONF_USD_RATE_ENTITY,
    DOMAIN,
)
from custom_components.storj_monitor.fleet import FLEET, FLEET_IDENTIFIER
from storj_simulator import SimulatedCluster

from .conftest import setup_node

TB = 10**12


@pytest.fixture
def node_count() -> int:
    """Three nodes."""
    return 3


def fleet_entity(hass: HomeAssistant, key: str) -> str:
    """A fleet sensor's entity ID, found by its unique ID (renames do not matter)."""
    entity_id = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, key)
    assert entity_id is not None, key
    return entity_id


def fleet_state(hass: HomeAssistant, key: str) -> str:
    state = hass.states.get(fleet_entity(hass, key))
    assert state is not None, key
    return state.state


def node_state(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str:
    """A node sensor's state, by unique ID."""
    entity_id = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"{entry.unique_id}_{key}")
    assert entity_id is not None, key
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state


def assert_totals(hass: HomeAssistant, entries: list[MockConfigEntry]) -> None:
    """Each fleet total is the sum (or worst) of the same sensor over the given nodes."""
    assert fleet_state(hass, "fleet_nodes_total") == str(len(entries))
    reachable = [
        hass.states.get(
            er.async_get(hass).async_get_entity_id(
                "binary_sensor", DOMAIN, f"{entry.unique_id}_reachable"
            )
            or ""
        )
        for entry in entries
    ]
    online = sum(state is not None and state.state == "on" for state in reachable)
    assert online == len(entries)  # the healthy simulated nodes are all reachable
    assert fleet_state(hass, "fleet_nodes_online") == str(online)
    for key in ("disk_used", "disk_free", "disk_allocated"):
        # Node and fleet states carry four significant digits (rounding.py): the sum of the
        # nodes' states is within their rounding of the fleet's.
        total = sum(float(node_state(hass, entry, key)) for entry in entries)
        assert float(fleet_state(hass, f"fleet_{key}")) == pytest.approx(total, rel=1e-3)
    for key in ("earnings_month", "payout_month_projected", "held_total"):
        total = sum(Decimal(node_state(hass, entry, key)) for entry in entries)
        assert Decimal(fleet_state(hass, f"fleet_{key}")) == total, key
    for kind in ("audit", "suspension", "online"):
        lowest = min(float(node_state(hass, entry, f"worst_{kind}_score")) for entry in entries)
        assert float(fleet_state(hass, f"fleet_lowest_{kind}_score")) == lowest


async def test_totals_follow_nodes_added_and_removed(
    hass: HomeAssistant, cluster: SimulatedCluster
) -> None:
    """Sums over three nodes; a node added or removed changes them; the device goes last."""
    devices = dr.async_get(hass)
    entries = [await setup_node(hass, cluster.nodes[0])]
    (fleet,) = devices.async_get_devices(identifiers={FLEET_IDENTIFIER})
    assert fleet.config_entry_id == entries[0].entry_id
    assert fleet.name == "Storj fleet"
    assert_totals(hass, entries)
    # The simulated nodes differ, so a sum that missed one would show.
    used_one = float(fleet_state(hass, "fleet_disk_used"))

    entries += [await setup_node(hass, node) for node in cluster.nodes[1:]]
    assert devices.async_get_devices(identifiers={FLEET_IDENTIFIER}) == [fleet]
    assert_totals(hass, entries)
    assert float(fleet_state(hass, "fleet_disk_used")) > used_one
    # One set of fleet entities, on the fleet device, owned by the first node.
    registry = er.async_get(hass)
    fleet_entities = er.async_entries_for_device(registry, fleet.id)
    assert len(fleet_entities) == 14
    assert {entity.config_entry_id for entity in fleet_entities} == {entries[0].entry_id}

    # The owner goes: the next node adopts the entities under the same entity IDs.
    used_id = fleet_entity(hass, "fleet_disk_used")
    assert await hass.config_entries.async_remove(entries[0].entry_id)
    await hass.async_block_till_done()
    entries = entries[1:]
    assert fleet_entity(hass, "fleet_disk_used") == used_id
    (moved,) = devices.async_get_devices(identifiers={FLEET_IDENTIFIER})
    assert moved.id == fleet.id
    assert moved.config_entry_id == entries[0].entry_id
    assert_totals(hass, entries)
    fleet_entities = er.async_entries_for_device(registry, fleet.id)
    assert len(fleet_entities) == 14
    assert {entity.config_entry_id for entity in fleet_entities} == {entries[0].entry_id}

    assert await hass.config_entries.async_remove(entries[0].entry_id)
    await hass.async_block_till_done()
    assert_totals(hass, entries[1:])

    assert await hass.config_entries.async_remove(entries[1].entry_id)
    await hass.async_block_till_done()
    assert devices.async_get_devices(identifiers={FLEET_IDENTIFIER}) == []
    assert registry.async_get_entity_id("sensor", DOMAIN, "fleet_disk_used") is None
    assert not hass.data[FLEET].members


async def test_unloaded_node_leaves_the_totals(
    hass: HomeAssistant, cluster: SimulatedCluster
) -> None:
    """An unloaded (not removed) node leaves the sums; the device stays with its owner."""
    entries = [await setup_node(hass, node) for node in cluster.nodes]
    assert await hass.config_entries.async_unload(entries[1].entry_id)
    await hass.async_block_till_done()
    assert_totals(hass, [entries[0], entries[2]])
    (fleet,) = dr.async_get(hass).async_get_devices(identifiers={FLEET_IDENTIFIER})
    assert fleet.config_entry_id == entries[0].entry_id
    # The owner's satellite sync must not delete the fleet device with stale satellites.
    await entries[0].runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    assert dr.async_get(hass).async_get_devices(identifiers={FLEET_IDENTIFIER}) == [fleet]


async def test_offline_node_and_worst_of_attributes(
    hass: HomeAssistant, cluster: SimulatedCluster
) -> None:
    """An unreachable node counts as offline; the lowest score names its node and satellite."""
    entries = [await setup_node(hass, node) for node in cluster.nodes]
    state = hass.states.get(fleet_entity(hass, "fleet_lowest_audit_score"))
    assert state is not None
    lowest = min(entries, key=lambda entry: float(node_state(hass, entry, "worst_audit_score")))
    assert state.attributes["node"] == lowest.title
    data = lowest.runtime_data.coordinator.data
    satellite = data.snapshot.satellites[state.attributes["satellite_id"]]
    assert float(state.state) == round(satellite.audit_score * 100, 4)
    assert state.attributes["satellite"] in {sat.name for sat in data.snapshot.dashboard.satellites}

    await cluster.nodes[1].set_scenario("offline")
    await entries[1].runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    assert fleet_state(hass, "fleet_nodes_online") == "2"
    assert fleet_state(hass, "fleet_nodes_total") == "3"
    assert fleet_state(hass, "fleet_disk_used") not in (STATE_UNKNOWN, STATE_UNAVAILABLE)


@pytest.mark.parametrize("node_count", [1])
async def test_daily_summary_blueprint_finds_renamed_sensors(
    hass: HomeAssistant, cluster: SimulatedCluster
) -> None:
    """The daily summary reads a renamed sensor (new entity ID and name) all the same."""
    entry = await setup_node(hass, cluster.nodes[0])
    registry = er.async_get(hass)
    earnings = registry.async_get_entity_id("sensor", DOMAIN, f"{entry.unique_id}_earnings_month")
    audit = registry.async_get_entity_id("sensor", DOMAIN, f"{entry.unique_id}_worst_audit_score")
    assert earnings is not None
    assert audit is not None
    registry.async_update_entity(earnings, new_entity_id="sensor.pocket_money", name="Pocket")
    registry.async_update_entity(audit, new_entity_id="sensor.trust", name="Trust")
    await hass.async_block_till_done()
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, cluster.nodes[0].node_id), entry.entry_id
    )
    assert device is not None
    calls = async_mock_service(hass, "notify", "test_phone")
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "id": "summary",
                "alias": "summary",
                "use_blueprint": {
                    "path": f"{DOMAIN}/daily_node_summary.yaml",
                    "input": {
                        "node": device.id,
                        "notify_action": [
                            {
                                "action": "notify.test_phone",
                                "data": {"title": "{{ title }}", "message": "{{ message }}"},
                            }
                        ],
                    },
                },
            }
        },
    )
    await hass.services.async_call(
        "automation", "trigger", {"entity_id": "automation.summary"}, blocking=True
    )
    await hass.async_block_till_done()
    assert len(calls) == 1

    def state(key: str) -> str:
        return node_state(hass, entry, key)

    assert hass.states.get("sensor.pocket_money") is not None
    assert calls[0].data == {
        "title": "Storj Node 1",
        "message": f"Earned ${state('earnings_month')} this month (expected payout"
        f" ${state('payout_month_expected')}). Disk {state('disk_used_percent')}% used."
        f" Lowest scores: audit {state('worst_audit_score')}%, suspension"
        f" {state('worst_suspension_score')}%, online {state('worst_online_score')}%.",
    }
    assert "unknown" not in calls[0].data["message"]
    # Detach the daily time trigger, which would otherwise outlive the test.
    await hass.services.async_call(
        "automation", "turn_off", {"entity_id": "automation.summary"}, blocking=True
    )


async def test_net_profit_sums_the_nodes_with_costs(
    hass: HomeAssistant, cluster: SimulatedCluster, freezer: FrozenDateTimeFactory
) -> None:
    """Two nodes with costs and one without: the fleet's net profit is the two nodes' sum."""
    plain = await setup_node(hass, cluster.nodes[2])
    state = hass.states.get(fleet_entity(hass, "fleet_net_profit_month"))
    assert state is not None
    assert state.state == STATE_UNKNOWN  # no node has costs
    assert state.attributes["nodes_with_costs"] == 0

    costed = [
        await setup_node(
            hass,
            node,
            options={
                CONF_ENERGY_SOURCE: "fixed_wattage",
                CONF_FIXED_WATTS: watts,
                CONF_PRICE_SOURCE: "fixed",
                CONF_PRICE_PER_KWH: 0.3,
            },
        )
        for node, watts in zip(cluster.nodes[:2], (100, 250), strict=True)
    ]
    # Some hours of electricity, so the costs are not zero and differ between the nodes.
    freezer.tick(timedelta(hours=6))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()

    nets = [float(node_state(hass, entry, "net_profit_month")) for entry in costed]
    assert nets[0] != nets[1]
    state = hass.states.get(fleet_entity(hass, "fleet_net_profit_month"))
    assert state is not None
    assert float(state.state) == pytest.approx(sum(nets), abs=1e-6)
    assert state.attributes["nodes_with_costs"] == 2
    assert state.attributes["unit_of_measurement"] == "USD"
    registry = er.async_get(hass)
    plain_net = registry.async_get_entity_id(
        "sensor", DOMAIN, f"{plain.unique_id}_net_profit_month"
    )
    assert plain_net is None  # the third node adds nothing

    # A node with costs leaves: the fleet value is the other one's.
    assert await hass.config_entries.async_unload(costed[1].entry_id)
    await hass.async_block_till_done()
    state = hass.states.get(fleet_entity(hass, "fleet_net_profit_month"))
    assert state is not None
    assert float(state.state) == pytest.approx(
        float(node_state(hass, costed[0], "net_profit_month")), abs=1e-6
    )
    assert state.attributes["nodes_with_costs"] == 1


@pytest.mark.parametrize("node_count", [2])
async def test_net_profit_unknown_when_currencies_differ(
    hass: HomeAssistant, cluster: SimulatedCluster
) -> None:
    """Euros and dollars do not add up: the fleet says unknown rather than a wrong sum."""
    hass.config.currency = "EUR"
    hass.states.async_set("sensor.usd_eur", "0.9")
    costs = {
        CONF_ENERGY_SOURCE: "fixed_wattage",
        CONF_FIXED_WATTS: 50,
        CONF_PRICE_SOURCE: "fixed",
        CONF_PRICE_PER_KWH: 0.3,
    }
    euro = await setup_node(
        hass, cluster.nodes[0], options={**costs, CONF_USD_RATE_ENTITY: "sensor.usd_eur"}
    )
    state = hass.states.get(fleet_entity(hass, "fleet_net_profit_month"))
    assert state is not None
    assert float(state.state) == float(node_state(hass, euro, "net_profit_month"))
    assert state.attributes["unit_of_measurement"] == "EUR"

    await setup_node(hass, cluster.nodes[1], options=costs)
    state = hass.states.get(fleet_entity(hass, "fleet_net_profit_month"))
    assert state is not None
    assert state.state == STATE_UNKNOWN
    assert state.attributes["nodes_with_costs"] == 2
