"""The integration-side client against the real forwarder."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import contextlib
import logging
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
    ForwarderClient,
    ResumePoint,
    compute_mac,
)

from .conftest import TIMEOUT, TOKEN, StartForwarder, append
from .hostile import (
    HUGE,
    HostilePeer,
    Script as HostileScript,
    impostor_welcome,
    man_in_the_middle,
    non_ascii_mac,
    send,
    silent,
    wrong_mac,
)

CLIENT_LOGGER = "custom_components.storj_monitor.logs.forwarder_client"
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
    # Heartbeats every 2 s (not 0.2 s): on a busy machine a late one must not add a reconnect.
    state = ("--state-file", str(tmp_path / "state.json"), "--token", TOKEN, "--heartbeat", "2")
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
    options += ("--resume-wait", "0")  # or the backlog waits in the file for this client
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
async def test_authentication_problems_are_reported_and_retried_slowly(
    start_forwarder: StartForwarder,
    log_file: Path,
    forwarder_token: str | None,
    client_token: str | None,
    message: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Only the user can fix these, but anyone at the address can claim them: never raised."""
    token_option = ("--token", forwarder_token) if forwarder_token else ()
    forwarder = await start_forwarder("--file", str(log_file), *token_option)
    timing = ClientTiming(connect_timeout=2.0, backoff_initial=0.01, backoff_max=0.02)
    client = ForwarderClient("127.0.0.1", forwarder.port, token=client_token, timing=timing)
    failures = Failures(client)

    async with contextlib.aclosing(client.lines()) as lines:
        pending = asyncio.ensure_future(anext(lines))
        await failures.wait_for(3)
        assert not pending.done()
        pending.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pending

    assert client.state is ConnectionState.CLOSED
    assert client.last_error is not None
    assert message in failures[0]
    assert client.protocol_errors == 0
    errors = [r for r in caplog.records if r.name == CLIENT_LOGGER and r.levelno >= logging.WARNING]
    assert len(errors) == 1  # one episode, one line
    assert errors[0].levelno == logging.ERROR
    assert message in errors[0].getMessage()


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
    """A peer that follows `script` after its CHALLENGE: a forwarder that knows the token."""

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


