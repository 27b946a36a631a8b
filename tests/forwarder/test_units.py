"""The forwarder's pure building blocks, in process, plus its promise to run on Python 3.9."""

from __future__ import annotations

import ast
import asyncio
import secrets
import time
from unittest.mock import patch

import pytest

from custom_components.storj_monitor.logs import forwarder_client
from forwarder import storj_log_forwarder as forwarder

from .conftest import FORWARDER_SCRIPT, TIMEOUT, TOKEN

STRONG_TOKEN = "k3J9-qZ7vX2mW8rT5yB4nH6"


def test_source_parses_as_python_3_9() -> None:
    """Node hosts have old Pythons: no syntax newer than 3.9 (match, except*, …)."""
    ast.parse(FORWARDER_SCRIPT.read_text(), feature_version=(3, 9))


def test_both_sides_compute_the_same_mac() -> None:
    """The client and the forwarder are separate programs: their MACs must agree."""
    fields = ("a" * 32, "b" * 32, "-", "-")
    assert forwarder.compute_mac("secret", "client", fields) == forwarder_client.compute_mac(
        "secret", "client", fields
    )
    assert forwarder.PROTOCOL == forwarder_client.PROTOCOL
    assert forwarder.compute_mac("secret", "client", fields) != forwarder.compute_mac(
        "secret", "server", fields
    )


def test_splitter_cuts_and_skips_the_rest_of_a_long_line() -> None:
    """The head of an endless line goes out at once; its tail is dropped up to the newline."""
    splitter = forwarder.LineSplitter(max_line_bytes=8)

    assert splitter.feed(b"short\nexactly8\nunfinish") == [b"short", b"exactly8"]
    assert splitter.pending_bytes == 8
    assert splitter.feed(b"ed and far too long") == [b"unfinish"]
    assert splitter.pending_bytes == 0
    assert splitter.feed(b" still the same line") == []
    assert splitter.feed(b"...end\r\nnext\r\n") == [b"next"]
    assert splitter.feed(b"tail") == []
    assert splitter.flush() == [b"tail"]
    assert splitter.cut_lines == 1


def test_splitter_cuts_complete_long_lines() -> None:
    """A long line that arrives whole is cut the same way."""
    splitter = forwarder.LineSplitter(max_line_bytes=4)
    assert splitter.feed(b"abcdefgh\nok\n") == [b"abcd", b"ok"]


def test_buffer_drops_oldest_by_count_and_by_size() -> None:
    """Both bounds hold; sequence numbers keep counting."""
    by_count = forwarder.LineBuffer(max_lines=3, max_bytes=1000, first_seq=1)
    by_count.append([b"a", b"b", b"c", b"d"])
    assert (by_count.oldest_seq, by_count.next_seq) == (2, 5)
    assert by_count.frames_from(2, 1000) == [b"L 2 b\n", b"L 3 c\n", b"L 4 d\n"]

    by_size = forwarder.LineBuffer(max_lines=100, max_bytes=20, first_seq=7)
    by_size.append([b"12345", b"12345", b"12345"])  # frames of 10 bytes
    assert (by_size.oldest_seq, by_size.next_seq) == (8, 10)
    assert by_size.frames_from(8, 10) == [b"L 8 12345\n"]


def test_buffer_append_stops_before_dropping_a_kept_line() -> None:
    """`keep_from`: lines a live client still needs are never dropped; appending stops."""
    buffer = forwarder.LineBuffer(max_lines=3, max_bytes=1000, first_seq=1)
    assert buffer.append([b"a", b"b", b"c"], keep_from=1) == 3

    assert buffer.append([b"d", b"e"], keep_from=2) == 1  # line 1 may go, line 2 may not
    assert (buffer.oldest_seq, buffer.next_seq) == (2, 5)
    assert buffer.append([b"e"], keep_from=2) == 0
    assert buffer.frames_from(2, 1000) == [b"L 2 b\n", b"L 3 c\n", b"L 4 d\n"]
    # Without a client to protect, the oldest lines drop out as before.
    assert buffer.append([b"e", b"f"]) == 2
    assert (buffer.oldest_seq, buffer.next_seq) == (4, 7)


