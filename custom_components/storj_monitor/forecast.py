"""When will the node's disk be full? Growth estimated from used-space samples kept across restarts.

Used space does not grow smoothly: emptied trash and hashstore compactions release space
in steps. Those releases are real (the space can be filled again), so the net growth
must include them, but a window that happens to hold one big release must not conclude
that the disk stopped filling. So:

- over the last 7 days (hourly samples) the growth between releases is a Theil-Sen slope
  (the median of all pairwise slopes, robust to outliers) and the releases are spread
  over the whole window;
- from 14 days of history on, a Theil-Sen slope over one sample per day for the last
  30 days, from pairs at least 7 days apart only: each such pair spans most of a
  trash/compaction cycle, so the saw-tooth averages out;
- until 7 days of samples exist, the satellites' daily storage series of this month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from statistics import median
from typing import NamedTuple, TypedDict

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store

from .api import StorageStamp
from .const import DOMAIN

STORAGE_VERSION = 1
SAVE_DELAY_SECONDS = 600
HOUR = 3600.0
DAY = 86400.0
HOURLY_KEPT = 7 * DAY
DAILY_KEPT = 90 * DAY
SHORT_WINDOW = 7 * DAY
LONG_WINDOW = 30 * DAY
LONG_WINDOW_MIN_SPAN = 14 * DAY
LONG_WINDOW_MIN_PAIR_SPAN = 7 * DAY
SAMPLES_PREFERRED_SPAN = 7 * DAY
"""From this much sample history on, own samples beat the satellites' daily series."""
SAMPLES_MIN_SPAN = 1 * DAY
STORAGE_DAILY_MIN_ROWS = 3
MAX_FORECAST_DAYS = 36_500
"""Beyond a century the node is, for all purposes, not growing (and dates would overflow)."""
FULL_BELOW_BYTES = 500 * 10**6
"""The node stops accepting uploads below this much free space
(`storage2.monitor.minimum-disk-space`, default 500 MB)."""


class ForecastBasis(StrEnum):
    """What a growth estimate was computed from."""

    SAMPLES = "samples"
    STORAGE_DAILY = "storage_daily"


@dataclass(frozen=True, slots=True, kw_only=True)
class DiskForecast:
    """Growth of the used space and when it reaches the allocation."""

    growth_bytes_per_day: float | None
    """Net growth; negative while the node shrinks; None without enough data."""
    days_until_full: float | None
    """0 when full; None while the node is not growing."""
    full_at: datetime | None
    sample_count: int
    """Points the growth was estimated from."""
    basis: ForecastBasis | None


class _Sample(NamedTuple):
    at: float
    """POSIX timestamp."""
    used: int
    free: int


class _StoredSamples(TypedDict):
    hourly: list[list[float]]
    daily: list[list[float]]


class _Point(NamedTuple):
    at: float
    value: float