def client_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What the client logged at warning level or above."""
    return [r for r in caplog.records if r.name == CLIENT_LOGGER and r.levelno >= logging.WARNING]


class Failures(list[str]):
    """The error of every failed attempt, as the client starts to back off."""

    def __init__(self, client: ForwarderClient) -> None:
        super().__init__()
        self._changed = asyncio.Event()
        self._client = client
        client.add_listener(self._on_change)

    def _on_change(self) -> None:
        if self._client.state is ConnectionState.WAITING:
            self.append(self._client.last_error or "")
        self._changed.set()

    async def wait_for(self, count: int, *, then_connected: bool = False) -> None:
        """Until `count` attempts have failed (and the client is connected again)."""
        async with asyncio.timeout(TIMEOUT):
            while len(self) < count or (then_connected and not self._client.connected):
                self._changed.clear()
                await self._changed.wait()


HOSTILE_CASES = {
    # Impostors and wrong hosts: whatever answers at the forwarder's address.
    "http server": (send(b"HTTP/1.1 400 Bad Request\r\n\r\n"), "not a compatible"),
    "over-long greeting": (send(b"S" * HUGE), "over-long handshake message"),
    "long greeting": (send(b"x" * 600 + b"\n"), "malformed handshake message"),
    "non-hex nonce": (send(f"{PROTOCOL} CHALLENGE {'z' * 32} hmac-sha256\n".encode()), "CHALLENGE"),
    "unknown auth": (send(f"{PROTOCOL} CHALLENGE {'a' * 32} rot13\n".encode()), "CHALLENGE"),
    "other version": (send(b"STORJLOG/2 CHALLENGE " + b"a" * 32 + b" hmac-sha256\n"), "compatible"),
    "denied version": (send(f"{PROTOCOL} DENIED version\n".encode()), "protocol version"),
    "non-ascii MAC": (impostor_welcome(non_ascii_mac), "malformed handshake message"),
    "wrong MAC": (impostor_welcome(wrong_mac), "could not prove it knows the token"),
    # A man in the middle of a plain connection, right after the genuine handshake.
    "over-long frame": (man_in_the_middle(b"L 1 " + b"x" * HUGE), "over-long frame"),
    "sequence not a number": (man_in_the_middle(b"L one text\n"), "unexpected frame"),
    "sequence without text": (man_in_the_middle(b"L 5\n"), "unexpected frame"),
    "negative sequence": (man_in_the_middle(b"L -5 text\n"), "unexpected frame"),
    "20-digit sequence": (man_in_the_middle(b"L 99999999999999999999 x\n"), "unexpected frame"),
    "drop not a count": (man_in_the_middle(b"D many\n"), "unexpected frame"),
    "negative drop": (man_in_the_middle(b"D -3\n"), "unexpected frame"),
    "empty drop": (man_in_the_middle(b"D 0\n"), "impossible count"),
    "binary frame": (man_in_the_middle(b"\xff\xfe\x00\n"), "unexpected frame"),
}


@pytest.mark.parametrize(("script", "error"), HOSTILE_CASES.values(), ids=HOSTILE_CASES.keys())
async def test_hostile_peer_is_counted_and_the_real_forwarder_takes_over(
    start_forwarder: StartForwarder,
    log_file: Path,
    caplog: pytest.LogCaptureFixture,
    script: HostileScript,
    error: str,
) -> None:
    """Three hostile connections in a row: no exception, one log line, then real lines flow."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    async with HostilePeer([script] * 3, upstream=forwarder.port) as peer:
        client = ForwarderClient("127.0.0.1", peer.port, token=TOKEN, timing=FAST)
        errors = Failures(client)
        async with contextlib.aclosing(client.lines()) as lines:
            pending = asyncio.ensure_future(anext(lines))
            # The fourth connection is relayed to the real forwarder.
            await errors.wait_for(3, then_connected=True)
            append(log_file, "real line")
            async with asyncio.timeout(TIMEOUT):
                assert await pending == "real line"
            assert client.connected

    assert client.protocol_errors == 3
    assert len(errors) >= 3
    assert all(error in message for message in errors[:3]), errors
    warnings = client_warnings(caplog)
    assert len(warnings) == 1, warnings
    assert error in warnings[0].getMessage()
    assert client.resume_point is not None
    assert client.resume_point.seq == 1


async def test_silent_peer_hits_the_handshake_deadline(
    start_forwarder: StartForwarder, log_file: Path
) -> None:
    """A peer that accepts and says nothing holds the client no longer than the deadline."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    timing = ClientTiming(connect_timeout=0.2, backoff_initial=0.01, backoff_max=0.05)
    async with HostilePeer([silent], upstream=forwarder.port) as peer:
        client = ForwarderClient("127.0.0.1", peer.port, token=TOKEN, timing=timing)
        errors = Failures(client)
        async with contextlib.aclosing(client.lines()) as lines:
            pending = asyncio.ensure_future(anext(lines))
            await forwarder.wait_for_log("connected (")
            append(log_file, "real line")
            async with asyncio.timeout(TIMEOUT):
                assert await pending == "real line"
    assert errors == ["timed out connecting to the forwarder"]
    assert client.protocol_errors == 0


@pytest.mark.parametrize(
    ("inject", "error"),
    [
        (b"L 7 injected\n", "line 7 where line 2 was due"),
        (b"L 1 injected again\n", "line 1 where line 2 was due"),
        (b"H 0\n", "heartbeat at line 0 after line 1"),
    ],
)
async def test_injection_mid_stream_loses_and_repeats_nothing(
    start_forwarder: StartForwarder, log_file: Path, inject: bytes, error: str
) -> None:
    """A frame out of sequence ends the link; the resume point stays on the last real line."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    mitm = man_in_the_middle(inject, after_lines=1)
    async with HostilePeer([mitm], upstream=forwarder.port) as peer:
        client = ForwarderClient("127.0.0.1", peer.port, token=TOKEN, timing=FAST)
        errors = Failures(client)
        async with contextlib.aclosing(client.lines()) as lines:
            first = asyncio.ensure_future(anext(lines))
            await forwarder.wait_for_log("connected (")
            append(log_file, "real 1", "real 2", "real 3")
            assert [await first, *await take(lines, 2)] == ["real 1", "real 2", "real 3"]
    assert errors == [f"protocol error: {error}"]
    assert client.protocol_errors == 1
    assert client.reconnects == 1
    assert client.resume_point is not None
    assert client.resume_point.seq == 3


