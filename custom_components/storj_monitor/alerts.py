"""Alert conditions of a node, with hysteresis, raised as repair issues and events.

Evaluation is pure (`evaluate`); `AlertManager` turns the difference between the previous
and the new set of conditions into repair issues, an event entity and bus events, so each
alert fires once per transition and never once per poll.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from .api import QuicStatus
from .const import (
    CONF_AUDIT_CRITICAL,
    CONF_AUDIT_WARNING,
    CONF_DISK_FULL_CRITICAL_DAYS,
    CONF_DISK_FULL_WARNING_DAYS,
    CONF_DISK_USED_CRITICAL,
    CONF_LOG_OFFLINE_AFTER,
    CONF_OFFLINE_AFTER,
    CONF_ONLINE_CRITICAL,
    CONF_ONLINE_WARNING,
    CONF_SUSPENSION_CRITICAL,
    CONF_SUSPENSION_WARNING,
    DEFAULT_THRESHOLDS,
    DOMAIN,
)
from .coordinator import StorjCoordinator, StorjData
from .data import StorjConfigEntry
from .log_coordinator import LogCoordinator
from .logs.records import Transfer

ALERT_EVENT: Final = f"{DOMAIN}_alert"
# Scores must recover this many percentage points above a threshold before an alert clears.
SCORE_HYSTERESIS: Final = 0.5
DISK_HYSTERESIS: Final = 1.0
# Forecast alerts clear only once the forecast is this much (relative) beyond the threshold.
FORECAST_HYSTERESIS: Final = 0.1
OUTDATED_GRACE: Final = timedelta(days=1)
CHECK_INTERVAL: Final = timedelta(minutes=1)

REPUTATION_DOC: Final = "https://storj.dev/node/faq/why-is-my-node-disqualified"
NODE_DOC: Final = "https://storj.dev/node"


class Kind(StrEnum):
    """Alert conditions; also the repair issues' translation keys."""

    AUDIT_SCORE_LOW = "audit_score_low"
    SUSPENSION_SCORE_LOW = "suspension_score_low"
    ONLINE_SCORE_LOW = "online_score_low"
    SATELLITE_SUSPENDED = "satellite_suspended"
    SATELLITE_DISQUALIFIED = "satellite_disqualified"
    DISK_NEARLY_FULL = "disk_nearly_full"
    DISK_FULL_SOON = "disk_full_soon"
    NODE_UNREACHABLE = "node_unreachable"
    NODE_OUTDATED = "node_outdated"
    QUIC_MISCONFIGURED = "quic_misconfigured"
    LOG_SOURCE_DISCONNECTED = "log_source_disconnected"


class Severity(StrEnum):
    """Alert severity, ordered; matches the repair issue severities."""

    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 (warning) .. 2 (critical), for "at least this severe" comparisons."""
        return list(Severity).index(self)


# Event types: one when a condition starts, one when it ends (None: it never ends by itself).
START_EVENT: Final[Mapping[Kind, str]] = {
    Kind.AUDIT_SCORE_LOW: "audit_score_low",
    Kind.SUSPENSION_SCORE_LOW: "suspension_score_low",
    Kind.ONLINE_SCORE_LOW: "online_score_low",
    Kind.SATELLITE_SUSPENDED: "suspended",
    Kind.SATELLITE_DISQUALIFIED: "disqualified",
    Kind.DISK_NEARLY_FULL: "disk_nearly_full",
    Kind.DISK_FULL_SOON: "disk_full_soon",
    Kind.NODE_UNREACHABLE: "node_offline",
    Kind.NODE_OUTDATED: "update_required",
    Kind.QUIC_MISCONFIGURED: "quic_misconfigured",
    Kind.LOG_SOURCE_DISCONNECTED: "log_source_offline",
}
END_EVENT: Final[Mapping[Kind, str | None]] = {
    Kind.AUDIT_SCORE_LOW: "reputation_recovered",
    Kind.SUSPENSION_SCORE_LOW: "reputation_recovered",
    Kind.ONLINE_SCORE_LOW: "reputation_recovered",
    Kind.SATELLITE_SUSPENDED: "reputation_recovered",
    Kind.SATELLITE_DISQUALIFIED: None,
    Kind.DISK_NEARLY_FULL: "disk_ok",
    Kind.DISK_FULL_SOON: "disk_ok",
    Kind.NODE_UNREACHABLE: "node_back_online",
    Kind.NODE_OUTDATED: "updated",
    Kind.QUIC_MISCONFIGURED: "quic_ok",
    Kind.LOG_SOURCE_DISCONNECTED: "log_source_online",
}
# Raised by the log pipeline for each critical audit failure, not by a condition.
AUDIT_FAILED_EVENT: Final = "audit_failed"
EVENT_TYPES: Final = sorted(
    {*START_EVENT.values(), *(e for e in END_EVENT.values() if e), AUDIT_FAILED_EVENT}
)
REPUTATION_KINDS: Final = (
    Kind.AUDIT_SCORE_LOW,
    Kind.SUSPENSION_SCORE_LOW,
    Kind.ONLINE_SCORE_LOW,
    Kind.SATELLITE_SUSPENDED,
    Kind.SATELLITE_DISQUALIFIED,
)
LEARN_MORE: Final[Mapping[Kind, str]] = dict.fromkeys(REPUTATION_KINDS, REPUTATION_DOC)


def alert_signal(entry_id: str) -> str:
    """Dispatcher signal carrying (event_type, data) to the node's event entity."""
    return f"{DOMAIN}_{entry_id}_alert"


