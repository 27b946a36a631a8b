#!/usr/bin/env python3
"""storj-log-forwarder: serve a Storj storage node's log lines to Home Assistant.

Runs on the node's own machine: one file, standard library only, Python >= 3.9, so it can be
copied onto a NAS or a Pi and started as is. The protocol and the security model are described
in README.md next to this file.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
from collections import deque
from collections.abc import Callable, Sequence
import contextlib
from dataclasses import dataclass
import glob
import hashlib
import hmac
import io
import json
import logging
import math
import os
import re
import signal
import socket
import ssl
import sys
import threading
import time

__version__ = "0.1.0"

PROTOCOL = "STORJLOG/1"
AUTH_HMAC = "hmac-sha256"
AUTH_NONE = "none"
NONCE_BYTES = 16
MIN_TOKEN_LENGTH = 16
# Off loopback a recorded handshake lets an eavesdropper guess the token offline: ask for an
# estimated 56 bits (the estimate is low: 16 random hex digits, 64 bits, nearly always pass).
MIN_TOKEN_BITS = 56
MIN_TOKEN_DISTINCT = 8
GENERATED_TOKEN_BYTES = 24
HANDSHAKE_LINE_LIMIT = 512
HANDSHAKE_TIMEOUT = 10.0
# Handshakes in progress (unauthenticated connections): per address and in total. Beyond
# these a connection is closed at once, so a flood costs neither memory nor descriptors.
MAX_PENDING_PER_HOST = 4  # below FAILURES_BEFORE_BLOCK: a flood is not a lockout
MAX_PENDING_TOTAL = 64
LISTEN_BACKLOG = 1024
ACCEPT_ERROR_PAUSE = 0.1
THROTTLED_LOG_INTERVAL = 10.0
READ_CHUNK = 64 * 1024
SEND_BATCH_BYTES = 64 * 1024  # so that a drain waits for little: see ClientSession.stalled
# A client whose connection takes nothing for this long is stalled: reading no longer waits
# for it. While reading waits for clients, it looks again at least this often.
STALL_TIMEOUT = 1.0
PACE_RECHECK = 0.1
# While no client is connected, wait this long for one before the buffer overflows.
DEFAULT_RESUME_WAIT = 60.0
STATE_SAVE_INTERVAL = 1.0
FAILURES_BEFORE_BLOCK = 5
FAILURE_WINDOW = 60.0
SHUTDOWN_FLUSH_TIMEOUT = 1.0
# Rotated files: `{name}` is the log's file name, `{n}` the generation (1 = newest).
DEFAULT_ROTATED_NAME = "{name}.{n}"
MAX_GENERATIONS = 9
HEAD_BYTES = 256  # the first bytes of a file, to recognise it after copy-truncate
ENV_PREFIX = "STORJ_FORWARDER_"

# The builtin TimeoutError only from Python 3.11 on; a distinct class before.
WaitTimeout = asyncio.TimeoutError
_LOGGER = logging.getLogger("storj_log_forwarder")
_NONCE_RE = re.compile(f"[0-9a-f]{{{2 * NONCE_BYTES}}}")
_MAC_RE = re.compile(r"[0-9a-f]{64}")
_STREAM_RE = re.compile(r"[0-9a-f]{1,64}")


def compute_mac(token: str, role: str, fields: Sequence[str]) -> str:
    """HMAC-SHA256 over the protocol name, the role and the handshake fields, hex encoded."""
    message = " ".join((PROTOCOL, role, *fields)).encode()
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


class LineSplitter:
    """Turns a byte stream into complete lines, never holding more than one capped line."""

    def __init__(self, max_line_bytes: int) -> None:
        self._max = max_line_bytes
        self._partial = b""
        self._discarding = False
        self.cut_lines = 0

    @property
    def pending_bytes(self) -> int:
        """Bytes of an unfinished line held back until its newline arrives."""
        return len(self._partial)

    def feed(self, chunk: bytes) -> list[bytes]:
        """Return the lines completed by `chunk`, without their line endings."""
        if self._discarding:
            newline = chunk.find(b"\n")
            if newline < 0:
                return []
            chunk = chunk[newline + 1 :]
            self._discarding = False
        parts = (self._partial + chunk).split(b"\n")
        self._partial = parts.pop()
        lines = [self._cap(part.rstrip(b"\r")) for part in parts]
        if len(self._partial) > self._max:
            # A line with no end in sight: send its head now and skip the rest.
            lines.append(self._cap(self._partial))
            self._partial = b""
            self._discarding = True
        return lines

    def flush(self) -> list[bytes]:
        """Return the unfinished line, if any (its file was rotated or the input ended)."""
        partial, self._partial, self._discarding = self._partial, b"", False
        return [self._cap(partial.rstrip(b"\r"))] if partial else []

    def _cap(self, line: bytes) -> bytes:
        if len(line) <= self._max:
            return line
        self.cut_lines += 1
        if self.cut_lines == 1 or self.cut_lines % 1000 == 0:
            _LOGGER.warning(
                "cut a line of more than %d bytes (%d so far)", self._max, self.cut_lines
            )
        return line[: self._max]


class LineBuffer:
    """The recent lines, numbered, pre-encoded as frames: every client reads it at its own pace.

    A client's queue is the window between its cursor and the newest line, so memory is bounded
    by this buffer alone however many clients are connected; when the buffer drops its oldest
    lines, a client still waiting for them is told how many it missed.
    """

    def __init__(self, max_lines: int, max_bytes: int, first_seq: int) -> None:
        self.max_lines = max_lines
        self.max_bytes = max_bytes
        self._frames: list[bytes | None] = [None] * max_lines
        self.oldest_seq = first_seq
        self.next_seq = first_seq
        self._held_bytes = 0
        self._listeners: list[Callable[[], None]] = []

    def add_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` after lines are appended; returns the function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def append(self, lines: Sequence[bytes], keep_from: int | None = None) -> int:
        """Number and store lines, dropping the oldest beyond either bound; returns how many.

        With `keep_from`, no line from that number on is dropped: appending stops, short of
        `lines`, where it would have to (a client still needs those lines).
        """
        frames = self._frames
        # Lines before the oldest one kept are gone already: they are no limit.
        limit = self.next_seq + len(lines) if keep_from is None else keep_from
        appended = 0
        for line in lines:
            frame = b"L %d %s\n" % (self.next_seq, line)
            while self.oldest_seq < self.next_seq and (
                self.next_seq - self.oldest_seq >= self.max_lines
                or self._held_bytes + len(frame) > self.max_bytes
            ):
                if self.oldest_seq >= limit:
                    self._notify(appended)
                    return appended
                slot = self.oldest_seq % self.max_lines
                self._held_bytes -= len(frames[slot] or b"")
                frames[slot] = None
                self.oldest_seq += 1
            frames[self.next_seq % self.max_lines] = frame
            self._held_bytes += len(frame)
            self.next_seq += 1
            appended += 1
        self._notify(appended)
        return appended

    def _notify(self, appended: int) -> None:
        if appended:
            for listener in self._listeners:
                listener()

    def frames_from(self, seq: int, max_bytes: int) -> list[bytes]:
        """Frames from `seq` (>= oldest_seq) on, up to about `max_bytes` in total."""
        batch: list[bytes] = []
        size = 0
        while seq < self.next_seq and size < max_bytes:
            frame = self._frames[seq % self.max_lines]
            assert frame is not None
            batch.append(frame)
            size += len(frame)
            seq += 1
        return batch


class FailureLimiter:
    """Refuses hosts that failed the handshake too often lately; bounded in size.

    An attempt counts from the moment it starts, and is forgiven only when it ends well (or
    without trying a token): so many attempts in parallel are held to the limit just like
    attempts one after another.
    """

    def __init__(self, max_failures: int, window: float, max_hosts: int = 1024) -> None:
        self._max_failures = max_failures
        self._window = window
        self._max_hosts = max_hosts
        self._attempts: dict[str, deque[float]] = {}

    def begin(self, host: str) -> bool:
        """Count an attempt from `host`; False (nothing counted) while `host` is blocked."""
        if self.is_blocked(host):
            return False
        attempts = self._attempts.pop(host, None) or deque(maxlen=self._max_failures)
        attempts.append(time.monotonic())
        self._attempts[host] = attempts  # re-inserted last: the dict stays in age order
        if len(self._attempts) > self._max_hosts:
            del self._attempts[next(iter(self._attempts))]
        return True

    def forgive(self, host: str) -> None:
        """The attempt `begin` counted ended well: it is not a failure."""
        attempts = self._attempts.get(host)
        if attempts:
            attempts.pop()
            if not attempts:
                del self._attempts[host]

    def is_blocked(self, host: str) -> bool:
        """True while `host` has used up its attempts within the window."""
        attempts = self._attempts.get(host)
        if attempts is None or len(attempts) < self._max_failures:
            return False
        return time.monotonic() - attempts[0] < self._window


class LogThrottle:
    """Logs a recurring problem at most once per interval, saying how often it recurred."""

    def __init__(self, interval: float) -> None:
        self._interval = interval
        self._next_time = 0.0
        self._suppressed = 0

    def warning(self, message: str, *args: object) -> None:
        """Log now, or count it for the next line if one was logged less than interval ago."""
        now = time.monotonic()
        if now < self._next_time:
            self._suppressed += 1
            return
        if self._suppressed:
            message += " (%d more since the last report)"
            args = (*args, self._suppressed)
        _LOGGER.warning(message, *args)
        self._next_time = now + self._interval
        self._suppressed = 0


class HandshakeError(Exception):
    """A client is refused: `public` is what it is told, the message is what is logged."""

    def __init__(self, reason: str, public: str, *, counts_as_failure: bool = True) -> None:
        super().__init__(reason)
        self.public = public
        self.counts_as_failure = counts_as_failure


@dataclass(frozen=True)
class Settings:
    """Validated options of one forwarder run."""

    file: str | None
    host: str
    port: int
    token: str | None
    tls_cert: str | None
    tls_key: str | None
    state_file: str | None
    from_start: bool
    buffer_lines: int
    buffer_bytes: int
    max_line_bytes: int
    max_clients: int
    heartbeat: float
    poll_interval: float
    handshake_timeout: float = HANDSHAKE_TIMEOUT
    rotated_name: str = DEFAULT_ROTATED_NAME
    resume_wait: float = DEFAULT_RESUME_WAIT


class ClientSession:
    """One authenticated client: sends it frames from its cursor on, heartbeats when idle."""

    def __init__(
        self,
        buffer: LineBuffer,
        *,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        cursor: int,
        heartbeat: float,
        on_progress: Callable[[], None],
    ) -> None:
        self.buffer = buffer
        self.cursor = cursor
        self._reader = reader
        self._writer = writer
        self._heartbeat = heartbeat
        self._on_progress = on_progress
        self._wake = asyncio.Event()
        self._closed = False
        self._waiting_since: float | None = None  # since when a send waits for its connection

    @property
    def caught_up(self) -> bool:
        """True when every buffered line has been handed to the transport."""
        return self.cursor >= self.buffer.next_seq

    def stalled(self, now: float) -> bool:
        """True when its connection has taken nothing for STALL_TIMEOUT: it stopped reading.

        "Taken nothing" is asyncio's flow control: more than the transport's high-water mark
        (64 KiB) waits beyond what the kernel's socket buffers hold, and it has not fallen to
        the low-water mark since.
        """
        since = self._waiting_since
        return since is not None and now - since >= STALL_TIMEOUT

    async def run(self) -> None:
        """Stream until the client goes away or the session is stopped."""
        remove_listener = self.buffer.add_listener(self._wake.set)
        eof_watch = asyncio.ensure_future(self._watch_for_eof())
        try:
            await self._stream()
        finally:
            remove_listener()
            eof_watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await eof_watch

    def stop(self) -> None:
        """Ask the session to end after what is already written."""
        self._closed = True
        self._wake.set()

    async def _stream(self) -> None:
        buffer = self.buffer
        while not self._closed:
            if self.cursor < buffer.oldest_seq:
                self._writer.write(b"D %d\n" % (buffer.oldest_seq - self.cursor))
                self.cursor = buffer.oldest_seq
            frames = buffer.frames_from(self.cursor, SEND_BATCH_BYTES)
            if frames:
                self._writer.writelines(frames)
                self.cursor += len(frames)
                await self._drain()
                continue
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), self._heartbeat)
            except WaitTimeout:
                self._writer.write(b"H %d\n" % (buffer.next_seq - 1))
                await self._drain()

    async def _drain(self) -> None:
        self._waiting_since = time.monotonic()
        try:
            await self._writer.drain()
        finally:
            self._waiting_since = None
        self._on_progress()

    async def _watch_for_eof(self) -> None:
        # Clients send nothing after the handshake: anything read is dropped, EOF ends it.
        with contextlib.suppress(ConnectionError):
            while await self._reader.read(4096):
                pass
        self.stop()


class ForwarderServer:
    """Accepts clients, runs the handshake and hands them to a `ClientSession`.

    Accepting is done here rather than by `asyncio.start_server`, so a flood is turned away
    before it costs more than a file descriptor for an instant, and running out of
    descriptors pauses accepting briefly with one log line instead of a traceback per attempt.
    """

    def __init__(self, settings: Settings, buffer: LineBuffer, stream_id: str) -> None:
        self._settings = settings
        self._buffer = buffer
        self._stream_id = stream_id
        self._ssl = _server_ssl_context(settings)
        self._limiter = FailureLimiter(FAILURES_BEFORE_BLOCK, FAILURE_WINDOW)
        self._sessions: set[ClientSession] = set()
        self._connections: dict[asyncio.Task[None], asyncio.StreamWriter | None] = {}
        self._pending_by_host: dict[str, int] = {}
        self._pending_total = 0
        self._listeners: list[socket.socket] = []
        self._accepting: list[asyncio.Task[None]] = []
        self._flood_log = LogThrottle(THROTTLED_LOG_INTERVAL)
        self._accept_error_log = LogThrottle(THROTTLED_LOG_INTERVAL)
        self._progress = asyncio.Event()
        # Since when no client is connected (None while one is): the start of the resume wait.
        self._alone_since: float | None = time.monotonic()
        self._holding = False  # lines are waiting in the file for a client to connect

    @property
    def stream_id(self) -> str:
        """Random id of this numbering of lines; a client resumes only within the same stream."""
        return self._stream_id

    async def wait_for_progress(self, max_wait: float) -> None:
        """Return once a client has taken lines, or after `max_wait` seconds."""
        self._progress.clear()
        with contextlib.suppress(WaitTimeout):
            await asyncio.wait_for(self._progress.wait(), max_wait)

    async def publish(self, lines: list[bytes]) -> None:
        """Append `lines` to the buffer (emptying the list), no faster than live clients read.

        Reading is thereby paced by the slowest client that is not stalled: it never falls
        off the buffer. With no such client, lines go in at once (the oldest drop out).
        """
        while lines:
            appended = self._buffer.append(lines, self.keep_from())
            del lines[:appended]
            if not lines:
                return
            if self._alone_since is not None and not self._holding:
                self._holding = True
                _LOGGER.info(
                    "buffer full and no client connected: waiting up to %g s for one",
                    self._settings.resume_wait,
                )
            await self.wait_for_progress(PACE_RECHECK)

    def keep_from(self) -> int | None:
        """The oldest line a client may still take, or None if no client needs any."""
        buffer = self._buffer
        now = time.monotonic()
        if self._alone_since is not None:
            # Nobody connected: keep every line for a while, a client may be reconnecting.
            if now - self._alone_since < self._settings.resume_wait:
                return buffer.oldest_seq
            if self._holding:
                self._holding = False
                _LOGGER.warning(
                    "no client connected within %g s: reading on; a client resuming later "
                    "is told how many lines it missed",
                    self._settings.resume_wait,
                )
            return None
        cursors = [session.cursor for session in self._sessions if not session.stalled(now)]
        if not cursors:
            return None
        # A cursor before the oldest line jumps to it (with a drop report) when it sends next.
        return max(min(cursors), buffer.oldest_seq)

    async def start(self) -> tuple[str, int]:
        """Start listening; returns the bound address."""
        self._listeners = await _listen(self._settings.host, self._settings.port)
        self._accepting = [
            asyncio.ensure_future(self._accept(listener)) for listener in self._listeners
        ]
        address = self._listeners[0].getsockname()
        return str(address[0]), int(address[1])

    async def stop(self) -> None:
        """Stop accepting, give clients a moment to take the last lines, then disconnect them."""
        for accepting in self._accepting:
            accepting.cancel()
        await asyncio.gather(*self._accepting, return_exceptions=True)
        for listener in self._listeners:
            listener.close()
        deadline = time.monotonic() + SHUTDOWN_FLUSH_TIMEOUT
        while time.monotonic() < deadline and not all(s.caught_up for s in self._sessions):
            await self.wait_for_progress(deadline - time.monotonic())
        for session in self._sessions:
            session.stop()
        if self._connections:
            await asyncio.wait(set(self._connections), timeout=SHUTDOWN_FLUSH_TIMEOUT)
        # Whatever is left (a client that stopped reading, a handshake in progress) is cut off:
        # closing politely would wait for unsent data forever.
        for task, writer in list(self._connections.items()):
            if writer is not None:
                writer.transport.abort()
            task.cancel()
        if self._connections:
            await asyncio.wait(set(self._connections))

    async def _accept(self, listener: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                sock, address = await loop.sock_accept(listener)
            except (ConnectionAbortedError, InterruptedError):
                continue  # the peer gave up while queued: nothing to do
            except OSError as err:
                # Out of descriptors or memory: the connection waits in the kernel's queue;
                # retrying at once would spin, and a traceback per try would fill the disk.
                self._accept_error_log.warning(
                    "cannot accept connections (%s): pausing %.1f s",
                    err.strerror or err,
                    ACCEPT_ERROR_PAUSE,
                )
                await asyncio.sleep(ACCEPT_ERROR_PAUSE)
                continue
            self._admit(sock, str(address[0]), int(address[1]))

    def _admit(self, sock: socket.socket, host: str, port: int) -> None:
        """Start a handshake, or close at once when too many are already pending."""
        pending_here = self._pending_by_host.get(host, 0)
        if pending_here >= MAX_PENDING_PER_HOST or self._pending_total >= MAX_PENDING_TOTAL:
            self._flood_log.warning(
                "turning away connections from %s: %d handshakes pending from it, %d in total",
                host,
                pending_here,
                self._pending_total,
            )
            if self._ssl is None:
                with contextlib.suppress(OSError):
                    sock.send(f"{PROTOCOL} DENIED busy\n".encode())
            sock.close()
            return
        self._pending_by_host[host] = pending_here + 1
        self._pending_total += 1
        task = asyncio.ensure_future(self._handle(sock, host, port))
        self._connections[task] = None

    def _release_pending(self, host: str) -> None:
        self._pending_total -= 1
        left = self._pending_by_host.pop(host) - 1
        if left:
            self._pending_by_host[host] = left

    async def _open_streams(
        self, sock: socket.socket
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=HANDSHAKE_LINE_LIMIT)
        protocol = asyncio.StreamReaderProtocol(reader)
        if self._ssl is None:
            transport, _ = await loop.connect_accepted_socket(lambda: protocol, sock)
        else:
            transport, _ = await loop.connect_accepted_socket(
                lambda: protocol,
                sock,
                ssl=self._ssl,
                ssl_handshake_timeout=self._settings.handshake_timeout,
            )
        return reader, asyncio.StreamWriter(transport, protocol, reader, loop)

    async def _handle(self, sock: socket.socket, host: str, port: int) -> None:
        task = asyncio.current_task()
        assert task is not None
        label = f"{host}:{port}"
        deadline = time.monotonic() + self._settings.handshake_timeout
        writer: asyncio.StreamWriter | None = None
        session: ClientSession | None = None
        try:
            try:
                reader, writer = await self._open_streams(sock)
                self._connections[task] = writer
                session = await self._handshake(reader, writer, host, deadline)
            finally:
                self._release_pending(host)
            _LOGGER.info("client %s connected (%d connected)", label, len(self._sessions))
            await session.run()
        except HandshakeError as err:
            _LOGGER.warning("refused client %s: %s", label, err)
            if writer is not None:
                writer.write(f"{PROTOCOL} DENIED {err.public}\n".encode())
        except OSError as err:
            _LOGGER.info("client %s: connection lost (%s)", label, err)
        finally:
            if session is not None:
                self._sessions.discard(session)
                if not self._sessions:
                    self._alone_since = time.monotonic()
                _LOGGER.info("client %s disconnected", label)
            del self._connections[task]
            if writer is None:
                sock.close()
            else:
                writer.close()
                with contextlib.suppress(OSError, asyncio.CancelledError):
                    await writer.wait_closed()

    async def _handshake(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        host: str,
        deadline: float,
    ) -> ClientSession:
        self._check_capacity()
        if not self._settings.token:
            return await self._authenticate(reader, writer, deadline)  # nothing to guess
        if not self._limiter.begin(host):
            raise HandshakeError(
                "too many failed handshakes", "rate-limited", counts_as_failure=False
            )
        try:
            session = await self._authenticate(reader, writer, deadline)
        except HandshakeError as err:
            if not err.counts_as_failure:
                self._limiter.forgive(host)
            raise
        except BaseException:  # the connection dropped, or the forwarder is stopping
            self._limiter.forgive(host)
            raise
        self._limiter.forgive(host)
        return session

    def _check_capacity(self) -> None:
        max_clients = self._settings.max_clients
        if len(self._sessions) >= max_clients:
            raise HandshakeError(
                f"already serving {max_clients} clients", "busy", counts_as_failure=False
            )

    async def _authenticate(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, deadline: float
    ) -> ClientSession:
        settings = self._settings
        server_nonce = random_hex(NONCE_BYTES)
        auth = AUTH_HMAC if settings.token else AUTH_NONE
        writer.write(f"{PROTOCOL} CHALLENGE {server_nonce} {auth}\n".encode())
        try:
            raw = await asyncio.wait_for(reader.readline(), max(0.0, deadline - time.monotonic()))
        except WaitTimeout:
            raise HandshakeError("no handshake answer in time", "timeout") from None
        except ValueError:
            raise HandshakeError("handshake line too long", "bad-request") from None
        if not raw:
            # Not an attempt to log in (a port scan, a client that gave up): no penalty.
            raise HandshakeError("closed before answering", "closed", counts_as_failure=False)
        fields = raw.decode("ascii", "replace").split()
        if len(fields) != 6 or fields[1] != "RESPONSE":
            raise HandshakeError("malformed handshake answer", "bad-request")
        version, _, client_nonce, client_mac, stream, last_seq = fields
        if version != PROTOCOL:
            raise HandshakeError(f"unsupported protocol {version[:32]!r}", "version")
        if not _NONCE_RE.fullmatch(client_nonce) or not (
            _STREAM_RE.fullmatch(stream) or stream == "-"
        ):
            raise HandshakeError("malformed handshake answer", "bad-request")
        if not (last_seq.isdigit() or last_seq == "-"):
            raise HandshakeError("malformed handshake answer", "bad-request")
        if settings.token:
            if client_mac == "-":
                raise HandshakeError("client sent no token proof", "auth-failed")
            expected = compute_mac(
                settings.token, "client", (server_nonce, client_nonce, stream, last_seq)
            )
            if not _MAC_RE.fullmatch(client_mac) or not hmac.compare_digest(client_mac, expected):
                raise HandshakeError("wrong token", "auth-failed")
        # Checked again with no await before the session is counted: handshakes that ran in
        # parallel cannot all slip under --max-clients.
        self._check_capacity()
        session = ClientSession(
            self._buffer,
            reader=reader,
            writer=writer,
            cursor=self._start_cursor(stream, last_seq),
            heartbeat=settings.heartbeat,
            on_progress=self._progress.set,
        )
        self._sessions.add(session)
        self._alone_since = None
        self._holding = False
        heartbeat = f"{settings.heartbeat:g}"
        server_mac = (
            compute_mac(
                settings.token, "server", (server_nonce, client_nonce, self._stream_id, heartbeat)
            )
            if settings.token
            else "-"
        )
        writer.write(f"{PROTOCOL} WELCOME {server_mac} {self._stream_id} {heartbeat}\n".encode())
        return session

    def _start_cursor(self, stream: str, last_seq: str) -> int:
        buffer = self._buffer
        if stream == "-" or last_seq == "-":
            return buffer.next_seq  # a new client starts with the live lines
        if stream != self._stream_id:
            return buffer.oldest_seq  # another numbering: everything buffered is new to it
        # Lines it missed that the buffer no longer holds are reported by the session.
        return min(int(last_seq) + 1, buffer.next_seq)


async def _listen(host: str, port: int) -> list[socket.socket]:
    """Listening sockets for every address `host` resolves to (as asyncio.start_server does)."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(
        host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )
    listeners: list[socket.socket] = []
    try:
        for family, kind, proto, _, address in dict.fromkeys(infos):
            listener = socket.socket(family, kind, proto)
            listeners.append(listener)
            if os.name == "posix":
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            listener.bind(address)
            # A deep queue: under a flood, a real client's connection waits its turn rather
            # than being dropped and retried by TCP a second later.
            listener.listen(LISTEN_BACKLOG)
            listener.setblocking(False)
    except OSError:
        for listener in listeners:
            listener.close()
        raise
    return listeners


