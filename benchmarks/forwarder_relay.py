"""Relay throughput and memory of storj-log-forwarder on loopback.

    python benchmarks/forwarder_relay.py [--lines N] [--python PATH]

Starts the real forwarder (default settings, with a token) following a log file, connects one
client, appends N realistic node lines at once and measures how fast they arrive: with a bare
socket reader (the forwarder's own speed) and with the integration's `ForwarderClient` (end to
end). The forwarder reads the file no faster than a live client takes the lines, so neither
client may miss any: lines reported dropped (`D` frames) are counted and must be 0. The
forwarder's peak resident memory (VmHWM, Linux) is read after each run. Each is done with the
forwarder run as a script from a checkout (compiled at every start) and as installed (`python
-m storj_log_forwarder` with cached bytecode, as pip and the container images do).
`--python` runs the forwarder under another interpreter (node hosts often have an older one).
Targets: >= 50,000 lines/s, 0 dropped and < 35 MB RSS; the exit status is 1 if one is missed.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
import contextlib
import os
from pathlib import Path
import re
import secrets
import shutil
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.storj_monitor.logs.forwarder_client import (
    PROTOCOL,
    ForwarderClient,
    compute_mac,
)

FORWARDER = Path(__file__).resolve().parents[1] / "forwarder" / "storj_log_forwarder.py"
TOKEN = secrets.token_urlsafe(24)
MIN_LINES_PER_SECOND = 50_000
# Run as a script, Python compiles the (larger) file at every start: that peak is about 33 MB
# on Python 3.14; installed (cached bytecode) it stays under 30 MB.
MAX_RSS_MB = 35.0
ACTIONS = ("GET", "PUT", "GET_AUDIT", "GET_REPAIR")


def node_lines(count: int) -> bytes:
    """Console-encoded piecestore lines as a v1.137 node writes them (about 300 bytes each)."""
    lines = []
    for n in range(count):
        piece = secrets.token_hex(26).upper()
        lines.append(
            f"2025-10-06T00:00:{n % 60:02d}-07:00\tINFO\tpiecestore\tdownloaded\t"
            f'{{"Process": "storagenode", "Piece ID": "{piece}", '
            '"Satellite ID": "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S", '
            f'"Action": "{ACTIONS[n % 4]}", "Offset": 0, "Size": {n % 65536}, '
            f'"Remote Address": "79.127.219.{n % 250}:50960"}}\n'
        )
    return "".join(lines).encode()


class Forwarder:
    """The forwarder subprocess, following `log_file` on a free loopback port."""

    def __init__(self, python: str, installed: bool, log_file: Path) -> None:
        self.python = python
        self.installed = installed
        self.log_file = log_file
        self.process: asyncio.subprocess.Process | None = None
        self.port = 0

    async def __aenter__(self) -> Forwarder:
        env = dict(os.environ)
        if self.installed:
            # A private copy with its bytecode compiled once, as `pip install` leaves it.
            module_dir = self.log_file.parent / "site"
            module_dir.mkdir()
            shutil.copy(FORWARDER, module_dir)
            compiling = await asyncio.create_subprocess_exec(
                self.python, "-m", "compileall", "-q", str(module_dir)
            )
            await compiling.wait()
            program = ["-m", FORWARDER.stem]
            env["PYTHONPATH"] = str(module_dir)
        else:
            program = [str(FORWARDER)]
        self.process = await asyncio.create_subprocess_exec(
            self.python,
            *program,
            *("--file", str(self.log_file), "--bind", "127.0.0.1:0", "--token", TOKEN),
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        assert self.process.stderr is not None
        async with asyncio.timeout(10):
            while True:
                line = (await self.process.stderr.readline()).decode()
                if match := re.search(r"listening on \S+:(\d+)", line):
                    self.port = int(match.group(1))
                    return self
                if not line:
                    raise RuntimeError("the forwarder did not start")

    async def __aexit__(self, *_: object) -> None:
        assert self.process is not None
        self.process.terminate()
        await self.process.communicate()

    def peak_rss_mb(self) -> float:
        """VmHWM of the forwarder process."""
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        assert match
        return int(match.group(1)) / 1024


async def bare_socket_reader(
    port: int, expected: int, ready: Callable[[], None]
) -> tuple[int, int]:
    """Handshake by hand, then count lines as fast as the socket delivers them.

    Returns the lines delivered and those reported dropped (none: reading is paced by the
    live clients).
    """
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 21)
    server_nonce = (await reader.readline()).split()[2].decode()
    client_nonce = secrets.token_hex(16)
    mac = compute_mac(TOKEN, "client", (server_nonce, client_nonce, "-", "-"))
    writer.write(f"{PROTOCOL} RESPONSE {client_nonce} {mac} - -\n".encode())
    await reader.readline()
    ready()
    delivered = dropped = 0
    pending = b""
    while delivered + dropped < expected:
        chunk = await reader.read(1 << 20)
        if not chunk:
            break
        frames = (pending + chunk).split(b"\n")
        pending = frames.pop()
        for frame in frames:
            if frame.startswith(b"L "):
                delivered += 1
            elif frame.startswith(b"D "):
                dropped += int(frame[2:])
    writer.close()
    return delivered, dropped


async def integration_client(
    port: int, expected: int, ready: Callable[[], None]
) -> tuple[int, int]:
    """The integration's client, yielding decoded lines; returns delivered and dropped."""
    client = ForwarderClient("127.0.0.1", port, token=TOKEN)
    client.add_listener(lambda: ready() if client.connected else None)
    received = 0
    async with contextlib.aclosing(client.lines()) as lines:
        async for _ in lines:
            received += 1
            if received + client.dropped_lines >= expected:
                break
    return received, client.dropped_lines


