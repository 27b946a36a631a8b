"""Transfer durations from the node's own monkit metrics: the log-free latency source.

The node observes each transfer's duration with ``mon.IntVal("<direction>_<outcome>_duration_ns")``
in nanoseconds, downloads tagged ``action`` (storagenode/piecestore/endpoint.go:365, :712
@ 5dbec64f5a). ``IntDist.Stats`` reports ``count`` and, only once something was observed,
``sum``, ``min``, ``max``, ``rmin``, ``ravg``, ``r10``, ``r50``, ``r90``, ``r99``, ``rmax`` and
``recent`` (monkit intdist.go:168, the ``r*`` over a reservoir of recent values); there is no
``avg``, so the mean is ``sum / count``. The monkit scope adds a ``scope`` tag (scope.go:331).

The debug server (``debug.addr``) renders them two ways (storj.io/common debug/):

- ``/metrics`` (prometheus.go:88-110): ``# TYPE <name> gauge``, then
  ``<name>{<tag>="<value>",...,field="<field>"} <%g value>``; names and tag values sanitized to
  ``[A-Za-z0-9_]`` (server.go:261), tags in map order, ``field`` last::

      download_success_duration_ns{action="GET",scope="storj_io_…_piecestore",field="r50"} 1.8e+08

- ``/mon/stats`` (monkit present/stats.go:34): ``<name>,<tag>=<value>,... <field>=<%f value>``,
  tags sorted, ``,``/``=``/space escaped with a backslash (monkit tags.go)::

      download_success_duration_ns,action=GET,scope=storj.io/…/piecestore r50=180000000.000000
"""

from __future__ import annotations

from dataclasses import dataclass
import json
import math
import re
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
_NS_PER_SECOND = 1e9
# One `tag="value"` of a Prometheus line; values are Go %q strings.
_PROM_LABEL = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"')
# /mon/stats separators are the ones not escaped with a backslash.
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")
_UNESCAPED_EQUALS = re.compile(r"(?<!\\)=")
_UNESCAPED_SPACE = re.compile(r"(?<!\\) ")


@dataclass(frozen=True, slots=True)
class DurationDistribution:
    """One monkit duration distribution, in seconds; ``None`` where the node sent nothing."""

    count: int
    # sum / count: monkit reports no mean of all observations.
    average: float | None
    minimum: float | None
    maximum: float | None
    # Mean of the reservoir of recent observations (``ravg``).
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


def _go_unquote(raw: str) -> str:
    # Sanitized values never hold escapes; JSON covers Go's common ones when they do.
    if "\\" not in raw:
        return raw
    try:
        value = json.loads(f'"{raw}"')
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw


def _parse_prometheus(line: str) -> tuple[str, dict[str, str], float] | None:
    name, brace, rest = line.partition("{")
    if not brace:
        return None
    labels_text, closing, value = rest.rpartition("}")
    if not closing:
        return None
    labels = {key: _go_unquote(raw) for key, raw in _PROM_LABEL.findall(labels_text)}
    return name, labels, float(value)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _parse_stats_text(line: str) -> tuple[str, dict[str, str], float] | None:
    series_and_field = _UNESCAPED_SPACE.split(line)
    if len(series_and_field) != 2:
        return None
    series, assignment = series_and_field
    field_name, equals, value = assignment.rpartition("=")
    if not equals:
        return None
    name, *tags = _UNESCAPED_COMMA.split(series)
    labels: dict[str, str] = {}
    for tag in tags:
        key_value = _UNESCAPED_EQUALS.split(tag, maxsplit=1)
        if len(key_value) != 2:
            return None
        labels[_unescape(key_value[0])] = _unescape(key_value[1])
    labels["field"] = _unescape(field_name)
    return _unescape(name), labels, float(value)


def parse_monkit(text: str) -> TransferTimings:
    """Extract the transfer-duration distributions from ``/metrics`` or ``/mon/stats`` text.

    Lines that are not transfer durations, or that do not parse, are skipped.
    """
    raw: dict[tuple[str, str, str], dict[str, float]] = {}
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        name = re.split(r"[{, ]", line, maxsplit=1)[0]
        kind = DURATION_METRICS.get(name)
        if kind is None:
            continue
        try:
            parsed = _parse_prometheus(line) if "{" in line else _parse_stats_text(line)
        except ValueError:
            continue
        if parsed is None or not math.isfinite(value := parsed[2]):
            continue
        labels = parsed[1]
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
        return None if value is None else value / _NS_PER_SECOND

    count = max(0, int(fields.get("count", 0)))
    total = seconds("sum")
    return DurationDistribution(
        count=count,
        average=total / count if total is not None and count else None,
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