def _server_ssl_context(settings: Settings) -> ssl.SSLContext | None:
    if settings.tls_cert is None or settings.tls_key is None:
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(settings.tls_cert, settings.tls_key)
    return context


def read_text(path: str) -> str:
    """The whole of a small UTF-8 file."""
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def certificate_fingerprint(cert_file: str) -> str:
    """SHA-256 of the first certificate in a PEM file, as colon-separated hex pairs."""
    pem = read_text(cert_file)
    end_marker = "-----END CERTIFICATE-----"
    first = pem[pem.index("-----BEGIN CERTIFICATE-----") : pem.index(end_marker) + len(end_marker)]
    digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(first)).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


@dataclass
class FileState:
    """Where reading stopped, so lines written while the forwarder was down are still sent."""

    path: str
    device: int
    inode: int
    offset: int
    next_seq: int
    stream_id: str
    head: str = ""  # hex of the file's first bytes, to recognise it after a rotation

    @classmethod
    def load(cls, state_file: str) -> FileState | None:
        """The saved state, or None when there is none or it is unreadable."""
        try:
            data = json.loads(read_text(state_file))
            state = cls(
                path=str(data["path"]),
                device=int(data["device"]),
                inode=int(data["inode"]),
                offset=int(data["offset"]),
                next_seq=int(data["next_seq"]),
                stream_id=str(data["stream_id"]),
                head=str(data.get("head", "")),  # absent from states of version 0.1.0
            )
            bytes.fromhex(state.head)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
            _LOGGER.warning("ignoring unreadable state file %s: %s", state_file, err)
            return None
        return state

    def save(self, state_file: str) -> None:
        """Write atomically: a crash leaves the old state or the new one, never half of one."""
        temporary = state_file + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(self.__dict__, handle)
        os.replace(temporary, state_file)


