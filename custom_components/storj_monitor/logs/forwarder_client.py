"""Client of storj-log-forwarder: a remote node's log lines over TCP, optionally TLS.

The forwarder runs beside the node (see ``forwarder/README.md`` for the protocol and the security
model). This module has no Home Assistant imports; the log pipeline wraps it. Use it as::

    client = ForwarderClient("192.168.1.10", 9999, token=token)
    async with contextlib.aclosing(client.lines()) as lines:
        async for line in lines:
            ...

The iterator never ends on its own and raises nothing from the peer: whoever answers at the
address (the forwarder, a wrong host, an impostor, a man in the middle) can at worst make it
reconnect. Every failure is reported in `last_error`; malformed or hostile input is counted in
`protocol_errors`; each episode of failures is logged once. It reconnects with exponential
backoff and jitter and resumes after the last line it yielded. A configuration problem (wrong
token, untrusted certificate) is retried at the slowest pace, so fixing the forwarder's side is
enough to recover.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
import hashlib
import hmac
import logging
import math
import random
import re
import secrets
import ssl
from typing import Any

_LOGGER = logging.getLogger(__name__)

PROTOCOL = "STORJLOG/1"
AUTH_HMAC = "hmac-sha256"
AUTH_NONE = "none"
NONCE_BYTES = 16
# The forwarder cuts lines at 1 MiB at most; a frame adds its sequence number.
MAX_FRAME_BYTES = 1024 * 1024 + 64
# The longest handshake message is a WELCOME of about 160 bytes.
MAX_HANDSHAKE_BYTES = 512
MAX_HEARTBEAT = 3600.0
# Sequence numbers and counts fit in a signed 64-bit integer (19 digits at most).
MAX_SEQ = 2**63 - 1
# A forwarder restarted after a crash re-reads the lines it read after its last state save (at
# most a second's worth) with the same numbers: up to this many are skipped as duplicates. A
# resume point further ahead than this is impossible and is dropped instead.
REPLAY_WINDOW = 10_000
# Frames handled in a row before yielding to the event loop (a flood must not block it).
FRAMES_PER_YIELD = 1000
CLOSE_TIMEOUT = 1.0
_FINGERPRINT_RE = re.compile(r"[0-9a-f]{64}")
_STREAM_RE = re.compile(r"[0-9a-f]{1,64}")
_NONCE_RE = re.compile(r"[0-9a-f]{32}")
_MAC_RE = re.compile(r"[0-9a-f]{64}")
_LINE_FRAME = re.compile(rb"L (0|[1-9][0-9]{0,18}) ")
_COUNT_FRAME = re.compile(rb"([DH]) (0|[1-9][0-9]{0,18})\n")


class ForwarderError(Exception):
    """A connection problem: retried with backoff."""


class ForwarderAuthError(ForwarderError):
    """Authentication cannot succeed as configured (token or certificate): retried slowly."""


class ForwarderProtocolError(ForwarderError):
    """The peer sent something a version-1 forwarder never sends: counted, then retried."""


class ConnectionState(StrEnum):
    """Where the client is in its connect/stream/retry cycle."""

    IDLE = "idle"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    WAITING = "waiting"  # backing off before the next attempt
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class ResumePoint:
    """The last line received: the forwarder continues after it when the stream matches."""

    stream_id: str
    seq: int

    @classmethod
    def from_dict(cls, data: object) -> ResumePoint | None:
        """A persisted point, or None when it is missing or not one the client could have made."""
        if not isinstance(data, Mapping):
            return None
        stream_id, seq = data.get("stream_id"), data.get("seq")
        if not isinstance(stream_id, str) or not _STREAM_RE.fullmatch(stream_id):
            return None
        if type(seq) is not int or not 0 <= seq <= MAX_SEQ:
            return None
        return cls(stream_id, seq)

    def as_dict(self) -> dict[str, Any]:
        """What `from_dict` reads back."""
        return {"stream_id": self.stream_id, "seq": self.seq}


@dataclass(frozen=True, slots=True, kw_only=True)
class TlsSettings:
    """How to trust the forwarder's certificate; at least one of the two is required.

    `ca_pem` is the PEM text of the CA that signed the forwarder's certificate, or of the
    self-signed certificate itself (its name must then match the host). `fingerprint` pins the
    certificate's SHA-256 (as the forwarder logs it at start-up), whatever its name.
    """

    ca_pem: str | None = None
    fingerprint: str | None = None

    def __post_init__(self) -> None:
        """Refuse settings that would accept any certificate."""
        if not self.ca_pem and not self.fingerprint:
            raise ValueError("TLS needs a CA certificate or a certificate fingerprint")
        if self.fingerprint is not None and not _FINGERPRINT_RE.fullmatch(
            normalize_fingerprint(self.fingerprint)
        ):
            raise ValueError("the fingerprint must be 64 hex digits (SHA-256)")

    def create_context(self) -> ssl.SSLContext:
        """The client context (safe in the event loop: nothing is read from disk)."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if self.ca_pem:
            context.load_verify_locations(cadata=self.ca_pem)
        else:
            # Trust comes from the pinned fingerprint, checked right after the handshake.
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientTiming:
    """Timeouts and retry pacing (small values make tests fast)."""

    # Deadline for connecting, TLS and the whole handshake together.
    connect_timeout: float = 10.0
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    # The link counts as dead after this many heartbeat intervals without any complete frame.
    missed_heartbeats: float = 3.0