@dataclass(frozen=True, slots=True)
class Condition:
    """One active alert: what, where, how bad, and the value that caused it."""

    kind: Kind
    severity: Severity
    satellite_id: str | None = None
    satellite: str | None = None
    value: float | None = None
    threshold: float | None = None

    @property
    def key(self) -> tuple[Kind, str | None]:
        """Identity: one condition per kind and satellite."""
        return (self.kind, self.satellite_id)


type ConditionKey = tuple[Kind, str | None]


@dataclass(slots=True)
class NodeContext:
    """Facts outside the latest poll that some conditions need."""

    now: datetime
    reachable: bool
    unreachable_since: datetime | None = None
    outdated_since: datetime | None = None
    days_until_full: float | None = None
    log_source_configured: bool = False
    log_disconnected_since: datetime | None = None


def lower_is_worse(
    value: float, warning: float, critical: float, previous: Severity | None, margin: float
) -> Severity | None:
    """Severity of a value that is bad when low, with hysteresis on the way back up."""
    if value < critical or (previous is Severity.CRITICAL and value < critical + margin):
        return Severity.CRITICAL
    if value < warning or (previous is not None and value < warning + margin):
        return Severity.WARNING
    return None


def thresholds(options: Mapping[str, Any]) -> dict[str, float]:
    """The configured thresholds, defaults filled in."""
    return {key: float(options.get(key, default)) for key, default in DEFAULT_THRESHOLDS.items()}


@dataclass(frozen=True, slots=True)
class ScoreRule:
    """A per-satellite score condition with a warning and a critical threshold."""

    kind: Kind
    warning: str
    critical: str
    score: Callable[[Any], float]


SCORE_RULES: Final = (
    ScoreRule(
        Kind.AUDIT_SCORE_LOW, CONF_AUDIT_WARNING, CONF_AUDIT_CRITICAL, lambda s: s.audit_score
    ),
    ScoreRule(
        Kind.SUSPENSION_SCORE_LOW,
        CONF_SUSPENSION_WARNING,
        CONF_SUSPENSION_CRITICAL,
        lambda s: s.suspension_score,
    ),
    ScoreRule(
        Kind.ONLINE_SCORE_LOW, CONF_ONLINE_WARNING, CONF_ONLINE_CRITICAL, lambda s: s.online_score
    ),
)


def evaluate(
    data: StorjData | None,
    context: NodeContext,
    options: Mapping[str, Any],
    previous: Mapping[ConditionKey, Condition],
) -> dict[ConditionKey, Condition]:
    """All conditions active now, given the previous ones (for hysteresis)."""
    limits = thresholds(options)
    found: list[Condition] = []

    def before(kind: Kind, satellite_id: str | None = None) -> Severity | None:
        old = previous.get((kind, satellite_id))
        return old.severity if old else None

    if not context.reachable:
        # Nothing new is known about the node: keep what was raised from its last data.
        found.extend(c for c in previous.values() if c.kind is not Kind.NODE_UNREACHABLE)
        since = context.unreachable_since or context.now
        down_minutes = (context.now - since).total_seconds() / 60
        if down_minutes >= limits[CONF_OFFLINE_AFTER]:
            found.append(
                Condition(Kind.NODE_UNREACHABLE, Severity.ERROR, value=round(down_minutes))
            )
    elif data is not None:
        found.extend(_data_conditions(data, context, limits, before))

    if context.log_source_configured and context.log_disconnected_since is not None:
        minutes = (context.now - context.log_disconnected_since).total_seconds() / 60
        # A restored alert stays while the source is still down (a reload restarts the clock).
        if (
            minutes >= limits[CONF_LOG_OFFLINE_AFTER]
            or (
                Kind.LOG_SOURCE_DISCONNECTED,
                None,
            )
            in previous
        ):
            found.append(
                Condition(Kind.LOG_SOURCE_DISCONNECTED, Severity.WARNING, value=round(minutes))
            )
    return {condition.key: condition for condition in found}


