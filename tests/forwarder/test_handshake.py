"""The handshake: who may stream, and what an attacker with a recording cannot do."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import subprocess

from custom_components.storj_monitor.logs.forwarder_client import PROTOCOL, compute_mac

from .conftest import (
    FORWARDER_PYTHON,
    FORWARDER_SCRIPT,
    TOKEN,
    RawConnection,
    StartForwarder,
    append,
    lines_of,
)

OpenRaw = Callable[..., Awaitable[RawConnection]]


async def test_handshake_success_is_mutual(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """The right token streams, and the forwarder proves it knows the token too."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    connection = await raw_connections(forwarder.port)

    challenge = await connection.challenge()
    assert challenge[:2] == [PROTOCOL, "CHALLENGE"]
    assert challenge[3] == "hmac-sha256"
    connection.writer.write(connection.response_for(TOKEN))
    welcome = (await connection.read_line()).decode().split()
    assert welcome[:2] == [PROTOCOL, "WELCOME"]
    _, _, server_mac, stream_id, heartbeat = welcome
    expected = compute_mac(
        TOKEN, "server", (connection.server_nonce, connection.client_nonce, stream_id, heartbeat)
    )
    assert server_mac == expected
    assert heartbeat == "0.2"

    await forwarder.wait_for_log("connected (1 connected)")
    append(log_file, "first line", "second line")
    assert lines_of(await connection.read_frames(2)) == ["first line", "second line"]


async def test_wrong_token_is_refused_and_logged(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """A wrong token gets DENIED, no lines, and a logged reason."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    connection = await raw_connections(forwarder.port)

    reply = await connection.handshake("another-token-of-enough-length")

    assert reply == [PROTOCOL, "DENIED", "auth-failed"]
    assert await connection.read_line() == b""  # dropped
    assert "wrong token" in await forwarder.wait_for_log("refused client")


async def test_missing_token_is_refused(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """A client without a token cannot stream from a forwarder that has one."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    connection = await raw_connections(forwarder.port)

    reply = await connection.handshake(None)

    assert reply == [PROTOCOL, "DENIED", "auth-failed"]
    assert "no token proof" in await forwarder.wait_for_log("refused client")


async def test_replayed_handshake_is_refused(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """An answer recorded from a good connection does not open a new one (fresh nonce)."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    genuine = await raw_connections(forwarder.port)
    await genuine.challenge()
    recorded = genuine.response_for(TOKEN)
    genuine.writer.write(recorded)
    assert (await genuine.read_line()).split()[1] == b"WELCOME"

    attacker = await raw_connections(forwarder.port)
    new_challenge = await attacker.challenge()
    assert new_challenge[2] != genuine.server_nonce
    attacker.writer.write(recorded)

    assert (await attacker.read_line()).decode().split() == [PROTOCOL, "DENIED", "auth-failed"]


async def test_repeated_failures_are_rate_limited(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """After five failures a host is refused before any challenge, even with the right token."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    for _ in range(5):
        connection = await raw_connections(forwarder.port)
        assert (await connection.handshake("wrong-token-of-enough-length"))[2] == "auth-failed"

    connection = await raw_connections(forwarder.port)
    assert (await connection.read_line()).decode().split() == [PROTOCOL, "DENIED", "rate-limited"]
    await forwarder.wait_for_log("too many failed handshakes")


async def test_malformed_and_foreign_answers_are_refused(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """Garbage, an over-long line and another protocol version are each refused cleanly."""
    forwarder = await start_forwarder("--file", str(log_file), "--token", TOKEN)
    answers = {
        b"GET / HTTP/1.1\n": "bad-request",
        b"x" * 2000 + b"\n": "bad-request",
        b"STORJLOG/9 RESPONSE " + b"0" * 32 + b" - - -\n": "version",
    }
    for answer, reason in answers.items():
        connection = await raw_connections(forwarder.port)
        await connection.challenge()
        connection.writer.write(answer)
        assert (await connection.read_line()).decode().split() == [PROTOCOL, "DENIED", reason]


async def test_loopback_without_token_needs_no_proof(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """On 127.0.0.1 a token is optional: the challenge says so and no MAC is exchanged."""
    forwarder = await start_forwarder("--file", str(log_file))
    connection = await raw_connections(forwarder.port)

    welcome = await connection.handshake(None)

    assert welcome[:3] == [PROTOCOL, "WELCOME", "-"]


async def test_client_limit(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file
) -> None:
    """Beyond --max-clients a client is told the forwarder is busy (memory stays bounded)."""
    forwarder = await start_forwarder("--file", str(log_file), "--max-clients", "1")
    first = await raw_connections(forwarder.port)
    assert (await first.handshake(None))[1] == "WELCOME"
    await forwarder.wait_for_log("connected (1 connected)")

    second = await raw_connections(forwarder.port)

    assert (await second.read_line()).decode().split() == [PROTOCOL, "DENIED", "busy"]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the forwarder's command line to completion (for start-up refusals)."""
    return subprocess.run(
        [FORWARDER_PYTHON, str(FORWARDER_SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=10,
        env=env or {},
        check=False,
    )


def test_refuses_network_address_without_token(log_file) -> None:
    """The default 0.0.0.0 (or any non-loopback address) requires a token."""
    default = run_cli("--file", str(log_file))
    explicit = run_cli("--file", str(log_file), "--bind", "192.168.1.5:9999")

    for result in (default, explicit):
        assert result.returncode == 2
        assert "without a token" in result.stderr


def test_refuses_misuse(log_file, tmp_path) -> None:
    """Weak tokens, no source, two sources and half a TLS setup are refused at start."""
    cases = {
        ("--file", str(log_file), "--token", "short"): "at least 16 characters",
        ("--bind", "127.0.0.1:0"): "exactly one source",
        ("--file", str(log_file), "--stdin", "--bind", "127.0.0.1:0"): "exactly one source",
        (
            "--file",
            str(log_file),
            "--bind",
            "127.0.0.1:0",
            "--tls-cert",
            str(tmp_path / "c"),
        ): "go together",
        ("--stdin", "--bind", "127.0.0.1:0", "--state-file", "s"): "--state-file needs --file",
        ("--file", str(log_file), "--bind", "nonsense"): "HOST:PORT",
    }
    for args, message in cases.items():
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert message in result.stderr, (args, result.stderr)


async def test_options_from_environment(
    start_forwarder: StartForwarder, raw_connections: OpenRaw, log_file, monkeypatch
) -> None:
    """Containers configure it with STORJ_FORWARDER_* variables."""
    refused = run_cli(env={"STORJ_FORWARDER_FILE": str(log_file)})
    assert "without a token" in refused.stderr

    monkeypatch.setenv("STORJ_FORWARDER_FILE", str(log_file))
    monkeypatch.setenv("STORJ_FORWARDER_TOKEN", TOKEN)
    forwarder = await start_forwarder()
    connection = await raw_connections(forwarder.port)
    assert (await connection.handshake(TOKEN))[1] == "WELCOME"
