"""Soak: a node writing 200 log lines/s into a tailed file; every line is counted, once.

The simulator runs as a separate process. The default run lasts a few seconds; `pytest -m soak`
runs the full 60 s version. What tailing costs in CPU and memory is measured by
`benchmarks/tail_cost.py`, not asserted here: a shared CI core makes such figures flaky.
"""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
import sys

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.storj_monitor import log_coordinator
from custom_components.storj_monitor.const import CONF_URL, DOMAIN
from tests.conftest import REPO_ROOT

LINES_PER_SECOND = 200
LOG_LINES = "sensor.soak_log_lines"


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


async def counted_lines(hass: HomeAssistant) -> int:
    """The log-lines sensor after asking for a fresh snapshot (as a user's refresh would)."""
    await hass.services.async_call(
        "homeassistant", "update_entity", {"entity_id": LOG_LINES}, blocking=True
    )
    state = hass.states.get(LOG_LINES)
    assert state is not None
    return int(state.state)


@pytest.mark.parametrize("seconds", [4, pytest.param(60, marks=pytest.mark.soak)])
async def test_every_line_counted_once(
    hass: HomeAssistant,
    simulator: SimulatorProcess,
    seconds: int,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Each line the node writes while it is followed is counted exactly once.

    The tailer starts at the end of a file, so it follows an empty file first; the node's log
    then replaces it (rotation by rename) and is read from its first line. The file is polled
    every 0.25 s instead of 1 s only to keep the run short.
    """
    monkeypatch.setattr(log_coordinator, "TAIL_POLL_INTERVAL", 0.25)
    followed = tmp_path / "followed.log"
    followed.touch()
    assert await async_setup_component(hass, "homeassistant", {})
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Soak",
        unique_id=simulator.node_id,
        data={CONF_URL: simulator.url},
        options={"log_source": "file", "log_path": str(followed)},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert await counted_lines(hass) == 0

    simulator.log.replace(followed)  # the simulator keeps writing to the same file
    await asyncio.sleep(seconds)  # real time: the simulator is a separate process
    await simulator.stop()
    written = followed.read_bytes().count(b"\n")
    assert written >= LINES_PER_SECOND * seconds * 0.8

    for _ in range(40):  # the tailer may still be reading the last chunk: up to 10 s
        if (counted := await counted_lines(hass)) >= written:
            break
        await asyncio.sleep(0.25)
    assert counted == written
    assert await hass.config_entries.async_unload(entry.entry_id)