def _data_conditions(
    data: StorjData,
    context: NodeContext,
    limits: Mapping[str, float],
    before: Callable[..., Severity | None],
) -> list[Condition]:
    found: list[Condition] = []
    dashboard = data.snapshot.dashboard
    for satellite in dashboard.satellites:
        if satellite.is_disqualified or before(Kind.SATELLITE_DISQUALIFIED, satellite.id):
            # Disqualification is permanent: the issue stays until the satellite is gone, and
            # the satellite's scores no longer matter.
            found.append(
                Condition(
                    Kind.SATELLITE_DISQUALIFIED, Severity.CRITICAL, satellite.id, satellite.name
                )
            )
            continue
        if satellite.is_suspended:
            found.append(
                Condition(Kind.SATELLITE_SUSPENDED, Severity.CRITICAL, satellite.id, satellite.name)
            )
        if (details := data.snapshot.satellites.get(satellite.id)) is None:
            continue
        for rule in SCORE_RULES:
            value = rule.score(details) * 100
            severity = lower_is_worse(
                value,
                limits[rule.warning],
                limits[rule.critical],
                before(rule.kind, satellite.id),
                # Never above 100 %: a warning at 99.8 % must still be able to clear.
                max(0.0, min(SCORE_HYSTERESIS, 100 - limits[rule.warning])),
            )
            if severity is not None:
                threshold = limits[rule.critical if severity is Severity.CRITICAL else rule.warning]
                found.append(
                    Condition(
                        rule.kind,
                        severity,
                        satellite.id,
                        satellite.name,
                        value=round(value, 2),
                        threshold=threshold,
                    )
                )

    used = dashboard.disk.used_percent
    if used is not None:
        limit = limits[CONF_DISK_USED_CRITICAL]
        if used >= limit or (before(Kind.DISK_NEARLY_FULL) and used >= limit - DISK_HYSTERESIS):
            found.append(
                Condition(
                    Kind.DISK_NEARLY_FULL, Severity.CRITICAL, value=round(used, 1), threshold=limit
                )
            )
    if (days := context.days_until_full) is not None:
        warning, critical = (
            limits[CONF_DISK_FULL_WARNING_DAYS],
            limits[CONF_DISK_FULL_CRITICAL_DAYS],
        )
        # Fewer days is worse: the same rule as scores, with a margin relative to the warning.
        severity = lower_is_worse(
            days, warning, critical, before(Kind.DISK_FULL_SOON), FORECAST_HYSTERESIS * warning
        )
        if severity is not None:
            threshold = critical if severity is Severity.CRITICAL else warning
            found.append(
                Condition(Kind.DISK_FULL_SOON, severity, value=round(days, 1), threshold=threshold)
            )
    if (
        context.outdated_since is not None
        and context.now - context.outdated_since >= OUTDATED_GRACE
    ) or (not dashboard.up_to_date and before(Kind.NODE_OUTDATED)):
        found.append(Condition(Kind.NODE_OUTDATED, Severity.WARNING))
    if dashboard.quic_status is QuicStatus.MISCONFIGURED or (
        dashboard.quic_status is QuicStatus.REFRESHING and before(Kind.QUIC_MISCONFIGURED)
    ):
        found.append(Condition(Kind.QUIC_MISCONFIGURED, Severity.WARNING))
    return found


def issue_id(entry_id: str, key: ConditionKey) -> str:
    """Repair issue ID: one per node, condition and satellite."""
    kind, satellite_id = key
    return f"{entry_id}_{kind}" + (f"_{satellite_id}" if satellite_id else "")


@dataclass
class AlertManager:
    """Raises and clears one node's alerts as its data changes."""

    hass: HomeAssistant
    entry: StorjConfigEntry
    coordinator: StorjCoordinator
    active: dict[ConditionKey, Condition] = field(default_factory=dict)
    unreachable_since: datetime | None = None
    outdated_since: datetime | None = None
    days_until_full: Callable[[], float | None] = lambda: None
    logs: LogCoordinator | None = None

    def watch_log_source(self, logs: LogCoordinator) -> None:
        """Alert when this log source stays disconnected."""
        self.logs = logs

    @callback
    def async_audit_failed(self, transfer: Transfer) -> None:
        """A critical audit failure in the log: the piece is missing or corrupt."""
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
            up_to_date = data.snapshot.dashboard.up_to_date
            if up_to_date:
                self.outdated_since = None
            elif self.outdated_since is None:
                self.outdated_since = now
        context = NodeContext(
            now=now,
            reachable=reachable,
            unreachable_since=self.unreachable_since,
            outdated_since=self.outdated_since,
            days_until_full=self.days_until_full(),
            log_source_configured=self.logs is not None,
            log_disconnected_since=self.logs.disconnected_since if self.logs else None,
        )
        current = evaluate(data, context, self.entry.options, self.active)
        self._apply(current)

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
            gone = ended.satellite_id is not None and ended.satellite_id not in satellites
            if (end := END_EVENT[ended.kind]) is not None and not gone:
                async_fire_alert(self.hass, self.entry, end, ended, resolved=True)
        for key, new in current.items():
            old = self.active.get(key)
            if old is None or new.severity.rank > old.severity.rank:
                async_raise_issue(self.hass, self.entry, new)
                async_fire_alert(self.hass, self.entry, START_EVENT[new.kind], new, resolved=False)
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


