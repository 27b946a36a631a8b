"""Fault drills: a real Home Assistant with a real recorder (an SQLite file) under faults.

Each drill compares the statistics after the fault with what an uninterrupted run gives.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
import json
from pathlib import Path
import signal
import sqlite3
import threading
import time
from typing import Any
from unittest.mock import patch

from homeassistant import loader
from homeassistant.components.recorder import Recorder, get_instance
from homeassistant.components.recorder.statistics import (
    async_add_external_statistics,
    statistics_during_period,
)
from homeassistant.components.recorder.tasks import RecorderTask
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_test_home_assistant,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import RecorderInstanceContextManager

from custom_components.storj_monitor import log_coordinator, log_import
from custom_components.storj_monitor.api import StorjNodeClient
from custom_components.storj_monitor.const import (
    CONF_FORWARDER_HOST,
    CONF_FORWARDER_PORT,
    CONF_FORWARDER_TOKEN,
    CONF_LOG_SOURCE,
    CONF_URL,
    DOMAIN,
)
from custom_components.storj_monitor.log_import import count_log
from custom_components.storj_monitor.logs import parser
from custom_components.storj_monitor.logs.forwarder_client import ClientTiming
from custom_components.storj_monitor.logs.stats import LogSnapshot, LogStatistics
from custom_components.storj_monitor.statistics import (
    PAYOUT_KINDS,
    TRAFFIC_KINDS,
    StatisticsImporter,
    statistic_id,
)
from storj_simulator import SimulatedNode, run_simulator
from storj_simulator.payout_bodies import all_paystubs
from tests.history.common import poll
from tests.history.test_statistics import _by_period, _monthly

WAIT = 60.0  # seconds a drill waits for a worker thread at most
type Hourly = dict[str, dict[datetime, tuple[float, float]]]


@pytest.fixture
def persistent_database() -> bool:
    """An SQLite file, not memory: it outlives one Home Assistant run."""
    return True


@pytest.fixture
def expected_lingering_timers() -> bool:
    """A stopped run keeps its entries' timers, as a real stop does (no unload)."""
    return True


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Not the package's `hass`: each drill starts its own Home Assistant runs."""


@pytest.fixture(autouse=True)
def _loopback(socket_enabled: None) -> None:
    """The simulator is a real server on 127.0.0.1."""


@pytest.fixture
async def node() -> AsyncIterator[SimulatedNode]:
    """One simulated node (not tied to a `hass`: it outlives a restart)."""
    async with run_simulator() as cluster:
        yield cluster.nodes[0]


@asynccontextmanager
async def running_hass(
    recorder: RecorderInstanceContextManager, config_dir: Path
) -> AsyncIterator[HomeAssistant]:
    """One Home Assistant run: a fresh instance on the same recorder database and storage."""
    async with async_test_home_assistant(config_dir=str(config_dir)) as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)  # load ours from custom_components
        # import_log reads only allowed folders; the drills' logs sit in the config folder.
        hass.config.allowlist_external_dirs.add(str(config_dir.resolve()))
        async with recorder(hass):
            yield hass
            if hass.is_running:
                await hass.async_stop()


async def add_node(hass: HomeAssistant, node: SimulatedNode) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        entry_id="drill",
        title="Node 1",
        unique_id=node.node_id,
        data={CONF_URL: node.url},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def hourly_rows(hass: HomeAssistant, ids: set[str]) -> Hourly:
    """Start -> (state, sum) of every hourly row."""
    await async_wait_recording_done(hass)
    found = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        dt_util.utc_from_timestamp(0),
        None,
        ids,
        "hour",
        None,
        {"state", "sum"},
    )
    return {
        statistic: {
            dt_util.utc_from_timestamp(row["start"]): (row["state"], row["sum"])
            for row in found.get(statistic, [])
        }
        for statistic in ids
    }


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Wait (real time: another thread is working) until `condition` holds."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


async def async_wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.01)


def write_log(node: SimulatedNode, path: Path, hours: int, lines_per_second: float = 1.0) -> None:
    writer = node.log_writer(path, lines_per_second=lines_per_second)
    writer.write_until(node.now() + timedelta(hours=hours))
    writer.close()


