"""Performance facts for the alert rules, from the latest log snapshot."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .alert_rules import thresholds
from .const import CONF_LATENCY_CRITICAL, CONF_LATENCY_WARNING, CONF_SUCCESS_MIN_SAMPLES
from .logs.stats import LogSnapshot
from .performance_rules import LatencyTracker, PerformanceFacts, hourly_success, recent_p95


@dataclass(slots=True)
class PerformanceWatch:
    """Keeps the latency clocks of one node between checks."""

    tracker: LatencyTracker = field(default_factory=LatencyTracker)

    def facts(
        self, now: datetime, snapshot: LogSnapshot | None, options: Mapping[str, Any]
    ) -> PerformanceFacts | None:
        """None without a log source (or before its first snapshot): nothing to judge."""
        if snapshot is None:
            return None
        limits = thresholds(options)
        latency = recent_p95(snapshot, int(limits[CONF_SUCCESS_MIN_SAMPLES]))
        over_since = self.tracker.update(
            now,
            latency,
            {"warning": limits[CONF_LATENCY_WARNING], "critical": limits[CONF_LATENCY_CRITICAL]},
        )
        return PerformanceFacts(latency, over_since, hourly_success(snapshot))
