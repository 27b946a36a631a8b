"""No line lost without a drop report: rename and copy-truncate rotations, with stalled clients.

Every scenario writes numbered lines, rotates the log the way logrotate does, and checks each
client with `received`: every written line is either delivered, in order and with the right
text, or counted in a drop report (`D <count>`), and nothing comes twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
import json
import os
from pathlib import Path
import shutil
import socket

import pytest

from .conftest import TIMEOUT, ForwarderProcess, RawConnection, StartForwarder

OpenRaw = Callable[..., Awaitable[RawConnection]]
FILLER = "x" * 280  # about the size of a real piecestore line
WRITTEN = 12_000


class NodeLog:
    """The node's log: numbered lines appended, rotated as logrotate does (`.1` is newest)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.written = 0

    def write(self, count: int) -> None:
        """Append `count` lines numbered on from the last one."""
        with self.path.open("a", encoding="utf-8") as log:
            log.writelines(f"{n:06d} {FILLER}\n" for n in range(self.written, self.written + count))
        self.written += count

    def generation(self, n: int) -> Path:
        """The rotated file of generation `n`."""
        return self.path.with_name(f"{self.path.name}.{n}")

    def _shift(self) -> None:
        for n in range(8, 0, -1):
            if self.generation(n).exists():
                self.generation(n).rename(self.generation(n + 1))

    def rotate_by_rename(self) -> None:
        """`logrotate` default: move the file away, the node starts a new one."""
        self._shift()
        self.path.rename(self.generation(1))
        self.path.touch()

    def rotate_by_copy_truncate(self) -> None:
        """`copytruncate`: copy the file, then empty it in place."""
        self._shift()
        shutil.copyfile(self.path, self.generation(1))
        os.truncate(self.path, 0)


@dataclass
class Received:
    """What one client got: delivered lines as (sequence number, text) and reported drops."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    dropped: int = 0
    frames: list[tuple[str, int]] = field(default_factory=list)  # ("L", seq) / ("D", count)

    @property
    def accounted(self) -> int:
        """Lines delivered or reported missing."""
        return len(self.lines) + self.dropped


async def receive(connection: RawConnection, total: int, received: Received) -> None:
    """Read frames until `total` lines are delivered or reported dropped (bounded in time)."""
    try:
        async with asyncio.timeout(3 * TIMEOUT):
            await _receive(connection, total, received)
    except TimeoutError:
        raise AssertionError(
            f"{len(received.lines)} delivered + {received.dropped} reported dropped "
            f"of {total} written"
        ) from None


async def _receive(connection: RawConnection, total: int, received: Received) -> None:
    while received.accounted < total:
        frame = await connection.reader.readline()
        assert frame, f"connection closed after {received.accounted} of {total} lines"
        kind, value, *rest = frame.rstrip(b"\n").split(b" ", 2)
        if kind == b"L":
            received.lines.append((int(value), rest[0].decode()))
            received.frames.append(("L", int(value)))
        elif kind == b"D":
            received.dropped += int(value)
            received.frames.append(("D", int(value)))


def assert_every_line_accounted(received: Received, written: int) -> None:
    """delivered + reported drops == written; each delivered line is the right one, in order."""
    assert received.accounted == written, (len(received.lines), received.dropped, written)
    expected_seq = 1
    for kind, value in received.frames:
        if kind == "D":
            expected_seq += value  # the lines it skips are exactly the ones reported
        else:
            assert value == expected_seq
            expected_seq += 1
    for seq, text in received.lines:
        # Line n of the node's log is line n + 1 of the stream: the forwarder read them all.
        assert text == f"{seq - 1:06d} {FILLER}", (seq, text[:20])


async def assert_nothing_more(connection: RawConnection, log: NodeLog) -> None:
    """No duplicate follows: the next line is a new one with the next number."""
    log.write(1)
    frame = await connection.read_line()
    while frame.startswith(b"H "):
        frame = await connection.read_line()
    assert frame == f"L {log.written} {log.written - 1:06d} {FILLER}\n".encode()


async def finish(
    receiving: asyncio.Future[None], received: Received, forwarder: ForwarderProcess
) -> None:
    """Wait for a client to account for every line; on timeout, say how far it got."""
    try:
        await receiving
    except AssertionError as err:
        raise AssertionError(f"{err}; forwarder log: {forwarder.log[-10:]}") from None


async def connect(port: int, raw_connections: OpenRaw) -> RawConnection:
    """A client past the handshake that reads everything."""
    connection = await raw_connections(port, limit=1 << 20)
    assert (await connection.handshake(None))[1] == "WELCOME"
    return connection


async def connect_stalled(port: int, raw_connections: OpenRaw) -> RawConnection:
    """A client past the handshake that then reads nothing until told (tiny buffers)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    connection = await raw_connections(port, sock=sock, limit=4096)
    assert (await connection.handshake(None))[1] == "WELCOME"
    return connection


async def start(start_forwarder: StartForwarder, log: NodeLog) -> ForwarderProcess:
    """A forwarder following the log with a small buffer, so slow clients do miss lines."""
    forwarder = await start_forwarder("--file", str(log.path), "--buffer-lines", "1000")
    await forwarder.wait_for_log("reading")  # the file is open: nothing written now is skipped
    return forwarder