def expected_log_rows(node_id: str, path: Path) -> Hourly:
    """What an uninterrupted count of the whole file gives, per statistic and hour."""
    counts = count_log(path, lambda done, total: None)
    result: Hourly = {}
    for (action, outcome), hours in counts.hourly.items():
        running = 0
        rows = {}
        for hour in sorted(hours):
            running += hours[hour]
            rows[dt_util.utc_from_timestamp(hour)] = (float(hours[hour]), float(running))
        result[statistic_id(node_id, f"log_{action}_{outcome}")] = rows
    return result


async def test_restart_during_import_log_resumes_without_double_counting(
    async_test_recorder: RecorderInstanceContextManager,
    hass_storage: dict[str, Any],
    node: SimulatedNode,
    tmp_path: Path,
) -> None:
    """Stopped a third into the file, the import goes on at the next start from its checkpoint."""
    log = tmp_path / "node.log"
    write_log(node, log, hours=3)
    size = log.stat().st_size
    expected = expected_log_rows(node.node_id, log)
    key = f"{DOMAIN}.import_{node.node_id}"
    # Hold the worker a third of the way in until Home Assistant is stopping.
    paused, release = threading.Event(), threading.Event()
    real_parse, seen = parser.parse_line_bytes, [0]
    total_lines = len(log.read_bytes().splitlines())

    def parse_then_pause(line: bytes) -> Any:
        seen[0] += 1
        if seen[0] == total_lines // 3:
            paused.set()
            release.wait(WAIT)
        return real_parse(line)

    with (
        patch.object(log_import, "CHECKPOINT_EVERY", 64 * 1024),
        patch.object(log_import, "parse_line_bytes", parse_then_pause),
    ):
        async with running_hass(async_test_recorder, tmp_path) as hass:
            entry = await add_node(hass, node)
            hass.config.allowlist_external_dirs.add(str(tmp_path.resolve()))
            call = hass.async_create_task(
                hass.services.async_call(
                    DOMAIN,
                    "import_log",
                    {"config_entry_id": entry.entry_id, "path": str(log)},
                    blocking=True,
                )
            )
            await hass.async_add_executor_job(wait_for, paused.is_set, "the worker")
            await async_wait_for(lambda: key in hass_storage, "a checkpoint")
            hass.bus.async_listen_once("homeassistant_stop", lambda _: release.set())
            await hass.async_stop()
            # Interrupted, by our stop listener or by the stop cancelling the call.
            assert call.cancelled() or isinstance(
                call.exception(), log_import.ImportInterruptedError
            )

        saved = hass_storage[key]["data"]
        assert 0 < saved["counts"]["offset"] < size
        assert saved["path"] == str(log)
        parsed_before = seen[0]

        async with running_hass(async_test_recorder, tmp_path) as hass:
            assert await hourly_rows(hass, set(expected)) == {
                statistic: {} for statistic in expected
            }
            await add_node(hass, node)
            await hass.async_block_till_done(wait_background_tasks=True)
            assert await hourly_rows(hass, set(expected)) == expected
        assert key not in hass_storage
        # Resumed at the checkpoint, not started over: each line after it is read once more.
        assert seen[0] - parsed_before == total_lines - saved["counts"]["lines"]


async def test_restart_during_backfill_writes_each_month_once(
    async_test_recorder: RecorderInstanceContextManager,
    node: SimulatedNode,
    tmp_path: Path,
) -> None:
    """Stopped while the node slowly answers the backfill request: the next start completes it.

    The result is what one uninterrupted run writes (tests/history/test_statistics.py): one
    row per month since the node joined, with running sums of the simulator's paystubs.
    """
    earned = statistic_id(node.node_id, "payout_earned")
    paid = statistic_id(node.node_id, "payout_paid")

    async with running_hass(async_test_recorder, tmp_path) as hass:
        client = _client(hass, node)
        data = await poll(client)
        await node.set_scenario("slow", delay=30.0)
        importer = StatisticsImporter(hass, client, node.node_id, "Node 1")
        task = hass.async_create_background_task(importer.async_update(data), "backfill")
        await async_wait_for(lambda: importer._backfill_tried_for is not None, "the backfill")
        started = time.monotonic()
        await hass.async_stop()
        assert time.monotonic() - started < 10  # the slow node does not hold up the stop
        assert task.cancelled()
    await node.set_scenario("healthy")

    async with running_hass(async_test_recorder, tmp_path) as hass:
        assert await hourly_rows(hass, {earned}) == {earned: {}}
        client = _client(hass, node)
        importer = StatisticsImporter(hass, client, node.node_id, "Node 1")
        await importer.async_update(await poll(client))
        rows = await hourly_rows(hass, {earned, paid})
        # A second start changes nothing.
        await importer.async_update(await poll(client))
        assert await hourly_rows(hass, {earned, paid}) == rows

    stubs = all_paystubs(node.state())
    for statistic, field in ((earned, "earned"), (paid, "paid")):
        listed = [(start, state, total) for start, (state, total) in rows[statistic].items()]
        assert _by_period(listed) == _monthly(stubs, field)


