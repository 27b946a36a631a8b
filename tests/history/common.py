"""Shared values and helpers of the history tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from custom_components.storj_monitor.api import StorjNodeClient
from custom_components.storj_monitor.coordinator import StorjData

REPO_ROOT = Path(__file__).resolve().parents[2]
API_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "api"
# Mid-month, after the 15th: the previous month's paystubs are published.
START = datetime(2026, 11, 15, 12, tzinfo=UTC)


async def poll(client: StorjNodeClient, *, history: bool = True) -> StorjData:
    """What the coordinator holds after a refresh (with the payout history, if due)."""
    snapshot = await client.async_poll()
    slow = await client.async_poll_slow(snapshot.dashboard) if history else None
    return StorjData(snapshot=snapshot, history=slow)
