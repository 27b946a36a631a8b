"""Disk forecast on synthetic used-space series whose true growth is known."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
import math
import random
from typing import Any

from homeassistant.core import HomeAssistant
import pytest

from custom_components.storj_monitor.api import StorageStamp
from custom_components.storj_monitor.forecast import DiskForecast, DiskForecaster, ForecastBasis

GB = 10**9
TB = 10**12
START = datetime(2026, 1, 1, tzinfo=UTC)
ALLOCATED = 8 * TB
INGRESS = 50 * GB  # per day
DELETED = 10 * GB  # per day, released in steps
NET = INGRESS - DELETED

type Fill = Callable[[float], float]
"""Used bytes after `t` days."""


def linear(t: float) -> float:
    """Steady growth, nothing deleted."""
    return 4 * TB + NET * t


def weekly_trash(t: float) -> float:
    """Garbage collection moves a week of deletions to the trash; it is emptied at once."""
    return 4 * TB + INGRESS * t - 7 * DELETED * math.floor((t + 2.6) / 7)


def compaction(t: float) -> float:
    """Hashstore: deleted bytes stay in the logs until a compaction every 1-4 days."""
    rng = random.Random(7)
    last, at = 0.0, rng.uniform(1, 4)
    while at <= t:
        last, at = at, at + rng.uniform(1, 4)
    return 4 * TB + INGRESS * t - DELETED * last


def daily_trash(t: float) -> float:
    """Trash kept per day and emptied day by day."""
    return 4 * TB + INGRESS * t - DELETED * math.floor(t + 0.4)


def trash_every_5_days(t: float) -> float:
    """Trash emptied on a cycle shorter than the 7-day window."""
    return 4 * TB + INGRESS * t - 5 * DELETED * math.floor((t + 1.3) / 5)


def trash_every_9_days(t: float) -> float:
    """Trash emptied on a cycle longer than the 7-day window."""
    return 4 * TB + INGRESS * t - 9 * DELETED * math.floor((t + 2.6) / 9)


def shrinking(t: float) -> float:
    """Data leaves faster than it arrives (e.g. a satellite shut down)."""
    return 6 * TB - 20 * GB * t


def feed(forecaster: DiskForecaster, fill: Fill, days: float, *, start_day: float = 0) -> None:
    """Hourly samples of `fill` over `days` days."""
    for hour in range(int(start_day * 24), int((start_day + days) * 24) + 1):
        used = int(fill(hour / 24))
        forecaster.add_sample(START + timedelta(hours=hour), used, ALLOCATED - used)


def forecast_at(forecaster: DiskForecaster, fill: Fill, day: float) -> DiskForecast:
    used = int(fill(day))
    return forecaster.forecast(START + timedelta(days=day), ALLOCATED - used, ())


@pytest.fixture
async def forecaster(hass: HomeAssistant) -> DiskForecaster:
    """A forecaster with no samples yet."""
    loaded = DiskForecaster(hass, "1XtestNode")
    await loaded.async_load()
    return loaded


@pytest.mark.parametrize(
    ("fill", "days"),
    [
        *(
            (fill, days)
            for fill in (linear, daily_trash, weekly_trash, compaction)
            for days in (7, 10, 14, 21, 30, 60)
        ),
        # A 7-day window cannot see a whole cycle that does not fit it: from 15 days on.
        *(
            (fill, days)
            for fill in (trash_every_5_days, trash_every_9_days)
            for days in (7, 21, 30, 60)
        ),
    ],
)
async def test_days_until_full_within_10_percent(
    forecaster: DiskForecaster, fill: Fill, days: int
) -> None:
    """Once 7 days of samples exist, days-until-full is within ±10 % of the truth."""
    feed(forecaster, fill, days)

    result = forecast_at(forecaster, fill, days)

    true_days = (ALLOCATED - fill(days)) / NET
    assert result.basis is ForecastBasis.SAMPLES
    assert result.days_until_full is not None
    assert result.days_until_full == pytest.approx(true_days, rel=0.10)
    assert result.full_at == START + timedelta(days=days + result.days_until_full)


async def test_full_disk(forecaster: DiskForecaster) -> None:
    """A full disk is full now, even though it stopped growing."""
    capped: Fill = lambda t: min(linear(t), ALLOCATED)  # noqa: E731
    full_day = (ALLOCATED - linear(0)) / NET
    feed(forecaster, capped, full_day + 5)

    result = forecaster.forecast(START + timedelta(days=full_day + 5), 0, ())

    assert result.days_until_full == 0
    assert result.full_at == START + timedelta(days=full_day + 5)
    # The samples taken while full say nothing about demand: the growth before it stands.
    assert result.growth_bytes_per_day == pytest.approx(NET, rel=0.01)


async def test_shrinking_disk(forecaster: DiskForecaster) -> None:
    """A node that shrinks has a negative growth and never fills."""
    feed(forecaster, shrinking, 10)

    result = forecast_at(forecaster, shrinking, 10)

    assert result.growth_bytes_per_day == pytest.approx(-20 * GB, rel=0.01)
    assert result.days_until_full is None
    assert result.full_at is None


async def test_almost_flat_disk_does_not_overflow(forecaster: DiskForecaster) -> None:
    """A few bytes of growth a day: "not growing", never a date beyond the calendar."""
    flat: Fill = lambda t: linear(0) + 3 * t  # noqa: E731
    feed(forecaster, flat, 10)

    result = forecast_at(forecaster, flat, 10)

    assert result.growth_bytes_per_day is not None
    assert 0 < result.growth_bytes_per_day < 10
    assert result.days_until_full is None
    assert result.full_at is None


def _stamps(days: int, *, calculated_from: int) -> list[StorageStamp]:
    """The satellites' daily series of one month: 1.5 TB growing 30 GB a day."""
    return [
        StorageStamp(
            interval_start=datetime(2026, 1, day + 1, tzinfo=UTC),
            at_rest_byte_hours=0.0,
            at_rest_bytes=1.5 * TB + 30 * GB * min(day, calculated_from - 1),
            interval_hours=None,
            calculated=day >= calculated_from,
        )
        for day in range(days)
    ]


