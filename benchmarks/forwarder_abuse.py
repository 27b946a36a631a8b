"""Storj-log-forwarder under a connection flood: memory and a real client's handshake time.

    python benchmarks/forwarder_abuse.py [--connections N] [--python PATH]

Starts the real forwarder (with a token, on loopback), then opens N idle connections to it
from another address (127.0.0.2: an attacker is not the Home Assistant host) that never say a
word, and keeps them open. Meanwhile and afterwards a legitimate client (127.0.0.1) does the
full handshake several times. Reports the forwarder's peak resident memory (VmHWM, Linux),
how many descriptors it holds, its log volume, and the handshake times. The soft limit on
open files is raised to the hard one for this process and for the forwarder (which does it
itself); `--forwarder-open-files 1024` holds the forwarder to the usual limit instead.
Targets: peak RSS < 40 MB, every handshake < 100 ms; the exit status is 1 if either is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path
import re
import resource
import secrets
import socket
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from custom_components.storj_monitor.logs.forwarder_client import PROTOCOL, compute_mac

FORWARDER = Path(__file__).resolve().parents[1] / "forwarder" / "storj_log_forwarder.py"
TOKEN = secrets.token_urlsafe(24)
MAX_RSS_MB = 40.0
MAX_HANDSHAKE_MS = 100.0


def raise_file_limit() -> int:
    """Soft RLIMIT_NOFILE up to the hard limit (inherited by the forwarder); returns it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


async def handshake_ms(port: int) -> float:
    """One full, authenticated handshake from 127.0.0.1, in milliseconds."""
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        server_nonce = (await reader.readline()).split()[2].decode()
        client_nonce = secrets.token_hex(16)
        mac = compute_mac(TOKEN, "client", (server_nonce, client_nonce, "-", "-"))
        writer.write(f"{PROTOCOL} RESPONSE {client_nonce} {mac} - -\n".encode())
        welcome = await reader.readline()
        assert welcome.split()[1] == b"WELCOME", welcome
        return (time.perf_counter() - started) * 1000
    finally:
        writer.close()


def open_idle(port: int, count: int) -> list[socket.socket]:
    """`count` connections from 127.0.0.2 that will never send anything."""
    sockets = []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.2", 0))
        sock.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            sock.connect(("127.0.0.1", port))
        sockets.append(sock)
    return sockets


def status_of(pid: int) -> tuple[float, float, int]:
    """Peak and current RSS (MB) and the number of open descriptors of `pid`."""
    status = Path(f"/proc/{pid}/status").read_text()
    peak = re.search(r"VmHWM:\s+(\d+) kB", status)
    current = re.search(r"VmRSS:\s+(\d+) kB", status)
    assert peak
    assert current
    return int(peak[1]) / 1024, int(current[1]) / 1024, len(os.listdir(f"/proc/{pid}/fd"))


async def run(python: str, connections: int, forwarder_files: int | None) -> bool:
    """One run; prints the numbers; True when the targets are met."""
    limit = raise_file_limit()
    print(
        f"open-file limit {limit} (forwarder: {forwarder_files or limit}); "
        f"{connections} idle connections from 127.0.0.2"
    )

    def limit_forwarder() -> None:
        if forwarder_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (forwarder_files, forwarder_files))

    with tempfile.TemporaryDirectory() as directory:
        log_file = Path(directory) / "node.log"
        log_file.touch()
        stderr_path = Path(directory) / "forwarder.log"
        with stderr_path.open("wb") as stderr:
            process = await asyncio.create_subprocess_exec(
                python,
                str(FORWARDER),
                *("--file", str(log_file), "--bind", "127.0.0.1:0", "--token", TOKEN),
                stderr=stderr,
                preexec_fn=limit_forwarder,
            )
        try:
            async with asyncio.timeout(10):
                while not (match := re.search(r"listening on \S+:(\d+)", stderr_path.read_text())):  # noqa: ASYNC110
                    await asyncio.sleep(0.05)
            port = int(match[1])
            baseline = await handshake_ms(port)
            rss_before = status_of(process.pid)[1]

            idle: list[socket.socket] = []
            during: list[float] = []
            for start in range(0, connections, 500):
                idle += open_idle(port, min(500, connections - start))
                during.append(await handshake_ms(port))
            await asyncio.sleep(1.0)  # let the forwarder deal with the last of them
            after = [await handshake_ms(port) for _ in range(20)]
            peak, current, descriptors = status_of(process.pid)
            for sock in idle:
                sock.close()
        finally:
            process.terminate()
            await process.wait()
        log_bytes = stderr_path.stat().st_size
        tracebacks = stderr_path.read_text().count("Traceback")

    worst = max(during + after)
    print(
        f"forwarder RSS before the flood {rss_before:.1f} MB, peak {peak:.1f} MB, "
        f"after {current:.1f} MB; {descriptors} descriptors held"
    )
    print(
        f"handshake alone {baseline:.1f} ms; during the flood median "
        f"{statistics.median(during):.1f} ms, max {max(during):.1f} ms; after it median "
        f"{statistics.median(after):.1f} ms, max {max(after):.1f} ms"
    )
    print(f"forwarder log {log_bytes} bytes, {tracebacks} tracebacks")
    ok = peak < MAX_RSS_MB and worst < MAX_HANDSHAKE_MS and tracebacks == 0
    print("ok" if ok else "FAILED")
    return ok


def main() -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=8000)
    parser.add_argument("--python", default=sys.executable, help="interpreter for the forwarder")
    parser.add_argument(
        "--forwarder-open-files", type=int, help="hard open-file limit of the forwarder (e.g. 1024)"
    )
    args = parser.parse_args()
    return 0 if asyncio.run(run(args.python, args.connections, args.forwarder_open_files)) else 1


if __name__ == "__main__":
    sys.exit(main())
