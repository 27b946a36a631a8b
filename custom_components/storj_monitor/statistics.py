"""Long-term statistics of a node in Home Assistant's recorder, backfilled and kept current.

- Payouts per month since the node joined (earned, held, paid, distributed; USD), per node
  and per satellite, from the paystubs: `storj_monitor:<node>_payout_<kind>` and
  `storj_monitor:<node>_<satellite>_payout_<kind>`, with a running sum; and per node what
  was earned for storage, egress and repair+audit (`<node>_payout_earned_storage`, ...),
  which add up to `payout_earned`.
- Per day, for the days the API still returns (the current month): the satellites'
  average stored bytes (`<node>_stored`, TB, a mean) and traffic by kind
  (`<node>_egress_usage`, ..., GB, with a running sum).

The node reports UTC days and months; each becomes one row at the start of that date in
Home Assistant's time zone, so day and month charts show it on the date the node shows.
Rows are only ever replaced, never appended twice: a corrected day (a late satellite
tally, today's partial traffic, a projected `calculated` row) rewrites that row and the
running sums after it.

A write is not trusted until read back: the recorder drops an import that SQLite refuses
(database full, or locked for longer than its busy timeout; it retries only some MySQL
errors), logging an error but telling the caller nothing. So what an update wrote is read
again at the next one, and written again if it is missing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from homeassistant.components.recorder import get_instance
from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import (
    async_add_external_statistics,
    get_last_statistics,
    statistics_during_period,
)
from homeassistant.const import UnitOfInformation
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util, slugify
from homeassistant.util.unit_conversion import InformationConverter
from sqlalchemy.exc import SQLAlchemyError

from .api import (
    KNOWN_SATELLITES,
    BandwidthDay,
    NodeHistory,
    Paystub,
    StorageStamp,
    StorjError,
    StorjNodeClient,
    satellite_name,
)
from .const import DOMAIN, LOGGER
from .earnings import (
    paystub_earned,
    paystub_earned_egress,
    paystub_earned_repair_audit,
    paystub_earned_storage,
)

if TYPE_CHECKING:
    from .coordinator import StorjData

NODE_SLUG_LENGTH = 10
"""Characters of the node ID in statistic IDs (lower-cased; unique enough within a home)."""
CURRENCY = "USD"
GB = 10**9
TB = 10**12
# Values and running sums are rounded to the node's own resolution (micro-USD, bytes), so
# float noise never makes an unchanged row look changed.
DIGITS = {CURRENCY: 6, UnitOfInformation.GIGABYTES: 9, UnitOfInformation.TERABYTES: 12}

type PaystubKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class _PayoutKind:
    key: str
    label: str
    value: Callable[[Paystub], Decimal | None]
    per_satellite: bool = True
    """Also one statistic per satellite (the earned parts are per node only)."""


PAYOUT_KINDS = (
    _PayoutKind("earned", "earned", paystub_earned),
    _PayoutKind("held", "held back", lambda stub: stub.held),
    _PayoutKind("paid", "paid", lambda stub: stub.paid),
    _PayoutKind("distributed", "distributed", lambda stub: stub.distributed),
    # The parts of `earned`, so charts can stack what the money was earned for.
    _PayoutKind(
        "earned_storage", "earned for storage", paystub_earned_storage, per_satellite=False
    ),
    _PayoutKind("earned_egress", "earned for egress", paystub_earned_egress, per_satellite=False),
    _PayoutKind(
        "earned_repair_audit",
        "earned for repair and audit",
        paystub_earned_repair_audit,
        per_satellite=False,
    ),
)


@dataclass(frozen=True, slots=True)
class _TrafficKind:
    key: str
    label: str
    value: Callable[[BandwidthDay], int]


TRAFFIC_KINDS = (
    _TrafficKind("egress_usage", "egress (download)", lambda day: day.egress_usage),
    _TrafficKind("egress_repair", "egress (repair)", lambda day: day.egress_repair),
    _TrafficKind("egress_audit", "egress (audit)", lambda day: day.egress_audit),
    _TrafficKind("ingress_usage", "ingress (upload)", lambda day: day.ingress_usage),
    _TrafficKind("ingress_repair", "ingress (repair)", lambda day: day.ingress_repair),
)


def node_slug(node_id: str) -> str:
    """The node's part of its statistic IDs."""
    return node_id[:NODE_SLUG_LENGTH].lower()


