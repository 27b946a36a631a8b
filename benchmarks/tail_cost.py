"""CPU and memory of following a node's log as it is written (the integration's log pipeline).

    python benchmarks/tail_cost.py [--seconds N] [--rate LINES_PER_SECOND]

Starts the simulator as a separate process writing its log at `--rate` lines/s, then tails
that file with the integration's `LogTailer` and feeds `LogStatistics`, polling as in
production (once a second) and publishing a snapshot every 10 s. This process's CPU time is
measured against an idle run of the same length; resident memory before and after.
Target: under 2 % of one core added at 200 lines/s, and under 8 MiB growth; the exit status
is 1 if either is missed. (The integration test only checks that every line is counted.)
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
import re
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.storj_monitor.logs.stats import LogStatistics
from custom_components.storj_monitor.logs.tailer import LogTailer

ROOT = Path(__file__).resolve().parents[1]
MAX_CPU_SHARE = 0.02  # of one core
MAX_RSS_GROWTH = 8 * 1024 * 1024
SNAPSHOT_EVERY = 10.0


def rss() -> int:
    """Resident memory of this process, in bytes (Linux)."""
    match = re.search(r"VmRSS:\s+(\d+) kB", Path("/proc/self/status").read_text())
    return int(match[1]) * 1024 if match else 0


async def start_simulator(log: Path, rate: float) -> asyncio.subprocess.Process:
    """`python -m storj_simulator` writing `log`; returns once it serves."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "storj_simulator",
        "--port",
        "0",
        "--log-file",
        str(log),
        "--log-rate",
        str(rate),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert process.stdout is not None
    async with asyncio.timeout(30):
        while not (await process.stdout.readline()).startswith(b"node"):
            pass
    return process


async def follow(log: Path, seconds: float) -> tuple[float, int]:
    """Tail for `seconds`: (CPU seconds used, lines counted)."""
    tailer = LogTailer(log, poll_interval=1.0)
    statistics = LogStatistics()
    cpu = time.process_time()
    end = last_snapshot = time.monotonic()
    end += seconds
    while (now := time.monotonic()) < end:
        for line in await tailer.read_available():
            statistics.feed_line(line, now)
        if now - last_snapshot >= SNAPSHOT_EVERY:
            statistics.snapshot()
            last_snapshot = now
        await asyncio.sleep(1.0)
    await tailer.aclose()
    return time.process_time() - cpu, statistics.lines


async def idle(seconds: float) -> float:
    """CPU seconds this process uses doing nothing for `seconds`."""
    cpu = time.process_time()
    await asyncio.sleep(seconds)
    return time.process_time() - cpu


async def main() -> int:
    """Measure and print; 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rate", type=float, default=200.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "node.log"
        simulator = await start_simulator(log, args.rate)
        try:
            memory_before = rss()
            busy, lines = await follow(log, args.seconds)
            memory_after = rss()
            quiet = await idle(args.seconds)
        finally:
            simulator.terminate()
            await simulator.wait()
    added = (busy - quiet) / args.seconds
    growth = memory_after - memory_before
    print(
        f"{args.seconds:g} s at {args.rate:g} lines/s: {lines} lines counted, added CPU "
        f"{added:.2%} of a core (busy {busy:.3f} s, idle {quiet:.3f} s), "
        f"RSS {memory_before / 2**20:.1f} -> {memory_after / 2**20:.1f} MiB"
    )
    return 0 if added < MAX_CPU_SHARE and growth < MAX_RSS_GROWTH else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