Reader = Callable[[int, int, Callable[[], None]], Awaitable[tuple[int, int]]]


async def measure(
    python: str, installed: bool, reader: Reader, payload: bytes, count: int
) -> tuple[float, float, int, int]:
    """Lines delivered per second, forwarder peak RSS (MB), lines delivered and dropped."""
    with tempfile.TemporaryDirectory() as directory:
        log_file = Path(directory) / "node.log"
        log_file.touch()
        async with Forwarder(python, installed, log_file) as forwarder:
            connected = asyncio.Event()
            receiving = asyncio.ensure_future(reader(forwarder.port, count, connected.set))
            async with asyncio.timeout(10):
                await connected.wait()
            await asyncio.sleep(0.3)  # the forwarder logs the client in and polls the file
            started = time.perf_counter()
            with log_file.open("ab") as log:
                log.write(payload)
            async with asyncio.timeout(120):
                delivered, dropped = await receiving
            elapsed = time.perf_counter() - started
            return delivered / elapsed, forwarder.peak_rss_mb(), delivered, dropped


async def run(python: str, count: int) -> bool:
    """Both runs; prints a table; True when the targets are met."""
    payload = node_lines(count)
    version = await asyncio.create_subprocess_exec(
        python, "--version", stdout=asyncio.subprocess.PIPE
    )
    print(f"forwarder on {(await version.communicate())[0].decode().strip()}")
    print(f"{count} lines, {len(payload) / count:.0f} bytes each, {len(payload) / 1e6:.0f} MB")
    ok = True
    for installed in (False, True):
        for name, reader in (
            ("bare socket reader", bare_socket_reader),
            ("ForwarderClient", integration_client),
        ):
            rate, rss, delivered, dropped = await measure(python, installed, reader, payload, count)
            verdict = (
                rate >= MIN_LINES_PER_SECOND
                and rss < MAX_RSS_MB
                and dropped == 0
                and delivered == count
            )
            ok = ok and verdict
            print(
                f"{'installed' if installed else 'script':9s} {name:18s} {rate:>9,.0f} lines/s"
                f" {rate * len(payload) / count / 1e6:6.1f} MB/s  {dropped:>7,} reported dropped"
                f"  forwarder peak RSS {rss:5.1f} MB  {'ok' if verdict else 'FAILED'}"
            )
    return ok


def main() -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=300_000)
    parser.add_argument("--python", default=sys.executable, help="interpreter for the forwarder")
    args = parser.parse_args()
    return 0 if asyncio.run(run(args.python, args.lines)) else 1


if __name__ == "__main__":
    sys.exit(main())