SETUP_FAILURES: Final = f"{DOMAIN}_setup_failures"


@callback
def async_note_setup_failure(hass: HomeAssistant, entry: StorjConfigEntry) -> None:
    """Raise the unreachable alert for a node that has not answered since Home Assistant started.

    No coordinator runs while setup retries, so this is the only place that can notice.
    """
    failures: dict[str, datetime] = hass.data.setdefault(SETUP_FAILURES, {})
    now = dt_util.utcnow()
    since = failures.setdefault(entry.entry_id, now)
    minutes = (now - since).total_seconds() / 60
    key: ConditionKey = (Kind.NODE_UNREACHABLE, None)
    if minutes < thresholds(entry.options)[CONF_OFFLINE_AFTER]:
        return
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id(entry.entry_id, key))
    if issue is not None and issue.active:
        return
    condition = Condition(Kind.NODE_UNREACHABLE, Severity.ERROR, value=round(minutes))
    async_raise_issue(hass, entry, condition)
    async_fire_alert(hass, entry, START_EVENT[condition.kind], condition, resolved=False)


@callback
def async_forget_setup_failure(hass: HomeAssistant, entry_id: str) -> None:
    """The node answered: its setup-failure clock stops."""
    hass.data.get(SETUP_FAILURES, {}).pop(entry_id, None)


def describe(node: str, condition: Condition, *, resolved: bool) -> str:
    """A short English sentence for notifications."""
    where = f" on {condition.satellite}" if condition.satellite else ""
    value = f" ({condition.value:g})" if condition.value is not None else ""
    text = condition.kind.value.replace("_", " ")
    if resolved:
        return f"Storj node {node}: {text}{where} resolved"
    return f"Storj node {node}: {text}{where}{value}"


@callback
def async_raise_issue(hass: HomeAssistant, entry: StorjConfigEntry, condition: Condition) -> None:
    """Create (or update) the repair issue of a condition."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(entry.entry_id, condition.key),
        is_fixable=condition.kind is Kind.NODE_UNREACHABLE,
        # Persistent: a restart restores the condition (with its data) instead of re-announcing.
        is_persistent=True,
        severity=ir.IssueSeverity(condition.severity.value),
        translation_key=condition.kind.value,
        translation_placeholders={
            "node": entry.title,
            "satellite": condition.satellite or "",
            "value": "" if condition.value is None else f"{condition.value:g}",
            "threshold": "" if condition.threshold is None else f"{condition.threshold:g}",
        },
        learn_more_url=LEARN_MORE.get(condition.kind, NODE_DOC),
        # Lets a restart restore the condition instead of announcing it again.
        data={
            "entry_id": entry.entry_id,
            "kind": condition.kind.value,
            "severity": condition.severity.value,
            "satellite_id": condition.satellite_id or "",
            "satellite": condition.satellite or "",
        },
    )


@callback
def async_fire_alert(
    hass: HomeAssistant,
    entry: StorjConfigEntry,
    event_type: str,
    condition: Condition,
    *,
    resolved: bool,
) -> None:
    """Announce a condition's transition."""
    data = {
        "node": entry.title,
        "node_id": entry.unique_id,
        "entry_id": entry.entry_id,
        "condition": condition.kind.value,
        "severity": "info" if resolved else condition.severity.value,
        "satellite": condition.satellite,
        "satellite_id": condition.satellite_id,
        "value": condition.value,
        "threshold": condition.threshold,
        "message": describe(entry.title, condition, resolved=resolved),
    }
    async_send_alert(hass, entry.entry_id, event_type, data)


@callback
def async_send_alert(
    hass: HomeAssistant, entry_id: str, event_type: str, data: dict[str, Any]
) -> None:
    """Fire the `storj_monitor_alert` bus event and tell the node's event entity."""
    hass.bus.async_fire(ALERT_EVENT, {"type": event_type, **data})
    async_dispatcher_send(hass, alert_signal(entry_id), event_type, data)
