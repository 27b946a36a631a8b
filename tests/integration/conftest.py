"""Fixtures for tests that run the integration in a real Home Assistant."""

from collections.abc import AsyncIterator, Iterator
from typing import Any
from unittest.mock import PropertyMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from custom_components.storj_monitor.const import CONF_URL, DOMAIN
from storj_simulator import SimulatedCluster, SimulatedNode, run_simulator

START_TIME = "2026-11-15T12:00:00+00:00"
# Node count of the `cluster` fixture; a test overrides it with indirect parametrize.
NODES = 1


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every test."""


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A per-test config folder: setup writes blueprints into it."""
    return hass_tmp_config_dir


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshot with Home Assistant's serializer (stable ids and timestamps)."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture
def entity_registry_enabled_by_default() -> Iterator[None]:
    """Create disabled-by-default entities enabled, so tests see them."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
        new_callable=PropertyMock,
    ):
        yield


@pytest.fixture
def node_count() -> int:
    """How many simulated nodes `cluster` starts."""
    return NODES


@pytest.fixture
async def cluster(
    hass: HomeAssistant, socket_enabled: None, node_count: int, freezer: FrozenDateTimeFactory
) -> AsyncIterator[SimulatedCluster]:
    """A simulated Storj cluster on loopback (started after, stopped before, `hass`).

    Time is frozen at a fixed moment so values are reproducible; tests move it on.
    """
    freezer.move_to(START_TIME)
    async with run_simulator(nodes=node_count) as simulated:
        yield simulated


@pytest.fixture
def node(cluster: SimulatedCluster) -> SimulatedNode:
    """The first simulated node."""
    return cluster.nodes[0]


@pytest.fixture
async def live_cluster(
    hass: HomeAssistant, socket_enabled: None
) -> AsyncIterator[SimulatedCluster]:
    """A simulator on real time (the tailer's polling needs a running clock)."""
    async with run_simulator(nodes=1) as simulated:
        yield simulated


@pytest.fixture
def live_node(live_cluster: SimulatedCluster) -> SimulatedNode:
    """The node of the real-time simulator."""
    return live_cluster.nodes[0]


async def setup_node(
    hass: HomeAssistant,
    node: SimulatedNode,
    *,
    title: str | None = None,
    options: dict[str, Any] | None = None,
) -> MockConfigEntry:
    """Add and set up a config entry for a simulated node."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=title or f"Node {node.index + 1}",
        unique_id=node.node_id,
        data={CONF_URL: node.url},
        options=options or {},
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def setup_with_history(
    hass: HomeAssistant, cluster: SimulatedCluster
) -> list[MockConfigEntry]:
    """Every simulated node set up, its statistics backfilled and committed by the recorder."""
    entries = [await setup_node(hass, node) for node in cluster.nodes]
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)
    return entries


@pytest.fixture
async def entry(hass: HomeAssistant, node: SimulatedNode) -> MockConfigEntry:
    """The first node, set up."""
    return await setup_node(hass, node)
