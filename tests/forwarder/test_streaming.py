"""Streaming: many clients, a stalled client, rotation, over-long lines, standard input."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
import socket

from custom_components.storj_monitor.logs.forwarder_client import PROTOCOL

from .conftest import RawConnection, StartForwarder, append, lines_of, overwrite, rename

OpenRaw = Callable[..., Awaitable[RawConnection]]


async def connect(forwarder_port: int, raw_connections: OpenRaw, **kwargs: object) -> RawConnection:
    """A raw client past the handshake."""
    connection = await raw_connections(forwarder_port, **kwargs)
    assert (await connection.handshake(None))[1] == "WELCOME"
    return connection


async def test_many_clients_each_get_every_line(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path
) -> None:
    """Ten clients at once all receive the same numbered lines."""
    forwarder = await start_forwarder("--file", str(log_file), "--max-clients", "10")
    clients = [await connect(forwarder.port, raw_connections) for _ in range(10)]
    await forwarder.wait_for_log("connected (10 connected)")

    append(log_file, *(f"line {n}" for n in range(50)))

    for client in clients:
        frames = await client.read_frames(50)
        assert lines_of(frames) == [f"line {n}" for n in range(50)]
        assert [int(frame.split()[1]) for frame in frames] == list(range(1, 51))


async def test_stalled_client_loses_oldest_lines_and_is_told(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path
) -> None:
    """A client that stops reading does not hold up others; it gets a count of what it lost."""
    forwarder = await start_forwarder("--file", str(log_file), "--buffer-lines", "200")
    # A plain blocking socket with a tiny receive buffer: nothing reads it until we say so.
    stalled = socket.socket()
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stalled.settimeout(5)
    stalled.connect(("127.0.0.1", forwarder.port))
    stalled_file = stalled.makefile("rb")
    nonce = stalled_file.readline().split()[2].decode()
    stalled.sendall(f"{PROTOCOL} RESPONSE {nonce} - - -\n".encode())
    assert stalled_file.readline().split()[1] == b"WELCOME"
    healthy = await connect(forwarder.port, raw_connections)
    await forwarder.wait_for_log("connected (2 connected)")
    total = 5000
    payload = "x" * 1000

    append(log_file, *(f"{n} {payload}" for n in range(total)))

    healthy_lines = lines_of(await healthy.read_frames(total))
    assert healthy_lines == [f"{n} {payload}" for n in range(total)]

    received: list[int] = []
    dropped = 0
    with stalled, stalled_file:
        while not received or received[-1] != total - 1:
            frame = stalled_file.readline()
            if frame.startswith(b"D "):
                dropped += int(frame.split()[1])
            elif frame.startswith(b"L "):
                received.append(int(frame.split()[2]))
    assert dropped > 0
    assert len(received) + dropped == total  # every line is either delivered or counted
    assert received == sorted(received)


async def test_rotation_by_rename(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path
) -> None:
    """The old file is read to its end, then the new one from its start."""
    forwarder = await start_forwarder("--file", str(log_file))
    client = await connect(forwarder.port, raw_connections)
    await forwarder.wait_for_log("connected")
    append(log_file, "old 1", "old 2")
    assert lines_of(await client.read_frames(2)) == ["old 1", "old 2"]

    rotated = log_file.with_name("node.log.1")
    rename(log_file, rotated)
    append(rotated, "old 3, written after the rename")
    assert lines_of(await client.read_frames(1)) == ["old 3, written after the rename"]
    append(log_file, "new 1", "new 2")

    assert lines_of(await client.read_frames(2)) == ["new 1", "new 2"]
    await forwarder.wait_for_log("was rotated")


async def test_rotation_by_copy_truncate(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path
) -> None:
    """When the file shrinks it is read again from the start."""
    forwarder = await start_forwarder("--file", str(log_file))
    client = await connect(forwarder.port, raw_connections)
    await forwarder.wait_for_log("connected")
    long_lines = [f"before {n} " + "y" * 200 for n in range(3)]
    append(log_file, *long_lines)
    assert lines_of(await client.read_frames(3)) == long_lines

    overwrite(log_file, "after truncation\n")

    assert lines_of(await client.read_frames(1)) == ["after truncation"]
    await forwarder.wait_for_log("was truncated")


async def test_line_longer_than_the_cap_is_cut(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path
) -> None:
    """10 MB without a newline: its head is sent, the rest skipped, memory stays flat."""
    forwarder = await start_forwarder("--file", str(log_file), "--max-line-bytes", "1024")
    client = await connect(forwarder.port, raw_connections)
    await forwarder.wait_for_log("connected")
    append(log_file, "before")
    assert lines_of(await client.read_frames(1)) == ["before"]
    rss_before = forwarder.peak_rss_kib()

    with log_file.open("ab") as log:
        log.write(b"2025-10-06T00:00:14Z\tINFO\t" + b"z" * (10 * 1024 * 1024))

    # Sent before its newline ever comes: the forwarder is not holding on to it.
    (cut,) = lines_of(await client.read_frames(1))
    assert cut.startswith("2025-10-06T00:00:14Z\tINFO\tzzz")
    assert len(cut.encode()) == 1024
    append(log_file, "zzz end of the long line", "after")
    assert lines_of(await client.read_frames(1)) == ["after"]
    assert forwarder.peak_rss_kib() - rss_before < 4 * 1024
    await forwarder.wait_for_log("cut a line of more than 1024 bytes")


async def test_crlf_and_unfinished_lines(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path
) -> None:
    """Windows line endings are stripped; a line is sent only once its newline is written."""
    forwarder = await start_forwarder("--file", str(log_file))
    client = await connect(forwarder.port, raw_connections)
    await forwarder.wait_for_log("connected")

    with log_file.open("ab") as log:
        log.write(b"windows line\r\nhalf a ")
    assert lines_of(await client.read_frames(1)) == ["windows line"]
    with log_file.open("ab") as log:
        log.write(b"line\n")

    assert lines_of(await client.read_frames(1)) == ["half a line"]


async def test_from_start_sends_existing_lines(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path
) -> None:
    """By default only new lines are sent; --from-start backfills the buffer."""
    append(log_file, "existing 1", "existing 2")
    tail = await start_forwarder("--file", str(log_file))
    backfill = await start_forwarder("--file", str(log_file), "--from-start")
    await backfill.wait_for_log("reading")
    tail_client = await raw_connections(tail.port)
    backfill_client = await raw_connections(backfill.port)
    # A client resuming from another stream is sent everything buffered.
    assert (await tail_client.handshake(None, stream="0", seq="0"))[1] == "WELCOME"
    assert (await backfill_client.handshake(None, stream="0", seq="0"))[1] == "WELCOME"
    append(log_file, "new")

    assert lines_of(await tail_client.read_frames(1)) == ["new"]
    assert lines_of(await backfill_client.read_frames(3)) == ["existing 1", "existing 2", "new"]


async def test_heartbeats_while_idle(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path
) -> None:
    """An idle link carries heartbeats with the newest sequence number."""
    forwarder = await start_forwarder("--file", str(log_file))
    client = await connect(forwarder.port, raw_connections)
    await forwarder.wait_for_log("connected")
    append(log_file, "only line")
    assert await client.read_line() == b"L 1 only line\n"

    assert await client.read_line() == b"H 1\n"
    assert await client.read_line() == b"H 1\n"


async def test_standard_input_source(
    start_forwarder: StartForwarder, raw_connections: OpenRaw
) -> None:
    """`docker logs -f … | storj-log-forwarder --stdin`; the forwarder exits when input ends."""
    forwarder = await start_forwarder("--stdin", stdin=True)
    client = await connect(forwarder.port, raw_connections)
    await forwarder.wait_for_log("connected")

    forwarder.write_stdin(b"from docker 1\nfrom docker 2\n")
    assert lines_of(await client.read_frames(2)) == ["from docker 1", "from docker 2"]
    forwarder.write_stdin(b"last line without newline")
    assert forwarder.process is not None
    assert forwarder.process.stdin is not None
    forwarder.process.stdin.close()

    assert lines_of(await client.read_frames(1)) == ["last line without newline"]
    assert await forwarder.wait_exit() == 0
    assert await client.read_line() == b""
    await forwarder.wait_for_log("standard input ended")


async def test_waits_for_a_missing_file(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, tmp_path: Path
) -> None:
    """A log that does not exist yet is picked up when the node creates it."""
    log_file = tmp_path / "later.log"
    forwarder = await start_forwarder("--file", str(log_file))
    client = await connect(forwarder.port, raw_connections)
    await forwarder.wait_for_log("waiting for")

    append(log_file, "created later")

    assert lines_of(await client.read_frames(1)) == ["created later"]
