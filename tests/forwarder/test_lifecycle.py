"""SIGTERM, the state file, and lines written while the forwarder was down."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import json
import os
from pathlib import Path
import signal
import socket

from custom_components.storj_monitor.logs.forwarder_client import PROTOCOL

from .conftest import TIMEOUT, RawConnection, StartForwarder, append, lines_of, rename

OpenRaw = Callable[..., Awaitable[RawConnection]]


async def test_sigterm_stops_cleanly_and_saves_position(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path, tmp_path: Path
) -> None:
    """SIGTERM: clients get the last lines then EOF, the position is saved, exit status 0."""
    state_file = tmp_path / "state.json"
    forwarder = await start_forwarder("--file", str(log_file), "--state-file", str(state_file))
    client = await raw_connections(forwarder.port)
    assert (await client.handshake(None))[1] == "WELCOME"
    await forwarder.wait_for_log("connected")
    append(log_file, "one", "two", "three")
    assert lines_of(await client.read_frames(3)) == ["one", "two", "three"]

    assert await forwarder.stop(signal.SIGTERM) == 0

    assert await client.read_line() == b""
    await forwarder.wait_for_log("stopped")
    state = json.loads(state_file.read_text())
    log_status = os.stat(log_file)
    assert state["offset"] == log_status.st_size
    assert state["next_seq"] == 4
    assert state["inode"] == log_status.st_ino


async def test_lines_written_while_down_are_sent_after_restart(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path, tmp_path: Path
) -> None:
    """Same stream, same numbering: a client resuming from its last line misses nothing."""
    options = ("--file", str(log_file), "--state-file", str(tmp_path / "state.json"))
    first = await start_forwarder(*options)
    client = await raw_connections(first.port)
    stream_id = (await client.handshake(None))[3]
    await first.wait_for_log("connected")
    append(log_file, "before 1", "before 2")
    assert await client.read_frames(2) == [b"L 1 before 1\n", b"L 2 before 2\n"]
    assert await first.stop() == 0

    append(log_file, "while down 1", "while down 2")
    second = await start_forwarder(*options)
    resumed = await raw_connections(second.port)
    welcome = await resumed.handshake(None, stream=stream_id, seq="2")

    assert welcome[3] == stream_id
    assert await resumed.read_frames(2) == [b"L 3 while down 1\n", b"L 4 while down 2\n"]


async def stop_then_write_while_down(
    start_forwarder: StartForwarder, options: tuple[str, ...], log_file: Path, count: int
) -> str:
    """Run the forwarder once, stop it, write `count` lines; returns its stream id."""
    first = await start_forwarder(*options)
    await first.wait_for_log("reading")
    assert await first.stop() == 0
    state_file = Path(options[options.index("--state-file") + 1])
    append(log_file, *(f"down {n}" for n in range(1, count + 1)))
    return str(json.loads(state_file.read_text())["stream_id"])


async def test_backlog_beyond_the_buffer_waits_for_a_resuming_client(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path, tmp_path: Path
) -> None:
    """After a restart the backlog stays in the file until a client connects: none is lost."""
    options = ("--file", str(log_file), "--state-file", str(tmp_path / "s"), "--buffer-lines", "10")
    stream_id = await stop_then_write_while_down(start_forwarder, options, log_file, 25)
    second = await start_forwarder(*options)
    await second.wait_for_log("buffer full and no client connected: waiting up to 60 s")

    resumed = await raw_connections(second.port)
    assert (await resumed.handshake(None, stream=stream_id, seq="0"))[1] == "WELCOME"

    assert lines_of(await resumed.read_frames(25)) == [f"down {n}" for n in range(1, 26)]


async def test_backlog_beyond_the_buffer_is_counted_after_the_resume_wait(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path, tmp_path: Path
) -> None:
    """No client within --resume-wait: the file is read on, older lines reported as dropped."""
    options = ("--file", str(log_file), "--state-file", str(tmp_path / "s"), "--buffer-lines", "10")
    stream_id = await stop_then_write_while_down(start_forwarder, options, log_file, 25)
    second = await start_forwarder(*options, "--resume-wait", "0.2")
    await second.wait_for_log("no client connected within 0.2 s: reading on")
    async with asyncio.timeout(TIMEOUT):
        while second.read_position(log_file) != log_file.stat().st_size:  # noqa: ASYNC110
            await asyncio.sleep(0.01)  # another process: nothing to wait on but its progress

    resumed = await raw_connections(second.port)
    assert (await resumed.handshake(None, stream=stream_id, seq="0"))[1] == "WELCOME"
    frames = await resumed.read_frames(11)

    assert frames[0] == b"D 15\n"
    assert lines_of(frames[1:]) == [f"down {n}" for n in range(16, 26)]


async def test_rotation_while_down(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path, tmp_path: Path
) -> None:
    """Rotated while stopped: the rest of the old file comes first, then the new file."""
    options = ("--file", str(log_file), "--state-file", str(tmp_path / "state.json"))
    append(log_file, "already sent")
    first = await start_forwarder(*options)
    await first.wait_for_log("reading")
    assert await first.stop() == 0
    stream_id = json.loads((tmp_path / "state.json").read_text())["stream_id"]

    append(log_file, "old file, while down")
    rename(log_file, tmp_path / "node.log.1")
    append(log_file, "new file")
    second = await start_forwarder(*options)
    resumed = await raw_connections(second.port)
    assert (await resumed.handshake(None, stream=stream_id, seq="0"))[1] == "WELCOME"

    assert lines_of(await resumed.read_frames(2)) == ["old file, while down", "new file"]
    await second.wait_for_log("rotated while stopped")


async def test_unreadable_state_file_starts_fresh(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path, tmp_path: Path
) -> None:
    """A corrupt state file is reported and replaced, not fatal."""
    state_file = tmp_path / "state.json"
    state_file.write_text("{not json")
    forwarder = await start_forwarder("--file", str(log_file), "--state-file", str(state_file))
    await forwarder.wait_for_log("ignoring unreadable state file")
    client = await raw_connections(forwarder.port)
    assert (await client.handshake(None))[1] == "WELCOME"
    await forwarder.wait_for_log("connected")

    append(log_file, "still works")

    assert lines_of(await client.read_frames(1)) == ["still works"]
    assert await forwarder.stop() == 0
    assert json.loads(state_file.read_text())["next_seq"] == 2


async def test_sigterm_does_not_wait_for_a_stalled_client(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path
) -> None:
    """A client that stopped reading (unsent data piling up) does not hold up the exit."""
    forwarder = await start_forwarder("--file", str(log_file), "--buffer-lines", "100")
    stalled = socket.socket()
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stalled.settimeout(TIMEOUT)
    stalled.connect(("127.0.0.1", forwarder.port))
    with stalled, stalled.makefile("rb") as stalled_file:
        nonce = stalled_file.readline().split()[2].decode()
        stalled.sendall(f"{PROTOCOL} RESPONSE {nonce} - - -\n".encode())
        assert stalled_file.readline().split()[1] == b"WELCOME"
        handshaking = await raw_connections(forwarder.port)  # never answers the challenge
        await handshaking.challenge()
        await forwarder.wait_for_log("connected (1 connected)")
        append(log_file, *(f"{n} " + "x" * 1000 for n in range(3000)))
        await forwarder.wait_for_log("reading")

        assert await forwarder.stop(signal.SIGTERM) == 0
    await forwarder.wait_for_log("stopped")
