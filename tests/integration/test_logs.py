"""The log pipeline in a real Home Assistant: file source, entities, events, resume, alerts."""

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
import logging
from pathlib import Path
import re
import time
from typing import Any

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.storj_monitor import log_coordinator
from custom_components.storj_monitor.alerts import ALERT_EVENT
from custom_components.storj_monitor.const import DOMAIN
from custom_components.storj_monitor.log_coordinator import LogCoordinator
from custom_components.storj_monitor.log_entities import LOG_SENSORS
from custom_components.storj_monitor.logs.forwarder_client import ClientTiming, ForwarderClient
from storj_simulator import SimulatedNode
from storj_simulator.loglines import Action, LogStyle, Outcome, TransferFinished, format_event
from tests.forwarder.hostile import HostilePeer, man_in_the_middle
from tests.geoip_db import build_city_db

from .conftest import setup_node


@pytest.fixture(autouse=True)
def fast_tail_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check the file for new lines often: tests wait on real time here."""
    monkeypatch.setattr(log_coordinator, "TAIL_POLL_INTERVAL", 0.02)


async def wait_until(condition: Callable[[], bool], limit: float = 10.0) -> None:
    """Wait for the reader thread and task to catch up (bounded, real time)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


def file_options(path: Path) -> dict[str, str]:
    return {"log_source": "file", "log_path": str(path)}


async def tail_node(
    hass: HomeAssistant, node: SimulatedNode, log: Path, **options: Any
) -> tuple[MockConfigEntry, LogCoordinator]:
    """Set up `node` reading `log` (created empty if missing); wait until the file is open."""
    if not log.exists():
        log.write_text("")
    entry = await setup_node(hass, node, options=file_options(log) | options)
    logs = entry.runtime_data.logs
    assert logs is not None
    await wait_until(lambda: logs.tailer is not None and logs.tailer.is_open)
    return entry, logs


def grep_counts(path: Path) -> dict[str, int]:
    """Independent count, the community script's way: message column and action."""
    counts: dict[str, int] = {}
    pattern = re.compile(
        r"\t(downloaded|uploaded|download failed|upload failed)\t.*\"(?:Action|action)\": \"(\w+)\""
    )
    for line in path.read_text().splitlines():
        if match := pattern.search(line):
            key = f"{match[2]} {'failed' if 'failed' in match[1] else 'success'}"
            counts[key] = counts.get(key, 0) + 1
    return counts


async def test_file_source_counts_exactly(
    hass: HomeAssistant, live_node: SimulatedNode, tmp_path: Path
) -> None:
    """Every line written after setup is counted, in agreement with a grep count."""
    log = tmp_path / "node.log"
    log.write_text("2026-01-01T00:00:00Z\tINFO\told line that must not be read\n")
    _entry, logs = await tail_node(hass, live_node, log)
    old_size = log.stat().st_size

    writer = live_node.log_writer(log, lines_per_second=50)
    written = writer.write_until(datetime.now(UTC) + timedelta(minutes=2))
    writer.close()
    assert written > 1000
    await wait_until(lambda: logs.statistics.snapshot().lines == written)
    await logs.async_refresh()
    await hass.async_block_till_done()

    state = hass.states.get("sensor.node_1_log_lines")
    assert state is not None
    assert int(state.state) == written
    expected = grep_counts(log)
    assert expected["GET success"] > 0
    for key, entity in (
        ("GET success", "sensor.node_1_downloads_successful"),
        ("PUT success", "sensor.node_1_uploads_successful"),
        ("GET failed", "sensor.node_1_downloads_failed"),
    ):
        current = hass.states.get(entity)
        assert current is not None
        assert int(current.state) == expected.get(key, 0), key
    rate = hass.states.get("sensor.node_1_download_success_rate")
    assert rate is not None
    assert 50 < float(rate.state) <= 100
    connected = hass.states.get("binary_sensor.node_1_log_source_connected")
    assert connected is not None
    assert connected.state == "on"
    assert old_size > 0