def _read_at(handle: io.FileIO, offset: int, size: int) -> bytes:
    """`size` bytes from `offset` without moving the read position."""
    if hasattr(os, "pread"):
        return os.pread(handle.fileno(), size, offset)
    position = handle.tell()  # Windows has no pread
    try:
        handle.seek(offset)
        return handle.read(size) or b""
    finally:
        handle.seek(position)


class LogFile:
    """One log file, held by its descriptor so that renaming it does not lose it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._handle = io.FileIO(path, "r")
        status = os.fstat(self._handle.fileno())
        self.identity = (status.st_dev, status.st_ino)
        self.offset = 0
        self.head = b""  # the first bytes, as read or as sampled
        self._seen_size = 0
        self._sample()

    def size(self) -> int:
        """Current size of the file."""
        return os.fstat(self._handle.fileno()).st_size

    def resume(self, offset: int, head: bytes | None = None) -> None:
        """Read on from `offset` (of a file whose first bytes were `head`, if given)."""
        self._handle.seek(offset)
        self.offset = offset
        if head is not None:
            self.head = head
            self._seen_size = offset

    def starts_with(self, head: bytes) -> bool:
        """True if the file's first bytes are `head` (which must not be empty)."""
        return bool(head) and _read_at(self._handle, 0, len(head)) == head

    def read(self) -> bytes | None:
        """The next chunk, empty at the end of the file.

        None if the file no longer starts as it did: it was truncated, perhaps rewritten past
        this offset, and the chunk could be new text read at an old offset.
        """
        chunk = self._handle.read(READ_CHUNK) or b""
        if chunk and self.head and not self.starts_with(self.head):
            self._handle.seek(self.offset)
            return None
        if len(self.head) < HEAD_BYTES and self.offset == len(self.head):
            self.head += chunk[: HEAD_BYTES - len(self.head)]
        self.offset += len(chunk)
        self._seen_size = max(self._seen_size, self.offset)
        return chunk

    def was_truncated(self) -> bool:
        """True if the file shrank, or its first bytes changed, since the last check."""
        if self.size() < self._seen_size or (self.head and not self.starts_with(self.head)):
            return True
        self._sample()
        return False

    def _sample(self) -> None:
        # Size and first bytes, even of what is not read yet: a copy-truncate before the
        # next check is then still noticed, and its copy recognised.
        self._seen_size = max(self._seen_size, self.size())
        if len(self.head) < HEAD_BYTES and self._seen_size > len(self.head):
            self.head = _read_at(self._handle, 0, HEAD_BYTES)

    def rewind(self) -> None:
        """Read again from the start (the file was truncated)."""
        self.resume(0, b"")
        self._sample()

    def close(self) -> None:
        """Release the descriptor."""
        self._handle.close()


