"""How fast critical audit failures arrive in the log, per satellite (no Home Assistant).

A critical failure (piece missing or corrupt) is what lowers the audit score the satellite
disqualifies on; at the rate seen lately, the remaining failures (`reputation_forecast`) give
the time left.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from typing import Final

# "Lately": the last day; a node that has been watched for less counts from when it started.
RATE_WINDOW: Final = timedelta(hours=24)
# One failure a minute after startup is not a rate of 1440 a day.
MIN_SPAN: Final = timedelta(hours=1)
# A dying disk can fail thousands of audits: keep memory bounded (more is "very fast" anyway).
MAX_KEPT: Final = 10_000
DAY: Final = timedelta(days=1)


class CriticalFailureRate:
    """Arrival times of critical audit failures, per satellite, over `RATE_WINDOW`."""

    def __init__(self, watching_since: datetime) -> None:
        """Start counting; the rate's span never reaches back before `watching_since`."""
        self.watching_since = watching_since
        self._arrivals: dict[str, deque[datetime]] = {}

    def add(self, satellite_id: str, at: datetime) -> None:
        """One more critical failure on `satellite_id`, seen at `at`."""
        self._arrivals.setdefault(satellite_id, deque(maxlen=MAX_KEPT)).append(at)

    def per_day(self, satellite_id: str, now: datetime) -> float | None:
        """Critical failures per day lately; None when there were none."""
        arrivals = self._arrivals.get(satellite_id)
        if not arrivals:
            return None
        while arrivals and arrivals[0] <= now - RATE_WINDOW:
            arrivals.popleft()
        if not arrivals:
            return None
        span = min(RATE_WINDOW, max(MIN_SPAN, now - self.watching_since))
        return len(arrivals) / (span / DAY)

    def satellites(self) -> list[str]:
        """Satellites with failures still in memory."""
        return [satellite for satellite, arrivals in self._arrivals.items() if arrivals]


def days_until(remaining_failures: int, per_day: float) -> float:
    """Days until `remaining_failures` more failures arrive at `per_day`."""
    return remaining_failures / per_day
