"""Alert rules: which conditions a node is in, with hysteresis. Pure, no Home Assistant.

A new alert is one `Kind`, one rule appended to `SATELLITE_RULES` or `NODE_RULES`, and its
texts in strings.json (a repair issue and its event types).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from .api import DashboardSatellite, NodeSnapshot, QuicStatus, SatelliteDetails
from .baseline import DROP_HYSTERESIS, Metric, daily_drop
from .const import (
    CONF_AUDIT_CRITICAL,
    CONF_AUDIT_WARNING,
    CONF_DISK_FULL_CRITICAL_DAYS,
    CONF_DISK_FULL_WARNING_DAYS,
    CONF_DISK_USED_CRITICAL,
    CONF_DISK_USED_WARNING,
    CONF_DROP_CRITICAL,
    CONF_DROP_WARNING,
    CONF_LATENCY_CRITICAL,
    CONF_LATENCY_SUSTAINED,
    CONF_LATENCY_WARNING,
    CONF_LOG_OFFLINE_AFTER,
    CONF_OFFLINE_AFTER,
    CONF_ONLINE_CRITICAL,
    CONF_ONLINE_WARNING,
    CONF_SUCCESS_CRITICAL,
    CONF_SUCCESS_MIN_SAMPLES,
    CONF_SUCCESS_WARNING,
    CONF_SUSPENSION_CRITICAL,
    CONF_SUSPENSION_WARNING,
    DEFAULT_THRESHOLDS,
    PERFORMANCE_DEFAULTS,
)
from .performance_rules import Level, PerformanceFacts, latency_level, success_level
from .reputation_forecast import (
    audit_failures_until_disqualification,
    unknown_failures_until_suspension,
)

# Scores must recover this many percentage points above a threshold before an alert clears.
SCORE_HYSTERESIS: Final = 0.5
DISK_HYSTERESIS: Final = 1.0
# Forecast alerts clear only once the forecast is this much (relative) beyond the threshold.
FORECAST_HYSTERESIS: Final = 0.1
OUTDATED_GRACE: Final = timedelta(days=1)

REPUTATION_DOC: Final = "https://storj.dev/node/faq/why-is-my-node-disqualified"
NODE_DOC: Final = "https://storj.dev/node"
# Raised by the log pipeline for each critical audit failure, not by a rule.
AUDIT_FAILED_EVENT: Final = "audit_failed"
# Sent by the node's "Send test alert" button through the same path as real alerts.
TEST_ALERT_EVENT: Final = "test_alert"
# Raised by the anomaly monitor (anomaly_monitor.py), not by a rule.
ANOMALY_EVENT: Final = "anomaly"
ANOMALY_CLEARED_EVENT: Final = "anomaly_cleared"


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
    UPLOAD_LATENCY_HIGH = "upload_latency_high"
    DOWNLOAD_LATENCY_HIGH = "download_latency_high"
    UPLOAD_SUCCESS_LOW = "upload_success_low"
    DOWNLOAD_SUCCESS_LOW = "download_success_low"
    AUDIT_SUCCESS_LOW = "audit_success_low"
    EARNINGS_DROP = "earnings_drop"
    INGRESS_DROP = "ingress_drop"
    EGRESS_DROP = "egress_drop"


class Severity(StrEnum):
    """Alert severity, ordered; matches the repair issue severities."""

    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 (warning) .. 2 (critical), for "at least this severe" comparisons."""
        return list(Severity).index(self)


type ConditionKey = tuple[Kind, str | None]


@dataclass(frozen=True, slots=True)
class Condition:
    """One active alert: what, where, how bad, and the value that caused it."""

    kind: Kind
    severity: Severity
    satellite_id: str | None = None
    satellite: str | None = None
    value: float | None = None
    threshold: float | None = None
    remaining: int | None = None
    """Failed audits left before the satellite disqualifies or suspends the node."""
    baseline: float | None = None
    """Drop alerts: the node's usual value the `value` fell from."""
    percent: float | None = None
    """Drop alerts: how far below the baseline, in percent."""

    @property
    def key(self) -> ConditionKey:
        """Identity: one condition per kind and satellite."""
        return (self.kind, self.satellite_id)


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
    performance: PerformanceFacts | None = None
    """From the log; None without a log source."""


def thresholds(options: Mapping[str, Any]) -> dict[str, float]:
    """The configured thresholds, defaults filled in."""
    defaults = DEFAULT_THRESHOLDS | PERFORMANCE_DEFAULTS
    return {key: float(options.get(key, default)) for key, default in defaults.items()}


