"""Fleet scale: many simulated nodes in one real Home Assistant, against an empty baseline.

    python benchmarks/fleet_scale.py [--nodes 50] [--minutes 30] [--poll-minutes 5]
                                     [--baseline-only | --baseline FILE] [--save FILE] [--keep]
                                     [--recorder-exclude GLOB ...]

Each run prepares a fresh config (script/develop_setup.py's `prepare`), starts Home Assistant
(`hass -c`) on 127.0.0.1 and onboards it like `script/develop`. The fleet run starts the
simulator (`python -m storj_simulator --nodes N`) and adds every node through the real config
flow, timed. Both runs then restart Home Assistant, as after an update: all entries set up at
once, which is where a fleet's requests pile up (the "startup" columns). From then on Home
Assistant's CPU (utime+stime of /proc/<pid>/stat) and RSS (VmRSS) are sampled every 10 s for
`--minutes`, after 30 s to settle; the recorder database (used pages of file + WAL, read-only,
per table; the one-time metadata rows of new entities are not daily growth) and the
simulator's per-node request counter (its admin API) are read at both ends. A window of 30
minutes holds 6 short-term statistics runs but at most one hourly one: the hourly statistics
count as what their runs in the window added, times 24.

"Added" is the fleet run minus the baseline run (same config, no nodes, same duration). The
exit status is 1 if a goal is missed: < 3 % of one core, < 150 MB RSS, < 50 MB/day of
recorder database for the whole fleet. CPU figures are noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, closing
from dataclasses import asdict, dataclass, field
import json
import math
import os
from pathlib import Path
import random
import shutil
import signal
import socket
import sqlite3
import sys
import tempfile
import time
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.storj_monitor.const import (
    CONF_PING_MAX_AGE,
    CONF_SCAN_INTERVAL,
    DEFAULT_PING_MAX_AGE_MINUTES,
    DEFAULT_SCAN_INTERVAL_MINUTES,
    DOMAIN,
)
from script import develop_setup

ROOT = Path(__file__).resolve().parents[1]
HASS = Path(sys.executable).with_name("hass")
SAMPLE_SECONDS = 10.0
SETTLE_SECONDS = 30.0
HOURLY_RUN_OFFSET = 10.0  # the recorder compiles the past hour at hh:00:10
STARTUP_TIMEOUT = 600.0
STOP_TIMEOUT = 60.0
MAX_ADDED_CPU_PERCENT = 3.0
MAX_ADDED_RSS_MB = 150.0
MAX_ADDED_DB_MB_PER_DAY = 50.0
DB_FILE = "home-assistant_v2.db"
# Rows that grow with polling; the recorder's own bookkeeping tables are left out.
DB_TABLES = ("states", "state_attributes", "statistics_short_term", "statistics")
# One row per entity or statistic, written once (a new fleet's first statistics run may fall
# in the window): not daily growth.
METADATA_TABLES = ("states_meta", "statistics_meta", "event_types")


@dataclass(slots=True)
class Sample:
    """One reading of Home Assistant's process."""

    at: float
    cpu_seconds: float
    rss_mb: float


