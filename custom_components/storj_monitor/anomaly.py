"""Anomaly detection on a node's hourly figures. Pure, no Home Assistant.

Each metric keeps, for each UTC hour of the day, its values of the last `days` days, and the
deviations of the hours judged in those days (bounded: metrics x 24 x days x 2 values).

A new hourly value is compared, after a transform that evens out its noise (logarithm for
volumes and latencies, so -60 % is the same distance at night and at noon; percentage points
for success rates; Anscombe's square root for counts), with the median of the same hour on the
previous days (traffic follows the time of day). From that residual, today's level (the median
residual of the latest calm hours: a day busier than usual is not an anomaly) is taken out;
what is left is divided by a robust spread, 1.4826 x the median absolute deviation of the
recent hours, never below a per-metric floor (a flat series must not turn noise into alarms).

An anomaly starts when |z| >= `strong` (6) for one hour, or >= `threshold` (3) for two
consecutive hours on the same side; it ends once z is back within `clear` (2): hysteresis.
Every value joins the history after it is judged, so a lasting change becomes the new normal
within days. Tuned with benchmarks/anomaly_detection.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import Enum, StrEnum
import math
from statistics import median
from typing import Any, Final

STATE_VERSION: Final = 1
MAD_TO_SIGMA: Final = 1.4826
"""1 / Φ⁻¹(3/4): scales a median absolute deviation to a normal standard deviation."""
HOURS: Final = 24


class Metric(StrEnum):
    """The hourly figures watched."""

    INGRESS = "ingress"
    """Bytes received in the hour (uploads and repair uploads)."""
    EGRESS = "egress"
    """Bytes sent in the hour (downloads, repair and audit)."""
    UPLOAD_SUCCESS = "upload_success_rate"
    """Percent of uploads that succeeded in the hour."""
    DOWNLOAD_SUCCESS = "download_success_rate"
    """Percent of downloads that succeeded in the hour."""
    UPLOAD_LATENCY_P95 = "upload_latency_p95"
    """Seconds: 95th percentile of the hour's upload durations."""
    DOWNLOAD_LATENCY_P95 = "download_latency_p95"
    """Seconds: 95th percentile of the hour's download durations."""
    CRITICAL_AUDIT_FAILURES = "critical_audit_failures"
    """Audits failed in the hour because a piece was missing or corrupt."""


class Direction(StrEnum):
    """Which side of normal an anomalous value is on."""

    ABOVE = "above"
    BELOW = "below"

    @property
    def sign(self) -> int:
        """+1 above, -1 below."""
        return 1 if self is Direction.ABOVE else -1


class Transform(Enum):
    """How values are made comparable before the z-score."""

    LOG = "log"
    LINEAR = "linear"
    ANSCOMBE = "anscombe"


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """How one metric is compared: its transform and the least spread it is given."""

    transform: Transform
    floor: float
    """Minimum robust sigma, in transformed units."""
    offset: float = 0.0
    """Added before the logarithm, so zero stays finite."""

    def apply(self, value: float) -> float:
        """The value in the units z-scores are computed in."""
        match self.transform:
            case Transform.LOG:
                return math.log(max(value, 0.0) + self.offset)
            case Transform.ANSCOMBE:
                return 2.0 * math.sqrt(max(value, 0.0) + 3 / 8)
        return value


SPECS: Final[Mapping[Metric, MetricSpec]] = {
    # Volumes: at least 8 % of hourly noise; 1 MB keeps an idle hour finite.
    Metric.INGRESS: MetricSpec(Transform.LOG, 0.08, offset=1e6),
    Metric.EGRESS: MetricSpec(Transform.LOG, 0.08, offset=1e6),
    # Success rates: at least 1.5 points.
    Metric.UPLOAD_SUCCESS: MetricSpec(Transform.LINEAR, 1.5),
    Metric.DOWNLOAD_SUCCESS: MetricSpec(Transform.LINEAR, 1.5),
    # Latencies: at least 8 %; 10 ms keeps a zero finite.
    Metric.UPLOAD_LATENCY_P95: MetricSpec(Transform.LOG, 0.08, offset=0.01),
    Metric.DOWNLOAD_LATENCY_P95: MetricSpec(Transform.LOG, 0.08, offset=0.01),
    # Counts: Poisson noise is ~1 after the transform; 0 -> 3 failures is then z ≈ 3.1.
    Metric.CRITICAL_AUDIT_FAILURES: MetricSpec(Transform.ANSCOMBE, 0.55),
}


@dataclass(frozen=True, slots=True)
class DetectorConfig:
    """Thresholds (in robust standard deviations) and how much history is kept and needed."""

    days: int = 7
    threshold: float = 3.0
    strong: float = 6.0
    clear: float = 2.0
    min_days: int = 3
    """Values of the same hour needed before that hour is judged."""
    level_hours: int = 6
    """Today's level: the median residual of the calm hours among this many latest ones."""
    min_level_hours: int = 3
    min_spread_hours: int = 48
    """Judged hours needed before the spread (and so any z-score) is trusted."""