@dataclass(frozen=True, slots=True)
class Facts:
    """What a rule may look at: the latest poll (None while unreachable) and its context."""

    snapshot: NodeSnapshot | None
    context: NodeContext
    limits: Mapping[str, float]
    previous: Mapping[ConditionKey, Condition]

    def before(self, kind: Kind, satellite_id: str | None = None) -> Severity | None:
        """The severity this condition had until now (None: it was not active)."""
        old = self.previous.get((kind, satellite_id))
        return old.severity if old else None

    def minutes_since(self, moment: datetime) -> float:
        """Minutes from `moment` to now."""
        return (self.context.now - moment).total_seconds() / 60


def lower_is_worse(
    value: float, warning: float, critical: float, previous: Severity | None, margin: float
) -> Severity | None:
    """Severity of a value that is bad when low, with hysteresis on the way back up."""
    if value < critical or (previous is Severity.CRITICAL and value < critical + margin):
        return Severity.CRITICAL
    if value < warning or (previous is not None and value < warning + margin):
        return Severity.WARNING
    return None


def higher_is_worse(
    value: float, warning: float, critical: float, previous: Severity | None, margin: float
) -> Severity | None:
    """Severity of a value that is bad when high (reached counts), with hysteresis downwards."""
    if value >= critical or (previous is Severity.CRITICAL and value >= critical - margin):
        return Severity.CRITICAL
    if value >= warning or (previous is not None and value >= warning - margin):
        return Severity.WARNING
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """How one kind of alert is announced: its event types and its documentation."""

    kind: Kind
    start_event: str
    end_event: str | None
    """None: the condition never ends by itself (no recovery event)."""
    learn_more: str = NODE_DOC