class FileFollower:
    """Follows a log file like `tail -F`, losing no line to rotation; paced by live clients.

    Rotation by rename: the old file is read to its end by its descriptor, then any rotated
    generations newer than it (two rotations between checks), then the new file. Rotation by
    copy-truncate: the lines not yet read are read from the rotated copy (recognised by its
    first bytes), then the truncated file from its start. Files still to be read are opened at
    once, so further rotations cannot take them away.
    """

    def __init__(
        self,
        settings: Settings,
        buffer: LineBuffer,
        server: ForwarderServer,
        saved: FileState | None,
    ) -> None:
        assert settings.file is not None
        self._path = settings.file
        self._settings = settings
        self._buffer = buffer
        self._server = server
        self._saved = saved
        self._splitter = LineSplitter(settings.max_line_bytes)
        self._lines: list[bytes] = []  # read, not yet in the buffer (reading is paced)
        self._live: LogFile | None = None
        self._rotated: deque[LogFile] = deque()  # to read before the live file, oldest first
        # While the live file was empty at the last look, its first bytes cannot tell a copy:
        # the newest rotated file then, so that copies made since are read before it.
        self._empty_since: tuple[int, int] | bool | None = False
        self._warned_missing = False
        self._next_check = 0.0
        self._last_saved: tuple[int, int, int, int] | None = None
        self._last_save_time = 0.0

    async def run(self) -> None:
        """Read forever; lines go to the buffer, the position to the state file."""
        try:
            await self._follow()
        finally:
            # Stopping: lines read go in unpaced, so the saved position matches the numbering.
            self._buffer.append(self._lines)
            self.save_state()
            self._close()

    def _current(self) -> LogFile | None:
        return self._rotated[0] if self._rotated else self._live

    def save_state(self) -> None:
        """Persist the position after the last complete line (no-op without a state file)."""
        state_file = self._settings.state_file
        current = self._current()
        if state_file is None or current is None:
            return
        offset = current.offset - self._splitter.pending_bytes
        snapshot = (*current.identity, offset, self._buffer.next_seq)
        if snapshot == self._last_saved:
            return
        state = FileState(
            path=self._path,
            device=current.identity[0],
            inode=current.identity[1],
            offset=offset,
            next_seq=self._buffer.next_seq,
            stream_id=self._server.stream_id,
            head=current.head.hex(),
        )
        try:
            state.save(state_file)
        except OSError as err:
            _LOGGER.warning("could not save state to %s: %s", state_file, err)
            return
        self._last_saved = snapshot
        self._last_save_time = time.monotonic()

    async def _follow(self) -> None:
        poll = self._settings.poll_interval
        while True:
            if self._open_initial():
                break
            await asyncio.sleep(poll)
        while True:
            chunk = self._read()
            if chunk:
                self._lines += self._splitter.feed(chunk)
            await self._server.publish(self._lines)  # waits while live clients are behind
            if chunk:
                if time.monotonic() >= self._next_check:  # a file that never rests
                    self._check_rotation()
                await asyncio.sleep(0)  # let clients take what was just read
                continue
            if self._check_rotation():
                continue
            if time.monotonic() - self._last_save_time >= STATE_SAVE_INTERVAL:
                self.save_state()
            await asyncio.sleep(poll)

    def _read(self) -> bytes:
        while self._rotated:
            chunk = self._rotated[0].read()
            if chunk:
                return chunk
            # (None cannot happen: rotated files are not truncated; ended all the same.)
            finished = self._rotated.popleft()
            finished.close()
            # Nothing more is written to a rotated file: its last line is complete.
            self._lines += self._splitter.flush()
            _LOGGER.info("finished rotated file %s", finished.path)
        live = self._live
        assert live is not None
        if self._empty_since is not False and self._copied_while_empty(live):
            return self._read()
        chunk = live.read()
        if chunk is None:
            self._follow_truncation(live)
            return self._read()
        if chunk:
            self._empty_since = False
        return chunk

    def _copied_while_empty(self, live: LogFile) -> bool:
        """Queue the copies made since the live file was seen empty; True if there were any."""
        marker = self._empty_since
        if self._newest_rotated() == marker:
            return False
        try:
            status = os.stat(self._path)
        except FileNotFoundError:
            # Moved away and not yet re-created: a rename (seen between the rotation check's
            # look and this one), which the next rotation check follows. Taking the moved
            # file for a copy here would read it twice and out of order.
            return False
        except OSError:
            pass
        else:
            if (status.st_dev, status.st_ino) != live.identity:
                return False  # renamed, not copied: the rotation check follows it
        found, newer = self._find_rotated(lambda file: file.identity == marker, live)
        if found is not None:
            found.close()
        elif marker is None:
            newer = self._find_rotated(lambda file: False, live, keep_all=True)[1]
        self._empty_since = self._newest_rotated()
        if not newer:
            return False
        self._rotated.extend(newer)
        live.rewind()  # what it held when sampled may be in those copies: look again
        _LOGGER.info(
            "%s was truncated before its first line was read: reading %d rotated copies first",
            self._path,
            len(newer),
        )
        return True

    def _newest_rotated(self) -> tuple[int, int] | None:
        for path in self._rotated_paths():
            with contextlib.suppress(OSError):
                status = os.stat(path)
                return (status.st_dev, status.st_ino)
        return None

    def _open_initial(self) -> bool:
        try:
            live = LogFile(self._path)
        except FileNotFoundError:
            if not self._warned_missing:
                _LOGGER.warning("waiting for %s to appear", self._path)
                self._warned_missing = True
            return False
        saved = self._saved
        if saved is not None and saved.path == self._path:
            head = bytes.fromhex(saved.head)
            if live.identity == (saved.device, saved.inode):
                live.resume(saved.offset, head)
                self._live = live
            else:
                rotated = self._find_saved_file(saved, head)
                if rotated is None:
                    _LOGGER.warning("log was rotated while stopped and the old file is gone")
                    self._live = live
                else:
                    _LOGGER.info("log was rotated while stopped: finishing %s first", rotated.path)
                    live.close()
                    rotated.resume(saved.offset, head)
                    self._live = rotated
            _LOGGER.info("reading %s from byte %d", self._live.path, self._live.offset)
            self._check_rotation()  # rotated or truncated while stopped
            return True
        # A file created after start is all new; an existing one is tailed unless backfilling.
        if not (self._settings.from_start or self._warned_missing):
            live.resume(live.size())
        self._live = live
        _LOGGER.info("reading %s from byte %d", self._path, live.offset)
        return True

    def _find_saved_file(self, saved: FileState, head: bytes) -> LogFile | None:
        """The file the state was saved for, wherever rotation moved it in the folder."""
        directory = os.path.dirname(self._path) or "."
        with contextlib.suppress(OSError), os.scandir(directory) as entries:
            for entry in entries:
                if entry.inode() != saved.inode or entry.stat().st_dev != saved.device:
                    continue
                found = LogFile(entry.path)
                if not head or found.starts_with(head):
                    return found
                found.close()  # the inode was reused by another file
        return None

    def _check_rotation(self) -> bool:
        """Follow a rotation of the live file; True if there was one."""
        self._next_check = time.monotonic() + self._settings.poll_interval
        live = self._live
        assert live is not None
        try:
            renamed = os.stat(self._path)
            if (renamed.st_dev, renamed.st_ino) != live.identity:
                self._follow_rename(LogFile(self._path))
                return True
            if self._empty_since is not False and self._copied_while_empty(live):
                return True
            if live.was_truncated():
                self._follow_truncation(live)
                return True
            if self._empty_since is False and live.offset == 0 and not live.head:
                self._empty_since = self._newest_rotated()
        except FileNotFoundError:
            pass  # between rename and re-creation: the old file is still read meanwhile
        except OSError as err:
            _LOGGER.warning("cannot check %s for rotation: %s", self._path, err)
        return False

    def _follow_rename(self, new: LogFile) -> None:
        old = self._live
        assert old is not None
        found, newer = self._find_rotated(lambda file: file.identity == old.identity, new)
        if found is not None:
            found.close()  # the same file as `old`, already open
        self._rotated.extend([old, *newer])
        self._live = new
        _LOGGER.info(
            "%s was rotated: finishing the old file and %d newer rotated file(s), then "
            "following the new one",
            self._path,
            len(newer),
        )

    def _follow_truncation(self, live: LogFile) -> None:
        head, offset = live.head, live.offset
        copy, newer = self._find_rotated(lambda file: file.starts_with(head), live)
        if copy is not None and copy.identity in {file.identity for file in self._rotated}:
            # Already queued whole (copied while the file looked empty): only newer ones left.
            copy.close()
            self._rotated.extend(newer)
            _LOGGER.info(
                "%s was truncated again: reading %d newer copies, then it from the start",
                self._path,
                len(newer),
            )
        elif copy is not None:
            copy.resume(offset, head)  # the lines not read yet went into the copy
            self._rotated.extend([copy, *newer])
            _LOGGER.info(
                "%s was truncated: reading the rest from its copy %s and %d newer copies, "
                "then it from the start",
                self._path,
                copy.path,
                len(newer),
            )
        else:
            if not self._rotated:
                self._lines += self._splitter.flush()
            if offset or head:
                _LOGGER.warning(
                    "%s was truncated: reading it from the start; no rotated copy starts with "
                    "its first bytes, so lines written after byte %d may be lost",
                    self._path,
                    offset,
                )
            else:
                _LOGGER.info("%s was truncated: reading it from the start", self._path)
        live.rewind()
        self._empty_since = self._newest_rotated() if not live.head else False

    def _find_rotated(
        self, is_it: Callable[[LogFile], bool], live: LogFile, *, keep_all: bool = False
    ) -> tuple[LogFile | None, list[LogFile]]:
        """The rotated file `is_it` recognises, and those newer than it, oldest first; opened.

        Files already being read are not among the newer; if none is recognised, nothing
        newer is returned (or, with `keep_all`, every rotated file).
        """
        known = {file.identity for file in self._rotated} | {live.identity}
        newer: list[LogFile] = []
        for path in self._rotated_paths():
            try:
                candidate = LogFile(path)
            except OSError:
                continue
            if is_it(candidate):
                return candidate, newer[::-1]
            if candidate.identity in known:
                candidate.close()
            else:
                newer.append(candidate)
        if keep_all:
            return None, newer[::-1]
        for candidate in newer:
            candidate.close()
        return None, []

    def _rotated_paths(self) -> list[str]:
        """Where rotated generations of the log can be, newest first."""
        directory, name = os.path.split(self._path)
        pattern = self._settings.rotated_name.replace("{name}", name)
        if "{n}" in pattern:
            return [
                os.path.join(directory, pattern.replace("{n}", str(n)))
                for n in range(1, MAX_GENERATIONS + 1)
            ]
        # No generation number (e.g. dated names, "{name}-*"): the newest are modified last.
        dated: list[tuple[float, str]] = []
        for path in glob.glob(os.path.join(glob.escape(directory), pattern)):
            with contextlib.suppress(OSError):
                if not os.path.samefile(path, self._path):
                    dated.append((os.stat(path).st_mtime, path))
        dated.sort(reverse=True)
        return [path for _, path in dated[:MAX_GENERATIONS]]

    def _close(self) -> None:
        for file in (*self._rotated, *([self._live] if self._live else [])):
            file.close()