def satellite_slug(satellite_id: str) -> str:
    """A satellite's part of statistic IDs: `us1`, `europe_north_1`, ... or its ID's start."""
    if (known := KNOWN_SATELLITES.get(satellite_id)) is not None:
        return slugify(known.name)
    return satellite_id[:NODE_SLUG_LENGTH].lower()


def statistic_id(node_id: str, key: str, satellite_id: str | None = None) -> str:
    """`storj_monitor:<node>[_<satellite>]_<key>`, e.g. `storj_monitor:1xf5b3xhn1_payout_paid`."""
    parts = [node_slug(node_id)]
    if satellite_id is not None:
        parts.append(satellite_slug(satellite_id))
    return f"{DOMAIN}:{'_'.join([*parts, key])}"


def local_day_start(day: date) -> datetime:
    """The first top of an hour (UTC) on `day` in Home Assistant's time zone."""
    start = dt_util.start_of_local_day(day).astimezone(UTC)
    hour = start.replace(minute=0)
    # Zones with half-hour offsets: the next full hour still falls on that date.
    return hour if hour == start else hour + timedelta(hours=1)


def period_start(period: str) -> datetime:
    """Row start of a `YYYY-MM` paystub period: its first day."""
    year, _, month = period.partition("-")
    return local_day_start(date(int(year), int(month), 1))


@dataclass(frozen=True, slots=True)
class _Series:
    metadata: StatisticMetaData
    points: Mapping[datetime, float]

    @property
    def digits(self) -> int:
        unit = self.metadata["unit_of_measurement"]
        assert unit is not None
        return DIGITS[unit]


@dataclass(slots=True)
class _Written:
    """What the recorder holds for one statistic from `since` on."""

    since: datetime
    base: float
    """Running sum before the first of `rows`."""
    rows: dict[datetime, tuple[float, float]]
    """Start -> (state, sum); the sum is 0 for statistics without one."""


