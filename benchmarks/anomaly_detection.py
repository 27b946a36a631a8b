"""False alarms and detection delay of the anomaly detector, on synthetic hourly node figures.

    python benchmarks/anomaly_detection.py [--nodes N] [--trials N] [--seed N]

The simulator has no hourly traffic model (its bandwidth is one figure per UTC day, spread
evenly over the day), so the hours come from a synthetic model, documented in `NodeModel`:
per node, a base level drawn at random, a daily cycle of random amplitude and phase, a
day-to-day level that wanders (AR(1) on the logarithm), and hourly noise with heavy tails
(Student's t, 4 degrees of freedom); success rates are binomial over the hour's transfers
plus that noise; P95 latencies are the 95th percentile of a log-normal whose median follows
the load; critical audit failures are Poisson (one every few days).

1. Healthy: `--nodes` nodes x 30 days, every hour fed to the detector: every anomaly raised
   is a false alarm. Goal: fewer than 1 per node per week.
2. Steps: `--trials` trials per kind (ingress -60 %, upload and download P95 x3, upload and
   download success -20 points) on a fresh node with 8-9 healthy days of history; the step
   starts at a uniformly random moment (an hour's value mixes before and after it), and is
   detected when the detector raises that metric's anomaly, in the right direction, at an
   hourly tick at most 2 hours after the step. Goal: at least 95 % of trials.

Exit status 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import math
from pathlib import Path
import random
from statistics import NormalDist
import sys
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.storj_monitor.anomaly import (
    AnomalyDetector,
    Direction,
    Metric,
)

HOUR = timedelta(hours=1)
START = datetime(2026, 1, 5, tzinfo=UTC)
HEALTHY_DAYS = 30
MAX_FALSE_PER_WEEK = 1.0
MIN_DETECTION = 0.95
DETECTION_WINDOW = timedelta(hours=2)
P95_Z = NormalDist().inv_cdf(0.95)


def student_t(rng: random.Random, dof: float = 4.0) -> float:
    """A Student's t draw scaled to unit variance (heavier tails than a normal)."""
    chi2 = rng.gammavariate(dof / 2, 2.0)
    return rng.gauss() / math.sqrt(chi2 / dof) * math.sqrt((dof - 2) / dof)


@dataclass(slots=True)
class Step:
    """A change from `at` on: volumes and latencies multiplied, success rates shifted."""

    metric: Metric
    at: datetime
    factor: float = 1.0
    points: float = 0.0


class NodeModel:
    """One node's hourly figures.

    - ingress/egress: base log-uniform in 0.3-5 GB/h (ingress) and 0.2-3 GB/h (egress),
      times 1 + a·sin(2π(h - φ)/24) with a in 0.15-0.4, times exp(daily level), the level an
      AR(1) with coefficient 0.7 and innovations of 6 %, times exp(10 % t-noise) each hour;
    - success rates: base 96-99.5 %; transfers per hour = 400 x the load; binomial, plus
      0.5 point t-noise;
    - P95: log-normal durations (log-sd 0.6) whose median (0.4-1.5 s uploads, 0.15-0.8 s
      downloads) rises with the load (x (1 + 0.15 x cycle)), times exp(8 % t-noise);
    - critical audit failures: Poisson with 0.01 per hour.
    """

    def __init__(self, rng: random.Random) -> None:
        """Draw the node's parameters."""
        self.rng = rng
        self.ingress = math.exp(rng.uniform(math.log(0.3e9), math.log(5e9)))
        self.egress = math.exp(rng.uniform(math.log(0.2e9), math.log(3e9)))
        self.amplitude = rng.uniform(0.15, 0.4)
        self.phase = rng.uniform(0, 24)
        self.upload_success = rng.uniform(96, 99.5)
        self.download_success = rng.uniform(96, 99.5)
        self.upload_median = rng.uniform(0.4, 1.5)
        self.download_median = rng.uniform(0.15, 0.8)
        self.level = 0.0
        self.day = -1

    def hour(self, moment: datetime, step: Step | None = None) -> dict[Metric, float | None]:
        """The figures of the hour starting at `moment` (a step may start inside it)."""
        rng = self.rng
        day = int(moment.timestamp()) // 86400
        if day != self.day:
            self.day = day
            self.level = 0.7 * self.level + rng.gauss(0, 0.06)
        cycle = math.sin(2 * math.pi * (moment.hour - self.phase) / 24)
        load = (1 + self.amplitude * cycle) * math.exp(self.level)
        after = 0.0  # share of the hour after the step
        if step is not None and step.at < moment + HOUR:
            after = min(1.0, (moment + HOUR - step.at) / HOUR)

        def volume(base: float, metric: Metric) -> float:
            value = base * load * math.exp(0.1 * student_t(rng))
            if step is not None and step.metric is metric:
                value *= 1 - after + after * step.factor
            return value

        def success(base: float, metric: Metric) -> float:
            shift = step.points * after if step is not None and step.metric is metric else 0.0
            rate = min(1.0, max(0.0, (base + shift) / 100))
            count = max(1, round(400 * load))
            mean, sd = count * rate, math.sqrt(count * rate * (1 - rate))
            ok = min(count, max(0.0, rng.gauss(mean, sd)))
            return min(100.0, max(0.0, 100 * ok / count + 0.5 * student_t(rng)))

        def p95(base: float, metric: Metric) -> float:
            centre = math.log(base * (1 + 0.15 * cycle))
            share = after if step is not None and step.metric is metric else 0.0
            factor = step.factor if step is not None else 1.0
            return mixture_p95(centre, 0.6, share, math.log(factor)) * math.exp(
                0.08 * student_t(rng)
            )

        failures = 0
        while rng.random() < 0.01 / (failures + 1):
            failures += 1
        return {
            Metric.INGRESS: volume(self.ingress, Metric.INGRESS),
            Metric.EGRESS: volume(self.egress, Metric.EGRESS),
            Metric.UPLOAD_SUCCESS: success(self.upload_success, Metric.UPLOAD_SUCCESS),
            Metric.DOWNLOAD_SUCCESS: success(self.download_success, Metric.DOWNLOAD_SUCCESS),
            Metric.UPLOAD_LATENCY_P95: p95(self.upload_median, Metric.UPLOAD_LATENCY_P95),
            Metric.DOWNLOAD_LATENCY_P95: p95(self.download_median, Metric.DOWNLOAD_LATENCY_P95),
            Metric.CRITICAL_AUDIT_FAILURES: float(failures),
        }


