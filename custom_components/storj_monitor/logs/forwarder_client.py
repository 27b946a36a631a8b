"""Client of storj-log-forwarder: a remote node's log lines over TCP, optionally TLS.

The forwarder runs beside the node (see ``forwarder/README.md`` for the protocol and the security
model). This module has no Home Assistant imports; the log pipeline wraps it. Use it as::

    client = ForwarderClient("192.168.1.10", 9999, token=token)
    async with contextlib.aclosing(client.lines()) as lines:
        async for line in lines:
            ...

The iterator reconnects by itself (exponential backoff with jitter) and resumes after the last
line it yielded. Only errors that retrying cannot fix (wrong token, a forwarder that cannot prove
it knows the token, a certificate that does not match, an incompatible forwarder) end it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from enum import StrEnum
import hashlib
import hmac
import logging
import random
import re
import secrets
import ssl

_LOGGER = logging.getLogger(__name__)

PROTOCOL = "STORJLOG/1"
AUTH_HMAC = "hmac-sha256"
AUTH_NONE = "none"
NONCE_BYTES = 16
# The forwarder cuts lines at 1 MiB at most; a frame adds its sequence number.
MAX_FRAME_BYTES = 1024 * 1024 + 64
CLOSE_TIMEOUT = 1.0
_FINGERPRINT_RE = re.compile(r"[0-9a-f]{64}")
_STREAM_RE = re.compile(r"[0-9a-f]{1,64}")


class ForwarderError(Exception):
    """A connection problem; `ForwarderClient.lines` retries these by itself."""


class ForwarderAuthError(ForwarderError):
    """Authentication cannot succeed as configured (token or certificate); not retried."""


class ForwarderProtocolError(ForwarderError):
    """The forwarder speaks another protocol version; not retried."""


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

    connect_timeout: float = 10.0
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    # The link counts as dead after this many heartbeat intervals without any data.
    missed_heartbeats: float = 3.0


def normalize_fingerprint(fingerprint: str) -> str:
    """Lower-case hex without separators: accepts ``AB:CD:…`` as the forwarder logs it."""
    return fingerprint.replace(":", "").replace(" ", "").strip().lower()


def compute_mac(token: str, role: str, fields: tuple[str, ...]) -> str:
    """HMAC-SHA256 over the protocol name, the role and the handshake fields, hex encoded."""
    message = " ".join((PROTOCOL, role, *fields)).encode()
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


class _Link:
    """One authenticated connection and its dead-link watchdog."""

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, silence_limit: float
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.timed_out = False
        self.silence_limit = silence_limit
        self._loop = asyncio.get_running_loop()
        self._last_seen = self._loop.time()
        self._timer = self._loop.call_later(silence_limit, self._check_alive)

    def touch(self) -> None:
        """Data arrived: the link is alive."""
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
        self.writer.close()
        try:
            # A TLS goodbye needs the peer's answer: do not wait long for a vanished one.
            async with asyncio.timeout(CLOSE_TIMEOUT):
                await self.writer.wait_closed()
        except OSError, TimeoutError:
            self.writer.transport.abort()


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
        self._resume = resume_from
        self._stream_id = resume_from.stream_id if resume_from else ""
        self._listeners: list[Callable[[], None]] = []
        self._iterating = False
        self.state = ConnectionState.IDLE
        self.last_error: str | None = None
        self.dropped_lines = 0
        self.reconnects = 0
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
        """Call `listener` when state, last_error, dropped_lines or reconnects change."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    async def lines(self) -> AsyncGenerator[str]:
        """Yield log lines forever; raises only `ForwarderAuthError`/`ForwarderProtocolError`."""
        if self._iterating:
            raise RuntimeError("lines() is already being iterated")
        self._iterating = True
        failures = 0
        has_connected = False
        try:
            while True:
                link: _Link | None = None
                try:
                    link = await self._open_link()
                    if has_connected:
                        self.reconnects += 1
                    has_connected = True
                    failures = 0
                    self._set_state(ConnectionState.CONNECTED)
                    while True:
                        yield await self._next_line(link)
                except (ForwarderAuthError, ForwarderProtocolError) as err:
                    self._note_error(str(err))
                    raise
                except ForwarderError as err:
                    self._note_error(str(err))
                except (OSError, TimeoutError) as err:
                    self._note_error(_describe(err))
                finally:
                    if link is not None:
                        await link.close()
                self._set_state(ConnectionState.WAITING)
                await asyncio.sleep(self._backoff(failures))
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
                heartbeat = await self._handshake(reader, writer)
            except BaseException:
                writer.close()
                raise
        self.heartbeat_interval = heartbeat
        return _Link(reader, writer, heartbeat * self._timing.missed_heartbeats)

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

    async def _handshake(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> float:
        """Mutual challenge-response; returns the forwarder's heartbeat interval."""
        challenge = await _read_handshake_line(reader, "CHALLENGE", 4)
        server_nonce, auth = challenge[2], challenge[3]
        if auth == AUTH_HMAC and self._token is None:
            raise ForwarderAuthError("the forwarder requires a token")
        if auth == AUTH_NONE and self._token is not None:
            raise ForwarderAuthError(
                "the forwarder has no token set, so it cannot prove it is the real one; "
                "set the same token on the forwarder"
            )
        if auth not in (AUTH_HMAC, AUTH_NONE):
            raise ForwarderProtocolError(f"unknown authentication method {auth[:32]!r}")
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
            expected = compute_mac(
                self._token, "server", (server_nonce, client_nonce, stream_id, heartbeat_text)
            )
            if not hmac.compare_digest(server_mac, expected):
                raise ForwarderAuthError("the forwarder could not prove it knows the token")
        try:
            heartbeat = float(heartbeat_text)
        except ValueError:
            heartbeat = 0.0
        if not _STREAM_RE.fullmatch(stream_id) or not 0 < heartbeat <= 3600:
            raise ForwarderError("malformed handshake from the forwarder")
        if resume is not None and resume.stream_id != stream_id:
            # A new numbering (the forwarder restarted without state): it sends all it holds.
            self._resume = None
        self._stream_id = stream_id
        return heartbeat

    async def _next_line(self, link: _Link) -> str:
        reader = link.reader
        while True:
            try:
                raw = await reader.readline()
            except ValueError:
                raise ForwarderError("the forwarder sent an over-long frame") from None
            if not raw.endswith(b"\n"):
                if link.timed_out:
                    raise ForwarderError(
                        f"no data or heartbeat from the forwarder for {link.silence_limit:g} s"
                    )
                raise ForwarderError("the forwarder closed the connection")
            link.touch()
            kind = raw[:2]
            if kind == b"L ":
                space = raw.index(b" ", 2)
                seq = int(raw[2:space])
                resume = self._resume
                if resume is not None and seq <= resume.seq:
                    continue  # already yielded before a reconnect
                self._resume = ResumePoint(self._stream_id, seq)
                return raw[space + 1 : -1].decode("utf-8", "replace")
            if kind == b"D ":
                self.dropped_lines += int(raw[2:])
                self._notify()
            elif kind != b"H ":
                raise ForwarderError(f"unexpected frame from the forwarder: {raw[:32]!r}")

    def _backoff(self, failures: int) -> float:
        timing = self._timing
        ceiling = min(timing.backoff_max, timing.backoff_initial * 2.0 ** min(failures, 30))
        return ceiling * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not security

    def _note_error(self, message: str) -> None:
        _LOGGER.debug("forwarder %s:%s: %s", self.host, self.port, message)
        self.last_error = message
        self._notify()

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
    raw = await reader.readline()
    if not raw.endswith(b"\n"):
        raise ForwarderError("the forwarder closed the connection during the handshake")
    fields = raw.decode("ascii", "replace").split()
    if len(fields) == 3 and fields[1] == "DENIED":
        raise _denied_error(fields[2])
    if not fields or fields[0] != PROTOCOL:
        raise ForwarderProtocolError(
            f"not a compatible storj-log-forwarder (expected {PROTOCOL}): {raw[:40]!r}"
        )
    if len(fields) != field_count or fields[1] != expected:
        raise ForwarderError(f"malformed handshake from the forwarder: {raw[:40]!r}")
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
    return ForwarderError(messages.get(reason, f"the forwarder refused the connection: {reason}"))


def _describe(err: OSError | TimeoutError) -> str:
    if isinstance(err, TimeoutError):
        return "timed out connecting to the forwarder"
    if isinstance(err, ConnectionRefusedError):
        return "connection refused: is the forwarder running and listening on this port?"
    if isinstance(err, ssl.SSLError):
        return f"TLS error: {err.reason or err}"
    return err.strerror or str(err) or type(err).__name__
