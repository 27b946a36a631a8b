"""Anomalies from the log: upload success collapses on a failing disk, the detector sees it."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from homeassistant.core import Event, HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.storj_monitor.anomaly import AnomalyDetector, Metric
from custom_components.storj_monitor.anomaly_monitor import ANOMALY_BUS_EVENT
from custom_components.storj_monitor.const import CONF_URL, DOMAIN
from storj_simulator import SimulatedNode

from .test_logs import (  # noqa: F401  (fixtures)
    fast_tail_polling,
    file_options,
    wait_until,
)

ENTRY_ID = "anomalylogs"
HOUR = timedelta(hours=1)
# The simulator's log: 90 % of transfers succeed, 6 % are canceled, 4 % fail.
HEALTHY_SUCCESS = 90.0


def seed_success_history(hass_storage: dict[str, Any]) -> None:
    """Eight days of upload/download success around 90 % (±0.5 point) up to now."""
    now = dt_util.utcnow()
    detector = AnomalyDetector()
    moment = now - timedelta(days=8)
    step = 0
    while moment < now:
        rate = HEALTHY_SUCCESS + 0.5 * ((step * 7) % 5 - 2) / 2
        detector.observe(moment, {Metric.UPLOAD_SUCCESS: rate, Metric.DOWNLOAD_SUCCESS: rate})
        moment += HOUR
        step += 1
    assert detector.active == {}
    hass_storage[f"{DOMAIN}.anomaly_{ENTRY_ID}"] = {
        "version": 1,
        "minor_version": 1,
        "key": f"{DOMAIN}.anomaly_{ENTRY_ID}",
        "data": detector.as_dict(),
    }


async def test_upload_success_drop_from_the_log(
    hass: HomeAssistant,
    live_node: SimulatedNode,
    tmp_path: Path,
    hass_storage: dict[str, Any],
) -> None:
    """Half the uploads fail (`slow_disk`): an upload success anomaly, below, from the log."""
    seed_success_history(hass_storage)
    log = tmp_path / "node.log"
    log.write_text("")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Node 1",
        unique_id=live_node.node_id,
        entry_id=ENTRY_ID,
        data={CONF_URL: live_node.url},
        options=file_options(log),
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    logs, monitor = entry.runtime_data.logs, entry.runtime_data.anomalies
    assert logs is not None
    assert monitor is not None
    await wait_until(lambda: logs.tailer is not None and logs.tailer.is_open)
    events: list[Event[dict[str, Any]]] = async_capture_events(hass, ANOMALY_BUS_EVENT)

    await live_node.set_scenario("slow_disk", factor=1.0, failure_share=0.5)
    writer = live_node.log_writer(log, lines_per_second=50)
    written = writer.write_until(datetime.now(UTC) + timedelta(minutes=2))
    writer.close()
    await wait_until(lambda: logs.statistics.snapshot().lines == written)
    await logs.async_refresh()

    # The hourly judgement (called directly: the tailer needs the real clock).
    monitor._on_hour(dt_util.utcnow() + HOUR)
    await hass.async_block_till_done()
    raised = {e.data["metric"]: e.data for e in events if e.data["type"] == "anomaly"}
    assert set(raised) >= {Metric.UPLOAD_SUCCESS.value}
    upload = raised[Metric.UPLOAD_SUCCESS.value]
    assert upload["direction"] == "below"
    assert upload["z"] <= -6
    assert 30 < upload["value"] < 60
    assert abs(upload["baseline"] - HEALTHY_SUCCESS) < 1
    assert hass.states.get("sensor.node_1_insights").state == str(len(monitor.active))