@dataclass(slots=True)
class DbSize:
    """The recorder database: bytes on disk, bytes in use and row counts."""

    file_bytes: int
    used_bytes: int
    rows: dict[str, int]
    # Pages of each table with its indexes (SQLite's dbstat), where the growth goes.
    table_bytes: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class RunResult:
    """What one run measured."""

    nodes: int
    minutes: float
    add_seconds: float = 0.0
    add_cpu_seconds: float = 0.0
    startup_seconds: float = 0.0
    startup_cpu_seconds: float = 0.0
    states: int = 0
    samples: list[Sample] = field(default_factory=list)
    db_start: DbSize | None = None
    db_end: DbSize | None = None
    requests_start: list[int] = field(default_factory=list)
    requests_end: list[int] = field(default_factory=list)
    window_start_wall: float | None = None
    """POSIX time of the window's first sample: where Home Assistant's hourly runs fall."""

    @property
    def wall_seconds(self) -> float:
        """Length of the sampled window."""
        return self.samples[-1].at - self.samples[0].at

    @property
    def cpu_percent(self) -> float:
        """Mean CPU over the window, in % of one core."""
        used = self.samples[-1].cpu_seconds - self.samples[0].cpu_seconds
        return 100 * used / self.wall_seconds

    @property
    def peak_cpu_percent(self) -> float:
        """The busiest sampling interval (a poll wave shows here)."""
        return max(
            100 * (b.cpu_seconds - a.cpu_seconds) / (b.at - a.at)
            for a, b in zip(self.samples, self.samples[1:], strict=False)
        )

    @property
    def rss_mb(self) -> float:
        """RSS at the end (mean of the last three samples: the allocator breathes)."""
        tail = self.samples[-3:]
        return sum(sample.rss_mb for sample in tail) / len(tail)

    def db_per_day(self, attribute: str) -> float:
        """Database growth over the window (MB/day) of `file_bytes` or `used_bytes`."""
        assert self.db_start is not None
        assert self.db_end is not None
        grown: int = getattr(self.db_end, attribute) - getattr(self.db_start, attribute)
        return grown / 1e6 * 86400 / self.wall_seconds

    @property
    def daily_db_mb(self) -> float:
        """Growth per day of the used pages, without the one-time metadata rows; the hourly
        statistics counted as 24 runs a day (the window holds whole runs only)."""
        stretched = self.db_per_day("used_bytes") - self.metadata_mb / self.wall_seconds * 86400
        if self.window_start_wall is None:
            return stretched
        hourly = "statistics"
        assert self.db_start is not None
        assert self.db_end is not None
        grown = (
            self.db_end.table_bytes.get(hourly, 0) - self.db_start.table_bytes.get(hourly, 0)
        ) / 1e6
        return stretched - grown * 86400 / self.wall_seconds + self.table_mb_per_day(hourly)

    @property
    def metadata_mb(self) -> float:
        """What the metadata tables grew by in the window (once per new entity)."""
        assert self.db_start is not None
        assert self.db_end is not None
        start, end = self.db_start.table_bytes, self.db_end.table_bytes
        return sum(end.get(name, 0) - start.get(name, 0) for name in METADATA_TABLES) / 1e6

    @property
    def hourly_runs(self) -> int:
        """Hourly statistics runs in the window (the recorder's tick at hh:00:10)."""
        if self.window_start_wall is None:
            return 0
        start, end = self.window_start_wall, self.window_start_wall + self.wall_seconds
        first = math.floor((start - HOURLY_RUN_OFFSET) / 3600) + 1
        last = math.floor((end - HOURLY_RUN_OFFSET) / 3600)
        return max(0, last - first + 1)

    def _per_day(self, table: str, grown: float) -> float:
        # The hourly statistics table grows once an hour: 24 times what one run adds, not
        # the window's growth stretched to a day (a 30-minute window holds 0 or 1 run).
        if table == "statistics" and self.window_start_wall is not None:
            return grown * 24 / self.hourly_runs if self.hourly_runs else 0.0
        return grown * 86400 / self.wall_seconds

    def table_mb_per_day(self, table: str) -> float:
        """MB/day that `table` (with its indexes) grew by."""
        assert self.db_start is not None
        assert self.db_end is not None
        grown = self.db_end.table_bytes.get(table, 0) - self.db_start.table_bytes.get(table, 0)
        return self._per_day(table, grown / 1e6)

    def rows_per_day(self, table: str) -> float:
        """Rows added to `table` per day."""
        assert self.db_start is not None
        assert self.db_end is not None
        grown = self.db_end.rows.get(table, 0) - self.db_start.rows.get(table, 0)
        return self._per_day(table, grown)

    @property
    def requests_per_node_hour(self) -> float:
        """Requests each node answered per hour of the window (mean over nodes)."""
        if not self.nodes:
            return 0.0
        total = sum(self.requests_end) - sum(self.requests_start)
        return total / self.nodes * 3600 / self.wall_seconds

    def to_json(self) -> dict[str, Any]:
        """Everything, for `--save` and `--baseline`."""
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> RunResult:
        """Read back what `to_json` wrote."""
        result = cls(**raw)
        result.samples = [Sample(**sample) for sample in raw["samples"]]
        result.db_start = DbSize(**raw["db_start"])
        result.db_end = DbSize(**raw["db_end"])
        return result


# --- the processes ---------------------------------------------------------------------------


