"""Fault drills: a real Home Assistant with a real recorder (an SQLite file) under faults.

Each drill compares the statistics after the fault with what an uninterrupted run gives.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
import sqlite3
import threading
import time
from typing import Any
from unittest.mock import patch

from homeassistant import loader
from homeassistant.components.recorder import get_instance
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import RecorderInstanceContextManager

from custom_components.storj_monitor import log_import
from custom_components.storj_monitor.api import StorjNodeClient
from custom_components.storj_monitor.const import CONF_URL, DOMAIN
from custom_components.storj_monitor.log_import import count_log
from custom_components.storj_monitor.logs import parser
from custom_components.storj_monitor.statistics import StatisticsImporter, statistic_id
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


def write_log(node: SimulatedNode, path: Path, hours: int) -> None:
    writer = node.log_writer(path, lines_per_second=1)
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
