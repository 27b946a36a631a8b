"""Abuse: floods of silent connections, running out of descriptors, races for client slots,
parallel token guessing and weak tokens."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import contextlib

from custom_components.storj_monitor.logs.forwarder_client import PROTOCOL
from forwarder import storj_log_forwarder as forwarder_module

from .conftest import TIMEOUT, TOKEN, RawConnection, StartForwarder
from .test_handshake import run_cli

OpenRaw = Callable[..., Awaitable[RawConnection]]
PER_HOST = forwarder_module.MAX_PENDING_PER_HOST
TOTAL = forwarder_module.MAX_PENDING_TOTAL
WRONG_TOKEN = "wrong-token-of-enough-length"


async def silent(raw_connections: OpenRaw, port: int, source: str) -> RawConnection:
    """A connection from `source` that reads the challenge and then says nothing."""
    connection = await raw_connections(port, local_addr=(source, 0))
    assert (await connection.challenge())[1] == "CHALLENGE"
    return connection


async def assert_turned_away(connection: RawConnection) -> None:
    """Told the forwarder is busy, then closed, without a challenge."""
    assert await connection.read_line() == f"{PROTOCOL} DENIED busy\n".encode()
    assert await connection.read_line() == b""


async def test_pending_handshakes_are_capped_per_address(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """One address cannot hold more than its share of handshakes; others still get in."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    for _ in range(PER_HOST):
        await silent(raw_connections, forwarder.port, "127.0.0.2")

    await assert_turned_away(await raw_connections(forwarder.port, local_addr=("127.0.0.2", 0)))

    other = await raw_connections(forwarder.port, local_addr=("127.0.0.3", 0))
    assert (await other.handshake(TOKEN))[1] == "WELCOME"
    await forwarder.wait_for_log("turning away connections from 127.0.0.2")


