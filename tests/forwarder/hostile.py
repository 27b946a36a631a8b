"""Peers that answer at the forwarder's address but are not it: impostors and men in the middle.

`HostilePeer` listens on 127.0.0.1. Its first connections each run one hostile script; every
later connection is relayed untouched to the real forwarder, so a test shows the client
recovering and delivering real lines afterwards.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
import contextlib
import secrets

from custom_components.storj_monitor.logs.forwarder_client import PROTOCOL, compute_mac

# A hostile script: the client's side of the connection, and the real forwarder's port.
Script = Callable[[asyncio.StreamReader, asyncio.StreamWriter, int], Awaitable[None]]
# Over every read limit of the client (1 MiB + 64 for frames).
HUGE = 2 * 1024 * 1024


class HostilePeer:
    """Runs `scripts` on the first connections, then relays to the forwarder at `upstream`."""

    def __init__(self, scripts: Sequence[Script], upstream: int) -> None:
        self._scripts = list(scripts)
        self._upstream = upstream
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.connections = 0
        self.port = 0

    async def __aenter__(self) -> HostilePeer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        index = self.connections
        self.connections += 1
        script = self._scripts[index] if index < len(self._scripts) else relay
        try:
            await script(reader, writer, self._upstream)
            await writer.drain()
        except ConnectionError:
            pass  # the client hung up on it, as it should
        finally:
            writer.transport.abort()
            self._tasks.discard(task)


async def _pipe(source: asyncio.StreamReader, target: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError):
        while data := await source.read(65536):
            target.write(data)
            await target.drain()
    target.transport.abort()


async def _relay_streams(
    client: tuple[asyncio.StreamReader, asyncio.StreamWriter],
    upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter],
) -> None:
    await asyncio.gather(_pipe(client[0], upstream[1]), _pipe(upstream[0], client[1]))


async def relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, upstream: int) -> None:
    """An honest hop to the real forwarder."""
    up = await asyncio.open_connection("127.0.0.1", upstream)
    try:
        await _relay_streams((reader, writer), up)
    finally:
        up[1].transport.abort()


def send(data: bytes) -> Script:
    """An impostor that greets with `data` (whatever it is) and hangs up after the answer."""

    async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _: int) -> None:
        writer.write(data)
        await writer.drain()
        with contextlib.suppress(asyncio.LimitOverrunError, ValueError):
            await reader.readline()

    return script


def impostor_welcome(welcome: Callable[[str, str], bytes]) -> Script:
    """A proper CHALLENGE, then `welcome(server_nonce, client_nonce)`: no token, or a wrong one."""

    async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _: int) -> None:
        nonce = secrets.token_hex(16)
        writer.write(f"{PROTOCOL} CHALLENGE {nonce} hmac-sha256\n".encode())
        client_nonce = (await reader.readline()).split()[2].decode()
        writer.write(welcome(nonce, client_nonce))
        await writer.drain()
        await reader.read()

    return script


async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _: int) -> None:
    """Accepts and never says a word (the handshake deadline must end it)."""
    await reader.read()


def man_in_the_middle(inject: bytes, *, after_lines: int = 0) -> Script:
    """Relays the genuine handshake, then injects `inject` after `after_lines` real lines."""

    async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, port: int) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(await up_reader.readline())  # CHALLENGE
            up_writer.write(await reader.readline())  # RESPONSE
            writer.write(await up_reader.readline())  # WELCOME
            relayed = 0
            while relayed < after_lines:
                frame = await up_reader.readline()
                writer.write(frame)
                relayed += frame.startswith(b"L ")
            writer.write(inject)
            await writer.drain()
            await _relay_streams((reader, writer), (up_reader, up_writer))
        finally:
            up_writer.transport.abort()

    return script


def wrong_mac(server_nonce: str, client_nonce: str) -> bytes:
    """A WELCOME whose MAC was made with another token."""
    mac = compute_mac(
        "not-the-token-0123456789", "server", (server_nonce, client_nonce, "ab", "15")
    )
    return f"{PROTOCOL} WELCOME {mac} ab 15\n".encode()


def non_ascii_mac(server_nonce: str, client_nonce: str) -> bytes:
    """A WELCOME whose MAC is not ASCII (once a TypeError in hmac.compare_digest)."""
    return f"{PROTOCOL} WELCOME {'é' * 64} ab 15\n".encode()
