"""The integration-side client against the real forwarder."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import contextlib
import os
from pathlib import Path
import secrets
import signal
import socket

import pytest

from custom_components.storj_monitor.logs.forwarder_client import (
    PROTOCOL,
    ClientTiming,
    ConnectionState,
    ForwarderAuthError,
    ForwarderClient,
    ForwarderProtocolError,
    ResumePoint,
    compute_mac,
)

from .conftest import TIMEOUT, TOKEN, StartForwarder, append

FAST = ClientTiming(connect_timeout=2.0, backoff_initial=0.01, backoff_max=0.05)


async def take(lines: AsyncIterator[str], count: int) -> list[str]:
    """The next `count` lines, with a timeout."""
    async with asyncio.timeout(TIMEOUT):
        return [await anext(lines) for _ in range(count)]


def free_port() -> int:
    """A loopback port nothing listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_streams_lines_and_reports_status(
    start_forwarder: StartForwarder, log_file: Path
) -> None:
    """Lines arrive in order; state and listeners follow the connection."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    client = ForwarderClient("127.0.0.1", forwarder.port, token=TOKEN, timing=FAST)
    states: list[ConnectionState] = []
    remove = client.add_listener(lambda: states.append(client.state))
    assert client.state is ConnectionState.IDLE

    async with contextlib.aclosing(client.lines()) as lines:
        first = asyncio.ensure_future(anext(lines))
        await forwarder.wait_for_log("connected")
        append(log_file, "2025-10-06T00:00:14Z\tINFO\tpiecestore\tuploaded", "second")
        assert await first == "2025-10-06T00:00:14Z\tINFO\tpiecestore\tuploaded"
        assert await take(lines, 1) == ["second"]
        assert client.connected
        assert client.heartbeat_interval == 0.2
        assert client.resume_point is not None
        assert client.resume_point.seq == 2

    assert states == [ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.CLOSED]
    assert not client.connected
    assert (client.dropped_lines, client.reconnects, client.last_error) == (0, 0, None)
    remove()


async def test_resumes_after_forwarder_restart(
    start_forwarder: StartForwarder, log_file: Path, tmp_path: Path
) -> None:
    """Lines written while the forwarder was down arrive after it is back, none twice."""
    state = ("--state-file", str(tmp_path / "state.json"), "--token", TOKEN)
    forwarder = await start_forwarder("--file", str(log_file), *state)
    client = ForwarderClient("127.0.0.1", forwarder.port, token=TOKEN, timing=FAST)

    async with contextlib.aclosing(client.lines()) as lines:
        first = asyncio.ensure_future(anext(lines))
        await forwarder.wait_for_log("connected")
        append(log_file, "before 1", "before 2")
        assert [await first, *await take(lines, 1)] == ["before 1", "before 2"]

        await forwarder.stop()
        append(log_file, "while down 1", "while down 2")
        restarted = await start_forwarder(
            "--file", str(log_file), "--bind", f"127.0.0.1:{forwarder.port}", *state
        )
        assert await take(lines, 2) == ["while down 1", "while down 2"]
        append(log_file, "after")
        assert await take(lines, 1) == ["after"]

    assert client.reconnects == 1
    assert client.dropped_lines == 0
    assert client.last_error == "the forwarder closed the connection"
    await restarted.wait_for_log("connected")


async def test_reports_lines_lost_beyond_the_buffer(
    start_forwarder: StartForwarder, log_file: Path, tmp_path: Path
) -> None:
    """A downtime longer than the buffer: the newest lines arrive, the rest are counted."""
    options = ("--file", str(log_file), "--state-file", str(tmp_path / "s"), "--buffer-lines", "10")
    forwarder = await start_forwarder(*options)
    client = ForwarderClient("127.0.0.1", forwarder.port, timing=FAST)

    async with contextlib.aclosing(client.lines()) as lines:
        first = asyncio.ensure_future(anext(lines))
        await forwarder.wait_for_log("connected")
        append(log_file, "seen")
        assert await first == "seen"
        await forwarder.stop()
        append(log_file, *(f"down {n}" for n in range(30)))
        await start_forwarder(*options, "--bind", f"127.0.0.1:{forwarder.port}")

        assert await take(lines, 10) == [f"down {n}" for n in range(20, 30)]

    assert client.dropped_lines == 20


async def test_resume_point_survives_a_new_client(
    start_forwarder: StartForwarder, log_file: Path
) -> None:
    """Home Assistant restarts: a new client given the old resume point misses nothing."""
    forwarder = await start_forwarder("--file", str(log_file))
    first_client = ForwarderClient("127.0.0.1", forwarder.port, timing=FAST)
    async with contextlib.aclosing(first_client.lines()) as lines:
        first = asyncio.ensure_future(anext(lines))
        await forwarder.wait_for_log("connected")
        append(log_file, "one")
        assert await first == "one"
    saved = first_client.resume_point
    assert isinstance(saved, ResumePoint)

    append(log_file, "two", "three")
    second_client = ForwarderClient("127.0.0.1", forwarder.port, resume_from=saved, timing=FAST)
    async with contextlib.aclosing(second_client.lines()) as lines:
        assert await take(lines, 2) == ["two", "three"]


async def test_dead_link_is_detected_by_missing_heartbeats(
    start_forwarder: StartForwarder, log_file: Path
) -> None:
    """A frozen forwarder (no FIN, no RST) is noticed within a few heartbeats."""
    forwarder = await start_forwarder("--file", str(log_file))
    timing = ClientTiming(connect_timeout=0.3, backoff_initial=0.01, backoff_max=0.05)
    client = ForwarderClient("127.0.0.1", forwarder.port, timing=timing)
    lost = asyncio.Event()
    client.add_listener(lambda: lost.set() if client.last_error else None)
    assert forwarder.process is not None
    pid = forwarder.process.pid

    async with contextlib.aclosing(client.lines()) as lines:
        first = asyncio.ensure_future(anext(lines))
        await forwarder.wait_for_log("connected")
        append(log_file, "before the freeze")
        assert await first == "before the freeze"
        os.kill(pid, signal.SIGSTOP)
        try:
            following = asyncio.ensure_future(anext(lines))
            async with asyncio.timeout(TIMEOUT):
                await lost.wait()
            assert client.last_error == "no data or heartbeat from the forwarder for 0.6 s"
            assert not client.connected
        finally:
            os.kill(pid, signal.SIGCONT)
        append(log_file, "after the thaw")
        async with asyncio.timeout(TIMEOUT):
            assert await following == "after the thaw"

    assert client.reconnects == 1


async def test_retries_until_the_forwarder_appears(
    start_forwarder: StartForwarder, log_file: Path
) -> None:
    """Connection refused is retried with backoff; status shows the wait."""
    port = free_port()
    client = ForwarderClient("127.0.0.1", port, timing=FAST)
    waiting = asyncio.Event()
    client.add_listener(lambda: waiting.set() if client.state is ConnectionState.WAITING else None)

    async with contextlib.aclosing(client.lines()) as lines:
        first = asyncio.ensure_future(anext(lines))
        async with asyncio.timeout(TIMEOUT):
            await waiting.wait()
        assert client.last_error is not None
        assert client.last_error.startswith("connection refused")
        forwarder = await start_forwarder("--file", str(log_file), "--bind", f"127.0.0.1:{port}")
        await forwarder.wait_for_log("connected")
        append(log_file, "finally")
        async with asyncio.timeout(TIMEOUT):
            assert await first == "finally"

    assert client.reconnects == 0  # the first successful connection is not a reconnect


@pytest.mark.parametrize(
    ("forwarder_token", "client_token", "message"),
    [
        (TOKEN, "a-wrong-token-of-enough-length", "the forwarder rejected the token"),
        (TOKEN, None, "the forwarder requires a token"),
        (None, TOKEN, "the forwarder has no token set"),
    ],
)
async def test_authentication_problems_end_the_stream(
    start_forwarder: StartForwarder,
    log_file: Path,
    forwarder_token: str | None,
    client_token: str | None,
    message: str,
) -> None:
    """Errors that retrying cannot fix are raised, so the integration can ask the user."""
    token_option = ("--token", forwarder_token) if forwarder_token else ()
    forwarder = await start_forwarder("--file", str(log_file), *token_option)
    client = ForwarderClient("127.0.0.1", forwarder.port, token=client_token, timing=FAST)

    with pytest.raises(ForwarderAuthError, match=message):
        async with contextlib.aclosing(client.lines()) as lines:
            await take(lines, 1)

    assert client.state is ConnectionState.CLOSED
    assert client.last_error is not None
    assert message in client.last_error


async def fake_forwarder(welcome: str) -> tuple[asyncio.Server, int]:
    """A server that speaks the handshake but answers `welcome` (an impostor or a new version)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(f"{PROTOCOL} CHALLENGE {secrets.token_hex(16)} hmac-sha256\n".encode())
        await reader.readline()
        writer.write(welcome.encode())
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, int(server.sockets[0].getsockname()[1])