async def test_injected_huge_sequence_does_not_freeze_delivery(
    start_forwarder: StartForwarder, log_file: Path
) -> None:
    """A forged first line numbered near 2**63 is taken as the resume point; the forwarder's
    own numbering, after the reconnect, shows it impossible and delivery goes on."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    huge = 2**63 - 2
    mitm = man_in_the_middle(b"L %d injected\n" % huge)
    async with HostilePeer([mitm], upstream=forwarder.port) as peer:
        client = ForwarderClient("127.0.0.1", peer.port, token=TOKEN, timing=FAST)
        async with contextlib.aclosing(client.lines()) as lines:
            # Without TLS the forged line itself cannot be told from a real one.
            assert await take(lines, 1) == ["injected"]
            assert client.resume_point is not None
            assert client.resume_point.seq == huge
            errors = Failures(client)
            following = asyncio.ensure_future(take(lines, 2))
            append(log_file, "real 1")  # out of sequence after the forgery: the link ends
            await errors.wait_for(1, then_connected=True)
            append(log_file, "real 2", "real 3")
            assert await following == ["real 2", "real 3"]
            append(log_file, "real 4")
            assert await take(lines, 1) == ["real 4"]
    assert client.resume_point is not None
    assert client.resume_point.seq == 4
    assert client.protocol_errors == 2  # the broken sequence, then the impossible resume point
    assert client.last_error is not None
    assert "is ahead of the forwarder's newest line" in client.last_error


async def test_impossible_resume_point_is_reset_by_the_heartbeat(
    start_forwarder: StartForwarder, log_file: Path
) -> None:
    """A saved point beyond anything the forwarder has: its first heartbeat resets it."""
    forwarder = await start_forwarder("--file", str(log_file))
    probe = ForwarderClient("127.0.0.1", forwarder.port, timing=FAST)
    async with contextlib.aclosing(probe.lines()) as lines:
        first = asyncio.ensure_future(anext(lines))
        await forwarder.wait_for_log("connected (")
        append(log_file, "one")
        assert await first == "one"
    assert probe.resume_point is not None
    stale = ResumePoint(probe.resume_point.stream_id, 10**12)

    client = ForwarderClient("127.0.0.1", forwarder.port, resume_from=stale, timing=FAST)
    reset = asyncio.Event()
    client.add_listener(lambda: reset.set() if client.protocol_errors else None)
    async with contextlib.aclosing(client.lines()) as lines:
        pending = asyncio.ensure_future(anext(lines))
        async with asyncio.timeout(TIMEOUT):
            await reset.wait()  # an idle forwarder: the heartbeat says it has only line 1
        assert client.resume_point == ResumePoint(stale.stream_id, 1)
        append(log_file, "two")
        async with asyncio.timeout(TIMEOUT):
            assert await pending == "two"
    assert client.reconnects == 0
    assert client.protocol_errors == 1


@pytest.mark.parametrize(
    "stored",
    [
        {"stream_id": "abc", "seq": 5},
        {"stream_id": "ABC", "seq": 5},
        {"stream_id": "abc", "seq": -1},
        {"stream_id": "abc", "seq": 2**63},
        {"stream_id": "abc", "seq": "5"},
        {"stream_id": "abc", "seq": True},
        {"stream_id": "a b", "seq": 5},
        {"stream_id": "abc"},
        ["abc", 5],
        None,
    ],
)
def test_resume_point_from_storage(stored: object) -> None:
    """Only a point the client itself could have saved is used; anything else starts afresh."""
    point = ResumePoint.from_dict(stored)
    if stored == {"stream_id": "abc", "seq": 5}:
        assert point == ResumePoint("abc", 5)
        assert point.as_dict() == stored
    else:
        assert point is None