class StatisticsImporter:
    """Writes one node's payouts, stored data and traffic into long-term statistics."""

    def __init__(
        self, hass: HomeAssistant, client: StorjNodeClient, node_id: str, node_name: str
    ) -> None:
        """Nothing is read or written before the first `async_update`."""
        self._hass = hass
        self._client = client
        self._node_id = node_id
        self._node_name = node_name
        self._lock = asyncio.Lock()
        self._paystubs: dict[PaystubKey, Paystub] = {}
        self._backfilled = False
        self._backfill_tried_for: datetime | None = None
        self._written: dict[str, _Written] = {}
        self._unconfirmed: set[str] = set()
        """Statistics written since they were last read (the recorder may have dropped it)."""

    @property
    def paystubs(self) -> tuple[Paystub, ...] | None:
        """Every paystub since the node joined, once fetched; None before."""
        if not self._backfilled:
            return None
        return tuple(sorted(self._paystubs.values(), key=lambda s: (s.period, s.satellite_id)))

    async def async_update(self, data: StorjData) -> None:
        """Import what is new or changed since the last call (everything on the first)."""
        async with self._lock:
            await self._async_collect_paystubs(data.history)
            if "recorder" not in self._hass.config.components or self._hass.is_stopping:
                return
            summary = data.snapshot.summary
            series = [
                *self._storage_series(summary.storage_daily),
                *self._traffic_series(summary.bandwidth_daily),
                *self._payout_series(self._paystubs.values()),
            ]
            series = [item for item in series if item.points]
            try:
                await self._async_read_written(series)
            except (RuntimeError, SQLAlchemyError) as err:
                # The recorder stopped (Home Assistant is shutting down) or its database is
                # out of reach: write nothing blind; the next update reads and writes again.
                LOGGER.debug("Long-term statistics not read, trying next update: %s", err)
                return
            for item in series:
                self._write_changes(item)

    async def _async_collect_paystubs(self, history: NodeHistory | None) -> None:
        """Keep the recent paystubs; fetch all of them once (one request) if some are older."""
        if history is None:
            return
        self._paystubs.update(((s.satellite_id, s.period), s) for s in history.paystubs)
        if self._backfilled:
            return
        if {stub.period for stub in history.paystubs} >= set(history.periods):
            self._backfilled = True
            return
        if self._backfill_tried_for == history.fetched_at:
            return
        self._backfill_tried_for = history.fetched_at
        try:
            stubs = await self._client.async_get_paystubs_range(
                history.periods[0], history.periods[-1]
            )
        except StorjError as err:
            LOGGER.warning(
                "Could not fetch the payout history of %s for long-term statistics, "
                "trying again with the next payout poll: %s",
                self._node_name,
                err,
            )
            return
        self._paystubs.update(((s.satellite_id, s.period), s) for s in stubs)
        self._backfilled = True

    # --- series ---------------------------------------------------------------------------

    def _metadata(
        self, statistic: str, name: str, unit: str, *, has_sum: bool
    ) -> StatisticMetaData:
        return StatisticMetaData(
            mean_type=StatisticMeanType.NONE if has_sum else StatisticMeanType.ARITHMETIC,
            has_sum=has_sum,
            name=f"{self._node_name} {name}",
            source=DOMAIN,
            statistic_id=statistic,
            unit_class=None if unit == CURRENCY else InformationConverter.UNIT_CLASS,
            unit_of_measurement=unit,
        )

    def _storage_series(self, rows: Iterable[StorageStamp]) -> list[_Series]:
        points = {
            local_day_start(row.interval_start.astimezone(UTC).date()): _average_bytes(row) / TB
            for row in rows
        }
        metadata = self._metadata(
            statistic_id(self._node_id, "stored"),
            "stored (daily average)",
            UnitOfInformation.TERABYTES,
            has_sum=False,
        )
        return [_Series(metadata, points)]

    def _traffic_series(self, days: Iterable[BandwidthDay]) -> list[_Series]:
        listed = list(days)
        return [
            _Series(
                self._metadata(
                    statistic_id(self._node_id, kind.key),
                    kind.label,
                    UnitOfInformation.GIGABYTES,
                    has_sum=True,
                ),
                {
                    local_day_start(day.interval_start.astimezone(UTC).date()): kind.value(day) / GB
                    for day in listed
                },
            )
            for kind in TRAFFIC_KINDS
        ]

    def _payout_series(self, stubs: Iterable[Paystub]) -> list[_Series]:
        by_satellite: dict[str, list[Paystub]] = {}
        for stub in stubs:
            by_satellite.setdefault(stub.satellite_id, []).append(stub)
        series: list[_Series] = []
        for kind in PAYOUT_KINDS:
            node_metadata = self._metadata(
                statistic_id(self._node_id, f"payout_{kind.key}"),
                f"payout {kind.label}",
                CURRENCY,
                has_sum=True,
            )
            series.append(_Series(node_metadata, _monthly_totals(by_satellite.values(), kind)))
            if not kind.per_satellite:
                continue
            for satellite_id, own in by_satellite.items():
                name = satellite_name(satellite_id, None)
                metadata = self._metadata(
                    statistic_id(self._node_id, f"payout_{kind.key}", satellite_id),
                    f"{name} payout {kind.label}",
                    CURRENCY,
                    has_sum=True,
                )
                series.append(_Series(metadata, _monthly_totals([own], kind)))
        return series

    # --- recorder -------------------------------------------------------------------------

    async def _async_read_written(self, series: list[_Series]) -> None:
        """Learn what the recorder holds for statistics not read yet or written since."""
        wanted: dict[str, tuple[datetime, bool]] = {}
        for item in series:
            statistic = item.metadata["statistic_id"]
            first = min(item.points)
            known = self._written.get(statistic)
            # Points before what was read (the one-time backfill) need the older rows.
            if known is None or first < known.since or statistic in self._unconfirmed:
                wanted[statistic] = (first, item.metadata["has_sum"])
        if not wanted:
            return
        found = await get_instance(self._hass).async_add_executor_job(
            _read_written, self._hass, wanted
        )
        # The recorder's rows are the truth: a write it has not committed yet is repeated,
        # which replaces the same rows with the same values.
        self._written.update(found)
        self._unconfirmed.difference_update(found)

    def _write_changes(self, series: _Series) -> None:
        """Write the rows that differ from the recorder's, and the running sums after them."""
        metadata = series.metadata
        written = self._written[metadata["statistic_id"]]
        points = {start: round(value, series.digits) for start, value in series.points.items()}
        changed = sorted(
            start
            for start, value in points.items()
            if start not in written.rows or written.rows[start][0] != value
        )
        if not changed:
            return
        rows: list[StatisticData] = []
        if not metadata["has_sum"]:
            for start in changed:
                value = points[start]
                rows.append(
                    StatisticData(start=start, state=value, mean=value, min=value, max=value)
                )
                written.rows[start] = (value, 0.0)
        else:
            states = {start: state for start, (state, _) in written.rows.items()}
            states.update(points)
            first = changed[0]
            earlier = [start for start in written.rows if start < first]
            running = written.rows[max(earlier)][1] if earlier else written.base
            for start in sorted(start for start in states if start >= first):
                running = round(running + states[start], series.digits)
                rows.append(StatisticData(start=start, state=states[start], sum=running))
                written.rows[start] = (states[start], running)
        async_add_external_statistics(self._hass, metadata, rows)
        self._unconfirmed.add(metadata["statistic_id"])
        _forget_before(written, min(points))


