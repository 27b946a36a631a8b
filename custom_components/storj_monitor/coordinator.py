"""Data update coordinator: one per Storj node."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
import hashlib
from typing import override

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .api import (
    NodeHistory,
    NodeSnapshot,
    NotificationsPage,
    StorjConnectionError,
    StorjError,
    StorjHTTPError,
    StorjNodeClient,
)
from .const import (
    CONF_SCAN_INTERVAL,
    CONF_URL,
    DEFAULT_SCAN_INTERVAL_MINUTES,
    DOMAIN,
    LOGGER,
    SLOW_POLL_INTERVAL,
)
from .data import StorjConfigEntry
from .device import async_sync_devices
from .earnings import EarningsSummary, summarize_earnings
from .forecast import DiskForecast, DiskForecaster
from .notifications import NotificationTracker
from .statistics import StatisticsImporter


@dataclass(frozen=True, slots=True)
class StorjData:
    """What the entities read: the latest fast poll and the latest payout history."""

    snapshot: NodeSnapshot
    history: NodeHistory | None
    forecast: DiskForecast | None = None
    earnings: EarningsSummary | None = None
    notifications: NotificationsPage | None = None
    """The node's newest notifications; None while it cannot list them."""

    @property
    def fetched_at(self) -> datetime:
        """When the node answered the latest fast poll."""
        return self.snapshot.fetched_at


def first_poll_delay(entry_id: str, interval: timedelta) -> timedelta:
    """When an entry polls first after setup: a stable point in the second half of its interval.

    Entries set up together (at Home Assistant's start) would otherwise poll in the same
    second for good; a hash of the entry ID spreads them, and the slow polls with them.
    """
    fraction = int.from_bytes(hashlib.sha256(entry_id.encode()).digest()[:8]) / 2**64
    return interval * (1 - fraction / 2)


class StorjCoordinator(DataUpdateCoordinator[StorjData]):
    """Polls one node: dashboard, satellites and payout every interval, history every few hours."""

    config_entry: StorjConfigEntry

    def __init__(self, hass: HomeAssistant, entry: StorjConfigEntry, node_device_id: str) -> None:
        """Create the coordinator and its API client (on Home Assistant's shared session)."""
        minutes = entry.options.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL_MINUTES)
        interval = timedelta(minutes=minutes)
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"Storj node {entry.title}",
            update_interval=interval,
        )
        self._first_poll_delay: timedelta | None = first_poll_delay(entry.entry_id, interval)
        self.url: str = entry.data[CONF_URL]
        self.client = StorjNodeClient(async_get_clientsession(hass), self.url)
        assert entry.unique_id is not None
        self.node_id: str = entry.unique_id
        self.node_device_id = node_device_id
        self._history_failing = False
        self.statistics = StatisticsImporter(hass, self.client, self.node_id, entry.title)
        self.disk_forecaster = DiskForecaster(hass, self.node_id)
        self.notifications = NotificationTracker(hass, entry, self.client)

    @callback
    @override
    def _schedule_refresh(self) -> None:
        """Schedule the first poll after setup at the entry's own delay, then every interval."""
        # The base class spreads refreshes by under a second only: not enough for 50 nodes.
        delay, self._first_poll_delay = self._first_poll_delay, None
        if delay is None or self.update_interval is None:
            super()._schedule_refresh()
            return
        interval, self.update_interval = self.update_interval, delay
        try:
            super()._schedule_refresh()
        finally:
            self.update_interval = interval

    async def _async_setup(self) -> None:
        """Restore the disk samples kept before the last restart."""
        await self.disk_forecaster.async_load()
        await self.notifications.async_load()

    async def _async_update_data(self) -> StorjData:
        """Fetch the fast-changing data, and the slow-changing data when it is due."""
        try:
            snapshot = await self.client.async_poll()
        except StorjConnectionError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"url": self.url, "error": str(err)},
            ) from err
        except StorjHTTPError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="http_error",
                translation_placeholders={"url": self.url, "error": str(err)},
            ) from err
        except StorjError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="invalid_response",
                translation_placeholders={"url": self.url, "error": str(err)},
            ) from err
        if snapshot.dashboard.node_id != self.node_id:
            # Another node now answers at this address: never mix its data into ours.
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="wrong_node",
                translation_placeholders={"url": self.url},
            )
        history = await self._async_history_if_due(snapshot)
        notifications = await self.notifications.async_poll()
        async_sync_devices(self.hass, self.config_entry, self.node_device_id, snapshot)
        disk = snapshot.dashboard.disk
        self.disk_forecaster.add_sample(snapshot.fetched_at, disk.used_total, disk.free)
        data = StorjData(
            snapshot=snapshot,
            history=history,
            forecast=self.disk_forecaster.forecast(
                snapshot.fetched_at, disk.free, snapshot.summary.storage_daily
            ),
            earnings=summarize_earnings(
                snapshot, history, self.statistics.paystubs, snapshot.fetched_at
            ),
            notifications=notifications,
        )
        # Long-term statistics are written in the background: a slow recorder never delays
        # the entities.
        self.config_entry.async_create_background_task(
            self.hass, self.statistics.async_update(data), f"{self.name} statistics"
        )
        return data

    async def _async_history_if_due(self, snapshot: NodeSnapshot) -> NodeHistory | None:
        """Refresh payout history every SLOW_POLL_INTERVAL; keep the old one if that fails."""
        history = self.data.history if self.data else None
        if history is not None and snapshot.fetched_at - history.fetched_at < SLOW_POLL_INTERVAL:
            return history
        try:
            history = await self.client.async_poll_slow(snapshot.dashboard)
        except StorjError as err:
            if not self._history_failing:
                LOGGER.warning("Could not fetch payout history from %s: %s", self.url, err)
                self._history_failing = True
            return history
        if self._history_failing:
            LOGGER.info("Payout history from %s is available again", self.url)
            self._history_failing = False
        return history

    def days_until_full(self) -> float | None:
        """The latest forecast's days until the disk is full (for the alerts)."""
        if self.data is None or self.data.forecast is None:
            return None
        return self.data.forecast.days_until_full
