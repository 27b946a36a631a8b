"""The anomaly options: the form validates and stores them; the detector obeys them."""

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.storj_monitor.anomaly import DEFAULT_CONFIG, AnomalyDetector
from custom_components.storj_monitor.anomaly_monitor import ANOMALY_BUS_EVENT
from custom_components.storj_monitor.const import CONF_URL, DOMAIN
from custom_components.storj_monitor.options_anomaly import (
    CONF_ANOMALY_ENABLED,
    CONF_ANOMALY_STRONG,
    CONF_ANOMALY_THRESHOLD,
    detector_config,
)
from storj_simulator import SimulatedNode
from tests.foresight.test_anomaly import feed, trained

from .test_anomaly_entities import ENTRY_ID, INSIGHTS, next_hour, seed_history
from .test_config_flow import open_options

DEFAULTS = {CONF_ANOMALY_ENABLED: True, CONF_ANOMALY_THRESHOLD: 3.0, CONF_ANOMALY_STRONG: 6.0}


async def test_step_validates_and_stores(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """A single-hour threshold not above the two-hour one is refused; a valid set is kept."""
    flow_id = await open_options(hass, entry, "anomalies")
    result = await hass.config_entries.options.async_configure(
        flow_id, DEFAULTS | {CONF_ANOMALY_THRESHOLD: 5.0, CONF_ANOMALY_STRONG: 5.0}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_ANOMALY_STRONG: "strong_not_above_threshold"}

    chosen = {CONF_ANOMALY_ENABLED: False, CONF_ANOMALY_THRESHOLD: 2.5, CONF_ANOMALY_STRONG: 4.0}
    result = await hass.config_entries.options.async_configure(flow_id, chosen)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.options == chosen
    # The reload applied it: switched off, the node has no Insights sensor.
    assert entry.runtime_data.anomalies is None
    assert hass.states.get(INSIGHTS) is None


def test_detector_config_from_options() -> None:
    """Defaults without options; the chosen pair; a damaged pair falls back to defaults."""
    assert detector_config({}) == DEFAULT_CONFIG
    config = detector_config({CONF_ANOMALY_THRESHOLD: 2.5, CONF_ANOMALY_STRONG: 4})
    assert (config.threshold, config.strong) == (2.5, 4.0)
    assert config.clear == DEFAULT_CONFIG.clear
    assert detector_config({CONF_ANOMALY_THRESHOLD: 5, CONF_ANOMALY_STRONG: 4}) == DEFAULT_CONFIG
    assert detector_config({CONF_ANOMALY_THRESHOLD: 1, CONF_ANOMALY_STRONG: 4}) == DEFAULT_CONFIG


def test_lower_single_hour_threshold_fires_at_once() -> None:
    """-40 % is about -4.9 sigma: by default only a first exceedance, at 4 sigma an anomaly."""
    detector, moment = trained()
    state = detector.as_dict()
    _, changes = feed(detector, 1, moment, factor=0.6, seed=2)
    assert changes == []

    lowered = AnomalyDetector.from_dict(
        state, detector_config({CONF_ANOMALY_THRESHOLD: 3, CONF_ANOMALY_STRONG: 4})
    )
    _, changes = feed(lowered, 1, moment, factor=0.6, seed=2)
    assert [c.anomaly.since for c in changes] == [moment]
    assert -6 < changes[0].anomaly.z <= -4


async def test_disabled_detection_raises_nothing(
    hass: HomeAssistant,
    node: SimulatedNode,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """The ingress drop that raises an anomaly by default raises none when switched off."""
    seed_history(node, hass_storage)
    stored = hass_storage[f"{DOMAIN}.anomaly_{ENTRY_ID}"]["data"]
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Node 1",
        unique_id=node.node_id,
        entry_id=ENTRY_ID,
        data={CONF_URL: node.url},
        options={CONF_ANOMALY_ENABLED: False},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    events: list[Event[dict[str, Any]]] = async_capture_events(hass, ANOMALY_BUS_EVENT)
    await node.set_scenario("anomaly", metric="ingress", factor=0.4)
    for _ in range(3):
        await next_hour(hass, freezer)
    assert events == []
    assert hass.states.get(INSIGHTS) is None
    assert await hass.config_entries.async_unload(entry.entry_id)
    # The history is neither judged nor overwritten while switched off.
    assert hass_storage[f"{DOMAIN}.anomaly_{ENTRY_ID}"]["data"] == stored
