"""Fixtures: a simulator on loopback at a frozen instant, and an HTTP session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
import json
from typing import Any

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from storj_simulator import SimulatedCluster, run_simulator
from tests.conftest import FIXTURES

API_FIXTURES = FIXTURES / "api"
# A Saturday in the middle of a month, some hours into the UTC day.
START = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """The simulator is a real server on 127.0.0.1."""


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A client session that is closed after the test."""
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture
async def cluster(freezer: FrozenDateTimeFactory) -> AsyncIterator[SimulatedCluster]:
    """Two v1.162 nodes started at START, time frozen."""
    freezer.move_to(START)
    async with run_simulator(2) as running:
        yield running


@dataclass(frozen=True, slots=True)
class Reply:
    """A response, read."""

    status: int
    content_type: str
    text: str
    headers: dict[str, str]

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.text)


async def fetch(
    session: aiohttp.ClientSession, url: str, method: str = "GET", **kwargs: Any
) -> Reply:
    """Request without following redirects."""
    async with session.request(method, url, allow_redirects=False, **kwargs) as response:
        return Reply(
            response.status,
            response.content_type,
            await response.text(),
            dict(response.headers),
        )


async def get_json(session: aiohttp.ClientSession, url: str) -> Any:
    """GET a JSON endpoint that must answer 200 like the node does."""
    reply = await fetch(session, url)
    assert reply.status == 200, reply.text
    assert reply.content_type == "application/json"
    assert reply.text.endswith("}\n") or reply.text.endswith("]\n") or reply.text == "null\n"
    return reply.json()


def real_fixture(name: str) -> Any:
    """A real recorded response from tests/fixtures (fails loudly if absent)."""
    path = API_FIXTURES / name
    assert path.is_file(), f"fixture missing: {path}"
    return json.loads(path.read_text())
