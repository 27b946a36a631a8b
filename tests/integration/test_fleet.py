"""Many nodes in one Home Assistant: entries set up together must not poll together."""

from __future__ import annotations

from datetime import timedelta

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.storj_monitor.const import CONF_URL, DOMAIN
from custom_components.storj_monitor.coordinator import first_poll_delay
from storj_simulator import SimulatedCluster

INTERVAL = timedelta(minutes=5)
# Two entry IDs whose first polls fall 37 s apart (checked below).
EARLY, LATE = "fleet_entry_4", "fleet_entry_2"


@pytest.fixture
def node_count() -> int:
    """Two nodes."""
    return 2


def test_first_poll_delay_is_stable_and_spread() -> None:
    """Each entry keeps its delay across restarts; 50 entries spread over half an interval."""
    ids = [f"fleet_entry_{n}" for n in range(50)]
    delays = [first_poll_delay(entry_id, INTERVAL).total_seconds() for entry_id in ids]
    assert delays == [first_poll_delay(entry_id, INTERVAL).total_seconds() for entry_id in ids]
    assert min(delays) >= 150
    assert max(delays) <= 300
    assert max(delays) - min(delays) > 120
    # No pile-up (without the delay all fifty poll in one second): at most 10 % share a second.
    slots = [int(delay) for delay in delays]
    assert max(slots.count(slot) for slot in slots) <= 5
    assert first_poll_delay("x", timedelta(minutes=60)) == 12 * first_poll_delay("x", INTERVAL)


def fire(hass: HomeAssistant, seconds: float) -> None:
    """Run the timers due within `seconds` of now (the coordinator schedules on the loop clock)."""
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=seconds))


async def test_entries_set_up_together_poll_apart(
    hass: HomeAssistant, cluster: SimulatedCluster
) -> None:
    """Each entry's first poll comes at its own delay, then every interval as before."""
    early_delay = first_poll_delay(EARLY, INTERVAL).total_seconds()
    late_delay = first_poll_delay(LATE, INTERVAL).total_seconds()
    assert early_delay + 30 < late_delay < INTERVAL.total_seconds() - 5
    for entry_id, node in zip((EARLY, LATE), cluster.nodes, strict=True):
        MockConfigEntry(
            domain=DOMAIN,
            entry_id=entry_id,
            title=f"Node {node.index + 1}",
            unique_id=node.node_id,
            data={CONF_URL: node.url},
        ).add_to_hass(hass)
    # Setting up the integration sets up both entries at once, as at Home Assistant's start.
    assert await hass.config_entries.async_setup(EARLY)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert all(
        entry.state is ConfigEntryState.LOADED
        for entry in hass.config_entries.async_entries(DOMAIN)
    )
    early, late = cluster.nodes

    async def polled_after(seconds: float) -> tuple[bool, bool]:
        before = (early.requests, late.requests)
        fire(hass, seconds)
        await hass.async_block_till_done(wait_background_tasks=True)
        return (early.requests > before[0], late.requests > before[1])

    assert await polled_after(early_delay - 2) == (False, False)
    assert await polled_after(early_delay + 1) == (True, False)
    assert await polled_after(late_delay + 1) == (False, True)
    # From then on the regular interval (from each entry's first poll), not the delay again.
    assert await polled_after(INTERVAL.total_seconds() - 2) == (False, False)
    assert await polled_after(INTERVAL.total_seconds() + 1) == (True, True)