def _client(hass: HomeAssistant, node: SimulatedNode) -> StorjNodeClient:
    return StorjNodeClient(async_get_clientsession(hass), node.url)


async def test_locked_database_delays_but_loses_no_statistics(
    async_test_recorder: RecorderInstanceContextManager,
    node: SimulatedNode,
    tmp_path: Path,
) -> None:
    """Another program holds SQLite's exclusive lock while the backfill is written."""
    earned = statistic_id(node.node_id, "payout_earned")
    async with running_hass(async_test_recorder, tmp_path) as hass:
        client = _client(hass, node)
        data = await poll(client)
        path = get_instance(hass).db_url.removeprefix("sqlite:///")
        locker = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
        locker.execute("BEGIN EXCLUSIVE")
        importer = StatisticsImporter(hass, client, node.node_id, "Node 1")
        await importer.async_update(data)
        # The recorder meets the lock (real time: its thread waits on SQLite's busy handler).
        await hass.async_add_executor_job(time.sleep, 2.0)
        # Nothing got past the lock: the rows wait in the recorder, not lost.
        assert locker.execute("SELECT COUNT(*) FROM statistics").fetchone() == (0,)
        locker.execute("COMMIT")
        locker.close()
        await async_wait_recording_done(hass)
        # The next poll finds what is missing, if anything.
        await importer.async_update(await poll(client))
        rows = await hourly_rows(hass, {earned})
    listed = [(start, state, total) for start, (state, total) in rows[earned].items()]
    assert _by_period(listed) == _monthly(all_paystubs(node.state()), "earned")


def _importer_statistics(node_id: str, importer: StatisticsImporter) -> set[str]:
    """Every statistic the importer writes for the node."""
    assert importer.paystubs is not None
    satellites = {stub.satellite_id for stub in importer.paystubs}
    return {
        statistic_id(node_id, "stored"),
        *(statistic_id(node_id, kind.key) for kind in TRAFFIC_KINDS),
        *(
            statistic_id(node_id, f"payout_{kind.key}", satellite)
            for kind in PAYOUT_KINDS
            for satellite in [None, *(satellites if kind.per_satellite else ())]
        ),
    }


async def test_removing_the_entry_forgets_an_unfinished_import(
    async_test_recorder: RecorderInstanceContextManager,
    hass_storage: dict[str, Any],
    node: SimulatedNode,
    tmp_path: Path,
) -> None:
    """A removed node's checkpoint would otherwise resume if the node were added again."""
    key = f"{DOMAIN}.import_{node.node_id}"
    async with running_hass(async_test_recorder, tmp_path) as hass:
        entry = await add_node(hass, node)
        await hass.async_block_till_done(wait_background_tasks=True)
        # What a stop in the middle of import_log leaves behind.
        checkpoint = {"path": str(tmp_path / "node.log"), "file": [1, 2], "counts": {}}
        hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": checkpoint}
        assert await hass.config_entries.async_remove(entry.entry_id)
        await hass.async_block_till_done()
        assert key not in hass_storage


# --- the recorder's database full, or locked for longer than its busy timeout ---------------