@dataclass(frozen=True, slots=True, kw_only=True)
class SatelliteRule(Rule):
    """A condition of the node on one satellite, checked on every fresh poll."""

    check: Callable[[Facts, DashboardSatellite], Condition | None]
    final: bool = False
    """When it holds, the satellite's later rules no longer matter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NodeRule(Rule):
    """A condition of the whole node."""

    check: Callable[[Facts], Condition | None]
    needs_poll: bool = True
    """Checked only on a fresh poll; else also while the node is unreachable."""


def _disqualified(facts: Facts, satellite: DashboardSatellite) -> Condition | None:
    # Permanent: the issue stays until the satellite is gone.
    if satellite.is_disqualified or facts.before(Kind.SATELLITE_DISQUALIFIED, satellite.id):
        return Condition(
            Kind.SATELLITE_DISQUALIFIED, Severity.CRITICAL, satellite.id, satellite.name
        )
    return None


def _suspended(_facts: Facts, satellite: DashboardSatellite) -> Condition | None:
    if satellite.is_suspended:
        return Condition(Kind.SATELLITE_SUSPENDED, Severity.CRITICAL, satellite.id, satellite.name)
    return None


def _score_check(
    kind: Kind,
    warning_key: str,
    critical_key: str,
    score: Callable[[SatelliteDetails], float],
    remaining: Callable[[float], int] | None = None,
) -> Callable[[Facts, DashboardSatellite], Condition | None]:
    """A per-satellite score below its warning or critical threshold."""

    def check(facts: Facts, satellite: DashboardSatellite) -> Condition | None:
        assert facts.snapshot is not None
        if (details := facts.snapshot.satellites.get(satellite.id)) is None:
            return None
        value = score(details) * 100
        warning, critical = facts.limits[warning_key], facts.limits[critical_key]
        severity = lower_is_worse(
            value,
            warning,
            critical,
            facts.before(kind, satellite.id),
            # Never above 100 %: a warning at 99.8 % must still be able to clear.
            max(0.0, min(SCORE_HYSTERESIS, 100 - warning)),
        )
        if severity is None:
            return None
        threshold = critical if severity is Severity.CRITICAL else warning
        return Condition(
            kind,
            severity,
            satellite.id,
            satellite.name,
            value=round(value, 2),
            threshold=threshold,
            remaining=None if remaining is None else remaining(score(details)),
        )

    return check


def _disk_nearly_full(facts: Facts) -> Condition | None:
    assert facts.snapshot is not None
    if (used := facts.snapshot.dashboard.disk.used_percent) is None:
        return None
    warning = facts.limits[CONF_DISK_USED_WARNING]
    critical = facts.limits[CONF_DISK_USED_CRITICAL]
    severity = higher_is_worse(
        used, warning, critical, facts.before(Kind.DISK_NEARLY_FULL), DISK_HYSTERESIS
    )
    if severity is None:
        return None
    threshold = critical if severity is Severity.CRITICAL else warning
    return Condition(Kind.DISK_NEARLY_FULL, severity, value=round(used, 1), threshold=threshold)


def _disk_full_soon(facts: Facts) -> Condition | None:
    if (days := facts.context.days_until_full) is None:
        return None
    warning = facts.limits[CONF_DISK_FULL_WARNING_DAYS]
    critical = facts.limits[CONF_DISK_FULL_CRITICAL_DAYS]
    # Fewer days is worse: the same rule as scores, with a margin relative to the warning.
    severity = lower_is_worse(
        days, warning, critical, facts.before(Kind.DISK_FULL_SOON), FORECAST_HYSTERESIS * warning
    )
    if severity is None:
        return None
    threshold = critical if severity is Severity.CRITICAL else warning
    return Condition(Kind.DISK_FULL_SOON, severity, value=round(days, 1), threshold=threshold)


def _outdated(facts: Facts) -> Condition | None:
    assert facts.snapshot is not None
    since = facts.context.outdated_since
    if (since is not None and facts.context.now - since >= OUTDATED_GRACE) or (
        not facts.snapshot.dashboard.up_to_date and facts.before(Kind.NODE_OUTDATED)
    ):
        return Condition(Kind.NODE_OUTDATED, Severity.WARNING)
    return None


def _quic_misconfigured(facts: Facts) -> Condition | None:
    assert facts.snapshot is not None
    status = facts.snapshot.dashboard.quic_status
    if status is QuicStatus.MISCONFIGURED or (
        status is QuicStatus.REFRESHING and facts.before(Kind.QUIC_MISCONFIGURED)
    ):
        return Condition(Kind.QUIC_MISCONFIGURED, Severity.WARNING)
    return None


def _unreachable(facts: Facts) -> Condition | None:
    if facts.context.reachable:
        return None
    down = facts.minutes_since(facts.context.unreachable_since or facts.context.now)
    if down >= facts.limits[CONF_OFFLINE_AFTER]:
        return Condition(Kind.NODE_UNREACHABLE, Severity.ERROR, value=round(down))
    return None


def _log_disconnected(facts: Facts) -> Condition | None:
    context = facts.context
    if not context.log_source_configured or context.log_disconnected_since is None:
        return None
    minutes = facts.minutes_since(context.log_disconnected_since)
    # A restored alert stays while the source is still down (a reload restarts the clock).
    if minutes >= facts.limits[CONF_LOG_OFFLINE_AFTER] or facts.before(
        Kind.LOG_SOURCE_DISCONNECTED
    ):
        return Condition(Kind.LOG_SOURCE_DISCONNECTED, Severity.WARNING, value=round(minutes))
    return None


def _reputation(
    kind: Kind, start_event: str, check: Callable[[Facts, DashboardSatellite], Condition | None]
) -> SatelliteRule:
    """A reputation condition: it ends when the reputation recovers."""
    return SatelliteRule(
        kind=kind,
        start_event=start_event,
        end_event="reputation_recovered",
        learn_more=REPUTATION_DOC,
        check=check,
    )


PERFORMANCE_DOC: Final = "https://storj.dev/node/get-started/setup"


def _level(severity: Severity | None) -> Level | None:
    return "critical" if severity is Severity.CRITICAL else None if severity is None else "warning"


def _latency_check(kind: Kind, direction: str) -> Callable[[Facts], Condition | None]:
    """P95 above a threshold for the sustained period; cleared 10 % below it."""

    def check(facts: Facts) -> Condition | None:
        if (performance := facts.context.performance) is None:
            return facts.previous.get((kind, None))
        limits = facts.limits
        thresholds: dict[Level, float] = {
            "warning": limits[CONF_LATENCY_WARNING],
            "critical": limits[CONF_LATENCY_CRITICAL],
        }
        level = latency_level(
            performance,
            direction,
            now=facts.context.now,
            thresholds=thresholds,
            sustained=timedelta(minutes=limits[CONF_LATENCY_SUSTAINED]),
            previous=_level(facts.before(kind)),
        )
        if level == "keep":
            return facts.previous.get((kind, None))
        if level is None:
            return None
        value = round(performance.latency_p95[direction], 2)
        return Condition(kind, Severity(level), value=value, threshold=thresholds[level])

    return check


def _success_check(kind: Kind, name: str) -> Callable[[Facts], Condition | None]:
    """Success rate over the rolling hour below a threshold, with enough samples."""

    def check(facts: Facts) -> Condition | None:
        if (performance := facts.context.performance) is None:
            return facts.previous.get((kind, None))
        limits = facts.limits
        thresholds: dict[Level, float] = {
            "warning": limits[CONF_SUCCESS_WARNING],
            "critical": limits[CONF_SUCCESS_CRITICAL],
        }
        sample = performance.success.get(name)
        level = success_level(
            sample, int(limits[CONF_SUCCESS_MIN_SAMPLES]), thresholds, _level(facts.before(kind))
        )
        if level == "keep":
            return facts.previous.get((kind, None))
        if level is None or sample is None:
            return None
        value = round(sample.rate, 1)
        return Condition(kind, Severity(level), value=value, threshold=thresholds[level])

    return check


def _drop_check(kind: Kind, metric: Metric, scale: float) -> Callable[[Facts], Condition | None]:
    """Yesterday's value this far below the node's own baseline (`scale`: display unit)."""

    def check(facts: Facts) -> Condition | None:
        assert facts.snapshot is not None
        snapshot = facts.snapshot
        # The days are those of the poll, not of the clock: a timer check between polls
        # must not read a stale series as if today had begun.
        joined = snapshot.summary.earliest_joined_at
        verdict = (
            daily_drop(snapshot.satellites, joined, snapshot.fetched_at, metric) if joined else None
        )
        if verdict is None:
            # No fair comparison today (month start, missing tally): nothing new is known.
            return facts.previous.get((kind, None))
        drop = verdict.drop_percent
        warning, critical = facts.limits[CONF_DROP_WARNING], facts.limits[CONF_DROP_CRITICAL]
        before = facts.before(kind)
        if drop >= critical or (before is Severity.CRITICAL and drop >= critical - DROP_HYSTERESIS):
            severity, threshold = Severity.CRITICAL, critical
        elif drop >= warning or (before is not None and drop >= warning - DROP_HYSTERESIS):
            severity, threshold = Severity.WARNING, warning
        else:
            return None
        return Condition(
            kind,
            severity,
            value=round(verdict.value / scale, 2),
            threshold=threshold,
            baseline=round(verdict.baseline / scale, 2),
            percent=round(drop, 1),
        )

    return check


_DROPS: Final = {Kind.EARNINGS_DROP, Kind.INGRESS_DROP, Kind.EGRESS_DROP}


def _node_rule(kind: Kind, end_event: str, check: Callable[[Facts], Condition | None]) -> NodeRule:
    return NodeRule(
        kind=kind,
        start_event=kind.value,
        end_event=end_event,
        learn_more=PERFORMANCE_DOC,
        check=check,
        needs_poll=kind in _DROPS,
    )


# In the order conditions are reported, per satellite and then for the node.
SATELLITE_RULES: Final[tuple[SatelliteRule, ...]] = (
    SatelliteRule(
        kind=Kind.SATELLITE_DISQUALIFIED,
        start_event="disqualified",
        end_event=None,
        learn_more=REPUTATION_DOC,
        check=_disqualified,
        final=True,  # the satellite's scores no longer matter
    ),
    _reputation(Kind.SATELLITE_SUSPENDED, "suspended", _suspended),
    _reputation(
        Kind.AUDIT_SCORE_LOW,
        "audit_score_low",
        _score_check(
            Kind.AUDIT_SCORE_LOW,
            CONF_AUDIT_WARNING,
            CONF_AUDIT_CRITICAL,
            lambda s: s.audit_score,
            audit_failures_until_disqualification,
        ),
    ),
    _reputation(
        Kind.SUSPENSION_SCORE_LOW,
        "suspension_score_low",
        _score_check(
            Kind.SUSPENSION_SCORE_LOW,
            CONF_SUSPENSION_WARNING,
            CONF_SUSPENSION_CRITICAL,
            lambda s: s.suspension_score,
            unknown_failures_until_suspension,
        ),
    ),
    _reputation(
        Kind.ONLINE_SCORE_LOW,
        "online_score_low",
        _score_check(
            Kind.ONLINE_SCORE_LOW,
            CONF_ONLINE_WARNING,
            CONF_ONLINE_CRITICAL,
            lambda s: s.online_score,
        ),
    ),
)
NODE_RULES: Final[tuple[NodeRule, ...]] = (
    NodeRule(
        kind=Kind.DISK_NEARLY_FULL,
        start_event="disk_nearly_full",
        end_event="disk_ok",
        check=_disk_nearly_full,
    ),
    NodeRule(
        kind=Kind.DISK_FULL_SOON,
        start_event="disk_full_soon",
        end_event="disk_ok",
        check=_disk_full_soon,
    ),
    NodeRule(
        kind=Kind.NODE_OUTDATED, start_event="update_required", end_event="updated", check=_outdated
    ),
    NodeRule(
        kind=Kind.QUIC_MISCONFIGURED,
        start_event="quic_misconfigured",
        end_event="quic_ok",
        check=_quic_misconfigured,
    ),
    NodeRule(
        kind=Kind.NODE_UNREACHABLE,
        start_event="node_offline",
        end_event="node_back_online",
        check=_unreachable,
        needs_poll=False,
    ),
    NodeRule(
        kind=Kind.LOG_SOURCE_DISCONNECTED,
        start_event="log_source_offline",
        end_event="log_source_online",
        check=_log_disconnected,
        needs_poll=False,
    ),
    # Performance (from the log) and drops (from the daily API series).
    _node_rule(
        Kind.UPLOAD_LATENCY_HIGH, "latency_ok", _latency_check(Kind.UPLOAD_LATENCY_HIGH, "upload")
    ),
    _node_rule(
        Kind.DOWNLOAD_LATENCY_HIGH,
        "latency_ok",
        _latency_check(Kind.DOWNLOAD_LATENCY_HIGH, "download"),
    ),
    _node_rule(
        Kind.UPLOAD_SUCCESS_LOW,
        "success_rate_ok",
        _success_check(Kind.UPLOAD_SUCCESS_LOW, "upload"),
    ),
    _node_rule(
        Kind.DOWNLOAD_SUCCESS_LOW,
        "success_rate_ok",
        _success_check(Kind.DOWNLOAD_SUCCESS_LOW, "download"),
    ),
    _node_rule(
        Kind.AUDIT_SUCCESS_LOW, "success_rate_ok", _success_check(Kind.AUDIT_SUCCESS_LOW, "audit")
    ),
    _node_rule(
        Kind.EARNINGS_DROP,
        "earnings_recovered",
        _drop_check(Kind.EARNINGS_DROP, Metric.EARNINGS, 1),
    ),
    _node_rule(
        Kind.INGRESS_DROP, "traffic_recovered", _drop_check(Kind.INGRESS_DROP, Metric.INGRESS, 1e9)
    ),
    _node_rule(
        Kind.EGRESS_DROP, "traffic_recovered", _drop_check(Kind.EGRESS_DROP, Metric.EGRESS, 1e9)
    ),
)
RULES: Final[Mapping[Kind, Rule]] = {rule.kind: rule for rule in (*SATELLITE_RULES, *NODE_RULES)}
EVENT_TYPES: Final = sorted(
    {
        AUDIT_FAILED_EVENT,
        TEST_ALERT_EVENT,
        ANOMALY_EVENT,
        ANOMALY_CLEARED_EVENT,
        *(rule.start_event for rule in RULES.values()),
        *(rule.end_event for rule in RULES.values() if rule.end_event),
    }
)


def evaluate(
    snapshot: NodeSnapshot | None,
    context: NodeContext,
    options: Mapping[str, Any],
    previous: Mapping[ConditionKey, Condition],
) -> dict[ConditionKey, Condition]:
    """All conditions active now, given the previous ones (for hysteresis)."""
    found: list[Condition] = []
    if not context.reachable:
        # Nothing new is known about the node: keep what was raised from its last data.
        found.extend(c for c in previous.values() if c.kind is not Kind.NODE_UNREACHABLE)
        snapshot = None
    facts = Facts(snapshot, context, thresholds(options), previous)
    if snapshot is not None:
        for satellite in snapshot.dashboard.satellites:
            for satellite_rule in SATELLITE_RULES:
                if (condition := satellite_rule.check(facts, satellite)) is not None:
                    found.append(condition)
                    if satellite_rule.final:
                        break
    for rule in NODE_RULES:
        if (snapshot is not None or not rule.needs_poll) and (condition := rule.check(facts)):
            found.append(condition)
    return {condition.key: condition for condition in found}


def describe(node: str, condition: Condition, *, resolved: bool) -> str:
    """A short English sentence for notifications."""
    where = f" on {condition.satellite}" if condition.satellite else ""
    value = f" ({condition.value:g})" if condition.value is not None else ""
    text = condition.kind.value.replace("_", " ")
    if resolved:
        return f"Storj node {node}: {text}{where} resolved"
    return f"Storj node {node}: {text}{where}{value}{remaining_text(condition)}"


def remaining_text(condition: Condition) -> str:
    """ "; eu1: 13 more failed audits would disqualify this node" (or "" when not known)."""
    if condition.remaining is None:
        return ""
    if condition.kind is Kind.SUSPENSION_SCORE_LOW:
        what, outcome = "unknown-error audits", "suspend"
    else:
        what, outcome = "failed audits", "disqualify"
    return f"; {condition.satellite}: {condition.remaining} more {what} would {outcome} this node"
