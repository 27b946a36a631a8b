"""Performance alerts: slow transfers and low success rates. Pure, no Home Assistant.

Latency is the P95 of the transfers of the last few minutes (`LogSnapshot.recent_latency`);
it must stay above a threshold for a sustained period before an alert is raised, so one slow
burst never pages anyone. Success rates are the log's rolling one-hour outcome counts
(`LogSnapshot.recent_transfers`), judged only with enough samples: a quiet node never alerts.
Both clear with hysteresis. The alert kinds and texts live in `alert_rules`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final, Literal

from .logs.records import GET, GET_AUDIT, PUT
from .logs.stats import LogSnapshot

type Level = Literal["warning", "critical"]
LEVELS: Final[tuple[Level, ...]] = ("warning", "critical")

# Latency alerts clear once the P95 is this much (relative) below the threshold.
LATENCY_HYSTERESIS: Final = 0.1
# Success-rate alerts clear once the rate is this many points above the threshold.
SUCCESS_HYSTERESIS: Final = 2.0

# Customer traffic only: repair and audit transfers have their own timing.
LATENCY_ACTIONS: Final[Mapping[str, str]] = {"upload": PUT, "download": GET}
SUCCESS_ACTIONS: Final[Mapping[str, str]] = {"upload": PUT, "download": GET, "audit": GET_AUDIT}


@dataclass(frozen=True, slots=True)
class SuccessSample:
    """A success rate (percent) over the rolling hour and the transfers it counts."""

    rate: float
    samples: int


@dataclass(frozen=True, slots=True)
class PerformanceFacts:
    """What the performance rules look at, from the latest log snapshot."""

    latency_p95: Mapping[str, float] = field(default_factory=dict)
    """Direction -> P95 seconds, only where the window holds at least `min_samples`."""
    over_since: Mapping[tuple[str, Level], datetime] = field(default_factory=dict)
    """(direction, level) -> since when the P95 has been above that level's threshold."""
    success: Mapping[str, SuccessSample] = field(default_factory=dict)
    """"upload"/"download"/"audit" -> the hour's success rate (any sample count)."""


def recent_p95(snapshot: LogSnapshot, min_samples: int) -> dict[str, float]:
    """P95 per direction over the recent window, where enough transfers were timed."""
    found: dict[str, float] = {}
    for direction, action in LATENCY_ACTIONS.items():
        summary = snapshot.recent_latency.get(action)
        if summary is not None and summary.count >= min_samples and summary.p95 is not None:
            found[direction] = summary.p95
    return found


def hourly_success(snapshot: LogSnapshot) -> dict[str, SuccessSample]:
    """Success rate per kind over the rolling hour (successful / all finished)."""
    found: dict[str, SuccessSample] = {}
    for kind, action in SUCCESS_ACTIONS.items():
        counts = snapshot.recent_transfers.get(action)
        if counts is not None and counts.success_rate is not None:
            found[kind] = SuccessSample(counts.success_rate, counts.total)
    return found


@dataclass(slots=True)
class LatencyTracker:
    """Remembers since when each direction's P95 has been above each threshold."""

    since: dict[tuple[str, Level], datetime] = field(default_factory=dict)

    def update(
        self,
        now: datetime,
        latency_p95: Mapping[str, float],
        thresholds: Mapping[Level, float],
    ) -> dict[tuple[str, Level], datetime]:
        """Start or stop the clocks; a direction without enough samples keeps its clocks."""
        for direction in LATENCY_ACTIONS:
            if (p95 := latency_p95.get(direction)) is None:
                continue  # too quiet to tell: neither proof of recovery nor of slowness
            for level in LEVELS:
                if p95 > thresholds[level]:
                    self.since.setdefault((direction, level), now)
                else:
                    self.since.pop((direction, level), None)
        return dict(self.since)


def latency_level(
    facts: PerformanceFacts,
    direction: str,
    *,
    now: datetime,
    thresholds: Mapping[Level, float],
    sustained: timedelta,
    previous: Level | None,
) -> Level | Literal["keep"] | None:
    """The alert level of one direction's latency; "keep" when too quiet to judge."""
    if (p95 := facts.latency_p95.get(direction)) is None:
        return "keep"

    def held(level: Level) -> bool:
        since = facts.over_since.get((direction, level))
        return since is not None and now - since >= sustained

    def hysteresis(level: Level) -> bool:
        return p95 > thresholds[level] * (1 - LATENCY_HYSTERESIS)

    if held("critical") or (previous == "critical" and hysteresis("critical")):
        return "critical"
    if held("warning") or (previous is not None and hysteresis("warning")):
        return "warning"
    return None


def success_level(
    sample: SuccessSample | None,
    min_samples: int,
    thresholds: Mapping[Level, float],
    previous: Level | None,
) -> Level | Literal["keep"] | None:
    """The alert level of one success rate; "keep" below the minimum sample count."""
    if sample is None or sample.samples < min_samples:
        return "keep"
    rate = sample.rate
    if rate < thresholds["critical"] or (
        previous == "critical" and rate < thresholds["critical"] + SUCCESS_HYSTERESIS
    ):
        return "critical"
    if rate < thresholds["warning"] or (
        previous is not None and rate < thresholds["warning"] + SUCCESS_HYSTERESIS
    ):
        return "warning"
    return None