class StdinReader:
    """Reads standard input (e.g. `docker logs -f`) in a daemon thread, never blocking the loop."""

    def __init__(self, settings: Settings, server: ForwarderServer) -> None:
        self._server = server
        self._splitter = LineSplitter(settings.max_line_bytes)

    async def run(self) -> None:
        """Read until standard input ends."""
        loop = asyncio.get_running_loop()
        chunks: asyncio.Queue[bytes] = asyncio.Queue(maxsize=4)
        fd = sys.stdin.fileno()

        def pump() -> None:
            while True:
                chunk = os.read(fd, READ_CHUNK)
                try:
                    asyncio.run_coroutine_threadsafe(chunks.put(chunk), loop).result()
                except RuntimeError:  # the loop has closed: the forwarder is exiting
                    return
                if not chunk:
                    return

        threading.Thread(target=pump, name="stdin-reader", daemon=True).start()
        while True:
            chunk = await chunks.get()
            # Paced like a file: the pipe holds what clients cannot take yet.
            if not chunk:
                await self._server.publish(self._splitter.flush())
                _LOGGER.info("standard input ended")
                return
            await self._server.publish(self._splitter.feed(chunk))


def is_loopback(host: str) -> bool:
    """True for addresses only reachable from this machine (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return socket.inet_pton(socket.AF_INET, host)[0] == 127
    except OSError:
        pass
    try:
        return socket.inet_pton(socket.AF_INET6, host) == bytes(15) + b"\x01"
    except OSError:
        return False


def random_hex(size: int) -> str:
    """`size` random bytes from the OS, hex encoded (what secrets.token_hex does)."""
    return os.urandom(size).hex()


def generate_token() -> str:
    """A random token of 32 URL-safe characters (192 bits), as secrets.token_urlsafe makes."""
    return base64.urlsafe_b64encode(os.urandom(GENERATED_TOKEN_BYTES)).decode().rstrip("=")


def token_bits(token: str) -> float:
    """A rough, deliberately low estimate of a token's entropy in bits.

    Each character is worth the size of the character classes the token uses (lower, upper,
    digits, others), except one that repeats or counts on from the one before (`aaaa`,
    `1234`, `abcd`), which is worth one bit.
    """
    classes = (
        (26, str.islower),
        (26, str.isupper),
        (10, str.isdigit),
        (33, lambda c: not c.isalnum()),
    )
    pool = sum(size for size, member in classes if any(member(c) for c in token))
    bits = 0.0
    previous = None
    for char in token:
        predictable = previous is not None and abs(ord(char) - ord(previous)) <= 1
        bits += 1.0 if predictable else math.log2(max(pool, 2))
        previous = char
    return bits


def token_weakness(token: str) -> str | None:
    """Why a token is too weak to guard a network port, or None."""
    if len(token) < MIN_TOKEN_LENGTH:
        return f"it is shorter than {MIN_TOKEN_LENGTH} characters"
    if len(set(token)) < MIN_TOKEN_DISTINCT:
        return f"it has fewer than {MIN_TOKEN_DISTINCT} different characters"
    bits = token_bits(token)
    if bits < MIN_TOKEN_BITS:
        return f"it is too predictable (about {bits:.0f} bits, {MIN_TOKEN_BITS} needed)"
    return None


class _GenerateToken(argparse.Action):
    """--generate-token: print a token and exit, like --version."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help=str(kwargs.get("help", "")),
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(generate_token())
        parser.exit()