async def test_critical_audit_failure_event(
    hass: HomeAssistant, live_node: SimulatedNode, tmp_path: Path
) -> None:
    """A GET_AUDIT failing with "file does not exist" fires `audit_failed` at once."""
    log = tmp_path / "node.log"
    entry, logs = await tail_node(hass, live_node, log)
    events = async_capture_events(hass, ALERT_EVENT)
    satellite = live_node.state().satellites[0].satellite_id
    line = format_event(
        TransferFinished(
            time=datetime.now(UTC),
            action=Action.GET_AUDIT,
            outcome=Outcome.FAILED,
            piece_id="ZQXWJVCFKQ3EXAMPLEPIECEID2SNVQFRKX7UUJ2ZW3GDXDHQBUUQ",
            satellite_id=satellite,
            remote_address="34.150.12.1:41204",
            size=0,
            error="file does not exist",
        ),
        LogStyle.for_version("1.162.3"),
    )
    with log.open("a") as handle:
        handle.write(line + "\n")
    await wait_until(lambda: len(events) == 1)
    assert events[0].data["type"] == "audit_failed"
    assert events[0].data["severity"] == "critical"
    assert (
        events[0].data["satellite"]
        == entry.runtime_data.coordinator.data.snapshot.satellites[satellite].name
    )
    await hass.async_block_till_done()
    state = hass.states.get("event.node_1_alerts")
    assert state is not None
    assert state.attributes["event_type"] == "audit_failed"
    await logs.async_refresh()
    failures = hass.states.get("sensor.node_1_critical_audit_failures")
    assert failures is not None
    assert failures.state == "1"


async def test_restart_resumes_without_double_counting(
    hass: HomeAssistant, live_node: SimulatedNode, tmp_path: Path
) -> None:
    """Lines written while Home Assistant was stopped are read once, old ones never again."""
    log = tmp_path / "node.log"
    entry, logs = await tail_node(hass, live_node, log)
    writer = live_node.log_writer(log, lines_per_second=20)
    first = writer.write_until(datetime.now(UTC) + timedelta(minutes=1))
    await wait_until(lambda: logs.statistics.snapshot().lines == first)

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    second = writer.write_until(datetime.now(UTC) + timedelta(minutes=2))
    writer.close()

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    logs = entry.runtime_data.logs
    assert logs is not None
    # A marker after the backlog: once it is counted, any line read twice would be too.
    with log.open("a", encoding="utf-8") as handle:
        handle.write("marker line written after the restart\n")
    await wait_until(lambda: logs.statistics.snapshot().lines >= second + 1)
    await logs.async_refresh()
    await hass.async_block_till_done()
    counted = hass.states.get("sensor.node_1_log_lines")
    assert counted is not None
    assert counted.state == str(second + 1)