class DiskForecaster:
    """Keeps one node's used-space samples (hourly for 7 days, daily for 90) and forecasts."""

    def __init__(self, hass: HomeAssistant, node_id: str) -> None:
        """Create the forecaster; call `async_load` before adding samples."""
        self._store: Store[_StoredSamples] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.disk_samples.{node_id}"
        )
        self._hourly: list[_Sample] = []
        self._daily: list[_Sample] = []

    async def async_load(self) -> None:
        """Restore the samples kept before the last restart."""
        if (stored := await self._store.async_load()) is None:
            return
        self._hourly = [_Sample(row[0], int(row[1]), int(row[2])) for row in stored["hourly"]]
        self._daily = [_Sample(row[0], int(row[1]), int(row[2])) for row in stored["daily"]]

    async def async_save(self) -> None:
        """Write the samples now (on unload, so a reload does not lose the pending ones)."""
        await self._store.async_save(self._to_store())

    async def async_remove(self) -> None:
        """Delete the stored samples (when the node's config entry is removed)."""
        await self._store.async_remove()

    @callback
    def add_sample(self, moment: datetime, used_bytes: int, free_bytes: int) -> None:
        """Record the used and free space at `moment`; keeps the first sample of each hour."""
        at = moment.timestamp()
        # Nodes v1.143.0-.3 could report a negative `used` (clamped to 0): not a sample.
        if used_bytes <= 0:
            return
        if self._hourly and at // HOUR <= self._hourly[-1].at // HOUR:
            return
        self._hourly.append(_Sample(at, used_bytes, free_bytes))
        self._age(at)
        self._store.async_delay_save(self._to_store, SAVE_DELAY_SECONDS)

    def forecast(
        self, now: datetime, free_bytes: int, storage_daily: Sequence[StorageStamp]
    ) -> DiskForecast:
        """Forecast from the samples, or from the satellites' daily storage at first."""
        # While full the node cannot grow: those samples say nothing about demand.
        samples = [s for s in (*self._daily, *self._hourly) if s.free > FULL_BELOW_BYTES]
        span = samples[-1].at - samples[0].at if samples else 0.0
        stored = _storage_daily_points(storage_daily)
        growth: float | None = None
        count = 0
        basis: ForecastBasis | None = None
        if span >= SAMPLES_PREFERRED_SPAN or (
            span >= SAMPLES_MIN_SPAN and len(stored) < STORAGE_DAILY_MIN_ROWS
        ):
            growth, count = _sample_growth(samples)
            basis = ForecastBasis.SAMPLES
        elif len(stored) >= STORAGE_DAILY_MIN_ROWS:
            growth, count = _theil_sen(stored) * DAY, len(stored)
            basis = ForecastBasis.STORAGE_DAILY
        days: float | None = None
        if free_bytes <= FULL_BELOW_BYTES:
            days = 0.0
        elif growth is not None and growth > 0 and free_bytes / growth <= MAX_FORECAST_DAYS:
            days = free_bytes / growth
        return DiskForecast(
            growth_bytes_per_day=growth,
            days_until_full=days,
            full_at=None if days is None else now + timedelta(days=days),
            sample_count=count,
            basis=basis,
        )

    def _age(self, now: float) -> None:
        """Fold hourly samples older than 7 days into one per UTC day (the day's last)."""
        while self._hourly and self._hourly[0].at < now - HOURLY_KEPT:
            sample = self._hourly.pop(0)
            if self._daily and self._daily[-1].at // DAY == sample.at // DAY:
                self._daily[-1] = sample
            else:
                self._daily.append(sample)
        while self._daily and self._daily[0].at < now - DAILY_KEPT:
            self._daily.pop(0)

    def _to_store(self) -> _StoredSamples:
        return {
            "hourly": [list(sample) for sample in self._hourly],
            "daily": [list(sample) for sample in self._daily],
        }


def _sample_growth(samples: list[_Sample]) -> tuple[float, int]:
    """Net growth per day: the 30-day daily slope once it spans 14 days, else the 7-day one."""
    end = samples[-1].at
    window = [_Point(s.at, s.used) for s in samples if s.at >= end - LONG_WINDOW]
    # The window's first sample, then the last one of each UTC day.
    daily = [window[0], *{point.at // DAY: point for point in window[1:]}.values()]
    if daily[-1].at - daily[0].at >= LONG_WINDOW_MIN_SPAN:
        return _theil_sen(daily, LONG_WINDOW_MIN_PAIR_SPAN) * DAY, len(daily)
    first = next(index for index, s in enumerate(samples) if s.at >= end - SHORT_WINDOW)
    # At least two points, even after a long gap in the samples.
    recent = [_Point(s.at, s.used) for s in samples[min(first, len(samples) - 2) :]]
    return _growth_with_releases(recent) * DAY, len(recent)


def _growth_with_releases(points: list[_Point]) -> float:
    """Bytes per second: the robust slope between releases, minus the releases' average rate."""
    released = 0.0
    continuous = [points[0]]
    for previous, point in pairwise(points):
        released += max(0.0, previous.value - point.value)
        continuous.append(_Point(point.at, point.value + released))
    return _theil_sen(continuous) - released / (points[-1].at - points[0].at)


def _theil_sen(points: Sequence[_Point], min_pair_span: float = 0.0) -> float:
    """The median of the slopes between pairs of points at least `min_pair_span` apart."""
    slopes = [
        (later.value - earlier.value) / (later.at - earlier.at)
        for index, earlier in enumerate(points)
        for later in points[index + 1 :]
        if later.at - earlier.at > min_pair_span
    ]
    return median(slopes)


def _storage_daily_points(rows: Sequence[StorageStamp]) -> list[_Point]:
    """The satellites' average bytes per day, without the node's own gap fills/projections."""
    return [
        _Point(row.interval_start.timestamp() + DAY / 2, row.at_rest_bytes)
        for row in rows
        if row.at_rest_bytes is not None and not row.calculated
    ]