def parse_bind(value: str) -> tuple[str, int]:
    """Split HOST:PORT or [IPV6]:PORT."""
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise ValueError(f"expected HOST:PORT, got {value!r}")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host, int(port)


_ENV_OPTIONS = (
    "file",
    "stdin",
    "from_start",
    "state_file",
    "bind",
    "token",
    "token_file",
    "tls_cert",
    "tls_key",
    "buffer_lines",
    "buffer_bytes",
    "max_line_bytes",
    "max_clients",
    "heartbeat",
    "poll_interval",
    "handshake_timeout",
    "rotated_name",
    "resume_wait",
    "log_level",
)
_FLAGS = ("stdin", "from_start")


def options_from_environment(environ: dict[str, str]) -> list[str]:
    """STORJ_FORWARDER_<NAME> variables as command-line options (given first, so flags win)."""
    argv: list[str] = []
    for name in _ENV_OPTIONS:
        value = environ.get(ENV_PREFIX + name.upper(), "")
        option = "--" + name.replace("_", "-")
        if name in _FLAGS:
            if value.strip().lower() in ("1", "true", "yes", "on"):
                argv.append(option)
        elif value:
            argv.append(option + "=" + value)
    return argv


def build_parser() -> argparse.ArgumentParser:
    """The command line; every option can also come from STORJ_FORWARDER_<NAME>."""
    parser = argparse.ArgumentParser(
        prog="storj-log-forwarder",
        description="Serve a Storj storage node's log lines to Home Assistant (Storj Monitor).",
        epilog="Every option can also be set with an environment variable, e.g. "
        "STORJ_FORWARDER_TOKEN or STORJ_FORWARDER_FILE; the command line wins.",
    )
    source = parser.add_argument_group("source (exactly one)")
    source.add_argument("--file", help="log file to follow")
    source.add_argument("--stdin", action="store_true", help="read log lines from standard input")
    parser.add_argument(
        "--from-start", action="store_true", help="send the file's existing lines too"
    )
    parser.add_argument(
        "--state-file",
        help="remember the read position here, so lines written while stopped are still sent",
    )
    parser.add_argument("--bind", default="0.0.0.0:9999", help="HOST:PORT (default %(default)s)")
    parser.add_argument(
        "--token",
        help="shared secret: 16+ characters, random (see --generate-token) unless on loopback",
    )
    parser.add_argument("--token-file", help="read the token from this file")
    parser.add_argument("--tls-cert", help="PEM certificate (chain) to serve TLS")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    parser.add_argument(
        "--buffer-lines", type=int, default=5000, help="recent lines kept (%(default)s)"
    )
    parser.add_argument(
        "--buffer-bytes",
        type=int,
        default=2 * 1024 * 1024,
        help="bytes of recent lines kept (%(default)s)",
    )
    parser.add_argument(
        "--max-line-bytes",
        type=int,
        default=64 * 1024,
        help="longer lines are cut (%(default)s)",
    )
    parser.add_argument(
        "--max-clients", type=int, default=8, help="simultaneous clients (%(default)s)"
    )
    parser.add_argument(
        "--heartbeat", type=float, default=15.0, help="seconds between heartbeats (%(default)s)"
    )
    parser.add_argument(
        "--poll-interval",
        type=float,
        default=0.25,
        help="seconds between checks of an idle file (%(default)s)",
    )
    parser.add_argument(
        "--handshake-timeout",
        type=float,
        default=HANDSHAKE_TIMEOUT,
        help="seconds a connection may take to authenticate (%(default)s)",
    )
    parser.add_argument(
        "--rotated-name",
        default=DEFAULT_ROTATED_NAME,
        help="names of rotated files beside the log, newest first: {name} is the log's name, "
        "{n} the generation 1, 2, …; without {n} a glob such as '{name}-*' (%(default)s)",
    )
    parser.add_argument(
        "--resume-wait",
        type=float,
        default=DEFAULT_RESUME_WAIT,
        help="while no client is connected (at start, or after the last one left), read no "
        "more than the buffer holds for up to this many seconds, so a client reconnecting "
        "meanwhile misses nothing; 0: never wait (%(default)s)",
    )
    parser.add_argument(
        "--generate-token",
        action=_GenerateToken,
        help="print a new random token and exit",
    )
    parser.add_argument(
        "--log-level",
        default="info",
        choices=("debug", "info", "warning", "error"),
        help="(%(default)s)",
    )
    parser.add_argument("--version", action="version", version="%(prog)s " + __version__)
    return parser


