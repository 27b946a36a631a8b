"""Soak: a node writing 200 log lines/s into a tailed file costs Home Assistant almost nothing.

The simulator runs as a separate process (its own CPU is not counted); this process's CPU time
and resident memory are measured over the run, against an idle baseline of the same length.
The default run lasts a few seconds; `pytest -m soak` runs the full 60 s version.
"""

import asyncio
from collections.abc import AsyncIterator
import os
from pathlib import Path
import re
import sys
import time

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.storj_monitor import log_coordinator
from custom_components.storj_monitor.const import CONF_URL, DOMAIN
from tests.conftest import REPO_ROOT

LINES_PER_SECOND = 200
MAX_CPU_SHARE = 0.02  # of one core
MAX_RSS_GROWTH = 8 * 1024 * 1024


def rss() -> int:
    """Resident memory of this process, in bytes."""
    status = Path(f"/proc/{os.getpid()}/status").read_text()
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    assert match
    return int(match[1]) * 1024


class SimulatorProcess:
    """`python -m storj_simulator` writing a log file at a fixed rate."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.process: asyncio.subprocess.Process | None = None
        self.node_id = ""
        self.url = ""

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "storj_simulator",
            "--port",
            "0",
            "--log-file",
            str(self.log),
            "--log-rate",
            str(LINES_PER_SECOND),
            cwd=REPO_ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        assert self.process.stdout is not None
        async with asyncio.timeout(30):
            while not self.url:
                words = (await self.process.stdout.readline()).decode().split()
                if words[:1] == ["node"]:
                    self.node_id, self.url = words[2], words[3]

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()


@pytest.fixture
async def simulator(socket_enabled: None, tmp_path: Path) -> AsyncIterator[SimulatorProcess]:
    """The simulator program, stopped at teardown."""
    process = SimulatorProcess(tmp_path / "node.log")
    await process.start()
    yield process
    await process.stop()


@pytest.mark.parametrize("seconds", [4, pytest.param(60, marks=pytest.mark.soak)])
async def test_tailing_is_cheap(
    hass: HomeAssistant,
    simulator: SimulatorProcess,
    seconds: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Added CPU under 2 % of a core and flat memory while 200 lines/s stream in.

    The file is polled 4x more often than in production (0.25 s instead of 1 s), so lines
    read in a few seconds do not depend on where the polls fall; that only adds CPU.
    """
    monkeypatch.setattr(log_coordinator, "TAIL_POLL_INTERVAL", 0.25)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Soak",
        unique_id=simulator.node_id,
        data={CONF_URL: simulator.url},
        options={"log_source": "file", "log_path": str(simulator.log)},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    logs = entry.runtime_data.logs
    assert logs is not None

    async def measure() -> tuple[float, int]:
        cpu, lines = time.process_time(), logs.statistics.snapshot().lines
        await asyncio.sleep(seconds)
        return time.process_time() - cpu, logs.statistics.snapshot().lines - lines

    await asyncio.sleep(1)  # warm up: the tailer catches up with the file's start
    memory_before = rss()
    busy_cpu, lines = await measure()
    memory_after = rss()
    assert await hass.config_entries.async_unload(entry.entry_id)
    idle_cpu, _ = await measure()

    added = (busy_cpu - idle_cpu) / seconds
    print(
        f"\nsoak {seconds}s: {lines} lines ({lines / seconds:.0f}/s), added CPU {added:.2%} "
        f"of a core (busy {busy_cpu:.3f}s, idle {idle_cpu:.3f}s), "
        f"RSS {memory_before / 2**20:.1f} -> {memory_after / 2**20:.1f} MiB"
    )
    assert lines >= LINES_PER_SECOND * seconds * 0.8
    assert added < MAX_CPU_SHARE
    assert memory_after - memory_before < MAX_RSS_GROWTH