def process_sample(pid: int) -> Sample:
    """CPU seconds (user + system) and resident memory of a process, from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of proc(5)
    rss_kb = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss_kb = int(line.split()[1])
    return Sample(time.monotonic(), ticks / os.sysconf("SC_CLK_TCK"), rss_kb / 1024)


def free_port() -> int:
    """A free TCP port on loopback."""
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def consecutive_free_ports(count: int) -> int:
    """The first of `count` consecutive free loopback ports."""
    for _ in range(200):
        first = random.randrange(20000, 60000 - count)
        try:
            for port in range(first, first + count):
                with closing(socket.socket()) as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    sys.exit(f"no {count} consecutive free ports")


@asynccontextmanager
async def running(argv: list[str], log: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    """A subprocess writing to `log`, stopped with SIGTERM (then SIGKILL) on exit."""
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            *argv, stdout=out, stderr=asyncio.subprocess.STDOUT, cwd=ROOT
        )
    try:
        yield process
    finally:
        await stop(process)


async def stop(process: asyncio.subprocess.Process) -> None:
    """Stop a process we started, by its pid."""
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()


def hass_argv(config: Path) -> list[str]:
    """Home Assistant on the prepared config, without installing anything."""
    return [str(HASS), "-c", str(config), "--skip-pip", "--log-no-color"]


# --- Home Assistant through its HTTP API -----------------------------------------------------


async def get_json(session: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> Any:
    """GET a JSON document from Home Assistant."""
    async with session.get(url, headers=headers) as response:
        response.raise_for_status()
        return await response.json()


async def wait_until_loaded(
    session: aiohttp.ClientSession, url: str, headers: dict[str, str], nodes: int
) -> None:
    """Until Home Assistant runs and every node's entry is set up."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        core = await get_json(session, f"{url}/api/config", headers)
        entries = await get_json(
            session, f"{url}/api/config/config_entries/entry?domain={DOMAIN}", headers
        )
        loaded = sum(entry["state"] == "loaded" for entry in entries)
        if core["state"] == "RUNNING" and loaded == nodes:
            return
        await asyncio.sleep(0.5)
    sys.exit(f"Home Assistant did not set up {nodes} entries within {STARTUP_TIMEOUT} s")


async def add_fleet(
    session: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    nodes: int,
    node_port: int,
    poll_minutes: int,
) -> None:
    """Add every node through the config flow (develop_setup's), then set the poll interval."""
    added = await develop_setup.add_nodes(session, url, headers, nodes, node_port)
    failed = [result for result in added if result.get("type") != "create_entry"]
    if failed:
        sys.exit(f"{len(failed)} nodes were not added: {failed[0]}")
    if poll_minutes == DEFAULT_SCAN_INTERVAL_MINUTES:
        return
    general = {
        CONF_SCAN_INTERVAL: poll_minutes,
        CONF_PING_MAX_AGE: DEFAULT_PING_MAX_AGE_MINUTES,
    }
    for result in added:
        entry_id = result["result"]["entry_id"]
        await develop_setup.set_options(
            session, url, headers, entry_id, step="general", options=general
        )


async def simulator_requests(session: aiohttp.ClientSession, admin_url: str) -> list[int]:
    """How many requests each simulated node has answered so far."""
    async with session.get(f"{admin_url}/admin/nodes") as response:
        return [int(node["requests"]) for node in await response.json()]


def database_size(config: Path) -> DbSize:
    """The recorder database's size on disk and in use (read-only, beside the recorder)."""
    db = config / DB_FILE
    on_disk = sum(
        path.stat().st_size for path in (db, db.with_name(f"{DB_FILE}-wal")) if path.exists()
    )
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as connection:
        page_size, pages, free = (
            connection.execute(f"PRAGMA {pragma}").fetchone()[0]
            for pragma in ("page_size", "page_count", "freelist_count")
        )
        rows = {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in DB_TABLES
        }
        table_bytes = dict(
            connection.execute(
                "SELECT m.tbl_name, SUM(d.pgsize) FROM dbstat AS d"
                " JOIN sqlite_schema AS m ON m.name = d.name GROUP BY m.tbl_name"
            ).fetchall()
        )
    return DbSize(on_disk, (pages - free) * page_size, rows, table_bytes)


# --- one run ---------------------------------------------------------------------------------


def exclude_from_recorder(config: Path, globs: list[str]) -> None:
    """Add `recorder: exclude: entity_globs:` to the prepared configuration.yaml."""
    yaml = config / "configuration.yaml"
    listed = "".join(f"      - {glob!r}\n" for glob in globs)
    text = yaml.read_text().replace(
        "recorder:\n", f"recorder:\n  exclude:\n    entity_globs:\n{listed}"
    )
    yaml.write_text(text)


