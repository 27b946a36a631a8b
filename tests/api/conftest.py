"""Fixtures: a fake node on 127.0.0.1 and a client talking to it over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web
import pytest

from custom_components.storj_monitor.api import StorjNodeClient

from .fake_node import FakeNode


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """PHCC blocks sockets; these tests talk to a server on 127.0.0.1."""


@pytest.fixture
async def node() -> AsyncIterator[FakeNode]:
    """A started fake node; `node.url` is its base URL."""
    fake = FakeNode()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake.dispatch)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    fake.url = f"http://127.0.0.1:{port}"
    yield fake
    fake.never.set()  # release handlers a timeout test left waiting
    await runner.cleanup()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A client session, closed after the test."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def client(session: aiohttp.ClientSession, node: FakeNode) -> StorjNodeClient:
    """A client of the fake node."""
    return StorjNodeClient(session, node.url, request_timeout=5)
