"""Net profit sensors in a real Home Assistant: exact energy and costs over a frozen month."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.energy.data import async_get_manager
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.storj_monitor.const import (
    CONF_ENERGY_ENTITY,
    CONF_ENERGY_SOURCE,
    CONF_FIXED_WATTS,
    CONF_HARDWARE_COST,
    CONF_NODE_SHARE,
    CONF_POWER_ENTITY,
    CONF_PRICE_ENTITY,
    CONF_PRICE_PER_KWH,
    CONF_PRICE_SOURCE,
    CONF_USD_RATE_ENTITY,
    DOMAIN,
)
from storj_simulator import SimulatedNode

from .conftest import setup_node

POWER = "sensor.plug_power"
PRICE = "sensor.tariff"
POWER_ATTRS = {"unit_of_measurement": "W", "device_class": "power"}
PRICE_ATTRS = {"unit_of_measurement": "EUR/kWh"}


def state_of(hass: HomeAssistant, node: SimulatedNode, key: str) -> Any:
    """The state object of the node's sensor `key`, found by unique ID."""
    entity_id = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"{node.node_id}_{key}")
    assert entity_id is not None, key
    state = hass.states.get(entity_id)
    assert state is not None
    return state


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, hours: float) -> None:
    """Move the frozen clock on and let the timers fire."""
    freezer.tick(timedelta(hours=hours))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def test_power_sensor_and_price_entity_give_0_8_kwh_costing_0_30(
    hass: HomeAssistant, node: SimulatedNode, freezer: FrozenDateTimeFactory
) -> None:
    """Half a machine, 15 Nov 12:00-17:00 (frozen):

    12-14 h: 200 W x 2 h x 50 % = 0.2 kWh at 0.25 = 0.05;
    14-15 h: 400 W x 1 h x 50 % = 0.2 kWh at 0.25 = 0.05;
    15-17 h: 400 W x 2 h x 50 % = 0.4 kWh at 0.50 = 0.20. Total 0.8 kWh, 0.30.
    Projected to 1 Dec over the 5 h metered: 0.30 x 372 h / 5 h = 22.32.
    """
    hass.states.async_set(POWER, "200", POWER_ATTRS)
    hass.states.async_set(PRICE, "0.25", PRICE_ATTRS)
    await setup_node(
        hass,
        node,
        options={
            CONF_ENERGY_SOURCE: "power_sensor",
            CONF_POWER_ENTITY: POWER,
            CONF_NODE_SHARE: 50,
            CONF_PRICE_SOURCE: "entity",
            CONF_PRICE_ENTITY: PRICE,
        },
    )
    await advance(hass, freezer, 2)
    hass.states.async_set(POWER, "400", POWER_ATTRS)
    await advance(hass, freezer, 1)
    hass.states.async_set(PRICE, "0.5", PRICE_ATTRS)
    await advance(hass, freezer, 2)

    energy = state_of(hass, node, "energy_month")
    cost = state_of(hass, node, "electricity_cost_month")
    assert float(energy.state) == pytest.approx(0.8)
    assert energy.attributes["unit_of_measurement"] == "kWh"
    assert energy.attributes["state_class"] == "total"
    assert energy.attributes["last_reset"] == "2026-11-01T00:00:00+00:00"
    assert float(cost.state) == pytest.approx(0.30)
    assert cost.attributes["unit_of_measurement"] == "USD"
    assert cost.attributes["state_class"] == "total"
    assert "USD" in cost.attributes["currency_note"]
    payout = float(state_of(hass, node, "payout_month_projected").state)
    net = state_of(hass, node, "net_profit_month")
    assert float(net.state) == pytest.approx(payout - 22.32)


async def test_meter_survives_a_reload(
    hass: HomeAssistant, node: SimulatedNode, freezer: FrozenDateTimeFactory
) -> None:
    """1 kW for 1 h, reload, 1 kW for 1 more h: 2 kWh at a fixed 0.1 = 0.2."""
    hass.states.async_set(POWER, "1", {"unit_of_measurement": "kW", "device_class": "power"})
    entry = await setup_node(
        hass,
        node,
        options={
            CONF_ENERGY_SOURCE: "power_sensor",
            CONF_POWER_ENTITY: POWER,
            CONF_PRICE_SOURCE: "fixed",
            CONF_PRICE_PER_KWH: 0.1,
        },
    )
    await advance(hass, freezer, 1)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await advance(hass, freezer, 1)
    assert float(state_of(hass, node, "energy_month").state) == pytest.approx(2.0)
    assert float(state_of(hass, node, "electricity_cost_month").state) == pytest.approx(0.2)