def parse_settings(argv: Sequence[str] | None, environ: dict[str, str]) -> tuple[Settings, str]:
    """Parse and validate options; exits with a clear message on any misuse."""
    parser = build_parser()
    args = parser.parse_args(
        options_from_environment(environ) + list(sys.argv[1:] if argv is None else argv)
    )
    if (args.file is None) == (not args.stdin):
        parser.error("give exactly one source: --file PATH or --stdin")
    if args.state_file is not None and args.file is None:
        parser.error("--state-file needs --file (standard input cannot be re-read)")
    try:
        host, port = parse_bind(args.bind)
    except ValueError as err:
        parser.error(f"--bind: {err}")
    token = args.token
    if args.token_file is not None:
        if token:
            parser.error("give --token or --token-file, not both")
        try:
            token = read_text(args.token_file).strip()
        except OSError as err:
            parser.error(f"--token-file: {err}")
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        parser.error(
            f"the token must be at least {MIN_TOKEN_LENGTH} characters; generate one with "
            "--generate-token"
        )
    if token and not is_loopback(host):
        weakness = token_weakness(token)
        if weakness is not None:
            parser.error(
                f"the token is too weak to listen on {host}: {weakness}. Anyone who records "
                "one handshake can try guesses offline. Generate one with --generate-token."
            )
    if token is not None and any(c.isspace() for c in token):
        parser.error("the token must not contain spaces")
    if not token and not is_loopback(host):
        parser.error(
            f"refusing to listen on {host} without a token: anyone on the network could read "
            "the node's logs. Set --token (or STORJ_FORWARDER_TOKEN), or bind to 127.0.0.1."
        )
    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls-cert and --tls-key go together")
    if args.buffer_lines < 10 or args.max_clients < 1 or args.heartbeat <= 0:
        parser.error("--buffer-lines must be >= 10, --max-clients >= 1, --heartbeat > 0")
    if not 256 <= args.max_line_bytes <= 1024 * 1024:
        parser.error("--max-line-bytes must be between 256 and 1048576")
    if args.buffer_bytes < 4 * (args.max_line_bytes + 32):
        parser.error("--buffer-bytes must hold at least four lines of --max-line-bytes")
    if args.poll_interval <= 0 or args.handshake_timeout <= 0:
        parser.error("--poll-interval and --handshake-timeout must be > 0")
    if not 0 <= args.resume_wait <= 3600:
        parser.error("--resume-wait must be between 0 and 3600 seconds")
    if not args.rotated_name.strip() or args.rotated_name.count("{n}") > 1:
        parser.error("--rotated-name must be a name, with {n} at most once")
    settings = Settings(
        file=args.file,
        host=host,
        port=port,
        token=token or None,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        state_file=args.state_file,
        from_start=args.from_start,
        buffer_lines=args.buffer_lines,
        buffer_bytes=args.buffer_bytes,
        max_line_bytes=args.max_line_bytes,
        max_clients=args.max_clients,
        heartbeat=args.heartbeat,
        poll_interval=args.poll_interval,
        handshake_timeout=args.handshake_timeout,
        rotated_name=args.rotated_name,
        resume_wait=args.resume_wait,
    )
    return settings, args.log_level


