"""Reading is paced by the live clients: bursts and catch-ups lose nothing for them.

The forwarder reads no further ahead than its buffer holds beyond the slowest client still
taking lines; a stalled client (its connection took nothing for a second) no longer counts,
and gets drop reports instead; with nobody connected, the buffer waits for a client to come
back (--resume-wait) before it overflows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import contextlib
import json
from pathlib import Path

from custom_components.storj_monitor.logs.forwarder_client import ClientTiming, ForwarderClient

from .conftest import TIMEOUT, ForwarderProcess, RawConnection, StartForwarder
from .test_rotation import (
    FILLER,
    NodeLog,
    Received,
    assert_every_line_accounted,
    assert_nothing_more,
    connect,
    connect_stalled,
    receive,
)

OpenRaw = Callable[..., Awaitable[RawConnection]]
BURST = 100_000
# A small buffer: without pacing, any client slower than the file is read loses lines.
SMALL_BUFFER = ("--buffer-lines", "1000")
FAST = ClientTiming(connect_timeout=2.0, backoff_initial=0.01, backoff_max=0.05)


async def wait_until_read(log: NodeLog, forwarder: ForwarderProcess) -> None:
    """Until the forwarder has read the log to its end (it is another process: poll)."""
    async with asyncio.timeout(TIMEOUT):
        while forwarder.read_position(log.path) != log.path.stat().st_size:  # noqa: ASYNC110
            await asyncio.sleep(0.01)


async def connect_new(port: int, raw_connections: OpenRaw) -> tuple[RawConnection, str]:
    """A client past the handshake that reads everything, and the stream id it was given."""
    connection = await raw_connections(port, limit=1 << 20)
    welcome = await connection.handshake(None)
    assert welcome[1] == "WELCOME"
    return connection, welcome[3]


async def resume(
    port: int, raw_connections: OpenRaw, stream_id: str, received: Received
) -> RawConnection:
    """Reconnect after the last line `received`, as the integration does."""
    connection = await raw_connections(port, limit=1 << 20)
    last_seq = str(received.lines[-1][0])
    assert (await connection.handshake(None, stream=stream_id, seq=last_seq))[1] == "WELCOME"
    return connection


async def test_burst_to_the_integration_client_loses_nothing(
    start_forwarder: StartForwarder, log_file: Path
) -> None:
    """100,000 lines at once to the integration's own client: all arrive, in order, 0 drops.

    The forwarder reads a file several times faster than this client decodes lines: it used
    to read on regardless and report a third of a burst as dropped.
    """
    log = NodeLog(log_file)
    forwarder = await start_forwarder("--file", str(log_file), *SMALL_BUFFER)
    client = ForwarderClient("127.0.0.1", forwarder.port, timing=FAST)
    received: list[str] = []
    async with contextlib.aclosing(client.lines()) as lines:
        first = asyncio.ensure_future(anext(lines))
        await forwarder.wait_for_log("connected (1 connected)")
        log.write(BURST)
        async with asyncio.timeout(6 * TIMEOUT):
            received.append(await first)
            while len(received) + client.dropped_lines < BURST:
                received.append(await anext(lines))

    assert client.dropped_lines == 0
    assert received == [f"{n:06d} {FILLER}" for n in range(BURST)]


async def test_burst_to_a_live_and_a_stalled_client(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path
) -> None:
    """The live client gets the whole burst without waiting for the stalled one, which is
    told what it missed; the file is read to its end while the stalled client still stalls."""
    log = NodeLog(log_file)
    forwarder = await start_forwarder("--file", str(log_file), *SMALL_BUFFER)
    stalled = await connect_stalled(forwarder.port, raw_connections)
    live = await connect(forwarder.port, raw_connections)
    await forwarder.wait_for_log("connected (2 connected)")
    received = Received()

    log.write(BURST)
    # Bounded: the stalled client holds reading up for about a second, once (not forever).
    async with asyncio.timeout(2 * TIMEOUT):
        await receive(live, BURST, received)
        await wait_until_read(log, forwarder)

    assert_every_line_accounted(received, BURST)
    assert received.dropped == 0
    stalled_received = Received()
    await receive(stalled, BURST, stalled_received)
    assert_every_line_accounted(stalled_received, BURST)
    assert stalled_received.dropped > 0
    await assert_nothing_more(live, log)


async def test_restart_catch_up_loses_nothing(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path, tmp_path: Path
) -> None:
    """100,000 lines written while the forwarder was down reach the resuming client, all."""
    log = NodeLog(log_file)
    options = ("--file", str(log_file), "--state-file", str(tmp_path / "state.json"))
    first = await start_forwarder(*options, *SMALL_BUFFER)
    client, stream_id = await connect_new(first.port, raw_connections)
    await first.wait_for_log("connected (1 connected)")
    log.write(10)
    received = Received()
    await receive(client, 10, received)
    assert await first.stop() == 0

    log.write(BURST)
    second = await start_forwarder(*options, *SMALL_BUFFER)
    await second.wait_for_log("buffer full and no client connected")
    resumed = await resume(second.port, raw_connections, stream_id, received)
    await receive(resumed, log.written, received)

    assert_every_line_accounted(received, log.written)
    assert received.dropped == 0
    await assert_nothing_more(resumed, log)


async def test_burst_while_disconnected_waits_for_the_client(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path
) -> None:
    """Home Assistant restarts during a burst: it resumes from its last line, and gets all."""
    log = NodeLog(log_file)
    forwarder = await start_forwarder("--file", str(log_file), *SMALL_BUFFER)
    client, stream_id = await connect_new(forwarder.port, raw_connections)
    await forwarder.wait_for_log("connected (1 connected)")
    log.write(10)
    received = Received()
    await receive(client, 10, received)
    await client.close()
    await forwarder.wait_for_log("disconnected")

    log.write(BURST)
    await forwarder.wait_for_log("buffer full and no client connected")
    resumed = await resume(forwarder.port, raw_connections, stream_id, received)
    await receive(resumed, log.written, received)

    assert_every_line_accounted(received, log.written)
    assert received.dropped == 0


async def test_stopped_while_waiting_for_a_client_keeps_the_numbering(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file: Path, tmp_path: Path
) -> None:
    """SIGTERM while lines wait to be buffered: they are numbered and saved, none is skipped.

    (What the buffer held is lost with the process, and reported as dropped after restart;
    the lines after it keep their numbers.)
    """
    log = NodeLog(log_file)
    state_file = tmp_path / "state.json"
    options = ("--file", str(log_file), "--state-file", str(state_file), *SMALL_BUFFER)
    first = await start_forwarder(*options, "--from-start")
    log.write(5000)
    await first.wait_for_log("buffer full and no client connected")
    assert await first.stop() == 0
    stream_id = json.loads(state_file.read_text())["stream_id"]

    second = await start_forwarder(*options)
    resumed = await raw_connections(second.port, limit=1 << 20)
    assert (await resumed.handshake(None, stream=stream_id, seq="0"))[1] == "WELCOME"
    received = Received()
    await receive(resumed, log.written, received)

    assert_every_line_accounted(received, log.written)
    assert 1000 <= received.dropped < log.written
    await assert_nothing_more(resumed, log)