@dataclass(slots=True)
class _OnRecorderConnection(RecorderTask):
    """Runs SQL on the recorder thread's own SQLite connection (its pool keeps one per thread).

    PRAGMAs like `max_page_count` and `busy_timeout` hold per connection: set here, they
    apply to the connection every statistics import of the recorder uses.
    """

    sql: list[str]
    done: asyncio.Future[list[Any]]
    commit_before = False

    def run(self, instance: Recorder) -> None:
        assert instance.engine is not None
        with instance.engine.connect() as connection:
            results = [connection.exec_driver_sql(sql).scalar() for sql in self.sql]
        instance.hass.loop.call_soon_threadsafe(self.done.set_result, results)


async def on_recorder_connection(hass: HomeAssistant, *sql: str) -> list[Any]:
    done: asyncio.Future[list[Any]] = hass.loop.create_future()
    get_instance(hass).queue_task(_OnRecorderConnection(list(sql), done))
    return await asyncio.wait_for(done, WAIT)


@asynccontextmanager
async def database_full(hass: HomeAssistant) -> AsyncIterator[None]:
    """SQLite's own "database or disk is full": the file may not grow by a single page."""
    (pages,) = await on_recorder_connection(hass, "PRAGMA page_count")
    assert await on_recorder_connection(hass, f"PRAGMA max_page_count = {pages}") == [pages]
    yield
    await on_recorder_connection(hass, f"PRAGMA max_page_count = {pages * 1000}")


@asynccontextmanager
async def database_locked_past_timeout(hass: HomeAssistant) -> AsyncIterator[None]:
    """Another program holds the write lock longer than the recorder waits for it."""
    (timeout,) = await on_recorder_connection(hass, "PRAGMA busy_timeout")
    await on_recorder_connection(hass, "PRAGMA busy_timeout = 100")
    path = get_instance(hass).db_url.removeprefix("sqlite:///")
    locker = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        yield
        await hass.async_add_executor_job(time.sleep, 0.5)  # well past the 100 ms
    finally:
        locker.execute("COMMIT")
        locker.close()
        await on_recorder_connection(hass, f"PRAGMA busy_timeout = {timeout}")


FAULTS: dict[str, Callable[[HomeAssistant], AbstractAsyncContextManager[None]]] = {
    "full": database_full,
    "locked": database_locked_past_timeout,
}


