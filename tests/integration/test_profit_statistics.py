"""Net profit lifetime from an energy sensor's long-term statistics in a real recorder."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.models import StatisticData, StatisticMetaData
from homeassistant.components.recorder.models.statistics import StatisticMeanType
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from sqlalchemy.exc import SQLAlchemyError

from custom_components.storj_monitor.const import (
    CONF_ENERGY_ENTITY,
    CONF_ENERGY_SOURCE,
    CONF_NODE_SHARE,
    CONF_PRICE_PER_KWH,
    CONF_PRICE_SOURCE,
    CONF_PURCHASE_DATE,
)
from storj_simulator import SimulatedNode

from .conftest import setup_node
from .test_profit import state_of

ENERGY = "sensor.nas_energy"
ENERGY_ATTRS = {
    "unit_of_measurement": "kWh",
    "device_class": "energy",
    "state_class": "total_increasing",
}
OPTIONS = {
    CONF_ENERGY_SOURCE: "energy_sensor",
    CONF_ENERGY_ENTITY: ENERGY,
    CONF_NODE_SHARE: 50,
    CONF_PRICE_SOURCE: "fixed",
    CONF_PRICE_PER_KWH: 0.2,
    CONF_PURCHASE_DATE: "2026-11-10",
}


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder must start before Home Assistant for these tests."""


def seed_energy(hass: HomeAssistant, first: datetime, hours: int) -> None:
    """Hourly statistics of the NAS's energy meter: 1 kWh each hour from `first`."""
    metadata = StatisticMetaData(
        mean_type=StatisticMeanType.NONE,
        has_sum=True,
        name="NAS energy",
        source="recorder",
        statistic_id=ENERGY,
        unit_class="energy",
        unit_of_measurement="kWh",
    )
    rows = [
        StatisticData(start=first + timedelta(hours=h), state=float(h + 1), sum=float(h + 1))
        for h in range(hours)
    ]
    async_import_statistics(hass, metadata, rows)


async def net_lifetime_without_costs(hass: HomeAssistant, entry: MockConfigEntry) -> float:
    """Paystubs of 300 since joining plus this month's so far (rate 1: USD).

    The paystubs come from the recorder's backfill in the background: give them.
    """
    coordinator = entry.runtime_data.coordinator
    data = coordinator.data
    assert data.earnings is not None
    earnings = replace(data.earnings, lifetime_earned=Decimal("300"))
    coordinator.async_set_updated_data(replace(data, earnings=earnings))
    await hass.async_block_till_done()
    return 300 + float(data.snapshot.payout.current_month.gross)


async def test_lifetime_cost_from_recorded_energy_since_purchase(
    hass: HomeAssistant, node: SimulatedNode, freezer: FrozenDateTimeFactory
) -> None:
    """Statistics from 9 Nov, 1 kWh an hour; bought 10 Nov; set up 15 Nov 12:00 (frozen).

    10 Nov 00:00 - 15 Nov 12:00 = 132 h = 132 kWh x 50 % = 66 kWh at 0.2 = 13.20 (the
    day before the purchase is left out). Then 2 kWh more, live: 1 kWh at 0.2 = 0.20.
    """
    seed_energy(hass, datetime(2026, 11, 9, tzinfo=dt_util.UTC), 24 + 132)
    await async_wait_recording_done(hass)
    hass.states.async_set(ENERGY, "1000", ENERGY_ATTRS)
    entry = await setup_node(hass, node, options=OPTIONS)

    tracker = entry.runtime_data.profit
    assert tracker is not None
    assert tracker.recorded_kwh == pytest.approx(66.0)
    earned = await net_lifetime_without_costs(hass, entry)
    lifetime = state_of(hass, node, "net_profit_lifetime")
    assert lifetime.attributes["cost_since"] == "2026-11-10T00:00:00+00:00"
    assert float(lifetime.state) == pytest.approx(earned - 13.2)

    # The live readings add to it.
    freezer.tick(timedelta(hours=1))
    hass.states.async_set(ENERGY, "1002", ENERGY_ATTRS)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert float(state_of(hass, node, "energy_month").state) == pytest.approx(1.0)
    earned = await net_lifetime_without_costs(hass, entry)
    lifetime = state_of(hass, node, "net_profit_lifetime")
    assert float(lifetime.state) == pytest.approx(earned - 13.4)


async def test_without_statistics_the_cost_starts_with_the_meter(
    hass: HomeAssistant, node: SimulatedNode
) -> None:
    """No recorded energy: nothing before setup is guessed."""
    hass.states.async_set(ENERGY, "1000", ENERGY_ATTRS)
    entry = await setup_node(hass, node, options=OPTIONS)
    tracker = entry.runtime_data.profit
    assert tracker is not None
    assert tracker.recorded_kwh is None
    earned = await net_lifetime_without_costs(hass, entry)
    lifetime = state_of(hass, node, "net_profit_lifetime")
    assert lifetime.attributes["cost_since"] == dt_util.utcnow().isoformat()
    assert float(lifetime.state) == pytest.approx(earned)


async def test_unreadable_statistics_are_logged_and_skipped(
    hass: HomeAssistant, node: SimulatedNode, caplog: pytest.LogCaptureFixture
) -> None:
    """A failing recorder query leaves the node running, counting from now."""
    hass.states.async_set(ENERGY, "1000", ENERGY_ATTRS)
    with patch(
        "custom_components.storj_monitor.profit_tracker.statistic_during_period",
        side_effect=SQLAlchemyError("database is locked"),
    ):
        entry = await setup_node(hass, node, options=OPTIONS)
    assert entry.state is ConfigEntryState.LOADED
    tracker = entry.runtime_data.profit
    assert tracker is not None
    assert tracker.recorded_kwh is None
    assert "recorded energy of sensor.nas_energy is unreadable" in caplog.text
    lifetime = state_of(hass, node, "net_profit_lifetime")
    assert lifetime.attributes["cost_since"] == dt_util.utcnow().isoformat()
