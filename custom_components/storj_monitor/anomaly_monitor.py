"""Every hour, a node's figures go to the anomaly detector; what starts or ends is announced.

Ingress and egress come from the API: the deltas of this month's totals, which include the
bandwidth the node has not written to its database yet (`storagenode/bandwidth/cache.go:75`
`MonthSummary` adds the in-memory cache @ 5dbec64f5a), so an hour's traffic shows at once.
Success rates, P95 latencies and critical audit failures come from the log, when there is one.
The detector's history is kept in a Store, so a restart neither forgets the baseline nor
announces an ongoing anomaly again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_utc_time_change
from homeassistant.helpers.storage import Store

from .alert_publish import alert_signal
from .alert_rules import ANOMALY_CLEARED_EVENT, ANOMALY_EVENT
from .anomaly import Anomaly, AnomalyDetector, Change, Metric
from .const import DOMAIN, LOGGER
from .coordinator import StorjCoordinator
from .data import StorjConfigEntry
from .log_coordinator import LogCoordinator
from .logs.records import GET, PUT
from .options_anomaly import detector_config

ANOMALY_BUS_EVENT: Final = f"{DOMAIN}_anomaly"
STORAGE_VERSION: Final = 1
SAVE_DELAY: Final = 60
# Fewer transfers than this in an hour say nothing about a success rate.
MIN_TRANSFERS: Final = 20
# API samples closer than this cannot give an hourly rate.
MIN_SPAN: Final = timedelta(minutes=30)
P95: Final = 0.95


def anomaly_signal(entry_id: str) -> str:
    """Dispatcher signal: the node's current anomalies changed (or were re-judged)."""
    return f"{DOMAIN}_{entry_id}_anomaly"


def _store_key(entry_id: str) -> str:
    return f"{DOMAIN}.anomaly_{entry_id}"


@dataclass(frozen=True, slots=True)
class _ApiTotals:
    at: datetime
    ingress: int
    egress: int


@dataclass(frozen=True, slots=True)
class _LogTotals:
    outcomes: dict[str, tuple[int, int]]
    """Per action: (successful, finished)."""
    critical: int
    latency: dict[str, tuple[int, ...]]