@pytest.mark.parametrize("rotate", ["rotate_by_rename", "rotate_by_copy_truncate"])
async def test_rotations_while_reading_lose_nothing(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path, rotate: str
) -> None:
    """Four rotations while 12,000 lines are written and read: none goes missing."""
    log = NodeLog(log_file)
    forwarder = await start(start_forwarder, log)
    client = await connect(forwarder.port, raw_connections)
    await forwarder.wait_for_log("connected (1 connected)")
    received = Received()
    receiving = asyncio.ensure_future(receive(client, WRITTEN, received))

    for _ in range(4):
        for _ in range(6):
            log.write(WRITTEN // 30)
            await asyncio.sleep(0)  # the client reads meanwhile
        getattr(log, rotate)()
    log.write(WRITTEN - log.written)
    await finish(receiving, received, forwarder)

    assert_every_line_accounted(received, WRITTEN)
    await assert_nothing_more(client, log)
    await forwarder.wait_for_log("was rotated" if "rename" in rotate else "was truncated")


@pytest.mark.parametrize(
    ("rotate", "rotations", "logged"),
    [
        ("rotate_by_rename", 1, "finishing the old file and 0 newer"),
        ("rotate_by_rename", 2, "finishing the old file and 1 newer"),
        ("rotate_by_copy_truncate", 1, ".1 and 0 newer copies"),
        ("rotate_by_copy_truncate", 2, ".2 and 1 newer copies"),
    ],
)
async def test_rotations_while_paused_with_a_stalled_client_lose_nothing(
    start_forwarder: StartForwarder,
    raw_connections: OpenRaw,
    log_file: Path,
    rotate: str,
    rotations: int,
    logged: str,
) -> None:
    """Lines unread when the log rotates (once or twice) come from the rotated files.

    The forwarder is frozen while lines are written and the log rotated, so it sees the
    rotation only afterwards, as a reader stuck behind a stalled client used to. A client
    that stalls the whole time gets every line or a drop report too, and the healthy client
    is not held back by it.
    """
    log = NodeLog(log_file)
    forwarder = await start(start_forwarder, log)
    stalled = await connect_stalled(forwarder.port, raw_connections)
    healthy = await connect(forwarder.port, raw_connections)
    await forwarder.wait_for_log("connected (2 connected)")
    received = Received()
    receiving = asyncio.ensure_future(receive(healthy, WRITTEN, received))
    log.write(WRITTEN // 2)
    async with asyncio.timeout(TIMEOUT):
        while received.accounted < WRITTEN // 2:  # noqa: ASYNC110 (another task fills it)
            await asyncio.sleep(0.01)

    forwarder.pause()
    try:
        per_file = (WRITTEN // 2) // (rotations + 1)
        for _ in range(rotations):
            log.write(per_file)
            getattr(log, rotate)()
        log.write(WRITTEN - log.written)
    finally:
        forwarder.resume()
    await finish(receiving, received, forwarder)
    async with asyncio.timeout(3 * TIMEOUT):
        await forwarder.wait_for_log(logged)
        stalled_received = Received()
        await receive(stalled, WRITTEN, stalled_received)

    assert_every_line_accounted(received, WRITTEN)
    assert_every_line_accounted(stalled_received, WRITTEN)
    assert stalled_received.dropped > 0  # it did fall behind, and was told
    await assert_nothing_more(healthy, log)


async def test_a_stalled_client_does_not_hold_up_reading(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path
) -> None:
    """With only a stalled client connected the file is still read: a newcomer gets live lines.

    (The forwarder used to stop reading for it, and a client connecting later was first fed
    the backlog, many seconds behind.)
    """
    log = NodeLog(log_file)
    forwarder = await start(start_forwarder, log)
    await connect_stalled(forwarder.port, raw_connections)
    await forwarder.wait_for_log("connected (1 connected)")
    log.write(WRITTEN)

    async with asyncio.timeout(TIMEOUT):
        while forwarder.read_position(log_file) != log_file.stat().st_size:  # noqa: ASYNC110
            await asyncio.sleep(0.01)  # another process: nothing to wait on but its progress
    newcomer = await connect(forwarder.port, raw_connections)
    await assert_nothing_more(newcomer, log)


async def test_copy_truncate_while_stopped_is_read_from_the_copy(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path, tmp_path: Path
) -> None:
    """The state file remembers the log's first bytes: after a restart its copy is found."""
    log = NodeLog(log_file)
    options = ("--file", str(log_file), "--state-file", str(tmp_path / "state.json"))
    first = await start_forwarder(*options)
    client = await connect(first.port, raw_connections)
    await first.wait_for_log("connected")
    log.write(10)
    received = Received()
    await receive(client, 10, received)
    assert await first.stop() == 0
    stream_id = json.loads((tmp_path / "state.json").read_text())["stream_id"]

    log.write(20)
    log.rotate_by_copy_truncate()
    log.write(5)
    second = await start_forwarder(*options)
    resumed = await raw_connections(second.port)
    assert (await resumed.handshake(None, stream=stream_id, seq="10"))[1] == "WELCOME"
    await receive(resumed, 35, received)

    assert_every_line_accounted(received, 35)
    assert received.dropped == 0
    await second.wait_for_log("reading the rest from its copy")
