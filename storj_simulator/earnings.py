"""Payout arithmetic: satellite prices, held-back rates, estimates and paystubs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
import math

from .calendar import DAY, HOUR, add_months, days, months_between
from .identity import hex_hash, unit
from .model import TB, NodeSatellite
from .state import NodeState

# Paystubs of a month are published on this day of the following month.
PAYSTUB_PUBLISH_DAY = 15
# At this node age (months) half of the total held amount is paid back.
DISPOSE_AT_AGE = 16
HOURS_PER_MONTH = 720
_RATE_CHANGE = datetime(2023, 12, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class PriceModel:
    """Satellite prices in US cents per TB (disk space: cents per TB-month)."""

    egress: int
    repair: int
    audit: int
    disk_space: int


CURRENT_PRICES = PriceModel(egress=200, repair=200, audit=200, disk_space=150)
PRICES_BEFORE_DECEMBER_2023 = PriceModel(egress=2000, repair=1000, audit=1000, disk_space=150)


def prices_at(moment: datetime) -> PriceModel:
    """The payout rates in force at `moment` (they changed on 2023-12-01)."""
    return CURRENT_PRICES if moment >= _RATE_CHANGE else PRICES_BEFORE_DECEMBER_2023


def held_rate(joined_at: datetime, moment: datetime) -> int:
    """Percent held back in the month of `moment` (75/50/25/0 by months since joining)."""
    months = months_between(joined_at, moment)
    if months < 3:
        return 75
    if months < 6:
        return 50
    if months < 9:
        return 25
    return 0


def go_round(value: float) -> float:
    """Go's `math.Round(value*100)/100` (halves away from zero)."""
    return math.copysign(math.floor(abs(value) * 100 + 0.5), value) / 100


@dataclass(frozen=True, slots=True)
class MonthlyEstimate:
    """`PayoutMonthly` of the estimated-payout endpoint (money in cents)."""

    egress_bandwidth: int
    egress_bandwidth_payout: float
    egress_repair_audit: int
    egress_repair_audit_payout: float
    disk_space: float
    disk_space_payout: float
    held_rate: float
    payout: float
    held: float

    def __add__(self, other: MonthlyEstimate) -> MonthlyEstimate:
        # Like Go's PayoutMonthly.Add: every field is summed except heldRate.
        return MonthlyEstimate(
            egress_bandwidth=self.egress_bandwidth + other.egress_bandwidth,
            egress_bandwidth_payout=self.egress_bandwidth_payout + other.egress_bandwidth_payout,
            egress_repair_audit=self.egress_repair_audit + other.egress_repair_audit,
            egress_repair_audit_payout=(
                self.egress_repair_audit_payout + other.egress_repair_audit_payout
            ),
            disk_space=self.disk_space + other.disk_space,
            disk_space_payout=self.disk_space_payout + other.disk_space_payout,
            held_rate=self.held_rate,
            payout=self.payout + other.payout,
            held=self.held + other.held,
        )


