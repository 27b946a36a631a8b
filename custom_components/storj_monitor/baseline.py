"""Earnings and traffic drops: yesterday against the node's own recent days. Pure, no HA.

The dashboard API only reports the current UTC month (`date.MonthBoundary(now)`,
storagenode/console/service.go:247 @ 5dbec64f5a), so a day is compared with the median of
up to 14 complete days before it *in the same month*; in a month's first week there is no
baseline and no verdict, so the monthly reset can never look like a drop. Satellites that
joined during the baseline period and nodes in their first weeks are left out: their growth
is not a baseline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from statistics import median
from typing import Final

from .api import SatelliteDetails, StorageStamp

BASELINE_DAYS: Final = 14
MIN_BASELINE_DAYS: Final = 7
MIN_NODE_AGE: Final = timedelta(weeks=4)
# The node writes its bandwidth cache to the database hourly (storagenode/bandwidth/
# service.go:21 @ 5dbec64f5a): yesterday is complete a while after midnight.
SETTLE: Final = timedelta(hours=2)
# Drop alerts clear once the drop is this many points below the threshold.
DROP_HYSTERESIS: Final = 5.0
TB: Final = Decimal(10**12)
# Storage is paid per TB-month of 720 hours (estimatedpayouts/service.go:164 @ 5dbec64f5a).
HOURS_PER_MONTH: Final = 720


class Metric(StrEnum):
    """What is compared day by day."""

    EARNINGS = "earnings"
    INGRESS = "ingress"
    EGRESS = "egress"


@dataclass(frozen=True, slots=True)
class DropVerdict:
    """One day's value against the median of the days before it."""

    day: date
    value: float
    baseline: float

    @property
    def drop_percent(self) -> float:
        """How far below the baseline the day was, in percent (negative: above it)."""
        return (self.baseline - self.value) / self.baseline * 100


def compared_day(now: datetime) -> date:
    """The latest day whose traffic is complete in the node's database."""
    return (now.astimezone(UTC) - SETTLE).date() - timedelta(days=1)


def _day_values(
    satellite: SatelliteDetails, metric: Metric, days: Iterable[date]
) -> dict[date, float | None]:
    """Per day: the satellite's metric, or None where the day is not known (no tally)."""
    bandwidth: dict[date, tuple[int, int, int]] = {}
    for row in satellite.bandwidth_daily:
        egress, repair_audit, ingress = bandwidth.get(row.interval_start.date(), (0, 0, 0))
        bandwidth[row.interval_start.date()] = (
            egress + row.egress_usage,
            repair_audit + row.egress_repair + row.egress_audit,
            ingress + row.ingress,
        )
    stored = {stamp.interval_start.date(): _byte_hours(stamp) for stamp in satellite.storage_daily}
    price = satellite.price_model
    values: dict[date, float | None] = {}
    for day in days:
        # A day without traffic has no row: zero, which is exactly what a drop looks like.
        egress, repair_audit, ingress = bandwidth.get(day, (0, 0, 0))
        if metric is Metric.INGRESS:
            values[day] = float(ingress)
        elif metric is Metric.EGRESS:
            values[day] = float(egress + repair_audit)
        elif price is None or (byte_hours := stored.get(day)) is None:
            values[day] = None  # the satellite's tally of that day has not arrived
        else:
            # Repair and audit egress are paid at the audit price (estimatedpayouts/
            # service.go:150 @ 5dbec64f5a).
            money = (
                egress * price.egress_per_tb
                + repair_audit * price.audit_per_tb
                + Decimal(byte_hours) / HOURS_PER_MONTH * price.disk_per_tb_month
            ) / TB
            values[day] = float(money)
    return values


def _byte_hours(stamp: StorageStamp) -> float:
    """A day's stored byte-hours; gap rows the node calculated (v1.162+) carry only the rate.

    "Calculated rows never add synthetic AtRestTotal" (storagenode/storageusage/
    normalize.go:16 @ 5dbec64f5a): their byte-hours are 0, their average bytes the rate.
    """
    if stamp.at_rest_bytes is not None:
        return stamp.at_rest_bytes * 24
    return stamp.at_rest_byte_hours


def daily_drop(
    satellites: Mapping[str, SatelliteDetails],
    earliest_joined_at: datetime | None,
    now: datetime,
    metric: Metric,
) -> DropVerdict | None:
    """Yesterday against its baseline, or None when no fair comparison is possible."""
    if earliest_joined_at is None or now - earliest_joined_at < MIN_NODE_AGE:
        return None  # a young node's traffic is still ramping up
    day = compared_day(now)
    month_start = now.astimezone(UTC).date().replace(day=1)
    first = max(month_start, day - timedelta(days=BASELINE_DAYS))
    if (day - first).days < MIN_BASELINE_DAYS:
        return None  # a month's first week: the API has no earlier days
    first_moment = datetime.combine(first, datetime.min.time(), UTC)
    days = [first + timedelta(days=offset) for offset in range((day - first).days + 1)]
    totals: dict[date, float] = dict.fromkeys(days, 0.0)
    unknown: set[date] = set()
    counted = 0
    for satellite in satellites.values():
        if satellite.joined_at is None or satellite.joined_at > first_moment:
            continue  # joined during the baseline: its growth is not a trend
        if metric is Metric.EARNINGS and (
            satellite.price_model is None or not satellite.price_model.is_known
        ):
            continue
        counted += 1
        for when, value in _day_values(satellite, metric, days).items():
            if value is None:
                unknown.add(when)
            else:
                totals[when] += value
    if not counted or day in unknown:
        return None
    history = [totals[when] for when in days[:-1] if when not in unknown]
    if len(history) < MIN_BASELINE_DAYS or (baseline := median(history)) <= 0:
        return None
    return DropVerdict(day, totals[day], baseline)