async def test_energy_dashboard_price_with_fixed_wattage(
    hass: HomeAssistant, node: SimulatedNode, freezer: FrozenDateTimeFactory
) -> None:
    """100 W for 10 h = 1 kWh at the Energy dashboard's grid price 0.2 = 0.20."""
    manager = await async_get_manager(hass)
    await manager.async_update(
        {
            "energy_sources": [
                {
                    "type": "grid",
                    "stat_energy_from": "sensor.grid_import",
                    "stat_energy_to": None,
                    "stat_cost": None,
                    "entity_energy_price": None,
                    "number_energy_price": 0.2,
                    "stat_compensation": None,
                    "entity_energy_price_export": None,
                    "number_energy_price_export": None,
                    "cost_adjustment_day": 0,
                }
            ]
        }
    )
    await setup_node(
        hass,
        node,
        options={
            CONF_ENERGY_SOURCE: "fixed_wattage",
            CONF_FIXED_WATTS: 100,
            CONF_PRICE_SOURCE: "energy_dashboard",
        },
    )
    await advance(hass, freezer, 10)
    assert float(state_of(hass, node, "energy_month").state) == pytest.approx(1.0)
    assert float(state_of(hass, node, "electricity_cost_month").state) == pytest.approx(0.2)


async def test_rate_entity_converts_payouts_and_hardware_sensors_appear(
    hass: HomeAssistant, node: SimulatedNode, freezer: FrozenDateTimeFactory
) -> None:
    """With a USD->EUR rate of 0.5 the money is in EUR and the payout halves."""
    hass.config.currency = "EUR"
    hass.states.async_set("sensor.usd_eur", "0.5")
    entry = await setup_node(
        hass,
        node,
        options={
            CONF_ENERGY_SOURCE: "fixed_wattage",
            CONF_FIXED_WATTS: 0,
            CONF_PRICE_SOURCE: "fixed",
            CONF_PRICE_PER_KWH: 0.3,
            CONF_HARDWARE_COST: 1000,
            CONF_USD_RATE_ENTITY: "sensor.usd_eur",
        },
    )
    # All paystubs come from the recorder's backfill (not running here): give the lifetime.
    coordinator = entry.runtime_data.coordinator
    data = coordinator.data
    assert data.earnings is not None
    earnings = replace(data.earnings, lifetime_earned=Decimal("300"))
    coordinator.async_set_updated_data(replace(data, earnings=earnings))
    await hass.async_block_till_done()

    payout = float(state_of(hass, node, "payout_month_projected").state)
    net = state_of(hass, node, "net_profit_month")
    assert net.attributes["unit_of_measurement"] == "EUR"
    assert "currency_note" not in net.attributes
    assert float(net.state) == pytest.approx(payout * 0.5)
    # 0 W costs nothing: lifetime = (300 + this month's gross) x 0.5 EUR per USD.
    month = float(data.snapshot.payout.current_month.gross)
    lifetime = (300 + month) * 0.5
    assert float(state_of(hass, node, "net_profit_lifetime").state) == pytest.approx(lifetime)
    assert float(state_of(hass, node, "return_on_hardware").state) == pytest.approx(
        lifetime / 1000 * 100, abs=1e-4
    )
    # The rest of the 1000 at November's rate (net this month over its 30 days).
    days = (1000 - lifetime) / (payout * 0.5 / 30)
    payback = datetime.fromisoformat(state_of(hass, node, "payback_date").state)
    assert abs(payback - (dt_util.utcnow() + timedelta(days=days))) < timedelta(seconds=1)


async def test_no_costs_no_profit_sensors(hass: HomeAssistant, node: SimulatedNode) -> None:
    """Without costs options, no profit sensor is created."""
    await setup_node(hass, node)
    registry = er.async_get(hass)
    assert registry.async_get_entity_id("sensor", DOMAIN, f"{node.node_id}_energy_month") is None


