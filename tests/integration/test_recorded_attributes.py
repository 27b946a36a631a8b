"""A real recorder: the map and the histograms are not written to the database."""

import asyncio
from datetime import UTC, datetime, timedelta
import json
from pathlib import Path
import time

from homeassistant.components.recorder import Recorder, get_instance
from homeassistant.components.recorder.db_schema import StateAttributes, States, StatesMeta
from homeassistant.components.recorder.util import session_scope
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.storj_monitor import log_coordinator
from storj_simulator import SimulatedNode
from storj_simulator.loglines import LogStyle
from tests.geoip_db import build_city_db

from .conftest import setup_node

ENTITIES = ("sensor.node_1_traffic_by_country", "sensor.node_1_download_duration_p50")


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recorder starts before Home Assistant; the log is polled often (real time)."""
    monkeypatch.setattr(log_coordinator, "TAIL_POLL_INTERVAL", 0.02)


def recorded_attributes(hass: HomeAssistant) -> dict[str, list[dict[str, object]]]:
    """Every attributes row the database holds for ``ENTITIES``."""
    with session_scope(hass=hass, read_only=True) as session:
        rows = (
            session.query(StatesMeta.entity_id, StateAttributes.shared_attrs)
            .join(States, States.metadata_id == StatesMeta.metadata_id)
            .join(StateAttributes, StateAttributes.attributes_id == States.attributes_id)
            .filter(StatesMeta.entity_id.in_(ENTITIES))
            .all()
        )
    found: dict[str, list[dict[str, object]]] = {}
    for entity_id, shared in rows:
        found.setdefault(entity_id, []).append(json.loads(shared))
    return found


async def test_map_points_and_histograms_stay_out_of_the_database(
    hass: HomeAssistant, live_node: SimulatedNode, tmp_path: Path
) -> None:
    node = live_node
    city = build_city_db(tmp_path / "city.mmdb", {"0.0.0.0/0": ("US", 39.0, -77.5)})
    log = tmp_path / "node.log"
    log.write_text("")
    entry = await setup_node(
        hass,
        node,
        options={"log_source": "file", "log_path": str(log), "geoip_database": str(city)},
    )
    logs = entry.runtime_data.logs
    assert logs is not None
    writer = node.log_writer(log, style=LogStyle(debug=True), lines_per_second=50)
    written = writer.write_until(datetime.now(UTC) + timedelta(minutes=1))
    writer.close()
    deadline = time.monotonic() + 10
    while logs.statistics.snapshot().lines != written:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.02)
    await logs.async_refresh()
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    # The figures exist (the cards get them over the websocket) ...
    snapshot = logs.data
    assert snapshot is not None
    assert snapshot.traffic_map is not None
    assert snapshot.traffic_map.points
    assert snapshot.latency["GET"].histogram
    # ... but the recorder holds only the small attributes of these entities.
    recorded = await get_instance(hass).async_add_executor_job(recorded_attributes, hass)
    assert set(recorded) == set(ENTITIES)
    for entity_id, rows in recorded.items():
        for attributes in rows:
            assert not {"points", "countries", "histogram"} & attributes.keys(), entity_id
    assert any(attributes.get("geoip") is True for attributes in recorded[ENTITIES[0]])
    assert any(attributes.get("samples") for attributes in recorded[ENTITIES[1]])