@pytest.mark.parametrize(
    ("welcome", "error", "message"),
    [
        (f"{PROTOCOL} WELCOME {'0' * 64} abcd 15\n", ForwarderAuthError, "could not prove"),
        ("STORJLOG/2 WELCOME - abcd 15\n", ForwarderProtocolError, "not a compatible"),
        (f"{PROTOCOL} DENIED version\n", ForwarderProtocolError, "protocol version"),
    ],
)
async def test_impostor_or_incompatible_forwarder(
    welcome: str, error: type[Exception], message: str
) -> None:
    """A server that does not know the token cannot feed the integration lines."""
    server, port = await fake_forwarder(welcome)
    client = ForwarderClient("127.0.0.1", port, token=TOKEN, timing=FAST)
    try:
        with pytest.raises(error, match=message):
            async with contextlib.aclosing(client.lines()) as lines:
                await take(lines, 1)
    finally:
        server.close()
        await server.wait_closed()


async def test_one_iteration_at_a_time(start_forwarder: StartForwarder, log_file: Path) -> None:
    """Two consumers would split the lines between them: refused."""
    forwarder = await start_forwarder("--file", str(log_file))
    client = ForwarderClient("127.0.0.1", forwarder.port, timing=FAST)
    async with contextlib.aclosing(client.lines()) as lines:
        first = asyncio.ensure_future(anext(lines))
        await forwarder.wait_for_log("connected")
        with pytest.raises(RuntimeError, match="already being iterated"):
            await anext(client.lines())
        append(log_file, "line")
        assert await first == "line"