DEFAULT_CONFIG: Final = DetectorConfig()


@dataclass(frozen=True, slots=True)
class Anomaly:
    """A metric away from its normal: what, which way, how far and since when."""

    metric: Metric
    direction: Direction
    since: datetime
    """Start of the first anomalous hour."""
    z: float
    """Latest robust z-score (signed)."""
    value: float
    """Latest hourly value, in the metric's unit."""
    baseline: float
    """Median of the same hour on the previous days, in the metric's unit."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, exact (for the store)."""
        return {
            "metric": self.metric.value,
            "direction": self.direction.value,
            "since": self.since.isoformat(),
            "z": self.z,
            "value": self.value,
            "baseline": self.baseline,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Anomaly:
        """Inverse of `as_dict`; raises KeyError/ValueError/TypeError on bad data."""
        return cls(
            Metric(data["metric"]),
            Direction(data["direction"]),
            _utc(datetime.fromisoformat(data["since"])),
            float(data["z"]),
            float(data["value"]),
            float(data["baseline"]),
        )


@dataclass(frozen=True, slots=True)
class Change:
    """An anomaly that started (`ended` False) or ended in the latest hour."""

    anomaly: Anomaly
    ended: bool


@dataclass(frozen=True, slots=True)
class Judgement:
    """One hourly value against its baseline."""

    residual: float
    """Transformed value minus the median of its hour on the previous days."""
    innovation: float
    """The residual minus today's level (the median residual of the latest calm hours)."""
    z: float | None
    """The innovation in robust standard deviations; None while too few are known."""
    baseline: float
    """The baseline median, back in the metric's unit."""


@dataclass(slots=True)
class _Series:
    """One metric's history: for each hour of the day, (day number, value) of recent days."""

    hours: list[list[tuple[int, float]]] = field(default_factory=lambda: [[] for _ in range(HOURS)])
    recent: list[tuple[int, float, float, bool]] = field(default_factory=list)
    """(hour number, residual, innovation, calm) of the hours judged in the last days."""
    pending: tuple[Direction, datetime] | None = None
    """A first exceedance waiting for the next hour to confirm it."""

    def add(self, day: int, hour: int, value: float, days: int) -> None:
        ring = self.hours[hour]
        ring[:] = [(d, v) for d, v in ring if day - days < d < day]
        ring.append((day, value))

    def remember(self, number: int, judged: Judgement, calm: bool, days: int) -> None:
        self.recent[:] = [item for item in self.recent if number - days * HOURS < item[0] < number]
        self.recent.append((number, judged.residual, judged.innovation, calm))

    @property
    def size(self) -> int:
        return sum(len(ring) for ring in self.hours) + len(self.recent)


class AnomalyDetector:
    """Judges each hour's values against the same hour of the previous days."""

    def __init__(self, config: DetectorConfig = DEFAULT_CONFIG) -> None:
        """Start with no history (nothing is judged before `config.min_days` days)."""
        self.config = config
        self._series: dict[Metric, _Series] = {metric: _Series() for metric in Metric}
        self._active: dict[Metric, Anomaly] = {}
        self.last_hour: datetime | None = None

    @property
    def active(self) -> Mapping[Metric, Anomaly]:
        """The anomalies going on now."""
        return dict(self._active)

    @property
    def stored_values(self) -> int:
        """How many values are kept (at most metrics x 24 x days x 2)."""
        return sum(series.size for series in self._series.values())

    def judge(self, metric: Metric, hour: datetime, value: float) -> Judgement | None:
        """The value against its hour's history; None while that history is too short.

        Today's level (traffic a little up or down all day) is taken out, so the spread
        left is the hour-to-hour noise a sudden change must stand out from.
        """
        config = self.config
        spec = SPECS[metric]
        series = self._series[metric]
        day, index = _day_hour(hour)
        ring = [spec.apply(v) for d, v in series.hours[index] if day - config.days <= d < day]
        if len(ring) < config.min_days:
            return None
        centre = median(ring)
        residual = spec.apply(value) - centre
        number = _hour_number(hour)
        calm = [
            r for n, r, _e, quiet in series.recent if quiet and n >= number - config.level_hours
        ]
        level = median(calm) if len(calm) >= config.min_level_hours else 0.0
        innovation = residual - level
        spread = [abs(e) for _n, _r, e, _quiet in series.recent]
        z: float | None = None
        if len(spread) >= config.min_spread_hours:
            z = innovation / max(MAD_TO_SIGMA * median(spread), spec.floor)
        return Judgement(residual, innovation, z, _invert(spec, centre))

    def observe(self, hour: datetime, values: Mapping[Metric, float | None]) -> list[Change]:
        """Judge and remember one hour's values (start of the hour, UTC); what changed.

        An hour already observed (or older) is ignored. A missing value (None) leaves its
        metric's anomaly as it is.
        """
        hour = _utc(hour).replace(minute=0, second=0, microsecond=0)
        if self.last_hour is not None and hour <= self.last_hour:
            return []
        self.last_hour = hour
        changes: list[Change] = []
        day, index = _day_hour(hour)
        days = self.config.days
        for metric, value in values.items():
            if value is None or not math.isfinite(value):
                continue
            series = self._series[metric]
            judgement = self.judge(metric, hour, value)
            if judgement is not None:
                if judgement.z is not None:
                    changes.extend(self._step(metric, series, hour, value, judgement))
                calm = series.pending is None and metric not in self._active
                series.remember(_hour_number(hour), judgement, calm, days)
            series.add(day, index, value, days)
        return changes

    def _step(
        self, metric: Metric, series: _Series, hour: datetime, value: float, judged: Judgement
    ) -> Iterable[Change]:
        config = self.config
        z = judged.z
        assert z is not None
        direction = Direction.ABOVE if z > 0 else Direction.BELOW
        current = self._active.get(metric)
        if current is not None:
            if z * current.direction.sign < config.clear:
                del self._active[metric]
                series.pending = None
                yield Change(replace(current, z=z, value=value, baseline=judged.baseline), True)
            else:
                self._active[metric] = replace(current, z=z, value=value, baseline=judged.baseline)
            return
        since: datetime | None = None
        if abs(z) >= config.strong:
            since = hour
        elif abs(z) >= config.threshold:
            previous = hour - timedelta(hours=1)
            # Confirmed only by the hour right after, on the same side.
            if series.pending == (direction, previous):
                since = previous
            else:
                series.pending = (direction, hour)
                return
        series.pending = None
        if since is not None:
            anomaly = Anomaly(metric, direction, since, z, value, judged.baseline)
            self._active[metric] = anomaly
            yield Change(anomaly, False)

    # --- persistence ------------------------------------------------------------------------

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready state: history, pending exceedances and active anomalies."""
        return {
            "version": STATE_VERSION,
            "last_hour": None if self.last_hour is None else self.last_hour.isoformat(),
            "series": {
                metric.value: {
                    "hours": [[[d, v] for d, v in ring] for ring in series.hours],
                    "recent": [list(item) for item in series.recent],
                    "pending": None
                    if series.pending is None
                    else [series.pending[0].value, series.pending[1].isoformat()],
                }
                for metric, series in self._series.items()
            },
            "active": [anomaly.as_dict() for anomaly in self._active.values()],
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], config: DetectorConfig = DEFAULT_CONFIG
    ) -> AnomalyDetector:
        """Restore `as_dict`'s output; raises KeyError/ValueError/TypeError on bad data.

        Unknown metrics are skipped; rings are trimmed to `config.days`.
        """
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"unknown anomaly state version {data.get('version')!r}")
        detector = cls(config)
        if (last := data["last_hour"]) is not None:
            detector.last_hour = _utc(datetime.fromisoformat(last))
        for name, stored in data["series"].items():
            if name not in Metric.__members__.values():
                continue
            series = detector._series[Metric(name)]
            hours = stored["hours"]
            if len(hours) != HOURS:
                raise ValueError("a series needs 24 hours")
            for index, ring in enumerate(hours):
                values = [(int(d), float(v)) for d, v in ring]
                series.hours[index] = [item for item in values if math.isfinite(item[1])][
                    -config.days :
                ]
            recent = [
                (int(n), float(r), float(e), bool(calm)) for n, r, e, calm in stored["recent"]
            ]
            series.recent = [item for item in recent if math.isfinite(item[1] + item[2])][
                -config.days * HOURS :
            ]
            if (pending := stored.get("pending")) is not None:
                series.pending = (
                    Direction(pending[0]),
                    _utc(datetime.fromisoformat(pending[1])),
                )
        for item in data["active"]:
            anomaly = Anomaly.from_dict(item)
            detector._active[anomaly.metric] = anomaly
        return detector


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC)


def _hour_number(hour: datetime) -> int:
    """Hours since the epoch."""
    return int(_utc(hour).timestamp()) // 3600


def _day_hour(hour: datetime) -> tuple[int, int]:
    """Day number since the epoch and hour of the day, both UTC."""
    stamp = int(_utc(hour).timestamp()) // 3600
    return stamp // HOURS, stamp % HOURS


def _invert(spec: MetricSpec, value: float) -> float:
    """From transformed units back to the metric's."""
    match spec.transform:
        case Transform.LOG:
            return max(math.exp(value) - spec.offset, 0.0)
        case Transform.ANSCOMBE:
            return max((value / 2) ** 2 - 3 / 8, 0.0)
    return value