def normalize_fingerprint(fingerprint: str) -> str:
    """Lower-case hex without separators: accepts ``AB:CD:…`` as the forwarder logs it."""
    return fingerprint.replace(":", "").replace(" ", "").strip().lower()


def compute_mac(token: str, role: str, fields: tuple[str, ...]) -> str:
    """HMAC-SHA256 over the protocol name, the role and the handshake fields, hex encoded."""
    message = " ".join((PROTOCOL, role, *fields)).encode()
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


class _Link:
    """One authenticated connection, its dead-link watchdog and its sequence checks."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        silence_limit: float,
        *,
        expected: int | None,
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.timed_out = False
        self.silence_limit = silence_limit
        # The next line's number; None until the forwarder shows where it starts.
        self.expected = expected
        # Resumed, and no frame yet: the first one shows whether the forwarder has our point.
        self.probing = expected is not None
        # Lines up to this number are duplicates (the forwarder re-reads after a crash).
        self.skip_through: int | None = None
        self._loop = asyncio.get_running_loop()
        self._last_seen = self._loop.time()
        self._timer = self._loop.call_later(silence_limit, self._check_alive)

    def touch(self) -> None:
        """A complete frame arrived: the link is alive."""
        self._last_seen = self._loop.time()

    def _check_alive(self) -> None:
        silent_until = self._last_seen + self.silence_limit
        if self._loop.time() < silent_until:
            self._timer = self._loop.call_at(silent_until, self._check_alive)
            return
        self.timed_out = True
        self.writer.transport.abort()  # wakes the pending read

    async def close(self) -> None:
        self._timer.cancel()
        await _close_writer(self.writer)


class ForwarderClient:
    """Streams log lines from one storj-log-forwarder, reconnecting and resuming on its own."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        token: str | None = None,
        tls: TlsSettings | None = None,
        resume_from: ResumePoint | None = None,
        timing: ClientTiming | None = None,
    ) -> None:
        """Configure the client; nothing connects until `lines()` is iterated."""
        self.host = host
        self.port = port
        self._token = token or None
        self._tls = tls
        self._ssl_context = tls.create_context() if tls else None
        self._timing = timing or ClientTiming()
        self._resume = ResumePoint.from_dict(resume_from.as_dict()) if resume_from else None
        self._stream_id = self._resume.stream_id if self._resume else ""
        self._listeners: list[Callable[[], None]] = []
        self._iterating = False
        self._in_episode = False
        self.state = ConnectionState.IDLE
        self.last_error: str | None = None
        self.dropped_lines = 0
        self.reconnects = 0
        self.protocol_errors = 0
        self.heartbeat_interval: float | None = None

    @property
    def connected(self) -> bool:
        """True while authenticated and streaming."""
        return self.state is ConnectionState.CONNECTED

    @property
    def resume_point(self) -> ResumePoint | None:
        """The last line received; persist it to resume after a restart of the caller."""
        return self._resume

    def add_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` when state, last_error or one of the counters changes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    async def lines(self) -> AsyncGenerator[str]:
        """Yield log lines until closed; never raises because of what the peer sends."""
        if self._iterating:
            raise RuntimeError("lines() is already being iterated")
        self._iterating = True
        failures = 0
        has_connected = False
        try:
            while True:
                link: _Link | None = None
                pause: float | None = None
                try:
                    link = await self._open_link()
                    if has_connected:
                        self.reconnects += 1
                    has_connected = True
                    self._set_state(ConnectionState.CONNECTED)
                    while True:
                        line = await self._next_line(link)
                        # A line ends the episode: faults that let none through keep backing off.
                        self._recovered()
                        failures = 0
                        yield line
                except ForwarderAuthError as err:
                    self._fail(str(err), logging.ERROR)
                    pause = self._timing.backoff_max  # only the user can fix it
                except ForwarderProtocolError as err:
                    self.protocol_errors += 1
                    self._fail(f"protocol error: {err}", logging.WARNING)
                except ForwarderError as err:
                    self._fail(str(err), logging.WARNING)
                except (OSError, TimeoutError) as err:
                    self._fail(_describe(err), logging.WARNING)
                finally:
                    if link is not None:
                        await link.close()
                self._set_state(ConnectionState.WAITING)
                await asyncio.sleep(pause if pause is not None else self._backoff(failures))
                failures += 1
        finally:
            self._iterating = False
            self._set_state(ConnectionState.CLOSED)

    async def _open_link(self) -> _Link:
        self._set_state(ConnectionState.CONNECTING)
        async with asyncio.timeout(self._timing.connect_timeout):
            try:
                reader, writer = await asyncio.open_connection(
                    self.host, self.port, ssl=self._ssl_context, limit=MAX_FRAME_BYTES
                )
            except ssl.SSLCertVerificationError as err:
                raise ForwarderAuthError(
                    f"the forwarder's certificate is not trusted: {err.verify_message}"
                ) from err
            try:
                self._check_fingerprint(writer)
                heartbeat, expected = await self._handshake(reader, writer)
            except BaseException:
                writer.transport.abort()
                raise
        self.heartbeat_interval = heartbeat
        return _Link(reader, writer, heartbeat * self._timing.missed_heartbeats, expected=expected)

    def _check_fingerprint(self, writer: asyncio.StreamWriter) -> None:
        if self._tls is None or self._tls.fingerprint is None:
            return
        ssl_object: ssl.SSLObject = writer.get_extra_info("ssl_object")
        certificate = ssl_object.getpeercert(binary_form=True) or b""
        actual = hashlib.sha256(certificate).hexdigest()
        if not hmac.compare_digest(actual, normalize_fingerprint(self._tls.fingerprint)):
            raise ForwarderAuthError(
                "the forwarder's certificate does not match the pinned fingerprint"
            )

    async def _handshake(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> tuple[float, int | None]:
        """Mutual challenge-response; the heartbeat interval and the next expected line."""
        challenge = await _read_handshake_line(reader, "CHALLENGE", 4)
        server_nonce, auth = challenge[2], challenge[3]
        if auth not in (AUTH_HMAC, AUTH_NONE) or not _NONCE_RE.fullmatch(server_nonce):
            raise ForwarderProtocolError("malformed CHALLENGE")
        if auth == AUTH_HMAC and self._token is None:
            raise ForwarderAuthError("the forwarder requires a token")
        if auth == AUTH_NONE and self._token is not None:
            raise ForwarderAuthError(
                "the forwarder has no token set, so it cannot prove it is the real one; "
                "set the same token on the forwarder"
            )
        client_nonce = secrets.token_hex(NONCE_BYTES)
        resume = self._resume
        fields = (
            server_nonce,
            client_nonce,
            resume.stream_id if resume else "-",
            str(resume.seq) if resume else "-",
        )
        client_mac = compute_mac(self._token, "client", fields) if self._token else "-"
        response = f"{PROTOCOL} RESPONSE {client_nonce} {client_mac} {fields[2]} {fields[3]}\n"
        writer.write(response.encode())
        welcome = await _read_handshake_line(reader, "WELCOME", 5)
        server_mac, stream_id, heartbeat_text = welcome[2], welcome[3], welcome[4]
        if self._token is not None:
            if not _MAC_RE.fullmatch(server_mac):
                raise ForwarderProtocolError("malformed WELCOME")
            expected_mac = compute_mac(
                self._token, "server", (server_nonce, client_nonce, stream_id, heartbeat_text)
            )
            if not hmac.compare_digest(server_mac, expected_mac):
                raise ForwarderProtocolError("the forwarder could not prove it knows the token")
        try:
            heartbeat = float(heartbeat_text)
        except ValueError:
            heartbeat = math.nan
        if not _STREAM_RE.fullmatch(stream_id) or not 0 < heartbeat <= MAX_HEARTBEAT:
            raise ForwarderProtocolError("malformed WELCOME")
        self._stream_id = stream_id
        if resume is not None and resume.stream_id == stream_id:
            return heartbeat, resume.seq + 1
        # New client, or a new numbering (forwarder restarted without state): it sends from
        # where it is, and the first line sets the numbering.
        return heartbeat, None

    async def _next_line(self, link: _Link) -> str:
        """The next new line; checks and handles every frame before it."""
        reader = link.reader
        handled = 0
        while True:
            handled += 1
            if handled % FRAMES_PER_YIELD == 0:
                await asyncio.sleep(0)  # buffered frames never suspend readline()
            try:
                raw = await reader.readline()
            except ValueError:  # asyncio's limit, hit before a newline
                raise ForwarderProtocolError("over-long frame") from None
            if not raw.endswith(b"\n"):
                if link.timed_out:
                    raise ForwarderError(
                        f"no data or heartbeat from the forwarder for {link.silence_limit:g} s"
                    )
                raise ForwarderError("the forwarder closed the connection")
            link.touch()
            if (line := _LINE_FRAME.match(raw)) is not None:
                if self._accept_line(link, int(line[1])):
                    return raw[line.end() : -1].decode("utf-8", "replace")
                continue
            if (frame := _COUNT_FRAME.fullmatch(raw)) is None:
                raise ForwarderProtocolError(f"unexpected frame {raw[:32]!r}")
            if frame[1] == b"D":
                self._accept_drop(link, int(frame[2]))
            else:
                self._accept_heartbeat(link, int(frame[2]))

    def _accept_line(self, link: _Link, seq: int) -> bool:
        """Check an L frame's number; True when its line is new and is to be yielded."""
        expected, probing = link.expected, link.probing
        link.probing = False
        if link.skip_through is None and expected is not None and seq != expected:
            if not probing or seq > expected:
                raise ForwarderProtocolError(f"line {seq} where line {expected} was due")
            # The forwarder is behind the resume point: its numbering goes no further.
            if expected - 1 - seq < REPLAY_WINDOW:
                link.skip_through = expected - 1
            else:
                self._reset_numbering(seq - 1)
        elif expected is not None and seq != expected:
            raise ForwarderProtocolError(f"line {seq} where line {expected} was due")
        link.expected = seq + 1
        if link.skip_through is not None:
            if seq <= link.skip_through:
                return False  # re-read by a forwarder restarted from an older state
            link.skip_through = None
        self._resume = ResumePoint(self._stream_id, seq)
        return True

    def _accept_drop(self, link: _Link, count: int) -> None:
        expected = link.expected
        if count == 0 or (expected is not None and expected + count > MAX_SEQ):
            raise ForwarderProtocolError(f"impossible count of skipped lines {count}")
        # Skipped lines lie beyond the resume point: the forwarder is not behind it.
        link.probing = False
        if expected is not None:
            link.expected = expected + count
        self.dropped_lines += count
        self._notify()

    def _accept_heartbeat(self, link: _Link, newest: int) -> None:
        """H <newest line>: the forwarder has nothing after it for now."""
        expected = link.expected
        if expected is None or newest >= expected - 1:
            link.probing = False
            return
        if link.probing or link.skip_through is not None:
            # It does not have the lines up to the resume point: take its numbering.
            link.probing = False
            link.skip_through = None
            link.expected = newest + 1
            self._reset_numbering(newest)
            return
        raise ForwarderProtocolError(f"heartbeat at line {newest} after line {expected - 1}")

    def _reset_numbering(self, newest: int) -> None:
        """The resume point lies beyond the forwarder's lines: continue from its numbering."""
        stale = self._resume
        self._resume = ResumePoint(self._stream_id, newest)
        self.protocol_errors += 1
        message = (
            f"resume point {stale.seq if stale else '-'} is ahead of the forwarder's newest "
            f"line {newest}: continuing from there"
        )
        _LOGGER.warning("Log forwarder %s:%s: %s", self.host, self.port, message)
        self.last_error = message
        self._notify()

    def _backoff(self, failures: int) -> float:
        timing = self._timing
        ceiling = min(timing.backoff_max, timing.backoff_initial * 2.0 ** min(failures, 30))
        return ceiling * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not security

    def _fail(self, message: str, level: int) -> None:
        """Record a failure; only the first of an episode is logged above debug."""
        if not self._in_episode:
            self._in_episode = True
            _LOGGER.log(level, "Log forwarder %s:%s: %s; retrying", self.host, self.port, message)
        else:
            _LOGGER.debug("Log forwarder %s:%s: %s", self.host, self.port, message)
        self.last_error = message
        self._notify()

    def _recovered(self) -> None:
        if self._in_episode:
            self._in_episode = False
            _LOGGER.info("Log forwarder %s:%s: streaming again", self.host, self.port)

    def _set_state(self, state: ConnectionState) -> None:
        if state is not self.state:
            self.state = state
            self._notify()

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()


async def _read_handshake_line(
    reader: asyncio.StreamReader, expected: str, field_count: int
) -> list[str]:
    try:
        raw = await reader.readline()
    except ValueError:  # asyncio's limit, hit before a newline
        raise ForwarderProtocolError("over-long handshake message") from None
    if not raw.endswith(b"\n"):
        raise ForwarderError("the forwarder closed the connection during the handshake")
    if len(raw) > MAX_HANDSHAKE_BYTES or not raw.isascii():
        raise ForwarderProtocolError(f"malformed handshake message {raw[:40]!r}")
    fields = raw.decode("ascii").split()
    if len(fields) == 3 and fields[0] == PROTOCOL and fields[1] == "DENIED":
        raise _denied_error(fields[2])
    if not fields or fields[0] != PROTOCOL:
        raise ForwarderProtocolError(
            f"not a compatible storj-log-forwarder (expected {PROTOCOL}): {raw[:40]!r}"
        )
    if len(fields) != field_count or fields[1] != expected:
        raise ForwarderProtocolError(f"malformed handshake message {raw[:40]!r}")
    return fields


def _denied_error(reason: str) -> ForwarderError:
    if reason == "auth-failed":
        return ForwarderAuthError("the forwarder rejected the token")
    if reason == "version":
        return ForwarderProtocolError("the forwarder does not support this protocol version")
    messages = {
        "rate-limited": "the forwarder is refusing this host after repeated failed logins",
        "busy": "the forwarder is already serving its maximum number of clients",
    }
    return ForwarderError(
        messages.get(reason, f"the forwarder refused the connection: {reason[:32]}")
    )


async def _close_writer(writer: asyncio.StreamWriter) -> None:
    writer.close()
    try:
        # A TLS goodbye needs the peer's answer: do not wait long for a vanished one.
        async with asyncio.timeout(CLOSE_TIMEOUT):
            await writer.wait_closed()
    except OSError, TimeoutError:
        writer.transport.abort()


def _describe(err: OSError | TimeoutError) -> str:
    if isinstance(err, TimeoutError):
        return "timed out connecting to the forwarder"
    if isinstance(err, ConnectionRefusedError):
        return "connection refused: is the forwarder running and listening on this port?"
    if isinstance(err, ssl.SSLError):
        return f"TLS error: {err.reason or err}"
    return err.strerror or str(err) or type(err).__name__
