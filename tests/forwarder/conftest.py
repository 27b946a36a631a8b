"""Helpers to run the real forwarder as a subprocess and talk to it over loopback sockets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import contextlib
import datetime
import ipaddress
import os
from pathlib import Path
import re
import resource
import secrets
import signal
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
import pytest

from custom_components.storj_monitor.logs.forwarder_client import PROTOCOL, compute_mac

REPO_ROOT = Path(__file__).resolve().parents[2]
FORWARDER_SCRIPT = REPO_ROOT / "forwarder" / "storj_log_forwarder.py"
# The forwarder runs on the node's (often old) Python: FORWARDER_PYTHON=python3.9 tests that.
FORWARDER_PYTHON = os.environ.get("FORWARDER_PYTHON", sys.executable)
TOKEN = "test-token-0123456789abcdef"
TIMEOUT = 5.0
# Fast enough for tests; every interval of the forwarder is an option.
FAST_OPTIONS = ("--poll-interval", "0.01", "--heartbeat", "0.2")


@pytest.fixture(autouse=True)
def _sockets(socket_enabled: None) -> None:
    """Every test here talks to a forwarder over 127.0.0.1."""


class ForwarderProcess:
    """One `storj-log-forwarder` subprocess with its log collected line by line."""

    def __init__(
        self, args: list[str], *, stdin: bool = False, open_files: int | None = None
    ) -> None:
        self.args = args
        self._stdin = stdin
        self._open_files = open_files
        self.process: asyncio.subprocess.Process | None = None
        self.port = 0
        self.log: list[str] = []
        self._log_changed = asyncio.Event()
        self._log_reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start and wait until it listens."""
        self.log.clear()
        self.process = await asyncio.create_subprocess_exec(
            FORWARDER_PYTHON,
            str(FORWARDER_SCRIPT),
            *self.args,
            stdin=asyncio.subprocess.PIPE if self._stdin else asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            preexec_fn=None if self._open_files is None else self._limit_open_files,
        )
        self._log_reader = asyncio.create_task(self._read_log())
        line = await self.wait_for_log("listening on")
        match = re.search(r"listening on \S+:(\d+)", line)
        assert match, line
        self.port = int(match.group(1))

    def _limit_open_files(self) -> None:
        # Soft and hard: the forwarder raises its soft limit to the hard one by itself.
        assert self._open_files is not None
        resource.setrlimit(resource.RLIMIT_NOFILE, (self._open_files, self._open_files))

    def pause(self) -> None:
        """Freeze it (SIGSTOP): whatever happens meanwhile happens between two of its checks."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """Let it run again (SIGCONT)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def open_descriptors(self) -> int:
        """How many files and sockets it holds (Linux)."""
        assert self.process is not None
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def read_position(self, path: Path) -> int | None:
        """Where it is reading `path` (Linux), or None if it does not hold it open."""
        assert self.process is not None
        fds = Path(f"/proc/{self.process.pid}/fd")
        for fd in fds.iterdir():
            with contextlib.suppress(OSError):
                if fd.readlink() == path:
                    info = Path(f"/proc/{self.process.pid}/fdinfo/{fd.name}").read_text()
                    return int(info.split()[1])  # "pos: <offset>"
        return None

    async def wait_for_log(self, text: str, *, after: int = 0) -> str:
        """Return the first log line from index `after` on containing `text`."""
        async with asyncio.timeout(TIMEOUT):
            while True:
                for line in self.log[after:]:
                    if text in line:
                        return line
                if self._log_reader is not None and self._log_reader.done():
                    raise AssertionError(f"forwarder exited without logging {text!r}: {self.log}")
                self._log_changed.clear()
                await self._log_changed.wait()

    async def stop(self, signum: int = signal.SIGTERM) -> int:
        """Signal it and wait for it to exit; returns the exit status."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signum)
        return await self.wait_exit()

    async def wait_exit(self) -> int:
        """Wait for the process to end on its own."""
        assert self.process is not None
        assert self._log_reader is not None
        async with asyncio.timeout(TIMEOUT):
            status = await self.process.wait()
            await self._log_reader
        return status

    def write_stdin(self, data: bytes) -> None:
        """Feed its standard input."""
        assert self.process is not None
        assert self.process.stdin is not None
        self.process.stdin.write(data)

    def peak_rss_kib(self) -> int:
        """High-water mark of its resident memory (Linux)."""
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        assert match
        return int(match.group(1))

    async def kill(self) -> None:
        """Teardown: make sure nothing outlives the test."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
        if self.process is not None:
            if self.process.stdin is not None:
                self.process.stdin.close()
            await self.process.wait()
        if self._log_reader is not None:
            await self._log_reader

    async def _read_log(self) -> None:
        assert self.process is not None
        assert self.process.stderr is not None
        async for raw in self.process.stderr:
            self.log.append(raw.decode(errors="replace").rstrip("\n"))
            self._log_changed.set()
        self._log_changed.set()