class AnomalyMonitor:
    """One node's hourly anomaly detection."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: StorjConfigEntry,
        coordinator: StorjCoordinator,
        logs: LogCoordinator | None,
    ) -> None:
        """Start with an empty history; `async_load` restores the stored one."""
        self.hass = hass
        self.entry = entry
        self.coordinator = coordinator
        self.logs = logs
        self.detector = AnomalyDetector(detector_config(entry.options))
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, _store_key(entry.entry_id)
        )
        self._api: _ApiTotals | None = None
        self._log: _LogTotals | None = None

    @property
    def active(self) -> list[Anomaly]:
        """The anomalies going on now, oldest first."""
        return sorted(self.detector.active.values(), key=lambda anomaly: anomaly.since)

    async def async_load(self) -> None:
        """Restore the history and the ongoing anomalies; a damaged store starts afresh."""
        if (stored := await self._store.async_load()) is None:
            return
        try:
            self.detector = AnomalyDetector.from_dict(stored, self.detector.config)
        except (KeyError, ValueError, TypeError, IndexError) as err:
            LOGGER.warning(
                "Anomaly history of %s is unreadable, starting afresh: %s", self.entry.title, err
            )

    async def async_save(self) -> None:
        """Write the history now (on unload)."""
        await self._store.async_save(self.detector.as_dict())

    @staticmethod
    async def async_remove(hass: HomeAssistant, entry_id: str) -> None:
        """Forget a removed node's history."""
        await Store[dict[str, Any]](hass, STORAGE_VERSION, _store_key(entry_id)).async_remove()

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Take the current totals as the starting point, then judge every full hour."""
        self._api = self._api_totals()
        self._log = self._log_totals()
        return async_track_utc_time_change(self.hass, self._on_hour, minute=0, second=0)

    @callback
    def _on_hour(self, now: datetime) -> None:
        hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
        values = self._api_values() | self._log_values()
        for change in self.detector.observe(hour, values):
            self._announce(change)
        self._store.async_delay_save(self.detector.as_dict, SAVE_DELAY)
        async_dispatcher_send(self.hass, anomaly_signal(self.entry.entry_id))

    # --- the hour's figures -------------------------------------------------------------------

    def _api_totals(self) -> _ApiTotals | None:
        data = self.coordinator.data
        if data is None or not self.coordinator.last_update_success:
            return None
        summary = data.snapshot.summary
        return _ApiTotals(data.fetched_at, summary.ingress_summary, summary.egress_summary)

    def _api_values(self) -> dict[Metric, float | None]:
        previous, current = self._api, self._api_totals()
        if current is not None:
            self._api = current
        if previous is None or current is None:
            return {}
        span = current.at - previous.at
        same_month = (previous.at.astimezone(UTC).year, previous.at.astimezone(UTC).month) == (
            current.at.astimezone(UTC).year,
            current.at.astimezone(UTC).month,
        )
        # The totals restart with each UTC month: that hour is skipped, never negative.
        if span < MIN_SPAN or not same_month:
            return {}
        per_hour = timedelta(hours=1) / span
        return {
            Metric.INGRESS: _rate(current.ingress - previous.ingress, per_hour),
            Metric.EGRESS: _rate(current.egress - previous.egress, per_hour),
        }

    def _log_totals(self) -> _LogTotals | None:
        if self.logs is None or (snapshot := self.logs.data) is None:
            return None
        latency = {}
        for action in (GET, PUT):
            if (histogram := self.logs.statistics.latency_histogram(action)) is not None:
                latency[action] = histogram.counts
        return _LogTotals(
            outcomes={
                action: (counts.success, counts.total)
                for action, counts in snapshot.transfers.items()
            },
            critical=sum(audits.critical_failed for audits in snapshot.audits.values()),
            latency=latency,
        )

    def _log_values(self) -> dict[Metric, float | None]:
        previous, current = self._log, self._log_totals()
        self._log = current
        if previous is None or current is None:
            return {}
        critical = current.critical - previous.critical
        return {
            Metric.UPLOAD_SUCCESS: _success(previous, current, PUT),
            Metric.DOWNLOAD_SUCCESS: _success(previous, current, GET),
            Metric.UPLOAD_LATENCY_P95: self._p95(previous, PUT),
            Metric.DOWNLOAD_LATENCY_P95: self._p95(previous, GET),
            Metric.CRITICAL_AUDIT_FAILURES: float(critical) if critical >= 0 else None,
        }

    def _p95(self, previous: _LogTotals, action: str) -> float | None:
        assert self.logs is not None
        histogram = self.logs.statistics.latency_histogram(action)
        if histogram is None:
            return None
        earlier = previous.latency.get(action, (0,) * len(histogram.counts))
        if sum(histogram.counts) - sum(earlier) < MIN_TRANSFERS:
            return None
        return histogram.percentile_since(earlier, P95)

    # --- announcements ------------------------------------------------------------------------

    @callback
    def _announce(self, change: Change) -> None:
        """The `storj_monitor_anomaly` bus event and the node's event entity."""
        anomaly = change.anomaly
        event_type = ANOMALY_CLEARED_EVENT if change.ended else ANOMALY_EVENT
        data = {
            "node": self.entry.title,
            "node_id": self.entry.unique_id,
            "entry_id": self.entry.entry_id,
            "metric": anomaly.metric.value,
            "direction": anomaly.direction.value,
            "value": round(anomaly.value, 4),
            "baseline": round(anomaly.baseline, 4),
            "z": round(anomaly.z, 1),
            "since": anomaly.since.isoformat(),
            "message": describe(self.entry.title, anomaly, ended=change.ended),
        }
        self.hass.bus.async_fire(ANOMALY_BUS_EVENT, {"type": event_type, **data})
        async_dispatcher_send(self.hass, alert_signal(self.entry.entry_id), event_type, data)


def describe(node: str, anomaly: Anomaly, *, ended: bool) -> str:
    """A short English sentence for notifications."""
    what = anomaly.metric.value.replace("_", " ")
    since = anomaly.since.strftime("%Y-%m-%d %H:%M UTC")
    if ended:
        return f"Storj node {node}: {what} back to normal (unusual since {since})"
    return (
        f"Storj node {node}: {what} {anomaly.direction.value} normal since {since}"
        f" (z {anomaly.z:+.1f})"
    )


def _rate(delta: int, per_hour: float) -> float | None:
    return delta * per_hour if delta >= 0 else None


def _success(previous: _LogTotals, current: _LogTotals, action: str) -> float | None:
    success_before, total_before = previous.outcomes.get(action, (0, 0))
    success, total = current.outcomes.get(action, (0, 0))
    finished = total - total_before
    if finished < MIN_TRANSFERS or success < success_before:
        return None
    return 100.0 * (success - success_before) / finished