async def test_new_numbering_after_a_stateless_restart_is_not_taken_for_duplicates(
    start_forwarder: StartForwarder, log_file: Path
) -> None:
    """Without a state file a restarted forwarder counts from 1 again: those lines still arrive."""
    forwarder = await start_forwarder("--file", str(log_file))
    client = ForwarderClient("127.0.0.1", forwarder.port, timing=FAST)
    async with contextlib.aclosing(client.lines()) as lines:
        first = asyncio.ensure_future(anext(lines))
        await forwarder.wait_for_log("connected")
        append(log_file, "old numbering 1", "old numbering 2")
        assert [await first, *await take(lines, 1)] == ["old numbering 1", "old numbering 2"]
        old_stream = client.resume_point
        await forwarder.stop()

        restarted = await start_forwarder(
            "--file", str(log_file), "--bind", f"127.0.0.1:{forwarder.port}"
        )
        await restarted.wait_for_log("reading")
        append(log_file, "new numbering 1")

        assert await take(lines, 1) == ["new numbering 1"]
    assert old_stream is not None
    assert client.resume_point is not None
    assert client.resume_point.stream_id != old_stream.stream_id
    assert client.resume_point.seq == 1


Script = Callable[[asyncio.StreamReader, asyncio.StreamWriter, str], Awaitable[None]]