ZERO_ESTIMATE = MonthlyEstimate(0, 0.0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Estimate:
    """The estimated-payout response for one satellite or the sum of several."""

    current_month: MonthlyEstimate
    previous_month: MonthlyEstimate
    current_month_expectations: int

    def __add__(self, other: Estimate) -> Estimate:
        return Estimate(
            self.current_month + other.current_month,
            self.previous_month + other.previous_month,
            self.current_month_expectations + other.current_month_expectations,
        )


ZERO = Estimate(ZERO_ESTIMATE, ZERO_ESTIMATE, 0)


def _monthly(
    state: NodeState,
    satellite: NodeSatellite,
    start: datetime,
    byte_hours: float,
    rate_moment: datetime,
) -> MonthlyEstimate:
    rows = state.bandwidth_days(satellite, start, add_months(start, 1))
    egress = sum(row.get for row in rows)
    repair_audit = sum(row.get_repair + row.get_audit for row in rows)
    prices = prices_at(rate_moment)
    rate = held_rate(satellite.joined_at, rate_moment)
    egress_payout = go_round(egress * prices.egress / TB)
    repair_audit_payout = go_round(repair_audit * prices.audit / TB)
    disk_space = byte_hours / HOURS_PER_MONTH
    disk_payout = go_round(disk_space * prices.disk_space / TB)
    earned = egress_payout + repair_audit_payout + disk_payout
    held = earned * rate / 100
    return MonthlyEstimate(
        egress_bandwidth=egress,
        egress_bandwidth_payout=egress_payout,
        egress_repair_audit=repair_audit,
        egress_repair_audit_payout=repair_audit_payout,
        disk_space=disk_space,
        disk_space_payout=disk_payout,
        held_rate=float(rate),
        payout=go_round(earned - held),
        held=held,
    )


def estimate(state: NodeState, satellite: NodeSatellite, month_byte_hours: float) -> Estimate:
    """Estimated payout of one satellite; `month_byte_hours` is this month's storageSummary."""
    now = state.now
    this_month = state.month_start
    last_month = add_months(this_month, -1)
    last_month_byte_hours = sum(
        stamp.at_rest_total for stamp in state.stamps(satellite, last_month, this_month)
    )
    current = _monthly(state, satellite, this_month, month_byte_hours, now)
    previous = _monthly(state, satellite, last_month, last_month_byte_hours, last_month)
    # Linear extrapolation to the end of the month, as EstimatedPayout.Set does.
    month_end = add_months(this_month, 1)
    since = max(this_month, satellite.joined_at)
    elapsed = (now - since).total_seconds()
    expectations = 0
    if elapsed > 0:
        expectations = int(current.payout / elapsed * (month_end - since).total_seconds())
    return Estimate(current, previous, expectations)


@dataclass(frozen=True, slots=True)
class Paystub:
    """One satellite's paystub for one month (money in micro-USD)."""

    satellite_id: str
    period_start: datetime
    created: datetime
    age: int
    usage_at_rest: float
    usage_get: int
    usage_put: int
    usage_get_repair: int
    usage_put_repair: int
    usage_get_audit: int
    comp_at_rest: int
    comp_get: int
    comp_get_repair: int
    comp_get_audit: int
    held_percent: int
    held: int
    owed: int
    disposed: int
    paid: int
    receipt: str

    @property
    def earned(self) -> int:
        """compGetAudit + compGet + compGetRepair + compAtRest."""
        return self.comp_get_audit + self.comp_get + self.comp_get_repair + self.comp_at_rest


def _micro_usd(amount: float, cents_per_tb: int) -> int:
    # cents per TB -> micro-USD: x / 1e12 TB * cents / 100 * 1e6.
    return round(amount * cents_per_tb / TB * 10_000)


def published_at(period_start: datetime) -> datetime:
    """When the satellite publishes the paystub of the month starting at `period_start`."""
    return add_months(period_start, 1) + DAY * (PAYSTUB_PUBLISH_DAY - 1)


def paystubs(state: NodeState, satellite: NodeSatellite) -> list[Paystub]:
    """All published paystubs of one satellite, oldest first."""
    result: list[Paystub] = []
    held_so_far = 0
    month = add_months(satellite.joined_at, 0)
    while published_at(month) <= state.now:
        result.append(_paystub(state, satellite, month, held_so_far))
        held_so_far += result[-1].held
        month = add_months(month, 1)
    return result


def _paystub(
    state: NodeState, satellite: NodeSatellite, month: datetime, held_before: int
) -> Paystub:
    following = add_months(month, 1)
    rows = state.bandwidth_days(satellite, month, following)
    byte_hours = 0.0
    for day in days(month, following):
        stamp = state.stamp(satellite, day)
        byte_hours += stamp.at_rest_total if stamp else 0.0
    prices = prices_at(month)
    age = months_between(satellite.joined_at, month) + 1
    usage_get = sum(row.get for row in rows)
    usage_get_repair = sum(row.get_repair for row in rows)
    usage_get_audit = sum(row.get_audit for row in rows)
    usage_at_rest = byte_hours / HOURS_PER_MONTH
    comp_get = _micro_usd(usage_get, prices.egress)
    comp_get_repair = _micro_usd(usage_get_repair, prices.repair)
    comp_get_audit = _micro_usd(usage_get_audit, prices.audit)
    comp_at_rest = _micro_usd(usage_at_rest, prices.disk_space)
    earned = comp_get + comp_get_repair + comp_get_audit + comp_at_rest
    percent = held_rate(satellite.joined_at, month)
    held = round(earned * percent / 100)
    disposed = held_before // 2 if age == DISPOSE_AT_AGE else 0
    owed = earned - held
    key = (state.profile.seed, state.profile.index, satellite.satellite_id, month.date())
    chain = "zksync-era" if state.profile.wallet_features else "eth"
    return Paystub(
        satellite_id=satellite.satellite_id,
        period_start=month,
        created=published_at(month) - DAY + HOUR * 20 * unit(*key, "created"),
        age=age,
        usage_at_rest=usage_at_rest,
        usage_get=usage_get,
        usage_put=sum(row.put for row in rows),
        usage_get_repair=usage_get_repair,
        usage_put_repair=sum(row.put_repair for row in rows),
        usage_get_audit=usage_get_audit,
        comp_at_rest=comp_at_rest,
        comp_get=comp_get,
        comp_get_repair=comp_get_repair,
        comp_get_audit=comp_get_audit,
        held_percent=percent,
        held=held,
        owed=owed,
        disposed=disposed,
        paid=owed + disposed,
        receipt=f"{chain}:{hex_hash(*key, 'receipt')}",
    )
