"""`python -m storj_simulator` serves, logs and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
from pathlib import Path
import signal
import sys

import aiohttp

from storj_simulator.__main__ import log_style, parse_args
from storj_simulator.loglines import Encoder, KeyStyle
from tests.conftest import REPO_ROOT

from .conftest import fetch, get_json


async def test_program_runs_and_stops(tmp_path: Path, session: aiohttp.ClientSession) -> None:
    """Prints node and admin URLs, answers, writes per-node logs, exits 0 on SIGTERM."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "storj_simulator",
        "--port",
        "0",
        "--nodes",
        "2",
        "--api-version",
        "1.142",
        "--scenario",
        "quic_misconfigured",
        "--log-file",
        str(tmp_path / "node{node}.log"),
        "--log-rate",
        "5000",
        "--log-format",
        "json",
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        async with asyncio.timeout(20):
            printed = [(await process.stdout.readline()).decode().split() for _ in range(3)]
        assert [words[0] for words in printed] == ["node", "node", "admin"]
        dashboard = await get_json(session, f"{printed[1][3]}/api/sno/")
        assert dashboard["nodeID"] == printed[1][2]
        assert dashboard["quicStatus"] == "Misconfigured"
        assert dashboard["version"] == "1.142.7"
        admin = await fetch(session, f"{printed[2][1]}/admin/nodes")
        assert len(admin.json()) == 2
    finally:
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(10):
            returncode = await process.wait()
    assert returncode == 0
    # The writers flush on exit; "{node}" gave each node its own file.
    for index in (0, 1):
        lines = (tmp_path / f"node{index}.log").read_text().splitlines()
        assert lines
        assert all(line.startswith('{"L":') for line in lines)


def test_log_options() -> None:
    """Log keys default to the API version's spelling; the options override them."""
    default = log_style(parse_args(["--api-version", "1.142"]))
    assert (default.keys, default.encoder, default.debug) == (
        KeyStyle.TITLE,
        Encoder.CONSOLE,
        False,
    )
    chosen = log_style(
        parse_args(["--log-keys", "snake", "--log-format", "json", "--log-level", "debug"])
    )
    assert (chosen.keys, chosen.encoder, chosen.debug) == (KeyStyle.SNAKE, Encoder.JSON, True)
    assert log_style(parse_args([])).keys is KeyStyle.SNAKE
