"""Transfer durations from the node's own monkit metrics: the log-free latency source.

The node's debug server (``debug.addr``, e.g. ``127.0.0.1:5999``) serves its monkit registry as
Prometheus text on ``/metrics``::

    upload_success_duration_ns{action="PUT",scope="storj_io_…_piecestore",field="r50"} 1.2e+08

and as plain text on ``/mon/stats`` (``key,tag=value field=value``)::

    upload_success_duration_ns,action=PUT,scope=storj.io/…/piecestore r50=120000000.000000

Durations are ``IntVal`` distributions in nanoseconds (``storagenode/piecestore/endpoint.go``);
fields are ``count``, ``sum``, ``min``, ``avg``, ``max``, ``rmin``, ``ravg``, ``r10``, ``r50``,
``r90``, ``r99``, ``rmax`` and ``recent``, the ``r*`` ones over a recent-values reservoir.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    import aiohttp

# (direction, outcome) of each duration metric.
DURATION_METRICS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "upload_success_duration_ns": ("upload", "success"),
        "upload_cancel_duration_ns": ("upload", "canceled"),
        "upload_failure_duration_ns": ("upload", "failed"),
        "download_success_duration_ns": ("download", "success"),
        "download_cancel_duration_ns": ("download", "canceled"),
        "download_failure_duration_ns": ("download", "failed"),
    }
)
_SECONDS_FIELDS = frozenset(
    {"sum", "min", "avg", "max", "rmin", "ravg", "r10", "r50", "r90", "r99", "rmax", "recent"}
)


@dataclass(frozen=True, slots=True)
class DurationDistribution:
    """One monkit duration distribution, converted to seconds."""

    count: int
    average: float | None
    minimum: float | None
    maximum: float | None
    recent_average: float | None
    p10: float | None
    p50: float | None
    p90: float | None
    p99: float | None


@dataclass(frozen=True, slots=True)
class TransferTimings:
    """Duration distributions keyed ``(direction, outcome, action)``; action ``""`` if untagged."""

    distributions: Mapping[tuple[str, str, str], DurationDistribution]

    def get(self, direction: str, outcome: str, action: str = "") -> DurationDistribution | None:
        """E.g. ``get("download", "success", "GET")``."""
        return self.distributions.get((direction, outcome, action))


def _parse_prometheus(line: str) -> tuple[str, dict[str, str], float] | None:
    name, brace, rest = line.partition("{")
    if not brace:
        name, _, value = line.partition(" ")
        return name, {}, float(value.split()[0])
    labels_text, _, value = rest.rpartition("}")
    labels: dict[str, str] = {}
    for pair in labels_text.split('",'):
        key, _, raw = pair.partition("=")
        labels[key.strip().strip(",")] = raw.strip().strip('"')
    return name, labels, float(value.split()[0])


def _parse_stats_text(line: str) -> tuple[str, dict[str, str], float] | None:
    series, _, assignment = line.rpartition(" ")
    field_name, equals, value = assignment.partition("=")
    if not equals:
        return None
    name, *tags = series.split(",")
    labels = dict(tag.partition("=")[::2] for tag in tags)
    labels["field"] = field_name
    return name, labels, float(value)


def parse_monkit(text: str) -> TransferTimings:
    """Extract the transfer-duration distributions from ``/metrics`` or ``/mon/stats`` text."""
    raw: dict[tuple[str, str, str], dict[str, float]] = {}
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        name = line.partition("{")[0].partition(",")[0].partition(" ")[0]
        kind = DURATION_METRICS.get(name)
        if kind is None:
            continue
        try:
            parsed = _parse_prometheus(line) if "{" in line else _parse_stats_text(line)
        except ValueError:
            continue
        if parsed is None:
            continue
        _, labels, value = parsed
        field_name = labels.get("field", "")
        if not field_name:
            continue
        raw.setdefault((*kind, labels.get("action", "")), {})[field_name] = value
    return TransferTimings(
        MappingProxyType({key: _distribution(fields) for key, fields in raw.items()})
    )


def _distribution(fields: Mapping[str, float]) -> DurationDistribution:
    def seconds(name: str) -> float | None:
        value = fields.get(name)
        return None if value is None or name not in _SECONDS_FIELDS else value / 1e9

    return DurationDistribution(
        count=int(fields.get("count", 0)),
        average=seconds("avg"),
        minimum=seconds("min"),
        maximum=seconds("max"),
        recent_average=seconds("ravg"),
        p10=seconds("r10"),
        p50=seconds("r50"),
        p90=seconds("r90"),
        p99=seconds("r99"),
    )


async def fetch_monkit(session: aiohttp.ClientSession, url: str) -> TransferTimings:
    """GET ``url`` (``http://host:port/metrics`` or ``/mon/stats``) and parse it."""
    async with session.get(url) as response:
        response.raise_for_status()
        return parse_monkit(await response.text())