async def measure(
    workdir: Path, nodes: int, minutes: float, poll_minutes: int, exclude: list[str]
) -> RunResult:
    """One run: prepare, start, onboard, add nodes, restart, sample."""
    config = workdir / "config"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    develop_setup.prepare(config, port, log_level="warning")
    if exclude:
        exclude_from_recorder(config, exclude)
    (config / "custom_components").mkdir()
    (config / "custom_components" / DOMAIN).symlink_to(ROOT / "custom_components" / DOMAIN)
    result = RunResult(nodes=nodes, minutes=minutes)
    hass_log = workdir / "hass.out"
    node_port = consecutive_free_ports(nodes) if nodes else 0
    admin_port = free_port()
    admin_url = f"http://127.0.0.1:{admin_port}"
    simulator = [
        *(sys.executable, "-m", "storj_simulator", "--host", "127.0.0.1"),
        *("--port", str(node_port), "--nodes", str(nodes), "--admin-port", str(admin_port)),
    ]
    async with aiohttp.ClientSession() as session, AsyncExitStack() as stack:
        if nodes:
            await stack.enter_async_context(running(simulator, workdir / "simulator.out"))
        async with running(hass_argv(config), hass_log) as hass:
            await develop_setup.wait_for(session, url, time.monotonic() + STARTUP_TIMEOUT)
            headers = {"Authorization": f"Bearer {await develop_setup.token(session, url)}"}
            await wait_until_loaded(session, url, headers, 0)
            if nodes:
                print(f"==> Adding {nodes} nodes through the config flow", flush=True)
                before = process_sample(hass.pid)
                await add_fleet(session, url, headers, nodes, node_port, poll_minutes)
                after = process_sample(hass.pid)
                result.add_seconds = after.at - before.at
                result.add_cpu_seconds = after.cpu_seconds - before.cpu_seconds
        print("==> Restarting Home Assistant", flush=True)
        started = time.monotonic()
        async with running(hass_argv(config), hass_log) as hass:
            await develop_setup.wait_for(session, url, started + STARTUP_TIMEOUT)
            headers = {"Authorization": f"Bearer {await develop_setup.token(session, url)}"}
            await wait_until_loaded(session, url, headers, nodes)
            ready = process_sample(hass.pid)
            result.startup_seconds = ready.at - started
            result.startup_cpu_seconds = ready.cpu_seconds
            # Let the recorder commit what the startup wrote: it is not the daily growth.
            await asyncio.sleep(SETTLE_SECONDS)
            print(f"==> Sampling for {minutes:g} min", flush=True)
            result.db_start = database_size(config)
            if nodes:
                result.requests_start = await simulator_requests(session, admin_url)
            first = process_sample(hass.pid)
            result.window_start_wall = time.time()
            result.samples.append(first)
            end = first.at + minutes * 60
            while (now := time.monotonic()) < end:
                await asyncio.sleep(min(SAMPLE_SECONDS, end - now))
                result.samples.append(process_sample(hass.pid))
            result.db_end = database_size(config)
            if nodes:
                result.requests_end = await simulator_requests(session, admin_url)
            # An access token lives 30 minutes: log in again for the last read.
            headers = {"Authorization": f"Bearer {await develop_setup.token(session, url)}"}
            result.states = len(await get_json(session, f"{url}/api/states", headers))
            if hass.returncode is not None:
                sys.exit(f"Home Assistant exited ({hass.returncode}); see {hass_log}")
    return result


# --- the report ------------------------------------------------------------------------------