async def test_pending_handshakes_are_capped_in_total(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """Many addresses together cannot hold more than the total."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    sources = [f"127.0.1.{n}" for n in range(1, TOTAL // PER_HOST + 1)]
    for source in sources:
        for _ in range(PER_HOST):
            await silent(raw_connections, forwarder.port, source)

    await assert_turned_away(await raw_connections(forwarder.port, local_addr=("127.0.2.1", 0)))
    await forwarder.wait_for_log(f"{TOTAL} in total")


async def test_handshake_deadline_frees_the_slot(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """A connection that trickles its answer is cut at the deadline; its slot is free again."""
    forwarder = await start_forwarder(
        "--file", str(log_file), "--token", TOKEN, "--handshake-timeout", "0.5"
    )
    trickling = await silent(raw_connections, forwarder.port, "127.0.0.2")
    others = [
        await silent(raw_connections, forwarder.port, "127.0.0.2") for _ in range(PER_HOST - 1)
    ]
    started = asyncio.get_running_loop().time()
    async with asyncio.timeout(TIMEOUT):
        while True:  # one byte at a time never completes the line
            trickling.writer.write(b"S")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(0.05):
                    reply = await trickling.reader.readline()
                    break
    assert reply == f"{PROTOCOL} DENIED timeout\n".encode()
    assert 0.4 < asyncio.get_running_loop().time() - started < 2.0
    for other in others:
        assert await other.read_line() == f"{PROTOCOL} DENIED timeout\n".encode()

    again = await raw_connections(forwarder.port, local_addr=("127.0.0.2", 0))
    assert (await again.handshake(TOKEN))[1] == "WELCOME"


async def test_running_out_of_descriptors_is_one_log_line_and_recovers(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """EMFILE pauses accepting briefly with one throttled line, no tracebacks; then it serves."""
    probe = await start_forwarder("--file", str(log_file))
    spare = 6
    limit = probe.open_descriptors() + spare
    forwarder = await start_forwarder("--file", str(log_file), open_files=limit)
    flood = [
        await raw_connections(forwarder.port, local_addr=(f"127.0.3.{n % 4 + 1}", 0))
        for n in range(4 * spare)
    ]
    await forwarder.wait_for_log("cannot accept connections (Too many open files)")
    await asyncio.sleep(0.5)  # about five retries: still one line
    for connection in flood:
        await connection.close()

    async with asyncio.timeout(TIMEOUT):
        while True:
            client = await raw_connections(forwarder.port)
            with contextlib.suppress(TimeoutError, ConnectionError, IndexError):
                if (await client.handshake(None))[1] == "WELCOME":
                    break
    assert sum("cannot accept connections" in line for line in forwarder.log) == 1
    assert not any("Traceback" in line for line in forwarder.log)


async def test_max_clients_is_exact_when_handshakes_race(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """Six clients answering at once against --max-clients 2: exactly two get in."""
    forwarder = await start_forwarder("--file", str(log_file), "--max-clients", "2")
    connections = [
        await raw_connections(forwarder.port, local_addr=(f"127.0.4.{n}", 0)) for n in range(6)
    ]
    for connection in connections:
        assert (await connection.challenge())[1] == "CHALLENGE"

    for connection in connections:  # all answers arrive before any is handled
        connection.writer.write(connection.response_for(None))
    replies = [(await connection.read_line()).decode().split()[1:] for connection in connections]

    assert sorted(reply[0] for reply in replies) == ["DENIED"] * 4 + ["WELCOME"] * 2
    assert [reply for reply in replies if reply[0] == "DENIED"] == [["DENIED", "busy"]] * 4
    await forwarder.wait_for_log("connected (2 connected)")


async def guess_in_parallel(port: int, raw_connections: OpenRaw) -> list[list[str]]:
    """PER_HOST wrong-token attempts at once; returns the first line each one got."""
    connections = [await raw_connections(port) for _ in range(PER_HOST)]
    first = [(await connection.read_line()).decode().split() for connection in connections]
    for connection, line in zip(connections, first, strict=True):
        if line[1] == "CHALLENGE":
            connection.server_nonce = line[2]
            connection.writer.write(connection.response_for(WRONG_TOKEN))
    for connection, line in zip(connections, first, strict=True):
        if line[1] == "CHALLENGE":
            assert (await connection.read_line()).split()[2] == b"auth-failed"
    return first


async def test_parallel_guesses_are_rate_limited_when_they_start(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """Guesses in parallel are counted as they start: five in all, however they are timed."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    allowed = forwarder_module.FAILURES_BEFORE_BLOCK

    first_wave = await guess_in_parallel(forwarder.port, raw_connections)
    second_wave = await guess_in_parallel(forwarder.port, raw_connections)

    challenged = [line[1] for line in first_wave + second_wave].count("CHALLENGE")
    assert challenged == allowed
    assert second_wave[allowed - PER_HOST :] == [[PROTOCOL, "DENIED", "rate-limited"]] * (
        2 * PER_HOST - allowed
    )
    # Even the right token is refused now, for the rest of the window.
    late = await raw_connections(forwarder.port)
    assert (await late.read_line()).decode().split() == [PROTOCOL, "DENIED", "rate-limited"]


async def test_a_good_handshake_is_forgiven(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """Attempts that succeed do not count: a host that reconnects often is never blocked."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    for _ in range(2 * forwarder_module.FAILURES_BEFORE_BLOCK):
        connection = await raw_connections(forwarder.port)
        assert (await connection.handshake(TOKEN))[1] == "WELCOME"
        await connection.close()


def test_weak_token_is_refused_off_loopback(log_file) -> None:
    """A token like aaaaaaaaaaaaaaaa guards nothing on 0.0.0.0; on loopback it is allowed."""
    for weak in ("aaaaaaaaaaaaaaaa", "0123456789abcdef", "password12345678"):
        result = run_cli("--file", str(log_file), "--token", weak)
        assert result.returncode == 2, weak
        assert "the token is too weak to listen on 0.0.0.0" in result.stderr
        assert "--generate-token" in result.stderr
    settings, _ = forwarder_module.parse_settings(
        ["--file", str(log_file), "--token", "aaaaaaaaaaaaaaaa", "--bind", "127.0.0.1:0"], {}
    )
    assert settings.token == "aaaaaaaaaaaaaaaa"


def test_generate_token_prints_a_strong_token(log_file) -> None:
    """--generate-token needs no other option and prints a fresh token the forwarder accepts."""
    first, second = run_cli("--generate-token"), run_cli("--generate-token")

    assert first.returncode == second.returncode == 0
    token = first.stdout.strip()
    assert token != second.stdout.strip()
    assert forwarder_module.token_weakness(token) is None
    settings, _ = forwarder_module.parse_settings(["--file", str(log_file), "--token", token], {})
    assert (settings.host, settings.token) == ("0.0.0.0", token)
