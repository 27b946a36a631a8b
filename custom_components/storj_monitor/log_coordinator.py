"""The node's log pipeline: one source (file or forwarder), live statistics, a snapshot per tick.

Lines are parsed as they arrive (cheaply, in the event loop, yielding every batch); entities
read an immutable snapshot published every `SNAPSHOT_INTERVAL`, so a busy node costs one state
write per entity per tick, not one per line.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import contextlib
from datetime import datetime, timedelta
import time
from typing import Any, Final

import aiohttp
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.storage import Store
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util
from maxminddb import InvalidDatabaseError

from .const import (
    CONF_DEBUG_ADDRESS,
    CONF_FORWARDER_FINGERPRINT,
    CONF_FORWARDER_HOST,
    CONF_FORWARDER_PORT,
    CONF_FORWARDER_TOKEN,
    CONF_GEOIP_DATABASE,
    CONF_LOG_PATH,
    CONF_LOG_SOURCE,
    DEFAULT_FORWARDER_PORT,
    DOMAIN,
    LOG_SOURCE_FILE,
    LOGGER,
)
from .data import StorjConfigEntry
from .logs.forwarder_client import ClientTiming, ForwarderClient, ResumePoint, TlsSettings
from .logs.geoip import GeoIpDatabase, TrafficMap
from .logs.monkit import TransferTimings, fetch_monkit
from .logs.records import AuditFailure, Transfer
from .logs.stats import LogSnapshot, LogStatistics
from .logs.tailer import LogTailer, TailPosition

SNAPSHOT_INTERVAL: Final = timedelta(seconds=10)
# How often the file is checked for new lines when it has none.
TAIL_POLL_INTERVAL = 1.0
# Lines handled before yielding to the event loop (a backlog must not block it).
BATCH: Final = 2000
POSITION_SAVE_DELAY: Final = 30
STORAGE_VERSION: Final = 1
MONKIT_TIMEOUT: Final = 5
# Pause before reopening a source whose reading failed; doubles while it keeps failing.
READ_RETRY = 5.0
READ_RETRY_MAX = 300.0
FORWARDER_TIMING = ClientTiming()

type AuditFailedCallback = Callable[[Transfer], None]


def _position_key(entry_id: str) -> str:
    return f"{DOMAIN}.{entry_id}.log_position"


class LogCoordinator(DataUpdateCoordinator[LogSnapshot]):
    """Reads one node's log and publishes its statistics."""

    config_entry: StorjConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: StorjConfigEntry,
        on_critical_audit: AuditFailedCallback,
    ) -> None:
        """Configure from the entry's options; nothing runs until `_async_setup`."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"Storj node {entry.title} log",
            update_interval=SNAPSHOT_INTERVAL,
        )
        self.options = dict(entry.options)
        self.source: str = self.options[CONF_LOG_SOURCE]
        self.statistics = LogStatistics()
        self.geoip: GeoIpDatabase | None = None
        self.geoip_error: str | None = None
        self.monkit: TransferTimings | None = None
        self.tailer: LogTailer | None = None
        self.forwarder: ForwarderClient | None = None
        self.disconnected_since: datetime | None = dt_util.utcnow()
        self.last_error: str | None = None
        self._on_critical_audit = on_critical_audit
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, _position_key(entry.entry_id)
        )
        self._reader: asyncio.Task[None] | None = None
        self._delivered = False  # the current reading run has handled a line
        self._monkit_failing = False

    @property
    def protocol_errors(self) -> int:
        """Malformed or hostile input from whatever answered at the forwarder's address."""
        return self.forwarder.protocol_errors if self.forwarder is not None else 0

    @property
    def connected(self) -> bool:
        """The source is delivering: the file is open, or the forwarder link is up."""
        if self.tailer is not None:
            return self.tailer.is_open
        return self.forwarder is not None and self.forwarder.connected

    async def _async_setup(self) -> None:
        """Open the GeoIP database and the source, then start reading in the background."""
        if path := self.options.get(CONF_GEOIP_DATABASE):
            try:
                self.geoip = await GeoIpDatabase.open(path)
            except (OSError, ValueError, InvalidDatabaseError) as err:
                # Everything but the map still works without it.
                self.geoip_error = str(err)
                LOGGER.warning("GeoIP database %s cannot be used: %s", path, err)
        if self.geoip is not None:
            self.statistics = LogStatistics(traffic_map=TrafficMap(self.geoip))
        stored = await self._store.async_load() or {}
        lines = self._open_source(stored)
        self._reader = self.config_entry.async_create_background_task(
            self.hass, self._async_read(lines), f"{self.name} reader"
        )

    def _open_source(self, stored: dict[str, Any]) -> AsyncIterator[str]:
        if self.source == LOG_SOURCE_FILE:
            self.tailer = LogTailer(
                self.options[CONF_LOG_PATH],
                position=TailPosition.from_dict(stored.get("file")),
                poll_interval=TAIL_POLL_INTERVAL,
            )
            return self.tailer.lines()
        fingerprint = self.options.get(CONF_FORWARDER_FINGERPRINT)
        self.forwarder = ForwarderClient(
            self.options[CONF_FORWARDER_HOST],
            int(self.options.get(CONF_FORWARDER_PORT, DEFAULT_FORWARDER_PORT)),
            token=self.options.get(CONF_FORWARDER_TOKEN),
            tls=TlsSettings(fingerprint=fingerprint) if fingerprint else None,
            resume_from=ResumePoint.from_dict(stored.get("forwarder")),
            timing=FORWARDER_TIMING,
        )
        self.forwarder.add_listener(self._on_forwarder_change)
        return self.forwarder.lines()

    async def _stop_source(self) -> TailPosition | None:
        """Release a failed file; where its reading stopped."""
        if self.tailer is None:
            return None  # the forwarder's iterator closed itself
        position = self.tailer.position
        await self.tailer.aclose()
        return position

    def _restart_source(self, position: TailPosition | None) -> AsyncIterator[str]:
        """A fresh iterator over the same source, continuing where the failed one stopped."""
        if self.tailer is None:
            assert self.forwarder is not None
            return self.forwarder.lines()
        self.tailer = LogTailer(
            self.options[CONF_LOG_PATH], position=position, poll_interval=TAIL_POLL_INTERVAL
        )
        return self.tailer.lines()

    async def _async_read(self, lines: AsyncIterator[str]) -> None:
        """Read until unloaded; a failing source is reopened after a pause, never given up.

        The forwarder client recovers from its own faults; anything escaping it (or the
        statistics) is a bug: logged once with its traceback, then the source restarts.
        """
        failures = 0
        while True:
            self._delivered = False
            try:
                await self._async_consume(lines)
            except OSError as err:
                self._reader_failed(failures, f"Reading the log of {self.name} failed", err)
            except Exception as err:  # defence in depth, see the docstring
                self._reader_failed(
                    failures, f"Reading the log of {self.name} failed unexpectedly", err
                )
            else:
                return
            failures = 1 if self._delivered else failures + 1
            position = await self._stop_source()
            self._note_connected()
            self.async_update_listeners()  # show the source disconnected now, not at the tick
            await asyncio.sleep(min(READ_RETRY * 2 ** (failures - 1), READ_RETRY_MAX))
            lines = self._restart_source(position)

    def _reader_failed(self, failures: int, message: str, err: Exception) -> None:
        """Record the failure; log it once per episode (with the traceback if unexpected)."""
        self.last_error = str(err) or type(err).__name__
        if failures and not self._delivered:
            LOGGER.debug("%s again: %s", message, err)
        elif isinstance(err, OSError):
            LOGGER.warning("%s, retrying: %s", message, err)
        else:
            LOGGER.exception("%s, restarting it", message)

    async def _async_consume(self, lines: AsyncIterator[str]) -> None:
        """Feed every line to the statistics; yield to the loop after each batch."""
        feed = self.statistics.feed_line
        handled = 0
        async with contextlib.aclosing(lines):  # type: ignore[type-var]
            async for line in lines:
                self._delivered = True
                record = feed(line, time.time())
                if type(record) is Transfer and record.audit_failure is AuditFailure.CRITICAL:
                    self._on_critical_audit(record)
                handled += 1
                if handled % BATCH == 0:
                    self._note_connected()
                    self._store.async_delay_save(self._stored, POSITION_SAVE_DELAY)
                    await asyncio.sleep(0)

    @callback
    def _on_forwarder_change(self) -> None:
        assert self.forwarder is not None
        self.last_error = self.forwarder.last_error
        self._note_connected()

    def _note_connected(self) -> None:
        if self.connected:
            self.disconnected_since = None
        elif self.disconnected_since is None:
            self.disconnected_since = dt_util.utcnow()

    def _stored(self) -> dict[str, Any]:
        """What a restart needs to resume without double counting."""
        data: dict[str, Any] = {}
        if self.tailer is not None and (position := self.tailer.position) is not None:
            data["file"] = position.as_dict()
        if self.forwarder is not None and (resume := self.forwarder.resume_point) is not None:
            data["forwarder"] = resume.as_dict()
        return data

    async def _async_update_data(self) -> LogSnapshot:
        """Publish the statistics (and the node's own timings, when its debug port is set)."""
        self._note_connected()
        if address := self.options.get(CONF_DEBUG_ADDRESS):
            await self._async_fetch_monkit(address)
        self._store.async_delay_save(self._stored, POSITION_SAVE_DELAY)
        return self.statistics.snapshot(time.time())

    async def _async_fetch_monkit(self, address: str) -> None:
        url = address if "://" in address else f"http://{address}"
        try:
            async with asyncio.timeout(MONKIT_TIMEOUT):
                self.monkit = await fetch_monkit(
                    async_get_clientsession(self.hass), f"{url.rstrip('/')}/metrics"
                )
        except (aiohttp.ClientError, TimeoutError, UnicodeDecodeError) as err:
            if not self._monkit_failing:
                LOGGER.warning("Cannot read the node's debug metrics at %s: %s", url, err)
                self._monkit_failing = True
            return
        if self._monkit_failing:
            LOGGER.info("Reading the node's debug metrics at %s again", url)
            self._monkit_failing = False

    @staticmethod
    async def async_remove_position(hass: HomeAssistant, entry_id: str) -> None:
        """Forget a removed node's log position."""
        await Store[dict[str, Any]](hass, STORAGE_VERSION, _position_key(entry_id)).async_remove()

    async def async_shutdown(self) -> None:
        """Stop reading, keep the position, close files."""
        await super().async_shutdown()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        if self.tailer is not None:
            await self.tailer.aclose()
        await self._store.async_save(self._stored())
        if self.geoip is not None:
            await self.hass.async_add_executor_job(self.geoip.close)