@pytest.mark.parametrize("fault", FAULTS)
async def test_statistics_dropped_by_the_recorder_are_written_again(
    async_test_recorder: RecorderInstanceContextManager,
    node: SimulatedNode,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    """The recorder gives up a statistics import SQLite refuses; the next update repairs it.

    On SQLite no error is retried (only some MySQL ones are, `_is_retryable_error` in the
    recorder's util.py): the import is logged and dropped.
    """
    earned = statistic_id(node.node_id, "payout_earned")
    async with running_hass(async_test_recorder, tmp_path) as hass:
        get_instance(hass).db_retry_wait = 0  # its event commits retry 10 times; not 3 s each
        client = _client(hass, node)
        data = await poll(client)
        importer = StatisticsImporter(hass, client, node.node_id, "Node 1")
        async with FAULTS[fault](hass):
            await importer.async_update(data)
            await async_wait_recording_done(hass)
        assert "Error executing statistics" in caplog.text
        ids = _importer_statistics(node.node_id, importer)
        dropped = await hourly_rows(hass, ids)
        # Space is back (the lock gone): the next update writes what is missing.
        await importer.async_update(data)
        rows = await hourly_rows(hass, ids)
        assert rows != dropped
        assert all(rows.values())
        # A fresh importer (a restart) finds every row it would write already there.
        with patch(
            "custom_components.storj_monitor.statistics.async_add_external_statistics",
            wraps=async_add_external_statistics,
        ) as writes:
            await StatisticsImporter(hass, client, node.node_id, "Node 1").async_update(data)
        assert writes.call_count == 0
    listed = [(start, state, total) for start, (state, total) in rows[earned].items()]
    assert _by_period(listed) == _monthly(all_paystubs(node.state()), "earned")


async def test_import_log_into_a_full_database_keeps_its_counts(
    async_test_recorder: RecorderInstanceContextManager,
    hass_storage: dict[str, Any],
    node: SimulatedNode,
    tmp_path: Path,
) -> None:
    """The counted file is not lost with the dropped write: the next call only writes."""
    log = tmp_path / "node.log"
    # Hours enough that their rows need new database pages (a few fit in the free ones).
    write_log(node, log, hours=96, lines_per_second=0.1)
    expected = expected_log_rows(node.node_id, log)
    key = f"{DOMAIN}.import_{node.node_id}"
    async with running_hass(async_test_recorder, tmp_path) as hass:
        get_instance(hass).db_retry_wait = 0
        async with database_full(hass):
            with pytest.raises(log_import.StatisticsNotWrittenError):
                await log_import.async_import_log(hass, node.node_id, "Node 1", log)
        # The complete count is kept, at the file's end.
        saved = hass_storage[key]["data"]["counts"]
        assert saved["offset"] == log.stat().st_size
        with patch.object(log_import, "parse_line_bytes", wraps=parser.parse_line_bytes) as parse:
            counts = await log_import.async_import_log(hass, node.node_id, "Node 1", log)
        assert parse.call_count == 0  # nothing read twice
        assert counts.transfers == saved["transfers"]
        assert await hourly_rows(hass, set(expected)) == expected
    assert key not in hass_storage


# --- the node answering slowly while the entry reloads -------------------------------------

REQUEST_TIMEOUT = 1.0  # the client's per-request timeout in these drills (10 s by default)


def _entry_registry(hass: HomeAssistant, entry: MockConfigEntry) -> tuple[list[str], list[str]]:
    """The unique IDs of the entry's entities and the identifiers of its devices, sorted."""
    entities = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    return (
        sorted(entity.unique_id for entity in entities),
        sorted(str(sorted(device.identifiers)) for device in devices),
    )


def _states(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    """The states of the entry's enabled entities."""
    entities = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    found = set()
    for entity in entities:
        if not entity.disabled:
            state = hass.states.get(entity.entity_id)
            found.add("missing" if state is None else state.state)
    return found


def _our_tasks() -> list[asyncio.Task[Any]]:
    """Unfinished tasks running the integration's code."""
    return [
        task
        for task in asyncio.all_tasks()
        if not task.done()
        and (code := getattr(task.get_coro(), "cr_code", None)) is not None
        and f"/custom_components/{DOMAIN}/" in code.co_filename
    ]


@pytest.fixture
def short_timeout() -> Iterator[None]:
    """The coordinator's client gives up after REQUEST_TIMEOUT, not 10 s: drills stay short."""
    with patch(
        "custom_components.storj_monitor.coordinator.StorjNodeClient",
        partial(StorjNodeClient, request_timeout=REQUEST_TIMEOUT),
    ):
        yield


@pytest.mark.usefixtures("enable_custom_integrations", "short_timeout")
async def test_reload_while_the_node_answers_slowly(
    hass: HomeAssistant, node: SimulatedNode
) -> None:
    """Slower than the timeout, setup gives up in time and retries; a bit faster, it loads.

    Neither way leaves a duplicate entity or device, or a task behind.
    """
    entry = await add_node(hass, node)
    registered = _entry_registry(hass, entry)
    assert registered[0]
    assert "unavailable" not in _states(hass, entry)

    # Each request takes longer than the timeout: the first refresh fails, setup retries.
    await node.set_scenario("slow", delay=REQUEST_TIMEOUT * 1.5)
    started = time.monotonic()
    assert not await hass.config_entries.async_reload(entry.entry_id)
    assert time.monotonic() - started < REQUEST_TIMEOUT * 5  # timed out, did not hang
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert _states(hass, entry) == {"unavailable"}
    assert _entry_registry(hass, entry) == registered

    # The node recovers: the scheduled retry sets the entry up.
    await node.set_scenario("healthy")
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=5))
    await async_wait_for(lambda: entry.state is ConfigEntryState.LOADED, "the retry")
    await hass.async_block_till_done()
    assert "unavailable" not in _states(hass, entry)
    assert _entry_registry(hass, entry) == registered

    # Each request a bit faster than the timeout: slow, but the reload succeeds.
    await node.set_scenario("slow", delay=REQUEST_TIMEOUT * 0.7)
    started = time.monotonic()
    assert await hass.config_entries.async_reload(entry.entry_id)
    assert time.monotonic() - started >= REQUEST_TIMEOUT * 0.7
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert "unavailable" not in _states(hass, entry)
    assert _entry_registry(hass, entry) == registered

    # Reloaded again while the previous setup's background work (the payout backfill) is
    # still waiting for the slow node: unloading ends it.
    await node.set_scenario("slow", delay=REQUEST_TIMEOUT * 0.7)
    assert await hass.config_entries.async_reload(entry.entry_id)
    if not any("statistics" in task.get_name() for task in _our_tasks()):
        # The first poll after setup comes at the entry's staggered delay: poll now.
        await entry.runtime_data.coordinator.async_refresh()
    assert any("statistics" in task.get_name() for task in _our_tasks())
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert _our_tasks() == []
    assert _entry_registry(hass, entry) == registered