async def test_missing_file_alerts_then_recovers(
    hass: HomeAssistant,
    live_node: SimulatedNode,
    tmp_path: Path,
    issue_registry: ir.IssueRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A log file that is gone shows disconnected, raises an issue, and clears when back."""
    log = tmp_path / "node.log"
    entry = await setup_node(hass, live_node, options=file_options(log) | {"log_offline_after": 1})
    logs = entry.runtime_data.logs
    assert logs is not None
    await logs.async_refresh()
    state = hass.states.get("binary_sensor.node_1_log_source_connected")
    assert state is not None
    assert state.state == "off"
    assert logs.disconnected_since is not None
    # Pretend it has been gone for a while.
    logs.disconnected_since -= timedelta(minutes=2)
    entry.runtime_data.alerts.async_check()
    issue_id = f"{entry.entry_id}_log_source_disconnected"
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None

    log.write_text("")
    await wait_until(lambda: logs.connected)
    await logs.async_refresh()
    entry.runtime_data.alerts.async_check()
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    state = hass.states.get("binary_sensor.node_1_log_source_connected")
    assert state is not None
    assert state.state == "on"


async def test_no_log_source_no_log_entities(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Without a log source there are no log entities at all."""
    assert entry.runtime_data.logs is None
    assert hass.states.get("sensor.node_1_log_lines") is None
    assert hass.states.get("binary_sensor.node_1_log_source_connected") is None
    assert hass.states.get("sensor.node_1_disk_used") is not None
    assert hass.states.get("sensor.node_1_disk_used").state != STATE_UNAVAILABLE


async def test_forwarder_source_survives_forwarder_restart(
    hass: HomeAssistant, live_node: SimulatedNode, tmp_path: Path, unused_tcp_port: int
) -> None:
    """Lines arrive through a real forwarder; a forwarder restart loses none of them."""
    from tests.forwarder.conftest import FAST_OPTIONS, ForwarderProcess

    log = tmp_path / "node.log"
    log.write_text("")
    token = "integration-test-token-0123456789"
    args = [
        "--file",
        str(log),
        "--bind",
        f"127.0.0.1:{unused_tcp_port}",
        "--token",
        token,
        "--state-file",
        str(tmp_path / "forwarder.state"),
        *FAST_OPTIONS,
    ]
    forwarder = ForwarderProcess(args)
    await forwarder.start()
    try:
        entry = await setup_node(
            hass,
            live_node,
            options={
                "log_source": "forwarder",
                "forwarder_host": "127.0.0.1",
                "forwarder_port": unused_tcp_port,
                "forwarder_token": token,
            },
        )
        logs = entry.runtime_data.logs
        assert logs is not None
        await wait_until(lambda: logs.connected)
        writer = live_node.log_writer(log, lines_per_second=20)
        first = writer.write_until(datetime.now(UTC) + timedelta(minutes=1))
        await wait_until(lambda: logs.statistics.snapshot().lines == first)

        await forwarder.stop()
        await wait_until(lambda: not logs.connected)
        await logs.async_refresh()
        state = hass.states.get("binary_sensor.node_1_log_source_connected")
        assert state is not None
        assert state.state == "off"
        second = writer.write_until(datetime.now(UTC) + timedelta(minutes=2))
        writer.close()

        await forwarder.start()
        await wait_until(lambda: logs.statistics.snapshot().lines == first + second)
        assert logs.connected
        assert logs.forwarder is not None
        assert logs.forwarder.dropped_lines == 0
        assert await hass.config_entries.async_unload(entry.entry_id)
    finally:
        await forwarder.kill()


async def test_latency_from_node_debug_metrics(
    hass: HomeAssistant,
    live_node: SimulatedNode,
    tmp_path: Path,
    aiohttp_server: Any,
) -> None:
    """Without DEBUG lines, latency comes from the node's own monkit metrics."""
    from aiohttp import web

    from tests.logs.test_monkit import PROMETHEUS

    async def metrics(_: web.Request) -> web.Response:
        return web.Response(text=PROMETHEUS)

    app = web.Application()
    app.router.add_get("/metrics", metrics)
    server = await aiohttp_server(app)
    log = tmp_path / "node.log"
    log.write_text("")
    entry = await setup_node(
        hass,
        live_node,
        options=file_options(log) | {"debug_address": f"127.0.0.1:{server.port}"},
    )
    logs = entry.runtime_data.logs
    assert logs is not None
    await logs.async_refresh()
    await hass.async_block_till_done()
    p50 = hass.states.get("sensor.node_1_download_duration_p50")
    assert p50 is not None
    assert float(p50.state) == pytest.approx(0.18)
    assert p50.attributes["source"] == "debug_metrics"
    assert p50.attributes["samples"] == 1200
    upload_p99 = hass.states.get("sensor.node_1_upload_duration_p99")
    assert upload_p99 is not None
    assert float(upload_p99.state) == pytest.approx(3.0)


async def test_debug_metrics_unreachable_logs_once(
    hass: HomeAssistant,
    live_node: SimulatedNode,
    tmp_path: Path,
    unused_tcp_port: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A debug address that does not answer is reported once; the log source keeps working."""
    log = tmp_path / "node.log"
    log.write_text("")
    entry = await setup_node(
        hass,
        live_node,
        options=file_options(log) | {"debug_address": f"127.0.0.1:{unused_tcp_port}"},
    )
    logs = entry.runtime_data.logs
    assert logs is not None
    for _ in range(3):
        await logs.async_refresh()
    assert caplog.text.count("Cannot read the node's debug metrics") == 1
    assert logs.last_update_success


async def test_read_error_recovers(
    hass: HomeAssistant,
    live_node: SimulatedNode,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An I/O error while reading is reported once and reading resumes where it stopped."""
    from custom_components.storj_monitor.logs.tailer import LogTailer

    monkeypatch.setattr(log_coordinator, "READ_RETRY", 0.01)
    original = LogTailer._read_chunk
    failures = iter([OSError(5, "Input/output error")])

    def flaky(self: LogTailer) -> list[str]:
        if self.is_open and (error := next(failures, None)) is not None:
            raise error
        return original(self)

    monkeypatch.setattr(LogTailer, "_read_chunk", flaky)
    log = tmp_path / "node.log"
    log.write_text("")
    entry = await setup_node(hass, live_node, options=file_options(log))
    logs = entry.runtime_data.logs
    assert logs is not None
    await wait_until(lambda: logs.last_error is not None)
    writer = live_node.log_writer(log, lines_per_second=20)
    written = writer.write_until(datetime.now(UTC) + timedelta(minutes=1))
    writer.close()
    await wait_until(lambda: logs.statistics.snapshot().lines == written)
    assert caplog.text.count("Reading the log of") == 1
    assert logs.connected


async def test_bulky_figures_leave_the_states(
    hass: HomeAssistant, live_node: SimulatedNode, tmp_path: Path
) -> None:
    """Every log entity is created; map and histogram go over the websocket, not in states."""
    log = tmp_path / "node.log"
    log.write_text("")
    await setup_node(hass, live_node, options=file_options(log))
    registry = er.async_get(hass)
    for description in LOG_SENSORS:
        unique_id = f"{live_node.node_id}_{description.key}"
        assert registry.async_get_entity_id("sensor", DOMAIN, unique_id), description.key
    traffic = hass.states.get("sensor.node_1_traffic_by_country")
    assert traffic is not None
    assert traffic.attributes["unit_of_measurement"] == "countries"
    assert traffic.attributes["geoip"] is False
    assert not {"countries", "points"} & traffic.attributes.keys()
    p50 = hass.states.get("sensor.node_1_download_duration_p50")
    assert p50 is not None
    assert "histogram" not in p50.attributes


async def test_traffic_map_with_a_real_geoip_database(
    hass: HomeAssistant,
    live_node: SimulatedNode,
    tmp_path: Path,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Transfers are placed on the map by a real `.mmdb` lookup, per country (websocket)."""
    city = build_city_db(
        tmp_path / "city.mmdb",
        {"0.0.0.0/1": ("US", 39.0, -77.5), "128.0.0.0/1": ("DE", 50.1, 8.7)},
    )
    log = tmp_path / "node.log"
    log.write_text("")
    entry = await setup_node(
        hass, live_node, options=file_options(log) | {"geoip_database": str(city)}
    )
    logs = entry.runtime_data.logs
    assert logs is not None
    await wait_until(lambda: logs.tailer is not None and logs.tailer.is_open)
    writer = live_node.log_writer(log, lines_per_second=20)
    written = writer.write_until(datetime.now(UTC) + timedelta(minutes=1))
    writer.close()
    await wait_until(lambda: logs.statistics.snapshot().lines == written)
    await logs.async_refresh()
    state = hass.states.get("sensor.node_1_traffic_by_country")
    assert state is not None
    assert state.state == "2"
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "storj_monitor/get", "entry_id": entry.entry_id})
    response = await client.receive_json()
    assert response["success"], response
    traffic = response["result"]["log"]["traffic"]
    assert set(traffic["countries"]) == {"US", "DE"}
    assert traffic["geoip"] is True
    assert {tuple(point[:2]) for point in traffic["points"]} == {(39.0, -77.5), (50.1, 8.7)}
    # The map weighs successful transfers: where the node's data actually went; private
    # addresses cannot be placed and are counted apart.
    transfers = logs.statistics.snapshot().transfers
    placed = sum(traffic["countries"].values())
    assert placed + traffic["unknown"] == sum(counts.success for counts in transfers.values())
    assert placed > 0.9 * (placed + traffic["unknown"])
    assert state.attributes["unknown"] == traffic["unknown"]


async def test_invalid_geoip_file_does_not_block_the_node(
    hass: HomeAssistant, live_node: SimulatedNode, tmp_path: Path
) -> None:
    """A GeoIP file that is not a database: the map says so, everything else works."""
    bogus = tmp_path / "city.mmdb"
    bogus.write_bytes(b"not a database")
    log = tmp_path / "node.log"
    log.write_text("")
    entry = await setup_node(
        hass, live_node, options=file_options(log) | {"geoip_database": str(bogus)}
    )
    assert entry.runtime_data.logs is not None
    state = hass.states.get("sensor.node_1_traffic_by_country")
    assert state is not None
    assert state.attributes["geoip"] is False
    assert state.attributes["geoip_error"]
    assert hass.states.get("sensor.node_1_disk_used") is not None


async def test_failures_without_satellite_stay_with_their_job(
    hass: HomeAssistant, live_node: SimulatedNode, tmp_path: Path
) -> None:
    """retain.go:299 and store.go:783 @ 5dbec64f5a in the entities: no satellite named ''.

    "retain pieces failed" names no satellite: it is the prepared request's failure. A lazy
    used-space failure hands over to the in-process walker: the walker is still running.
    """
    log = tmp_path / "node.log"
    entry, logs = await tail_node(hass, live_node, log)
    satellite = live_node.state().satellites[0].satellite_id
    node_id = entry.runtime_data.coordinator.node_id
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    sat = f'{{"process": "storagenode", "satellite_id": "{satellite}"'
    lines = [
        f"{now}\tINFO\tretain\tPrepared to run a Retain request.\t{sat}}}",
        f'{now}\tERROR\tretain\tretain pieces failed\t{{"process": "storagenode", "error": "x"}}',
        f"{now}\tINFO\tpieces\tused-space-filewalker started\t{sat}}}",
        f"{now}\tERROR\tpieces\tused-space-filewalker failed\t"
        f'{sat}, "lazy_file_walker": true, "error": "exit status 1"}}',
    ]
    with log.open("a") as handle:
        handle.write("\n".join(lines) + "\n")
    await wait_until(lambda: logs.statistics.snapshot().lines == len(lines))
    await logs.async_refresh()
    await hass.async_block_till_done()
    registry = er.async_get(hass)
    gc_id = registry.async_get_entity_id("sensor", DOMAIN, f"{node_id}_last_gc")
    walker_id = registry.async_get_entity_id(
        "sensor", DOMAIN, f"{node_id}_{satellite}_used_space_filewalker"
    )
    assert gc_id is not None
    assert walker_id is not None
    gc = hass.states.get(gc_id)
    assert gc is not None
    assert set(gc.attributes["per_satellite"]) == {satellite}
    walker = hass.states.get(walker_id)
    assert walker is not None
    assert (walker.attributes["running"], walker.attributes["failures"]) == (True, 0)
    assert logs.statistics.snapshot().retain[satellite].failures == 1


FORWARDER_TOKEN = "integration-test-token-0123456789"


@pytest.fixture
async def real_forwarder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, socket_enabled: None
) -> AsyncIterator[tuple[Any, Path]]:
    """The real forwarder following an empty node log; the integration retries fast."""
    from tests.forwarder.conftest import FAST_OPTIONS, ForwarderProcess

    monkeypatch.setattr(
        log_coordinator,
        "FORWARDER_TIMING",
        ClientTiming(connect_timeout=2.0, backoff_initial=0.01, backoff_max=0.05),
    )
    monkeypatch.setattr(log_coordinator, "READ_RETRY", 0.01)
    log = tmp_path / "node.log"
    log.write_text("")
    forwarder = ForwarderProcess(
        ["--file", str(log), "--bind", "127.0.0.1:0", "--token", FORWARDER_TOKEN, *FAST_OPTIONS]
    )
    await forwarder.start()
    try:
        yield forwarder, log
    finally:
        await forwarder.kill()


def forwarder_options(port: int) -> dict[str, Any]:
    return {
        "log_source": "forwarder",
        "forwarder_host": "127.0.0.1",
        "forwarder_port": port,
        "forwarder_token": FORWARDER_TOKEN,
    }


async def test_unexpected_reader_error_restarts_the_source(
    hass: HomeAssistant,
    live_node: SimulatedNode,
    real_forwarder: tuple[Any, Path],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A bug escaping the reader is logged once with its traceback; reading resumes, none lost."""
    forwarder, log = real_forwarder
    original = ForwarderClient._next_line
    calls = 0

    async def buggy(self: ForwarderClient, link: Any) -> str:
        nonlocal calls
        calls += 1
        if calls in (2, 3):  # twice before a line gets through: one episode, one log line
            raise RuntimeError("a bug in the reader")
        return await original(self, link)

    monkeypatch.setattr(ForwarderClient, "_next_line", buggy)
    entry = await setup_node(hass, live_node, options=forwarder_options(forwarder.port))
    logs = entry.runtime_data.logs
    assert logs is not None
    writer = live_node.log_writer(log, lines_per_second=20)
    await wait_until(lambda: logs.connected)
    first = writer.write_until(datetime.now(UTC) + timedelta(seconds=1))
    await wait_until(lambda: calls >= 2)  # the first line came, then the bug
    written = first + writer.write_until(datetime.now(UTC) + timedelta(minutes=1))
    writer.close()

    await wait_until(lambda: logs.statistics.snapshot().lines == written)
    unexpected = [r for r in caplog.records if "failed unexpectedly" in r.getMessage()]
    assert [r.levelno for r in unexpected] == [logging.ERROR, logging.DEBUG]
    errors = unexpected[:1]
    assert errors[0].exc_info is not None
    assert logs.connected
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_injected_sequence_neither_freezes_nor_corrupts_the_saved_position(
    hass: HomeAssistant,
    live_node: SimulatedNode,
    real_forwarder: tuple[Any, Path],
    hass_storage: dict[str, Any],
) -> None:
    """A man in the middle forges line 2**63-2: delivery goes on, the saved point stays real."""
    forwarder, log = real_forwarder
    mitm = man_in_the_middle(b"L %d injected\n" % (2**63 - 2))
    async with HostilePeer([mitm], upstream=forwarder.port) as peer:
        entry = await setup_node(hass, live_node, options=forwarder_options(peer.port))
        logs = entry.runtime_data.logs
        assert logs is not None
        await wait_until(lambda: logs.statistics.snapshot().lines == 1)  # the forged line
        log.write_text("trigger\n")  # out of sequence after the forgery: the link ends
        await wait_until(lambda: logs.protocol_errors == 1 and logs.connected)
        writer = live_node.log_writer(log, lines_per_second=20)
        written = writer.write_until(datetime.now(UTC) + timedelta(minutes=1))
        writer.close()
        await wait_until(lambda: logs.statistics.snapshot().lines == 1 + written)

        await logs.async_refresh()
        state = hass.states.get("binary_sensor.node_1_log_source_connected")
        assert state is not None
        assert state.state == "on"
        assert state.attributes["protocol_errors"] == 2  # broken sequence, impossible point
        assert logs.forwarder is not None
        resume = logs.forwarder.resume_point
        assert resume is not None
        assert resume.seq == 1 + written  # the trigger line, then every written one
        assert await hass.config_entries.async_unload(entry.entry_id)

    saved = hass_storage[f"{DOMAIN}.{entry.entry_id}.log_position"]["data"]
    assert saved == {"forwarder": {"stream_id": resume.stream_id, "seq": 1 + written}}


async def test_invalid_saved_position_starts_afresh(
    hass: HomeAssistant,
    live_node: SimulatedNode,
    real_forwarder: tuple[Any, Path],
    hass_storage: dict[str, Any],
) -> None:
    """A position file that is not one the integration wrote is ignored, not a crash."""
    forwarder, log = real_forwarder
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Node 1",
        unique_id=live_node.node_id,
        data={"url": live_node.url},
        options=forwarder_options(forwarder.port),
    )
    hass_storage[f"{DOMAIN}.{entry.entry_id}.log_position"] = {
        "version": 1,
        "key": f"{DOMAIN}.{entry.entry_id}.log_position",
        "data": {"forwarder": {"stream_id": "not hex", "seq": -5, "extra": True}},
    }
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    logs = entry.runtime_data.logs
    assert logs is not None
    await wait_until(lambda: logs.connected)
    log.write_text("first line\n")
    await wait_until(lambda: logs.statistics.snapshot().lines == 1)
    assert logs.forwarder is not None
    assert logs.forwarder.resume_point is not None
    assert logs.forwarder.resume_point.seq == 1
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_websocket_carries_the_log_insights(
    hass: HomeAssistant,
    live_node: SimulatedNode,
    tmp_path: Path,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A subscriber gets histograms, error types, piece sizes, hot pieces and satellites."""
    log = tmp_path / "node.log"
    entry, logs = await tail_node(hass, live_node, log)
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "storj_monitor/subscribe", "entry_id": entry.entry_id})
    assert (await client.receive_json())["success"]
    assert (await client.receive_json())["event"]["log"]["lines"] == 0
    writer = live_node.log_writer(log, style=LogStyle(debug=True), lines_per_second=50)
    written = writer.write_until(datetime.now(UTC) + timedelta(minutes=1))
    writer.close()
    hot = "2VUEUZAV3M6C6LFRVOAFVZMBNRBMPJIAG6BFEYJHFDPAQXQGA7VQ"
    satellite = live_node.state().satellites[0].satellite_id
    with log.open("a") as file:
        for _ in range(5):
            file.write(
                format_event(
                    TransferFinished(
                        time=datetime.now(UTC),
                        action=Action.GET,
                        outcome=Outcome.SUCCESS,
                        piece_id=hot,
                        satellite_id=satellite,
                        remote_address="1.2.3.4:5",
                        size=4096,
                    ),
                    LogStyle(),
                )
                + "\n"
            )
    await wait_until(lambda: logs.statistics.snapshot().lines == written + 5)
    await logs.async_refresh()
    while (event := (await client.receive_json())["event"])["log"]["lines"] != written + 5:
        pass
    data = event["log"]
    snapshot = logs.data
    assert snapshot is not None
    assert data["connected"] is True
    histogram = data["latency"]["download"]["histogram"]
    assert data["latency"]["download"]["source"] == "log"
    assert sum(bucket["count"] for bucket in histogram) == snapshot.latency["GET"].count > 0
    # Space-Saving: the estimate never under-counts, the minimum never over-counts.
    (top,) = (piece for piece in data["hot_pieces"]["pieces"] if piece["piece"] == hot)
    assert top["at_least"] <= 5 <= top["downloads"]
    assert data["hot_pieces"]["exact"] is (top["downloads"] == top["at_least"])
    errors = data["errors"]["top"]
    assert errors
    assert errors[0]["total"] == snapshot.errors.top[0].total
    assert not any(re.search(r"\d+\.\d+\.\d+\.\d+", error["text"]) for error in errors)
    assert data["errors"]["distinct_last_hour"] == snapshot.errors.distinct_last_hour > 0
    downloads = sum(
        counts.success for action, counts in snapshot.transfers.items() if "GET" in action
    )
    assert sum(data["piece_sizes"]["download"]) == downloads
    assert {row["id"] for row in data["satellites"]} == set(snapshot.transfers_by_satellite)
    names = {sat.satellite_id for sat in live_node.state().satellites}
    assert {row["id"] for row in data["satellites"]} <= names
    most_common = hass.states.get("sensor.node_1_most_common_error")
    assert most_common is not None
    assert most_common.state == errors[0]["text"]
    distinct = hass.states.get("sensor.node_1_distinct_errors_last_hour")
    assert distinct is not None
    assert int(distinct.state) == data["errors"]["distinct_last_hour"]