async def scripted_forwarder(script: Script) -> tuple[asyncio.Server, int]:
    """A peer that follows `script` after its CHALLENGE: misbehaving forwarders, on purpose."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonce = secrets.token_hex(16)
        writer.write(f"{PROTOCOL} CHALLENGE {nonce} hmac-sha256\n".encode())
        try:
            await script(reader, writer, nonce)
            await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, int(server.sockets[0].getsockname()[1])


async def welcome(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, nonce: str) -> None:
    """A correct WELCOME for the client's answer (stream "abc", heartbeat 15 s)."""
    client_nonce = (await reader.readline()).split()[2].decode()
    mac = compute_mac(TOKEN, "server", (nonce, client_nonce, "abc", "15"))
    writer.write(f"{PROTOCOL} WELCOME {mac} abc 15\n".encode())


def then_send(data: bytes) -> Script:
    """Handshake correctly, then send `data`."""

    async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, nonce: str):
        await welcome(reader, writer, nonce)
        writer.write(data)

    return script


async def deny_busy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _: str) -> None:
    """The forwarder has no free client slot."""
    await reader.readline()
    writer.write(f"{PROTOCOL} DENIED busy\n".encode())


async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _: str) -> None:
    """Close without a word after the client's answer."""
    await reader.readline()


async def bad_heartbeat(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, nonce: str
) -> None:
    """A genuine WELCOME (right MAC) whose heartbeat is not a positive number."""
    client_nonce = (await reader.readline()).split()[2].decode()
    mac = compute_mac(TOKEN, "server", (nonce, client_nonce, "abc", "0"))
    writer.write(f"{PROTOCOL} WELCOME {mac} abc 0\n".encode())


@pytest.mark.parametrize(
    ("script", "error"),
    [
        (then_send(b"X 1\n"), "unexpected frame from the forwarder: b'X 1\\n'"),
        (then_send(b"L 1 " + b"x" * (2 * 1024 * 1024)), "the forwarder sent an over-long frame"),
        (deny_busy, "the forwarder is already serving its maximum number of clients"),
        (hang_up, "the forwarder closed the connection during the handshake"),
        (bad_heartbeat, "malformed handshake from the forwarder"),
    ],
)
async def test_misbehaving_forwarder_is_retried(script: Script, error: str) -> None:
    """Faults that may pass are reported in last_error and retried, not raised."""
    server, port = await scripted_forwarder(script)
    client = ForwarderClient("127.0.0.1", port, token=TOKEN, timing=FAST)
    retried = asyncio.Event()
    client.add_listener(lambda: retried.set() if client.state is ConnectionState.WAITING else None)
    try:
        async with contextlib.aclosing(client.lines()) as lines:
            pending = asyncio.ensure_future(anext(lines))
            async with asyncio.timeout(TIMEOUT):
                await retried.wait()
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pending
    finally:
        server.close()
        await server.wait_closed()
    assert client.last_error == error


async def test_duplicates_after_a_reconnect_are_skipped() -> None:
    """A line already yielded is not yielded again when the forwarder repeats it."""
    connections = 0

    async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, nonce: str):
        nonlocal connections
        connections += 1
        await welcome(reader, writer, nonce)
        if connections == 1:
            writer.write(b"L 1 one\nL 2 two\n")
        else:
            writer.write(b"L 2 two\nD 1\nL 4 four\n")
            await reader.read()  # stay connected

    server, port = await scripted_forwarder(script)
    client = ForwarderClient("127.0.0.1", port, token=TOKEN, timing=FAST)
    try:
        async with contextlib.aclosing(client.lines()) as lines:
            assert await take(lines, 3) == ["one", "two", "four"]
    finally:
        server.close()
        await server.wait_closed()
    assert client.dropped_lines == 1
    assert client.reconnects == 1
    assert client.resume_point == ResumePoint("abc", 4)
