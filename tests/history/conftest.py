"""Fixtures: a simulated node at a frozen instant and a real API client talking to it."""

from __future__ import annotations

from collections.abc import AsyncIterator

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import pytest

from custom_components.storj_monitor.api import StorjNodeClient
from storj_simulator import SimulatedNode, run_simulator
from tests.databases import recorder_db_url  # noqa: F401  (sqlite, postgresql, mysql)

from .common import START


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """The simulator is a real server on 127.0.0.1."""


@pytest.fixture
def api_version() -> str:
    """The storagenode release the simulator serves (override per test)."""
    return "1.162"


@pytest.fixture
async def node(freezer: FrozenDateTimeFactory, api_version: str) -> AsyncIterator[SimulatedNode]:
    """One simulated node, 14 months old, started at START with time frozen."""
    freezer.move_to(START)
    async with run_simulator(api_version=api_version) as cluster:
        yield cluster.nodes[0]


@pytest.fixture
async def client(hass: HomeAssistant, node: SimulatedNode) -> StorjNodeClient:
    """The integration's API client on Home Assistant's shared session."""
    return StorjNodeClient(async_get_clientsession(hass), node.url)
