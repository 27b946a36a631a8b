"""The anomaly detector: robust z-scores per hour of day, confirmation, hysteresis, state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json
import math
import random

import pytest

from custom_components.storj_monitor.anomaly import (
    HOURS,
    AnomalyDetector,
    Change,
    DetectorConfig,
    Direction,
    Metric,
)

START = datetime(2026, 3, 2, tzinfo=UTC)
HOUR = timedelta(hours=1)
GB = 1e9


def ingress(moment: datetime, rng: random.Random) -> float:
    """A day/night cycle around 2 GB/h with 5 % noise."""
    cycle = 1 + 0.3 * math.sin(2 * math.pi * moment.hour / 24)
    return 2 * GB * cycle * (1 + 0.05 * rng.gauss())


def feed(
    detector: AnomalyDetector,
    hours: int,
    start: datetime = START,
    *,
    factor: float = 1.0,
    seed: int = 1,
) -> tuple[datetime, list[Change]]:
    """Observe `hours` hours of ingress (times `factor`); the next hour and every change."""
    rng = random.Random(seed)
    changes: list[Change] = []
    moment = start
    for _ in range(hours):
        changes += detector.observe(moment, {Metric.INGRESS: ingress(moment, rng) * factor})
        moment += HOUR
    return moment, changes


def trained(days: int = 8) -> tuple[AnomalyDetector, datetime]:
    detector = AnomalyDetector()
    moment, changes = feed(detector, days * HOURS)
    assert changes == []  # a healthy, regular node raises nothing
    return detector, moment


def test_step_down_raised_after_two_hours_with_its_details() -> None:
    """-60 % is about -11 sigma (8 % floor): raised on the first hour (>= 6 sigma), once."""
    detector, moment = trained()
    _, changes = feed(detector, 3, moment, factor=0.4, seed=2)
    assert len(changes) == 1
    change = changes[0]
    assert not change.ended
    anomaly = change.anomaly
    assert anomaly.metric is Metric.INGRESS
    assert anomaly.direction is Direction.BELOW
    assert anomaly.since == moment
    assert anomaly.z < -6
    assert anomaly.value < 0.5 * anomaly.baseline
    # The baseline is the usual value of that hour, in bytes.
    expected = 2 * GB * (1 + 0.3 * math.sin(2 * math.pi * moment.hour / 24))
    assert anomaly.baseline == pytest.approx(expected, rel=0.1)
    # Still going on after three hours, with the latest figures.
    current = detector.active[Metric.INGRESS]
    assert (current.since, current.direction) == (moment, Direction.BELOW)
    assert current.value != anomaly.value
    assert anomaly.as_dict()["direction"] == "below"


def test_moderate_change_needs_two_consecutive_hours() -> None:
    """Between 3 and 6 sigma: one hour is only pending; the next one confirms, from the first."""
    detector, moment = trained()
    # Spread: the 8 % floor (the noise is 5 %); -25 % is about -3.6 sigma.
    _, first = feed(detector, 1, moment, factor=0.75, seed=3)
    assert first == []
    _, second = feed(detector, 1, moment + HOUR, factor=0.75, seed=4)
    assert [c.anomaly.since for c in second] == [moment]
    assert 3 <= -second[0].anomaly.z < 6


def test_one_moderate_hour_then_normal_raises_nothing() -> None:
    """A single moderate outlier is noise, and a gap breaks the confirmation too."""
    detector, moment = trained()
    _, changes = feed(detector, 1, moment, factor=0.75, seed=3)
    moment += HOUR
    _, normal = feed(detector, 1, moment, seed=5)
    moment += HOUR
    # An exceedance, a missing hour, an exceedance: not consecutive.
    _, later = feed(detector, 1, moment, factor=0.75, seed=6)
    detector.observe(moment + HOUR, {Metric.INGRESS: None})
    _, last = feed(detector, 1, moment + 2 * HOUR, factor=0.75, seed=7)
    assert changes == normal == later == last == []


def test_hysteresis_clears_only_within_two_sigma() -> None:
    """An anomaly stays while the value is beyond 2 sigma on its side and ends once inside."""
    detector, moment = trained()
    moment, raised = feed(detector, 1, moment, factor=0.4)
    assert len(raised) == 1
    # The spread is the 8 % floor: -35 % is about -5 sigma, still too far to clear.
    moment, kept = feed(detector, 2, moment, factor=0.65, seed=8)
    assert kept == []
    assert Metric.INGRESS in detector.active
    _, cleared = feed(detector, 1, moment, seed=9)
    assert len(cleared) == 1
    assert cleared[0].ended
    assert cleared[0].anomaly.since == raised[0].anomaly.since
    assert abs(cleared[0].anomaly.z) < 2
    assert detector.active == {}


def test_rise_is_raised_above() -> None:
    """Latency x3 is an anomaly above its normal."""
    detector = AnomalyDetector()
    rng = random.Random(11)
    moment = START
    for _ in range(8 * HOURS):
        detector.observe(moment, {Metric.UPLOAD_LATENCY_P95: 1.2 * (1 + 0.05 * rng.gauss())})
        moment += HOUR
    changes = detector.observe(moment, {Metric.UPLOAD_LATENCY_P95: 3.6})
    assert [(c.anomaly.metric, c.anomaly.direction) for c in changes] == [
        (Metric.UPLOAD_LATENCY_P95, Direction.ABOVE)
    ]


def test_flat_series_is_not_set_off_by_tiny_changes() -> None:
    """A constant success rate has no spread: the 1.5-point floor keeps z finite and small."""
    detector = AnomalyDetector()
    moment = START
    for _ in range(8 * HOURS):
        assert detector.observe(moment, {Metric.UPLOAD_SUCCESS: 98.0}) == []
        moment += HOUR
    judged = detector.judge(Metric.UPLOAD_SUCCESS, moment, 97.0)
    assert judged is not None
    assert judged.z == pytest.approx(-1 / 1.5)
    assert detector.observe(moment, {Metric.UPLOAD_SUCCESS: 97.0}) == []
    changes = detector.observe(moment + HOUR, {Metric.UPLOAD_SUCCESS: 78.0})
    assert [c.anomaly.direction for c in changes] == [Direction.BELOW]


def test_nothing_judged_with_too_little_history() -> None:
    """Fewer than 3 days of an hour, or fewer than 48 judged hours: no verdict at all."""
    detector = AnomalyDetector()
    moment, changes = feed(detector, 2 * HOURS)
    assert detector.judge(Metric.INGRESS, moment, 0.0) is None
    assert detector.observe(moment, {Metric.INGRESS: 0.0}) == []
    moment += HOUR
    # Day 3: each hour has history, but too few hours have been judged to know the spread.
    moment, more = feed(detector, HOURS - 1, moment)
    judged = detector.judge(Metric.INGRESS, moment, 0.0)
    assert judged is not None
    assert judged.z is None
    assert changes == more == []
    # Day 5: judged.
    moment, _ = feed(detector, 2 * HOURS, moment)
    judged = detector.judge(Metric.INGRESS, moment, 0.0)
    assert judged is not None
    assert judged.z is not None
    assert judged.z < -6


def test_memory_is_bounded() -> None:
    """After 40 days of every metric: at most 7 values per hour and 7 days of judged hours."""
    detector = AnomalyDetector()
    rng = random.Random(3)
    moment = START
    for _ in range(40 * HOURS):
        detector.observe(moment, {metric: 50 + rng.random() for metric in Metric})
        moment += HOUR
    assert detector.stored_values == len(Metric) * (HOURS * 7 + HOURS * 7)
    state = detector.as_dict()
    assert all(len(ring) == 7 for s in state["series"].values() for ring in s["hours"])


def test_state_round_trip_continues_identically() -> None:
    """Serialised through JSON and restored: same anomalies, same verdicts afterwards."""
    detector, moment = trained()
    moment, raised = feed(detector, 1, moment, factor=0.4)
    assert len(raised) == 1
    detector.observe(moment, {Metric.UPLOAD_SUCCESS: 90.0})
    restored = AnomalyDetector.from_dict(json.loads(json.dumps(detector.as_dict())))
    assert restored.active == detector.active
    assert restored.last_hour == detector.last_hour
    assert restored.stored_values == detector.stored_values
    # The same hour again is ignored by both; the next hour gives the same change.
    assert restored.observe(moment, {Metric.INGRESS: 1.0}) == []
    moment += HOUR
    assert feed(restored, 1, moment, seed=9)[1] == feed(detector, 1, moment, seed=9)[1]


@pytest.mark.parametrize(
    "state",
    [
        {"version": 99},
        {"version": 1, "last_hour": "not a date", "series": {}, "active": []},
        {"version": 1, "last_hour": None, "series": {"ingress": {"hours": []}}, "active": []},
        {"version": 1, "last_hour": None, "series": {}, "active": [{"metric": "nope"}]},
    ],
)
def test_bad_state_is_refused(state: dict[str, object]) -> None:
    """A damaged store is refused with the errors the caller catches (and starts afresh)."""
    with pytest.raises((KeyError, ValueError, TypeError)):
        AnomalyDetector.from_dict(state)


def test_unknown_metric_in_state_is_skipped() -> None:
    """A metric from a newer version is ignored, not fatal."""
    state = AnomalyDetector().as_dict()
    state["series"]["future_metric"] = state["series"]["ingress"]
    assert AnomalyDetector.from_dict(state).stored_values == 0


def test_config_threshold_changes_sensitivity() -> None:
    """A higher threshold lets the same moderate change pass."""
    detector = AnomalyDetector(DetectorConfig(threshold=7.0, strong=9.0))
    moment, _ = feed(detector, 8 * HOURS)
    _, changes = feed(detector, 2, moment, factor=0.75, seed=3)
    assert changes == []


def test_histogram_percentile_over_an_interval() -> None:
    """The monitor's hourly P95: only the durations added since the earlier counts."""
    from custom_components.storj_monitor.logs.histogram import LogHistogram

    histogram = LogHistogram()
    for _ in range(100):
        histogram.add(0.1)
    earlier = histogram.counts
    assert histogram.percentile_since(earlier, 0.95) is None  # nothing new
    for _ in range(100):
        histogram.add(2.0)
    p95 = histogram.percentile_since(earlier, 0.95)
    assert p95 == pytest.approx(2.0, rel=0.05)
    assert histogram.percentile(0.5) == pytest.approx(0.1, rel=0.05)  # lifetime: mixed
    with pytest.raises(ValueError, match="layout"):
        histogram.percentile_since((0,), 0.95)
