#!/usr/bin/env python3
"""storj-log-forwarder: serve a Storj storage node's log lines to Home Assistant.

Runs on the node's own machine: one file, standard library only, Python >= 3.9, so it can be
copied onto a NAS or a Pi and started as is. The protocol and the security model are described
in README.md next to this file.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import deque
from collections.abc import Callable, Sequence
import contextlib
from dataclasses import dataclass
import hashlib
import hmac
import io
import json
import logging
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
HANDSHAKE_LINE_LIMIT = 512
HANDSHAKE_TIMEOUT = 10.0
READ_CHUNK = 64 * 1024
SEND_BATCH_BYTES = 256 * 1024
STATE_SAVE_INTERVAL = 1.0
FAILURES_BEFORE_BLOCK = 5
FAILURE_WINDOW = 60.0
SHUTDOWN_FLUSH_TIMEOUT = 1.0
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
        self._ends: list[int] = [0] * max_lines  # bytes appended up to and including each line
        self.oldest_seq = first_seq
        self.next_seq = first_seq
        self._appended_bytes = 0
        self._held_bytes = 0
        self._listeners: list[Callable[[], None]] = []

    def add_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` after lines are appended; returns the function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def append(self, lines: list[bytes]) -> None:
        """Number and store lines, dropping the oldest beyond either bound."""
        frames, ends = self._frames, self._ends
        for line in lines:
            frame = b"L %d %s\n" % (self.next_seq, line)
            while self.oldest_seq < self.next_seq and (
                self.next_seq - self.oldest_seq >= self.max_lines
                or self._held_bytes + len(frame) > self.max_bytes
            ):
                slot = self.oldest_seq % self.max_lines
                self._held_bytes -= len(frames[slot] or b"")
                frames[slot] = None
                self.oldest_seq += 1
            slot = self.next_seq % self.max_lines
            self._appended_bytes += len(frame)
            self._held_bytes += len(frame)
            frames[slot] = frame
            ends[slot] = self._appended_bytes
            self.next_seq += 1
        if lines:
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

    def lag(self, seq: int) -> tuple[int, int]:
        """Lines and bytes between `seq` and the newest line."""
        if seq >= self.next_seq:
            return 0, 0
        if seq <= self.oldest_seq:
            return self.next_seq - self.oldest_seq, self._held_bytes
        sent_bytes = self._ends[(seq - 1) % self.max_lines]
        return self.next_seq - seq, self._appended_bytes - sent_bytes


class FailureLimiter:
    """Refuses hosts that failed the handshake too often lately; bounded in size."""

    def __init__(self, max_failures: int, window: float, max_hosts: int = 1024) -> None:
        self._max_failures = max_failures
        self._window = window
        self._max_hosts = max_hosts
        self._failures: dict[str, deque[float]] = {}

    def record_failure(self, host: str) -> None:
        """Remember one failed handshake from `host`."""
        failures = self._failures.pop(host, None) or deque(maxlen=self._max_failures)
        failures.append(time.monotonic())
        self._failures[host] = failures  # re-inserted last: the dict stays in age order
        if len(self._failures) > self._max_hosts:
            del self._failures[next(iter(self._failures))]

    def is_blocked(self, host: str) -> bool:
        """True while `host` has used up its failures within the window."""
        failures = self._failures.get(host)
        if failures is None or len(failures) < self._max_failures:
            return False
        return time.monotonic() - failures[0] < self._window


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

    @property
    def caught_up(self) -> bool:
        """True when every buffered line has been handed to the transport."""
        return self.cursor >= self.buffer.next_seq

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
                await self._writer.drain()
                self._on_progress()
                continue
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), self._heartbeat)
            except WaitTimeout:
                self._writer.write(b"H %d\n" % (buffer.next_seq - 1))
                await self._writer.drain()

    async def _watch_for_eof(self) -> None:
        # Clients send nothing after the handshake: anything read is dropped, EOF ends it.
        with contextlib.suppress(ConnectionError):
            while await self._reader.read(4096):
                pass
        self.stop()


class ForwarderServer:
    """Accepts clients, runs the handshake and hands them to a `ClientSession`."""

    def __init__(self, settings: Settings, buffer: LineBuffer, stream_id: str) -> None:
        self._settings = settings
        self._buffer = buffer
        self._stream_id = stream_id
        self._limiter = FailureLimiter(FAILURES_BEFORE_BLOCK, FAILURE_WINDOW)
        self._sessions: set[ClientSession] = set()
        self._connections: dict[asyncio.Task[None], asyncio.StreamWriter] = {}
        self._progress = asyncio.Event()
        self._server: asyncio.Server | None = None

    @property
    def stream_id(self) -> str:
        """Random id of this numbering of lines; a client resumes only within the same stream."""
        return self._stream_id

    def wants_more_lines(self) -> bool:
        """False while the fastest client is more than half a buffer behind (file sources wait)."""
        if not self._sessions:
            return True
        lines, size = min(self._buffer.lag(session.cursor) for session in self._sessions)
        return lines < self._buffer.max_lines // 2 and size < self._buffer.max_bytes // 2

    async def wait_for_progress(self, max_wait: float) -> None:
        """Return once a client has taken lines, or after `max_wait` seconds."""
        self._progress.clear()
        with contextlib.suppress(WaitTimeout):
            await asyncio.wait_for(self._progress.wait(), max_wait)

    async def start(self) -> tuple[str, int]:
        """Start listening; returns the bound address."""
        settings = self._settings
        self._server = await asyncio.start_server(
            self._handle,
            settings.host,
            settings.port,
            ssl=_server_ssl_context(settings),
            ssl_handshake_timeout=HANDSHAKE_TIMEOUT if settings.tls_cert else None,
            limit=HANDSHAKE_LINE_LIMIT,
        )
        address = self._server.sockets[0].getsockname()
        return str(address[0]), int(address[1])

    async def stop(self) -> None:
        """Stop accepting, give clients a moment to take the last lines, then disconnect them."""
        if self._server is not None:
            self._server.close()
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
            writer.transport.abort()
            task.cancel()
        if self._connections:
            await asyncio.wait(set(self._connections))
        if self._server is not None:
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections[task] = writer
        peer = writer.get_extra_info("peername")
        host = str(peer[0]) if peer else "?"
        label = f"{host}:{peer[1]}" if peer else "?"
        session: ClientSession | None = None
        try:
            session = await self._handshake(reader, writer, host)
            _LOGGER.info("client %s connected (%d connected)", label, len(self._sessions) + 1)
            self._sessions.add(session)
            await session.run()
        except HandshakeError as err:
            _LOGGER.warning("refused client %s: %s", label, err)
            if err.counts_as_failure:
                self._limiter.record_failure(host)
            writer.write(f"{PROTOCOL} DENIED {err.public}\n".encode())
        except OSError as err:
            _LOGGER.info("client %s: connection lost (%s)", label, err)
        finally:
            if session is not None:
                self._sessions.discard(session)
                _LOGGER.info("client %s disconnected", label)
            del self._connections[task]
            writer.close()
            with contextlib.suppress(OSError, asyncio.CancelledError):
                await writer.wait_closed()

    async def _handshake(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str
    ) -> ClientSession:
        settings = self._settings
        if self._limiter.is_blocked(host):
            raise HandshakeError(
                "too many failed handshakes", "rate-limited", counts_as_failure=False
            )
        if len(self._sessions) >= settings.max_clients:
            raise HandshakeError(
                f"already serving {settings.max_clients} clients",
                "busy",
                counts_as_failure=False,
            )
        server_nonce = random_hex(NONCE_BYTES)
        auth = AUTH_HMAC if settings.token else AUTH_NONE
        writer.write(f"{PROTOCOL} CHALLENGE {server_nonce} {auth}\n".encode())
        try:
            raw = await asyncio.wait_for(reader.readline(), HANDSHAKE_TIMEOUT)
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
        cursor = self._start_cursor(stream, last_seq)
        heartbeat = f"{settings.heartbeat:g}"
        server_mac = (
            compute_mac(
                settings.token, "server", (server_nonce, client_nonce, self._stream_id, heartbeat)
            )
            if settings.token
            else "-"
        )
        writer.write(f"{PROTOCOL} WELCOME {server_mac} {self._stream_id} {heartbeat}\n".encode())
        return ClientSession(
            self._buffer,
            reader=reader,
            writer=writer,
            cursor=cursor,
            heartbeat=settings.heartbeat,
            on_progress=self._progress.set,
        )

    def _start_cursor(self, stream: str, last_seq: str) -> int:
        buffer = self._buffer
        if stream == "-" or last_seq == "-":
            return buffer.next_seq  # a new client starts with the live lines
        if stream != self._stream_id:
            return buffer.oldest_seq  # another numbering: everything buffered is new to it
        # Lines it missed that the buffer no longer holds are reported by the session.
        return min(int(last_seq) + 1, buffer.next_seq)


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

    @classmethod
    def load(cls, state_file: str) -> FileState | None:
        """The saved state, or None when there is none or it is unreadable."""
        try:
            data = json.loads(read_text(state_file))
            return cls(
                path=str(data["path"]),
                device=int(data["device"]),
                inode=int(data["inode"]),
                offset=int(data["offset"]),
                next_seq=int(data["next_seq"]),
                stream_id=str(data["stream_id"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as err:
            _LOGGER.warning("ignoring unreadable state file %s: %s", state_file, err)
            return None

    def save(self, state_file: str) -> None:
        """Write atomically: a crash leaves the old state or the new one, never half of one."""
        temporary = state_file + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(self.__dict__, handle)
        os.replace(temporary, state_file)


class FileFollower:
    """Follows a log file like `tail -F`: survives rotation by rename and by copy-truncate."""

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
        self._file: io.FileIO | None = None
        self._warned_missing = False
        self._identity = (0, 0)
        self._offset = 0
        self._last_saved: tuple[int, int, int] | None = None
        self._last_save_time = 0.0

    async def run(self) -> None:
        """Read forever; lines go to the buffer, the position to the state file."""
        try:
            await self._follow()
        finally:
            self._close()
            self.save_state()

    def save_state(self) -> None:
        """Persist the position after the last complete line (no-op without a state file)."""
        state_file = self._settings.state_file
        if state_file is None or self._file is None:
            return
        offset = self._offset - self._splitter.pending_bytes
        snapshot = (self._identity[1], offset, self._buffer.next_seq)
        if snapshot == self._last_saved:
            return
        state = FileState(
            path=self._path,
            device=self._identity[0],
            inode=self._identity[1],
            offset=offset,
            next_seq=self._buffer.next_seq,
            stream_id=self._server.stream_id,
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
            if not self._server.wants_more_lines():
                await self._server.wait_for_progress(poll)
                continue
            chunk = self._read()
            if chunk:
                self._buffer.append(self._splitter.feed(chunk))
                await asyncio.sleep(0)  # let clients take what was just read
                continue
            if not self._switch_if_rotated():
                if time.monotonic() - self._last_save_time >= STATE_SAVE_INTERVAL:
                    self.save_state()
                await asyncio.sleep(poll)

    def _open_initial(self) -> bool:
        try:
            current = os.stat(self._path)
        except FileNotFoundError:
            if not self._warned_missing:
                _LOGGER.warning("waiting for %s to appear", self._path)
                self._warned_missing = True
            return False
        identity = (current.st_dev, current.st_ino)
        saved = self._saved
        if saved is not None and saved.path == self._path:
            if (saved.device, saved.inode) == identity:
                offset = saved.offset if current.st_size >= saved.offset else 0
                self._open(self._path, offset)
                return True
            rotated = self._find_rotated(saved.device, saved.inode)
            if rotated is not None:
                _LOGGER.info("log was rotated while stopped: finishing %s first", rotated)
                self._open(rotated, saved.offset)
                return True
            _LOGGER.warning("log was rotated while stopped and the old file is gone")
            self._open(self._path, 0)
            return True
        # A file created after start is all new; an existing one is tailed unless backfilling.
        from_start = self._settings.from_start or self._warned_missing
        self._open(self._path, 0 if from_start else current.st_size)
        return True

    def _find_rotated(self, device: int, inode: int) -> str | None:
        directory = os.path.dirname(self._path) or "."
        with contextlib.suppress(OSError), os.scandir(directory) as entries:
            for entry in entries:
                if entry.inode() == inode and entry.stat().st_dev == device:
                    return entry.path
        return None

    def _open(self, path: str, offset: int) -> None:
        handle = io.FileIO(path, "r")
        status = os.fstat(handle.fileno())
        handle.seek(min(offset, status.st_size))
        self._file = handle
        self._identity = (status.st_dev, status.st_ino)
        self._offset = handle.tell()
        _LOGGER.info("reading %s from byte %d", path, self._offset)

    def _read(self) -> bytes:
        assert self._file is not None
        chunk = self._file.read(READ_CHUNK) or b""
        self._offset += len(chunk)
        return chunk

    def _switch_if_rotated(self) -> bool:
        """At end of file: reopen if the path now names another file or was truncated."""
        try:
            current = os.stat(self._path)
        except FileNotFoundError:
            return False  # between rename and re-creation: keep the old file for now
        if (current.st_dev, current.st_ino) != self._identity:
            chunk = self._read()
            while chunk:  # lines written to the old file just before the rename
                self._buffer.append(self._splitter.feed(chunk))
                chunk = self._read()
            self._buffer.append(self._splitter.flush())
            self._close()
            _LOGGER.info("%s was rotated: following the new file", self._path)
            self._open(self._path, 0)
            self.save_state()
            return True
        if current.st_size < self._offset:
            _LOGGER.info("%s was truncated: reading it from the start", self._path)
            self._buffer.append(self._splitter.flush())
            assert self._file is not None
            self._file.seek(0)
            self._offset = 0
            self.save_state()
            return True
        return False

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()


class StdinReader:
    """Reads standard input (e.g. `docker logs -f`) in a daemon thread, never blocking the loop."""

    def __init__(self, settings: Settings, buffer: LineBuffer) -> None:
        self._buffer = buffer
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
            if not chunk:
                self._buffer.append(self._splitter.flush())
                _LOGGER.info("standard input ended")
                return
            self._buffer.append(self._splitter.feed(chunk))


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
    parser.add_argument("--token", help="shared secret, at least 16 characters")
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
            f"the token must be at least {MIN_TOKEN_LENGTH} characters; generate one with: "
            'python3 -c "import secrets; print(secrets.token_urlsafe(24))"'
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
    if args.poll_interval <= 0:
        parser.error("--poll-interval must be > 0")
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
        else StdinReader(settings, buffer)
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


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point."""
    settings, log_level = parse_settings(argv, dict(os.environ))
    logging.basicConfig(
        level=log_level.upper(),
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    try:
        asyncio.run(serve(settings))
    except OSError as err:
        _LOGGER.error("stopped: %s", err)  # a clear line rather than a traceback
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