def test_buffer_append_keeps_lines_within_the_byte_bound_too() -> None:
    """The byte bound is respected as strictly: a big line waits rather than push one out."""
    buffer = forwarder.LineBuffer(max_lines=100, max_bytes=30, first_seq=1)
    assert buffer.append([b"12345", b"12345"], keep_from=1) == 2  # frames of 10 bytes
    # A 30-byte frame: line 1 may go, but line 2 would have to go as well.
    assert buffer.append([b"x" * 25], keep_from=2) == 0
    assert (buffer.oldest_seq, buffer.next_seq) == (2, 3)
    assert buffer.append([b"x" * 25], keep_from=3) == 1
    assert (buffer.oldest_seq, buffer.next_seq) == (3, 4)


def test_buffer_notifies_only_when_lines_were_added() -> None:
    """Sessions are woken by real lines, not by a refused append."""
    buffer = forwarder.LineBuffer(max_lines=2, max_bytes=1000, first_seq=1)
    calls: list[None] = []
    remove = buffer.add_listener(lambda: calls.append(None))
    buffer.append([b"a", b"b"])
    buffer.append([b"c"], keep_from=1)
    assert len(calls) == 1
    remove()
    buffer.append([b"c"])
    assert len(calls) == 1


class _StuckWriter:
    """A connection whose peer reads nothing: drain() waits until `release`."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.written: list[bytes] = []

    def writelines(self, frames: list[bytes]) -> None:
        self.written += frames

    async def drain(self) -> None:
        await self.release.wait()


async def test_session_is_stalled_after_its_connection_took_nothing_for_a_second() -> None:
    """Stalled = a write has waited STALL_TIMEOUT for the peer; taking data makes it live."""
    buffer = forwarder.LineBuffer(max_lines=10, max_bytes=1000, first_seq=1)
    writer = _StuckWriter()
    progress: list[None] = []
    session = forwarder.ClientSession(
        buffer,
        reader=asyncio.StreamReader(),
        writer=writer,  # type: ignore[arg-type]
        cursor=1,
        heartbeat=15,
        on_progress=lambda: progress.append(None),
    )
    running = asyncio.ensure_future(session.run())
    started = time.monotonic()
    buffer.append([b"a", b"b"])
    async with asyncio.timeout(TIMEOUT):
        while not writer.written:  # noqa: ASYNC110 (the session runs in this loop)
            await asyncio.sleep(0)
    assert not session.stalled(started + forwarder.STALL_TIMEOUT - 0.001)
    assert session.stalled(time.monotonic() + forwarder.STALL_TIMEOUT)

    writer.release.set()  # the peer reads again
    async with asyncio.timeout(TIMEOUT):
        while not progress:  # noqa: ASYNC110
            await asyncio.sleep(0)
    assert not session.stalled(time.monotonic() + 10)  # nothing waits for it any more
    session.stop()
    await running
    assert writer.written == [b"L 1 a\n", b"L 2 b\n"]


def test_limiter_blocks_after_repeated_failures_then_forgets() -> None:
    """Five failures within the window block a host; the window passing unblocks it."""
    limiter = forwarder.FailureLimiter(max_failures=5, window=60, max_hosts=2)
    with patch.object(forwarder.time, "monotonic", return_value=1000.0):
        for _ in range(4):
            assert limiter.begin("10.0.0.1")  # each attempt fails: never forgiven
        assert not limiter.is_blocked("10.0.0.1")
        assert limiter.begin("10.0.0.1")
        assert limiter.is_blocked("10.0.0.1")
        assert not limiter.begin("10.0.0.1")
        assert not limiter.is_blocked("10.0.0.2")
    with patch.object(forwarder.time, "monotonic", return_value=1061.0):
        assert not limiter.is_blocked("10.0.0.1")


def test_limiter_counts_attempts_when_they_start() -> None:
    """Attempts in flight count at once (parallel guesses); only a success is forgiven."""
    limiter = forwarder.FailureLimiter(max_failures=5, window=60)
    assert all(limiter.begin("10.0.0.1") for _ in range(5))  # none has finished yet

    assert not limiter.begin("10.0.0.1")
    limiter.forgive("10.0.0.1")  # one of them had the right token
    assert limiter.begin("10.0.0.1")
    for _ in range(5):
        limiter.forgive("10.0.0.1")
    limiter.forgive("10.0.0.1")  # more than was counted: harmless
    assert not limiter.is_blocked("10.0.0.1")


def test_limiter_memory_is_bounded() -> None:
    """Failures from many addresses cannot grow the table without bound."""
    limiter = forwarder.FailureLimiter(max_failures=1, window=60, max_hosts=2)
    for host in ("a", "b", "c"):
        assert limiter.begin(host)
    assert not limiter.is_blocked("a")  # evicted, the oldest
    assert limiter.is_blocked("c")


def test_log_throttle_logs_once_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    """A recurring problem is one line per interval, which says how often it recurred."""
    throttle = forwarder.LogThrottle(interval=10)
    with patch.object(forwarder.time, "monotonic", return_value=100.0):
        for _ in range(1000):
            throttle.warning("out of %s", "descriptors")
    with patch.object(forwarder.time, "monotonic", return_value=110.0):
        throttle.warning("out of %s", "descriptors")

    assert [record.getMessage() for record in caplog.records] == [
        "out of descriptors",
        "out of descriptors (999 more since the last report)",
    ]


@pytest.mark.parametrize(
    "token",
    [
        "aaaaaaaaaaaaaaaa",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "abababababababababababab",
        "0123456789abcdef",
        "abcdefghijklmnopqrstuvwxyz",
        "0123456789abcdefXYZ",
        "password12345678",
        "short",
    ],
)
def test_weak_tokens_are_named(token: str) -> None:
    """Repetitive, counting or short tokens are weak."""
    assert forwarder.token_weakness(token) is not None


def test_random_tokens_are_strong() -> None:
    """Generated tokens, and random hex of 32 digits, pass; the generator is random."""
    generated = {forwarder.generate_token() for _ in range(200)}
    assert len(generated) == 200
    for token in generated:
        assert len(token) == 32
        assert forwarder.token_weakness(token) is None, token
    for _ in range(200):
        token = secrets.token_hex(16)
        assert forwarder.token_weakness(token) is None, token
    assert forwarder.token_weakness(TOKEN) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("127.0.0.1:9999", ("127.0.0.1", 9999)),
        ("[::1]:0", ("::1", 0)),
        ("0.0.0.0:9999", ("0.0.0.0", 9999)),
    ],
)
def test_parse_bind(value: str, expected: tuple[str, int]) -> None:
    """HOST:PORT and [IPv6]:PORT."""
    assert forwarder.parse_bind(value) == expected


@pytest.mark.parametrize("value", ["9999", ":9999", "host:", "host:99999", "host:http"])
def test_parse_bind_rejects(value: str) -> None:
    """Anything else is an error, not a guess."""
    with pytest.raises(ValueError, match="HOST:PORT"):
        forwarder.parse_bind(value)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.2", False),
        ("nas.local", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    """Only addresses unreachable from the network may go without a token."""
    assert forwarder.is_loopback(host) is loopback


def test_environment_variables_become_options() -> None:
    """STORJ_FORWARDER_* map to options; flags take truthy words; the command line wins."""
    environ = {
        "STORJ_FORWARDER_FILE": "/logs/node.log",
        "STORJ_FORWARDER_FROM_START": "yes",
        "STORJ_FORWARDER_STDIN": "0",
        "STORJ_FORWARDER_TOKEN": STRONG_TOKEN,
        "STORJ_FORWARDER_HEARTBEAT": "5",
        "STORJ_FORWARDER_UNKNOWN": "ignored",
    }
    assert forwarder.options_from_environment(environ) == [
        "--file=/logs/node.log",
        "--from-start",
        f"--token={STRONG_TOKEN}",
        "--heartbeat=5",
    ]
    settings, _ = forwarder.parse_settings(["--heartbeat", "2"], environ)
    assert (settings.heartbeat, settings.token, settings.from_start) == (
        2.0,
        STRONG_TOKEN,
        True,
    )


def test_token_file(tmp_path) -> None:
    """A token can come from a file (systemd credentials, Docker secrets), trimmed."""
    token_file = tmp_path / "token"
    token_file.write_text(f"{STRONG_TOKEN}\n")
    settings, _ = forwarder.parse_settings(["--file", "x.log", "--token-file", str(token_file)], {})
    assert settings.token == STRONG_TOKEN
    assert (settings.host, settings.port) == ("0.0.0.0", 9999)
