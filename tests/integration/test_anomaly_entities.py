"""Anomalies in a real Home Assistant: the simulator's `anomaly` scenario drops the ingress."""

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.storj_monitor.anomaly import AnomalyDetector, Metric
from custom_components.storj_monitor.anomaly_monitor import ANOMALY_BUS_EVENT
from custom_components.storj_monitor.const import CONF_URL, DOMAIN
from storj_simulator import SimulatedNode

ENTRY_ID = "anomalyentry"
HOUR = timedelta(hours=1)
INSIGHTS = "sensor.node_1_insights"
ALERTS = "event.node_1_alerts"


def hourly(node: SimulatedNode, start: datetime) -> tuple[float, float]:
    """The simulator's healthy ingress and egress in the hour from `start` (bytes)."""
    day = start.replace(hour=0, minute=0, second=0, microsecond=0)
    before, after = node.state(start), node.state(start + HOUR)
    ingress = egress = 0.0
    for satellite in after.satellites:
        end_row, start_row = (
            after.bandwidth_day(satellite, day),
            before.bandwidth_day(satellite, day),
        )
        ingress += end_row.ingress - start_row.ingress
        egress += end_row.egress - start_row.egress
    return ingress, egress


def seed_history(node: SimulatedNode, hass_storage: dict[str, Any]) -> float:
    """Eight healthy days up to now in the store (today's hourly rate, ±2 %); the ingress."""
    now = dt_util.utcnow()
    ingress, egress = hourly(node, now)
    detector = AnomalyDetector()
    moment = now - timedelta(days=8)
    step = 0
    while moment < now:
        wobble = 1 + 0.02 * ((step * 7) % 5 - 2) / 2
        detector.observe(moment, {Metric.INGRESS: ingress * wobble, Metric.EGRESS: egress * wobble})
        moment += HOUR
        step += 1
    assert detector.active == {}
    hass_storage[f"{DOMAIN}.anomaly_{ENTRY_ID}"] = {
        "version": 1,
        "minor_version": 1,
        "key": f"{DOMAIN}.anomaly_{ENTRY_ID}",
        "data": detector.as_dict(),
    }
    return ingress


async def next_hour(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Poll at hh:55, then reach the full hour (the hourly judgement)."""
    for step in (timedelta(minutes=55), timedelta(minutes=5)):
        freezer.tick(step)
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=1))
        await hass.async_block_till_done(wait_background_tasks=True)


def insights(hass: HomeAssistant) -> tuple[str, list[dict[str, Any]]]:
    state = hass.states.get(INSIGHTS)
    assert state is not None
    return state.state, state.attributes["anomalies"]


async def test_ingress_drop_raised_once_shown_restored_and_cleared(
    hass: HomeAssistant,
    node: SimulatedNode,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """One `anomaly` event with its figures; Insights shows it, across a reload, until it ends."""
    normal = seed_history(node, hass_storage)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Node 1",
        unique_id=node.node_id,
        entry_id=ENTRY_ID,
        data={CONF_URL: node.url},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    events: list[Event[dict[str, Any]]] = async_capture_events(hass, ANOMALY_BUS_EVENT)
    assert insights(hass) == ("0", [])

    await next_hour(hass, freezer)  # 13:00: the healthy hour is judged normal
    assert events == []
    assert insights(hass) == ("0", [])

    await node.set_scenario("anomaly", metric="ingress", factor=0.4)
    await next_hour(hass, freezer)  # 14:00: most of the hour at -60 %
    assert [e.data["type"] for e in events] == ["anomaly"]
    data = events[0].data
    assert data["metric"] == "ingress"
    assert data["direction"] == "below"
    assert data["z"] < -6
    assert data["since"] == "2026-11-15T13:00:00+00:00"
    assert abs(data["baseline"] / normal - 1) < 0.03
    assert 0.4 < data["value"] / normal < 0.5
    assert data["node"] == "Node 1"
    assert "ingress below normal" in data["message"]
    alert = hass.states.get(ALERTS)
    assert alert is not None
    assert alert.attributes["event_type"] == "anomaly"
    assert alert.attributes["metric"] == "ingress"
    count, listed = insights(hass)
    assert count == "1"
    assert listed == [
        {
            "metric": "ingress",
            "direction": "below",
            "z": round(data["z"], 1),
            "since": "2026-11-15T13:00:00+00:00",
        }
    ]

    await next_hour(hass, freezer)  # 15:00: still going on: no second event
    assert len(events) == 1
    assert insights(hass)[0] == "1"

    # A reload (as a restart) keeps the anomaly without announcing it again.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert insights(hass)[0] == "1"
    assert len(events) == 1

    await node.set_scenario("healthy")
    await next_hour(hass, freezer)  # 16:00: most of the hour back to normal
    assert [e.data["type"] for e in events] == ["anomaly", "anomaly_cleared"]
    assert events[1].data["since"] == "2026-11-15T13:00:00+00:00"
    assert insights(hass) == ("0", [])
    alert = hass.states.get(ALERTS)
    assert alert is not None
    assert alert.attributes["event_type"] == "anomaly_cleared"


async def test_event_types_and_damaged_store(
    hass: HomeAssistant,
    node: SimulatedNode,
    hass_storage: dict[str, Any],
) -> None:
    """The event entity lists both types; an unreadable history starts afresh, setup goes on."""
    hass_storage[f"{DOMAIN}.anomaly_{ENTRY_ID}"] = {
        "version": 1,
        "minor_version": 1,
        "key": f"{DOMAIN}.anomaly_{ENTRY_ID}",
        "data": {"version": 1, "series": "garbage"},
    }
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Node 1",
        unique_id=node.node_id,
        entry_id=ENTRY_ID,
        data={CONF_URL: node.url},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    alert = hass.states.get(ALERTS)
    assert alert is not None
    assert {"anomaly", "anomaly_cleared"} <= set(alert.attributes["event_types"])
    assert insights(hass) == ("0", [])