def _read_written(
    hass: HomeAssistant, wanted: Mapping[str, tuple[datetime, bool]]
) -> dict[str, _Written]:
    """In the recorder's executor: the rows from each start on, and the sum before them."""
    result: dict[str, _Written] = {}
    for since in {start for start, _ in wanted.values()}:
        ids = {statistic for statistic, (start, _) in wanted.items() if start == since}
        found = statistics_during_period(hass, since, None, ids, "hour", None, {"state", "sum"})
        for statistic in ids:
            rows = found.get(statistic, [])
            base = 0.0
            if rows:
                # Every row's sum is the previous sum plus its state.
                base = (rows[0].get("sum") or 0.0) - (rows[0].get("state") or 0.0)
            elif wanted[statistic][1]:
                last = get_last_statistics(hass, 1, statistic, False, {"sum"}).get(statistic)
                base = (last[0].get("sum") or 0.0) if last else 0.0
            result[statistic] = _Written(
                since=since,
                base=base if wanted[statistic][1] else 0.0,
                rows={
                    datetime.fromtimestamp(row["start"], UTC): (
                        row.get("state") or 0.0,
                        row.get("sum") or 0.0,
                    )
                    for row in rows
                },
            )
    return result


def _forget_before(written: _Written, start: datetime) -> None:
    """Drop rows the node no longer reports (they cannot change), keeping their sum."""
    older = sorted(moment for moment in written.rows if moment < start)
    if not older:
        return
    written.base = written.rows[older[-1]][1]
    for moment in older:
        del written.rows[moment]
    written.since = start


def _monthly_totals(groups: Iterable[list[Paystub]], kind: _PayoutKind) -> dict[datetime, float]:
    """Sum of one payout kind per period; periods where a paystub lacks it are left out."""
    totals: dict[str, Decimal] = {}
    missing: set[str] = set()
    for stubs in groups:
        for stub in stubs:
            value = kind.value(stub)
            if value is None:
                missing.add(stub.period)
            else:
                totals[stub.period] = totals.get(stub.period, Decimal(0)) + value
    return {
        period_start(period): float(total)
        for period, total in totals.items()
        if period not in missing
    }


def _average_bytes(row: StorageStamp) -> float:
    """Average bytes stored that day."""
    if row.at_rest_bytes is not None:
        return row.at_rest_bytes
    # Before v1.70 the node sent byte-hours only; a day's tally covers about 24 hours.
    return row.at_rest_byte_hours / (row.interval_hours or 24)
