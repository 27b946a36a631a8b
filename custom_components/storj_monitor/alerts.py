"""The alert manager: raises and clears one node's alerts as its data changes.

The rules are in `alert_rules`; this turns the difference between the previous and the new
set of conditions into repair issues and events, so each alert fires once per transition and
never once per poll.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from .alert_publish import (
    ALERT_EVENT,
    async_fire_alert,
    async_raise_issue,
    async_send_alert,
    issue_id,
)
from .alert_rules import (
    AUDIT_FAILED_EVENT,
    Condition,
    ConditionKey,
    Kind,
    NodeContext,
    Severity,
    evaluate,
)
from .const import DOMAIN
from .coordinator import StorjCoordinator
from .critical_audit_rate import CriticalFailureRate
from .data import StorjConfigEntry
from .log_coordinator import LogCoordinator
from .logs.records import Transfer
from .performance_facts import PerformanceWatch

# ALERT_EVENT: the bus event, imported from here by automations' tests.
__all__ = ["ALERT_EVENT", "AlertManager"]

CHECK_INTERVAL: Final = timedelta(minutes=1)


@dataclass
class AlertManager:
    """Raises and clears one node's alerts as its data changes."""

    hass: HomeAssistant
    entry: StorjConfigEntry
    coordinator: StorjCoordinator
    active: dict[ConditionKey, Condition] = field(default_factory=dict)
    unreachable_since: datetime | None = None
    outdated_since: datetime | None = None
    logs: LogCoordinator | None = None
    critical_failures: CriticalFailureRate = field(
        default_factory=lambda: CriticalFailureRate(dt_util.utcnow())
    )
    performance: PerformanceWatch = field(default_factory=PerformanceWatch)

    def watch_log_source(self, logs: LogCoordinator) -> None:
        """Alert when this log source stays disconnected."""
        self.logs = logs

    @callback
    def async_audit_failed(self, transfer: Transfer) -> None:
        """A critical audit failure in the log: the piece is missing or corrupt."""
        self.critical_failures.add(transfer.satellite, dt_util.utcnow())
        satellite = self._satellite_name(transfer.satellite)
        data = {
            "node": self.entry.title,
            "node_id": self.coordinator.node_id,
            "entry_id": self.entry.entry_id,
            "condition": AUDIT_FAILED_EVENT,
            "severity": Severity.CRITICAL.value,
            "satellite": satellite,
            "satellite_id": transfer.satellite,
            "piece_id": transfer.piece_id,
            "error": transfer.error,
            "message": f"Storj node {self.entry.title}: audit failed on {satellite}"
            f" (piece {transfer.piece_id}: {transfer.error})",
        }
        async_send_alert(self.hass, self.entry.entry_id, AUDIT_FAILED_EVENT, data)

    def _satellite_name(self, satellite_id: str) -> str:
        if (data := self.coordinator.data) is not None:
            for satellite in data.snapshot.dashboard.satellites:
                if satellite.id == satellite_id:
                    return satellite.name
        return satellite_id

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Restore alerts raised before a restart, then follow the coordinator and the clock."""
        self.active = self._restore()
        unsubscribe_coordinator = self.coordinator.async_add_listener(self.async_check)
        unsubscribe_timer = async_track_time_interval(self.hass, self._on_timer, CHECK_INTERVAL)
        self.async_check()

        @callback
        def stop() -> None:
            unsubscribe_coordinator()
            unsubscribe_timer()

        return stop

    @callback
    def _on_timer(self, _now: datetime) -> None:
        """Time-based conditions (offline for N minutes) advance without new data."""
        self.async_check()

    @callback
    def async_check(self) -> None:
        """Re-evaluate and act on every transition."""
        now = dt_util.utcnow()
        reachable = self.coordinator.last_update_success
        if reachable:
            self.unreachable_since = None
        elif self.unreachable_since is None:
            self.unreachable_since = now
        data = self.coordinator.data
        if reachable and data is not None:
            if data.snapshot.dashboard.up_to_date:
                self.outdated_since = None
            elif self.outdated_since is None:
                self.outdated_since = now
        context = NodeContext(
            now=now,
            reachable=reachable,
            unreachable_since=self.unreachable_since,
            outdated_since=self.outdated_since,
            days_until_full=self.coordinator.days_until_full(),
            log_source_configured=self.logs is not None,
            log_disconnected_since=self.logs.disconnected_since if self.logs else None,
            performance=self.performance.facts(
                now, self.logs.data if self.logs else None, self.entry.options
            ),
        )
        snapshot = data.snapshot if data is not None else None
        self._apply(evaluate(snapshot, context, self.entry.options, self.active))

    @callback
    def _apply(self, current: dict[ConditionKey, Condition]) -> None:
        satellites = (
            {sat.id for sat in self.coordinator.data.snapshot.dashboard.satellites}
            if self.coordinator.data is not None
            else set()
        )
        for key, ended in self.active.items():
            if key in current:
                continue
            ir.async_delete_issue(self.hass, DOMAIN, issue_id(self.entry.entry_id, key))
            # A satellite that left takes its conditions with it, without a recovery event.
            if ended.satellite_id is None or ended.satellite_id in satellites:
                async_fire_alert(self.hass, self.entry, ended, resolved=True)
        for key, new in current.items():
            old = self.active.get(key)
            if old is None or new.severity.rank > old.severity.rank:
                async_raise_issue(self.hass, self.entry, new)
                async_fire_alert(self.hass, self.entry, new, resolved=False)
            elif old != new:
                # Easing off or a newer value: refresh the issue quietly; only recovery is news.
                async_raise_issue(self.hass, self.entry, new)
        self.active = current

    def _restore(self) -> dict[ConditionKey, Condition]:
        """Conditions whose repair issues survived a restart or reload: not new transitions."""
        restored: dict[ConditionKey, Condition] = {}
        prefix = f"{self.entry.entry_id}_"
        for (domain, issue), entry in ir.async_get(self.hass).issues.items():
            if domain != DOMAIN or not issue.startswith(prefix) or not entry.active:
                continue
            if not entry.data:
                continue
            try:
                condition = Condition(
                    Kind(str(entry.data["kind"])),
                    Severity(str(entry.data["severity"])),
                    satellite_id=str(entry.data["satellite_id"]) or None,
                    satellite=str(entry.data["satellite"]) or None,
                )
            except KeyError, ValueError:
                continue
            restored[condition.key] = condition
        return restored

    @staticmethod
    @callback
    def async_remove_issues(hass: HomeAssistant, entry_id: str) -> None:
        """Drop every issue of a node (its entry is being removed)."""
        prefix = f"{entry_id}_"
        for domain, issue in list(ir.async_get(hass).issues):
            if domain == DOMAIN and issue.startswith(prefix):
                ir.async_delete_issue(hass, DOMAIN, issue)