async def open_costs(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert "costs" in result["menu_options"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "costs"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "costs"
    return str(result["flow_id"])


@pytest.mark.parametrize(
    ("user_input", "errors"),
    [
        (
            {CONF_ENERGY_SOURCE: "power_sensor", CONF_POWER_ENTITY: PRICE},
            {CONF_POWER_ENTITY: "not_power_sensor"},
        ),
        (
            {CONF_ENERGY_SOURCE: "energy_sensor", CONF_ENERGY_ENTITY: POWER},
            {CONF_ENERGY_ENTITY: "not_energy_sensor"},
        ),
        (
            {CONF_ENERGY_SOURCE: "power_sensor", CONF_POWER_ENTITY: "sensor.missing"},
            {CONF_POWER_ENTITY: "entity_not_found"},
        ),
        ({CONF_ENERGY_SOURCE: "fixed_wattage"}, {CONF_FIXED_WATTS: "required"}),
        (
            {CONF_ENERGY_SOURCE: "fixed_wattage", CONF_FIXED_WATTS: 10, CONF_PRICE_PER_KWH: None},
            {CONF_PRICE_PER_KWH: "required"},
        ),
        (
            {
                CONF_ENERGY_SOURCE: "fixed_wattage",
                CONF_FIXED_WATTS: 10,
                CONF_PRICE_SOURCE: "entity",
                CONF_PRICE_ENTITY: POWER,
            },
            {CONF_PRICE_ENTITY: "not_price_per_energy"},
        ),
        (
            {
                CONF_ENERGY_SOURCE: "fixed_wattage",
                CONF_FIXED_WATTS: 10,
                CONF_PRICE_SOURCE: "energy_dashboard",
            },
            {CONF_PRICE_SOURCE: "no_energy_price"},
        ),
    ],
)
async def test_costs_validation(
    hass: HomeAssistant,
    node: SimulatedNode,
    user_input: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Wrong or missing sources are refused with a translated error on their field."""
    hass.states.async_set(POWER, "200", POWER_ATTRS)
    hass.states.async_set(PRICE, "0.25", PRICE_ATTRS)
    entry = await setup_node(hass, node)
    flow_id = await open_costs(hass, entry)
    base = {CONF_NODE_SHARE: 100, CONF_PRICE_SOURCE: "fixed", CONF_PRICE_PER_KWH: 0.3}
    form = {key: value for key, value in (base | user_input).items() if value is not None}
    result = await hass.config_entries.options.async_configure(flow_id, form)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors


async def test_costs_are_saved(hass: HomeAssistant, node: SimulatedNode) -> None:
    """A valid form is stored in the options and the profit sensors appear."""
    hass.states.async_set(POWER, "200", POWER_ATTRS)
    entry = await setup_node(hass, node)
    flow_id = await open_costs(hass, entry)
    result = await hass.config_entries.options.async_configure(
        flow_id,
        {
            CONF_ENERGY_SOURCE: "power_sensor",
            CONF_POWER_ENTITY: POWER,
            CONF_NODE_SHARE: 25,
            CONF_PRICE_SOURCE: "fixed",
            CONF_PRICE_PER_KWH: 0.3,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.options[CONF_POWER_ENTITY] == POWER
    assert entry.options[CONF_NODE_SHARE] == 25
    assert float(state_of(hass, node, "energy_month").state) == 0.0


async def test_removing_the_node_deletes_its_meter(
    hass: HomeAssistant,
    node: SimulatedNode,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """A reload keeps the counted energy; removing the node forgets it."""
    key = f"{DOMAIN}.profit.{node.node_id}"
    entry = await setup_node(
        hass,
        node,
        options={
            CONF_ENERGY_SOURCE: "fixed_wattage",
            CONF_FIXED_WATTS: 100,
            CONF_PRICE_SOURCE: "fixed",
            CONF_PRICE_PER_KWH: 0.1,
        },
    )
    await advance(hass, freezer, 1)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert key in hass_storage  # what the reload read back

    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage
