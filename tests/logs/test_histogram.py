"""The batch forms of the latency histograms record exactly what one value at a time does."""

from __future__ import annotations

from collections import Counter
import random

from custom_components.storj_monitor.logs.histogram import LogHistogram
from custom_components.storj_monitor.logs.recent_latency import RecentLatency


def _values(count: int) -> list[float]:
    randomness = random.Random(5)
    # Below the minimum, above the maximum, whole seconds (log times) and fractions.
    edges = [0.0, 1e-4, 1e-3, 3600.0, 7200.0]
    return edges + [
        float(randomness.randint(0, 40)) if index % 2 else randomness.uniform(0.0, 90.0)
        for index in range(count)
    ]


def test_add_all_is_add_one_by_one() -> None:
    """Same buckets, count and total to the last bit (the sum keeps its order)."""
    values = _values(5_000)
    batch, single = LogHistogram(), LogHistogram()
    single.add(2.5)
    batch.add(2.5)
    by_bucket = batch.add_all(values)
    assert by_bucket == Counter(single.add(value) for value in values)
    assert batch.buckets() == single.buckets()
    assert (batch.count, batch.total) == (single.count, single.total)


def test_recent_add_all_is_add_one_by_one() -> None:
    """A slot's batch lands where single adds land; a slot older than the window is dropped."""
    values = _values(300)
    batch, single = RecentLatency(), RecentLatency()
    start = 1_700_000_000.0
    for minute in (0, 1, 7, 2):  # minute 2 comes after 7: older than the window by then
        when = start + minute * 60
        batch.add_all("GET", when, LogHistogram().add_all(values), values)
        for value in values:
            single.add("GET", when + 30, value)
    now = start + 8 * 60
    merged, expected = batch.histograms(now)["GET"], single.histograms(now)["GET"]
    assert merged.count == expected.count == len(values)  # only minute 7 is in the window
    assert (merged.buckets(), merged.total) == (expected.buckets(), expected.total)