async def test_day_one_uses_the_satellites_daily_storage(forecaster: DiskForecaster) -> None:
    """Without a week of samples, the node's `storageDaily` (its projections left out)."""
    feed(forecaster, linear, 2)
    stamps = _stamps(12, calculated_from=10)

    result = forecaster.forecast(START + timedelta(days=2), 2 * TB, stamps)

    assert result.basis is ForecastBasis.STORAGE_DAILY
    assert result.sample_count == 10
    assert result.growth_bytes_per_day == pytest.approx(30 * GB)
    assert result.days_until_full == pytest.approx(2 * TB / (30 * GB))


async def test_samples_take_over_after_a_week(forecaster: DiskForecaster) -> None:
    """From 7 days of samples on, the node's own samples are the basis."""
    feed(forecaster, linear, 7)
    stamps = _stamps(12, calculated_from=12)

    result = forecast_at(forecaster, linear, 7)

    assert forecaster.forecast(START, 2 * TB, stamps).basis is ForecastBasis.SAMPLES
    assert result.growth_bytes_per_day == pytest.approx(NET)


async def test_no_forecast_without_data(forecaster: DiskForecaster) -> None:
    """A few hours of samples and an empty month: nothing to say yet."""
    feed(forecaster, linear, 0.5)

    result = forecast_at(forecaster, linear, 0.5)

    assert result == DiskForecast(
        growth_bytes_per_day=None, days_until_full=None, full_at=None, sample_count=0, basis=None
    )


async def test_samples_survive_a_restart_and_stay_bounded(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Kept with `Store`: hourly for the last 7 days, one per day back to 90 days."""
    first = DiskForecaster(hass, "1XtestNode")
    await first.async_load()
    feed(first, linear, 120)
    first.add_sample(START + timedelta(days=120, minutes=30), 1, 1)  # same hour: ignored
    first.add_sample(START + timedelta(days=121), 0, 1)  # a v1.143.0 node's bogus `used`
    await first.async_save()

    second = DiskForecaster(hass, "1XtestNode")
    await second.async_load()

    assert forecast_at(second, linear, 120) == forecast_at(first, linear, 120)
    saved = hass_storage["storj_monitor.disk_samples.1XtestNode"]["data"]
    assert len(saved["hourly"]) == 7 * 24 + 1
    assert saved["hourly"][-1] == [
        (START + timedelta(days=120)).timestamp(),
        int(linear(120)),
        ALLOCATED - int(linear(120)),
    ]
    # Days 30 .. 112: the last sample of each day (23:00).
    assert len(saved["daily"]) == 83
    assert saved["daily"][0][0] == (START + timedelta(days=30, hours=23)).timestamp()


async def test_removing_deletes_the_samples(
    forecaster: DiskForecaster, hass_storage: dict[str, Any]
) -> None:
    """Removing the node's entry leaves no file behind."""
    feed(forecaster, linear, 1)
    await forecaster.async_save()
    assert "storj_monitor.disk_samples.1XtestNode" in hass_storage

    await forecaster.async_remove()

    assert "storj_monitor.disk_samples.1XtestNode" not in hass_storage