# --- the forwarder killed and restarted while the node writes ------------------------------

FORWARDER_TOKEN = "drill-token-0123456789abcdef"


def _whole_file(path: Path) -> LogSnapshot:
    """What one uninterrupted read of the whole log counts."""
    statistics = LogStatistics()
    for line in path.read_text().splitlines():
        statistics.feed_line(line)
    return statistics.snapshot()


@pytest.mark.usefixtures("enable_custom_integrations")
async def test_forwarder_killed_and_restarted_while_the_node_writes(
    hass: HomeAssistant,
    node: SimulatedNode,
    tmp_path: Path,
    unused_tcp_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SIGKILL: nothing saved at exit, lines read but unsent are gone from its memory.

    Restarted from its state file (saved at most a second before the kill, so it re-reads
    and renumbers identically some lines Home Assistant already has), the forwarder sends
    the rest: every line counted exactly once, none dropped.
    """
    from tests.forwarder.conftest import FAST_OPTIONS, ForwarderProcess

    monkeypatch.setattr(
        log_coordinator,
        "FORWARDER_TIMING",
        ClientTiming(connect_timeout=2.0, backoff_initial=0.01, backoff_max=0.05),
    )
    log = tmp_path / "node.log"
    log.write_text("")
    state = tmp_path / "forwarder.state"
    forwarder = ForwarderProcess(
        [
            "--file",
            str(log),
            "--bind",
            f"127.0.0.1:{unused_tcp_port}",
            "--token",
            FORWARDER_TOKEN,
            "--state-file",
            str(state),
            *FAST_OPTIONS,
        ]
    )
    await forwarder.start()
    try:
        entry = MockConfigEntry(
            domain=DOMAIN,
            title="Node 1",
            unique_id=node.node_id,
            data={CONF_URL: node.url},
            options={
                CONF_LOG_SOURCE: "forwarder",
                CONF_FORWARDER_HOST: "127.0.0.1",
                CONF_FORWARDER_PORT: unused_tcp_port,
                CONF_FORWARDER_TOKEN: FORWARDER_TOKEN,
            },
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        logs = entry.runtime_data.logs
        assert logs is not None
        assert logs.forwarder is not None
        await async_wait_for(lambda: logs.connected, "the first connection")

        writer = node.log_writer(log, lines_per_second=20)
        clock = dt_util.utcnow()

        async def node_writes(steps: int) -> int:
            """The node's log grows by 5 s of lines every 10 ms."""
            nonlocal clock
            written = 0
            for _ in range(steps):
                clock += timedelta(seconds=5)
                written += writer.write_until(clock)
                await asyncio.sleep(0.01)
            return written

        written = await node_writes(150)  # long enough for the state file to be saved
        assert state.exists()
        await forwarder.stop(signal.SIGKILL)
        saved = json.loads(state.read_text())
        assert logs.forwarder.resume_point is not None
        # Behind what Home Assistant has, or at it: never ahead.
        assert saved["next_seq"] <= logs.forwarder.resume_point.seq + 1
        written += await node_writes(20)  # while it is down
        await forwarder.start()
        written += await node_writes(20)
        writer.close()

        # Lines arrive in order: once the last one is in, any duplicate would be too.
        await async_wait_for(lambda: logs.statistics.snapshot().lines >= written, "every line")
        snapshot = logs.statistics.snapshot()
        expected = _whole_file(log)
        assert snapshot.lines == expected.lines == written
        assert snapshot.transfers == expected.transfers
        assert logs.forwarder.dropped_lines == 0
        assert logs.connected
        assert await hass.config_entries.async_unload(entry.entry_id)
    finally:
        await forwarder.kill()