StartForwarder = Callable[..., Awaitable[ForwarderProcess]]


@pytest.fixture
async def start_forwarder() -> AsyncIterator[StartForwarder]:
    """Start forwarders with the fast test options; all are killed at teardown."""
    started: list[ForwarderProcess] = []

    async def start(
        *args: str, stdin: bool = False, open_files: int | None = None
    ) -> ForwarderProcess:
        forwarder = ForwarderProcess(
            ["--bind", "127.0.0.1:0", *FAST_OPTIONS, *args], stdin=stdin, open_files=open_files
        )
        started.append(forwarder)
        await forwarder.start()
        return forwarder

    yield start
    for forwarder in started:
        await forwarder.kill()


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    """An empty node log, as the node creates it."""
    path = tmp_path / "node.log"
    path.touch()
    return path


def append(path: Path, *lines: str) -> None:
    """Write lines as the node does: appended, newline-terminated."""
    with path.open("a", encoding="utf-8") as log:
        log.writelines(line + "\n" for line in lines)


def overwrite(path: Path, text: str) -> None:
    """Replace the file's content in place (what copy-truncate rotation does)."""
    path.write_text(text, encoding="utf-8")


def rename(path: Path, target: Path) -> None:
    """Move the file away (what rename rotation does)."""
    path.rename(target)


class RawConnection:
    """The wire protocol by hand, to test what a well-behaved client never does."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.server_nonce = ""
        self.client_nonce = ""

    @classmethod
    async def open(cls, port: int, **kwargs: object) -> RawConnection:
        """Connect to 127.0.0.1:`port` (or use an already connected `sock=`)."""
        if "sock" in kwargs:
            reader, writer = await asyncio.open_connection(**kwargs)  # type: ignore[arg-type]
        else:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, **kwargs)  # type: ignore[arg-type]
        return cls(reader, writer)

    async def read_line(self) -> bytes:
        """One line (frame or handshake message), with a timeout."""
        async with asyncio.timeout(TIMEOUT):
            return await self.reader.readline()

    async def challenge(self) -> list[str]:
        """Read the server's first message."""
        fields = (await self.read_line()).decode().split()
        if fields[1] == "CHALLENGE":
            self.server_nonce = fields[2]
        return fields

    def response_for(
        self, token: str | None, stream: str = "-", seq: str = "-", nonce: str | None = None
    ) -> bytes:
        """The RESPONSE line a client holding `token` would send."""
        self.client_nonce = nonce or secrets.token_hex(16)
        fields = (self.server_nonce, self.client_nonce, stream, seq)
        mac = compute_mac(token, "client", fields) if token else "-"
        return f"{PROTOCOL} RESPONSE {self.client_nonce} {mac} {stream} {seq}\n".encode()

    async def handshake(self, token: str | None, stream: str = "-", seq: str = "-") -> list[str]:
        """Full handshake; returns the server's second message (WELCOME or DENIED)."""
        await self.challenge()
        self.writer.write(self.response_for(token, stream, seq))
        return (await self.read_line()).decode().split()

    async def read_frames(self, count: int) -> list[bytes]:
        """The next `count` frames, skipping heartbeats."""
        frames: list[bytes] = []
        async with asyncio.timeout(TIMEOUT):
            while len(frames) < count:
                frame = await self.reader.readline()
                assert frame, f"connection closed after {frames}"
                if not frame.startswith(b"H "):
                    frames.append(frame)
        return frames

    async def close(self) -> None:
        """Close and wait."""
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()


@pytest.fixture
async def raw_connections() -> AsyncIterator[Callable[..., Awaitable[RawConnection]]]:
    """Open raw connections; all are closed at teardown."""
    opened: list[RawConnection] = []

    async def open_connection(port: int, **kwargs: object) -> RawConnection:
        connection = await RawConnection.open(port, **kwargs)
        opened.append(connection)
        return connection

    yield open_connection
    for connection in opened:
        await connection.close()


def lines_of(frames: list[bytes]) -> list[str]:
    """The text of L frames."""
    return [frame.split(b" ", 2)[2].rstrip(b"\n").decode() for frame in frames]


def make_certificate(directory: Path, name: str = "forwarder") -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, as a user would make with openssl."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = directory / f"{name}.crt"
    key_path = directory / f"{name}.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    os.chmod(key_path, 0o600)
    return cert_path, key_path