async def serve(settings: Settings) -> None:
    """Run until SIGTERM/SIGINT or until standard input ends."""
    saved = FileState.load(settings.state_file) if settings.state_file else None
    if saved is not None and saved.path != settings.file:
        _LOGGER.info("state file belongs to %s: starting a new stream", saved.path)
        saved = None
    stream_id = saved.stream_id if saved else random_hex(8)
    buffer = LineBuffer(
        settings.buffer_lines, settings.buffer_bytes, saved.next_seq if saved else 1
    )
    server = ForwarderServer(settings, buffer, stream_id)
    host, port = await server.start()
    _LOGGER.info(
        "listening on %s:%d (token: %s, TLS: %s)",
        host,
        port,
        "yes" if settings.token else "no",
        "yes" if settings.tls_cert else "no",
    )
    if settings.tls_cert is not None:
        _LOGGER.info("TLS certificate SHA-256: %s", certificate_fingerprint(settings.tls_cert))
    source: FileFollower | StdinReader = (
        FileFollower(settings, buffer, server, saved)
        if settings.file is not None
        else StdinReader(settings, server)
    )
    stop = asyncio.Event()
    _install_stop_signals(stop)
    reading = asyncio.ensure_future(source.run())
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    reading.cancel()
    try:
        await reading  # the file follower saves its state on the way out
    except asyncio.CancelledError:
        pass
    finally:
        await server.stop()
    _LOGGER.info("stopped")


def _install_stop_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(signum, stop.set)
        except NotImplementedError:  # Windows
            signal.signal(signum, lambda *_: loop.call_soon_threadsafe(stop.set))


def raise_file_limit() -> None:
    """Lift the soft limit on open files to the hard one: clients and floods need descriptors."""
    try:
        import resource  # POSIX only
    except ImportError:
        return
    with contextlib.suppress(ValueError, OSError):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = hard if hard != resource.RLIM_INFINITY else 65536
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point."""
    settings, log_level = parse_settings(argv, dict(os.environ))
    logging.basicConfig(
        level=log_level.upper(),
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    raise_file_limit()
    try:
        asyncio.run(serve(settings))
    except OSError as err:
        _LOGGER.error("stopped: %s", err)  # a clear line rather than a traceback
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