def report(baseline: RunResult, fleet: RunResult) -> bool:
    """Print the table; True if every goal is met."""
    added_cpu = fleet.cpu_percent - baseline.cpu_percent
    added_rss = fleet.rss_mb - baseline.rss_mb
    added_db = fleet.daily_db_mb - baseline.daily_db_mb
    table: list[tuple[str, ...]] = [
        ("", "baseline", f"{fleet.nodes} nodes", "added", "goal"),
        (
            "time to add all nodes (s)",
            "",
            f"{fleet.add_seconds:.1f}",
            f"{fleet.add_seconds / max(fleet.nodes, 1):.2f}/node",
            "",
        ),
        ("  HA CPU while adding (s)", "", f"{fleet.add_cpu_seconds:.1f}", "", ""),
        _row("startup after restart (s)", baseline.startup_seconds, fleet.startup_seconds),
        _row("  HA CPU at startup (s)", baseline.startup_cpu_seconds, fleet.startup_cpu_seconds),
        _row(
            "CPU, mean (% of a core)",
            baseline.cpu_percent,
            fleet.cpu_percent,
            goal=f"< {MAX_ADDED_CPU_PERCENT:g}",
            digits=2,
        ),
        _row("CPU, busiest 10 s (%)", baseline.peak_cpu_percent, fleet.peak_cpu_percent),
        _row("RSS at end (MB)", baseline.rss_mb, fleet.rss_mb, goal=f"< {MAX_ADDED_RSS_MB:g}"),
        _row(
            "recorder DB (MB/day)",
            baseline.daily_db_mb,
            fleet.daily_db_mb,
            goal=f"< {MAX_ADDED_DB_MB_PER_DAY:g}",
        ),
        _row("  one-time metadata (MB)", baseline.metadata_mb, fleet.metadata_mb, digits=2),
        _row(
            "  file + WAL (MB/day)",
            baseline.db_per_day("file_bytes"),
            fleet.db_per_day("file_bytes"),
        ),
        *(
            row
            for name in DB_TABLES
            for row in (
                _row(
                    f"  {name} (MB/day)",
                    baseline.table_mb_per_day(name),
                    fleet.table_mb_per_day(name),
                ),
                _row(
                    "    rows/day",
                    baseline.rows_per_day(name),
                    fleet.rows_per_day(name),
                    digits=0,
                ),
            )
        ),
        _row("entity states", baseline.states, fleet.states, digits=0),
        ("requests per node per hour", "", f"{fleet.requests_per_node_hour:.1f}", "", ""),
    ]
    widths = [max(len(row[column]) for row in table) for column in range(5)]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(
        f"\n{fleet.nodes} nodes, {fleet.minutes:g} min sampled every {SAMPLE_SECONDS:g} s; "
        "CPU is noisy on a shared machine."
    )
    verdicts = {
        "CPU": added_cpu < MAX_ADDED_CPU_PERCENT,
        "RSS": added_rss < MAX_ADDED_RSS_MB,
        "recorder": added_db < MAX_ADDED_DB_MB_PER_DAY,
    }
    for goal, met in verdicts.items():
        print(f"{goal}: {'met' if met else 'MISSED'}")
    return all(verdicts.values())


def _row(
    name: str, baseline: float, fleet: float, *, goal: str = "", digits: int = 1
) -> tuple[str, ...]:
    return (
        name,
        f"{baseline:.{digits}f}",
        f"{fleet:.{digits}f}",
        f"{fleet - baseline:+.{digits}f}",
        goal,
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--poll-minutes", type=int, default=DEFAULT_SCAN_INTERVAL_MINUTES)
    runs = parser.add_mutually_exclusive_group()
    runs.add_argument("--baseline-only", action="store_true", help="only the run with 0 nodes")
    runs.add_argument("--baseline", type=Path, help="a baseline saved with --save, not rerun")
    parser.add_argument(
        "--recorder-exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="fleet run only: keep these entities out of the recorder (repeatable)",
    )
    parser.add_argument("--save", type=Path, help="write the runs' figures here (JSON)")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (logs, DB)")
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> int:
    """Both runs (or one), the table and the verdict."""
    workdir = Path(tempfile.mkdtemp(prefix="fleet_scale_"))
    try:
        if args.baseline is not None:
            baseline = RunResult.from_json(json.loads(args.baseline.read_text())["baseline"])
        else:
            print("=== Baseline: 0 nodes", flush=True)
            baseline = await measure(workdir / "baseline", 0, args.minutes, args.poll_minutes, [])
        runs = {"baseline": baseline.to_json()}
        if not args.baseline_only:
            print(f"=== Fleet: {args.nodes} nodes", flush=True)
            fleet = await measure(
                workdir / "fleet",
                args.nodes,
                args.minutes,
                args.poll_minutes,
                args.recorder_exclude,
            )
            runs["fleet"] = fleet.to_json()
        if args.save:
            args.save.write_text(json.dumps(runs, indent=1))
        if args.baseline_only:
            print(
                f"baseline: {baseline.cpu_percent:.2f} % CPU, {baseline.rss_mb:.0f} MB RSS, "
                f"{baseline.daily_db_mb:.1f} MB/day recorder"
            )
            return 0
        return 0 if report(baseline, fleet) else 1
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    return asyncio.run(run(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