def mixture_p95(centre: float, sd: float, share: float, shift: float) -> float:
    """95th percentile of log-normal durations, `share` of them slowed by exp(`shift`)."""
    if share <= 0 or shift == 0:
        return math.exp(centre + sd * P95_Z)
    normal = NormalDist(centre, sd)
    slowed = NormalDist(centre + shift, sd)
    low, high = centre - 5 * sd, centre + abs(shift) + 5 * sd
    for _ in range(40):
        middle = (low + high) / 2
        below = (1 - share) * normal.cdf(middle) + share * slowed.cdf(middle)
        low, high = (middle, high) if below < 0.95 else (low, middle)
    return math.exp((low + high) / 2)


def healthy(nodes: int, seed: int) -> tuple[float, int, int]:
    """False alarms per node per week over 30 healthy days; the most values kept."""
    alarms = 0
    kept = 0
    for index in range(nodes):
        rng = random.Random(f"{seed}-healthy-{index}")
        model = NodeModel(rng)
        detector = AnomalyDetector()
        moment = START
        for _ in range(HEALTHY_DAYS * 24):
            changes = detector.observe(moment, model.hour(moment))
            alarms += sum(not change.ended for change in changes)
            moment += HOUR
        kept = max(kept, detector.stored_values)
    weeks = HEALTHY_DAYS / 7
    return alarms / nodes / weeks, alarms, kept


@dataclass(frozen=True, slots=True)
class StepKind:
    """One kind of injected change."""

    name: str
    metric: Metric
    direction: Direction
    make: Callable[[Metric, datetime], Step]


STEPS = (
    StepKind("ingress -60 %", Metric.INGRESS, Direction.BELOW, lambda m, t: Step(m, t, 0.4)),
    StepKind(
        "upload P95 x3", Metric.UPLOAD_LATENCY_P95, Direction.ABOVE, lambda m, t: Step(m, t, 3.0)
    ),
    StepKind(
        "download P95 x3",
        Metric.DOWNLOAD_LATENCY_P95,
        Direction.ABOVE,
        lambda m, t: Step(m, t, 3.0),
    ),
    StepKind(
        "upload success -20 points",
        Metric.UPLOAD_SUCCESS,
        Direction.BELOW,
        lambda m, t: Step(m, t, points=-20.0),
    ),
    StepKind(
        "download success -20 points",
        Metric.DOWNLOAD_SUCCESS,
        Direction.BELOW,
        lambda m, t: Step(m, t, points=-20.0),
    ),
)


def trial(kind: StepKind, number: int, seed: int) -> timedelta | None:
    """Delay from the step to the tick that raised its anomaly (None: not within 2 hours)."""
    rng = random.Random(f"{seed}-{kind.name}-{number}")
    model = NodeModel(rng)
    detector = AnomalyDetector()
    step_at = START + timedelta(days=8) + timedelta(seconds=rng.uniform(0, 86400))
    moment = START
    while moment + HOUR <= step_at + DETECTION_WINDOW:
        step = kind.make(kind.metric, step_at)
        values = model.hour(moment, step)
        # Only the metric under test matters here (false alarms are measured above).
        changes = detector.observe(moment, {kind.metric: values[kind.metric]})
        for change in changes:
            raised = not change.ended and change.anomaly.direction is kind.direction
            if raised and moment + HOUR > step_at:
                return moment + HOUR - step_at
        moment += HOUR
    return None


def main() -> int:
    """Run both measurements, print them, and fail if a goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    began = time.perf_counter()
    rate, alarms, kept = healthy(args.nodes, args.seed)
    print(
        f"healthy: {args.nodes} nodes x {HEALTHY_DAYS} days: {alarms} false alarms, "
        f"{rate:.3f} per node per week (goal < {MAX_FALSE_PER_WEEK}); "
        f"at most {kept} values kept per node"
    )
    ok = rate < MAX_FALSE_PER_WEEK
    for kind in STEPS:
        delays = [trial(kind, number, args.seed) for number in range(args.trials)]
        found = [delay for delay in delays if delay is not None]
        share = len(found) / len(delays)
        mean = sum(d.total_seconds() for d in found) / 60 / len(found) if found else math.nan
        print(
            f"{kind.name}: detected within 2 h in {len(found)}/{len(delays)} trials "
            f"({share:.1%}, goal >= {MIN_DETECTION:.0%}); mean delay {mean:.0f} min"
        )
        ok = ok and share >= MIN_DETECTION
    print(f"{time.perf_counter() - began:.1f} s; {'goals met' if ok else 'GOAL MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
