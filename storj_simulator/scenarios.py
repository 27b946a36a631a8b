"""Scenarios: what is wrong with a node, switchable at run time, kept as a timeline."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class Scenario(StrEnum):
    """The node conditions the simulator can play."""

    HEALTHY = "healthy"
    AUDIT_FAILING = "audit_failing"
    SUSPENDED = "suspended"
    DISQUALIFIED = "disqualified"
    DISK_NEARLY_FULL = "disk_nearly_full"
    OFFLINE = "offline"
    SLOW = "slow"
    GARBAGE = "garbage"
    OLD_VERSION = "old_version"
    QUIC_MISCONFIGURED = "quic_misconfigured"
    OUTDATED = "outdated"
    SLOW_DISK = "slow_disk"
    EARNINGS_DROP = "earnings_drop"
    ANOMALY = "anomaly"
    NOTIFICATIONS = "notifications"


# Every parameter a scenario accepts, with its type and default.
# `satellite` is a satellite ID, "all", or None for the node's first satellite.
SCENARIO_PARAMETERS: Mapping[Scenario, Mapping[str, tuple[type, object]]] = {
    Scenario.HEALTHY: {},
    Scenario.AUDIT_FAILING: {"satellite": (str, None), "rate_per_hour": (float, 0.004)},
    Scenario.SUSPENDED: {"satellite": (str, None), "score": (float, 0.55)},
    Scenario.DISQUALIFIED: {"satellite": (str, None)},
    Scenario.DISK_NEARLY_FULL: {"fraction": (float, 0.97)},
    Scenario.OFFLINE: {},
    Scenario.SLOW: {"delay": (float, 5.0)},
    Scenario.GARBAGE: {"kind": (str, "json")},
    Scenario.OLD_VERSION: {"version": (str, None)},
    Scenario.QUIC_MISCONFIGURED: {},
    Scenario.OUTDATED: {"version": (str, None)},
    # Transfers take `factor` times longer and `failure_share` more of them fail.
    Scenario.SLOW_DISK: {"factor": (float, 10.0), "failure_share": (float, 0.2)},
    # Traffic and tallied storage fall by `fraction` from the UTC date `since` (default: now).
    Scenario.EARNINGS_DROP: {"fraction": (float, 0.6), "since": (str, None)},
    # Traffic of one direction times `factor` (0.4: a 60 % drop), for the anomaly detector.
    Scenario.ANOMALY: {"metric": (str, "ingress"), "factor": (float, 0.4)},
    # `broken`: the notifications database fails, so its endpoints answer 500.
    Scenario.NOTIFICATIONS: {"satellite": (str, None), "broken": (bool, False)},
}
GARBAGE_KINDS = ("json", "html")
ANOMALY_METRICS = ("ingress", "egress")


def validate_params(scenario: Scenario, params: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return `params` completed with defaults, or raise ValueError."""
    allowed = SCENARIO_PARAMETERS[scenario]
    unknown = set(params) - set(allowed)
    if unknown:
        raise ValueError(f"scenario {scenario} has no parameter(s) {sorted(unknown)}")
    result: dict[str, Any] = {}
    for name, (kind, default) in allowed.items():
        value = params.get(name, default)
        if value is not None:
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, kind):
                raise ValueError(f"parameter {name} of {scenario} must be {kind.__name__}")
        result[name] = value
    if scenario is Scenario.GARBAGE and result["kind"] not in GARBAGE_KINDS:
        raise ValueError(f"garbage kind must be one of {GARBAGE_KINDS}")
    if scenario is Scenario.DISK_NEARLY_FULL and not 0 < result["fraction"] <= 1:
        raise ValueError("fraction must be in (0, 1]")
    if scenario is Scenario.SLOW and result["delay"] < 0:
        raise ValueError("delay must not be negative")
    if scenario is Scenario.SLOW_DISK and (
        result["factor"] < 1 or not 0 <= result["failure_share"] <= 0.9
    ):
        raise ValueError("factor must be at least 1 and failure_share in [0, 0.9]")
    if scenario is Scenario.EARNINGS_DROP:
        if not 0 <= result["fraction"] <= 1:
            raise ValueError("fraction must be in [0, 1]")
        if result["since"] is not None:
            date.fromisoformat(result["since"])  # ValueError if not a date
    if scenario is Scenario.ANOMALY and (
        result["metric"] not in ANOMALY_METRICS or result["factor"] < 0
    ):
        raise ValueError(f"anomaly needs a metric in {ANOMALY_METRICS} and a factor >= 0")
    return MappingProxyType(result)


@dataclass(frozen=True, slots=True)
class ScenarioChange:
    """From `at` on, the node plays `scenario` with `params`."""

    at: datetime
    scenario: Scenario
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Span:
    """A closed-open interval of the timeline during which one scenario was active."""

    start: datetime
    end: datetime
    scenario: Scenario
    params: Mapping[str, Any]

    @property
    def hours(self) -> float:
        """Length of the span in hours."""
        return (self.end - self.start).total_seconds() / 3600

    def overlap_seconds(self, start: datetime, end: datetime) -> float:
        """Seconds of [start, end) inside this span."""
        return max(0.0, (min(end, self.end) - max(start, self.start)).total_seconds())


class Timeline:
    """The scenario history of one node; state is computed from it, never stored."""

    def __init__(self, start: ScenarioChange) -> None:
        """Start the timeline with the scenario active at creation."""
        self._changes = [start]

    @property
    def start(self) -> datetime:
        """When the simulation of this node began."""
        return self._changes[0].at

    def change(self, at: datetime, scenario: Scenario, params: Mapping[str, Any]) -> None:
        """Switch to `scenario` at `at` (never before the last change)."""
        at = max(at, self._changes[-1].at)
        self._changes.append(ScenarioChange(at, scenario, params))

    def current(self, now: datetime) -> ScenarioChange:
        """The change in effect at `now`."""
        active = self._changes[0]
        for change in self._changes:
            if change.at <= now:
                active = change
        return active

    def spans(self, until: datetime) -> Iterator[Span]:
        """The spans from the start up to `until`.

        A change made exactly at `until` yields an empty span, so that what a scenario
        does on entry (a disk jump, a disqualification) shows at once.
        """
        for change, following in zip(self._changes, [*self._changes[1:], None], strict=True):
            if change.at > until:
                return
            end = until if following is None else min(following.at, until)
            yield Span(change.at, end, change.scenario, change.params)

    def spans_of(self, scenario: Scenario, until: datetime) -> list[Span]:
        """The spans of one scenario up to `until`."""
        return [span for span in self.spans(until) if span.scenario is scenario]

    def changes(self) -> list[ScenarioChange]:
        """All changes, oldest first."""
        return list(self._changes)
