"""Earnings analysis: month-end projection, earnings per TB, estimate accuracy, lifetime totals.

Pure functions of the API models. Money is `Decimal` US dollars, as in the models.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from .api import EstimatedPayout, NodeHistory, NodeSnapshot, Paystub, SatellitesSummary

CENT = Decimal("0.01")
TB = 10**12
HOURS_PER_PAID_MONTH = 720
"""Storage is paid per byte-hour / 720 (a "TB-month" is always 720 hours)."""
AGREEMENT_PERCENT = 1
"""Projections closer than this (percent) are reported as agreeing."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EarningsSummary:
    """Where the node's earnings stand; `None` where the node has not told us enough."""

    projected_payout: Decimal | None
    """This month's payout (after the held-back amount) projected to the month's end."""
    node_expectation: Decimal | None
    """The node's own projection (`currentMonthExpectations`, v1.21+)."""
    projection_difference_percent: float | None
    """(projected_payout - node_expectation) / node_expectation, in percent."""
    projection_note: str
    """Why the two projections differ, in one or two sentences."""
    earnings_per_tb_month: Decimal | None
    """Gross earnings per TB-month stored (last month; this month while the node is new)."""
    last_month_period: str
    """`YYYY-MM` of the previous calendar month (UTC)."""
    last_month_estimate: Decimal
    """The node's local estimate of last month's gross earnings."""
    last_month_earned: Decimal | None
    """Gross earnings on last month's paystubs (no surge, like the estimate); None until
    the satellites publish them."""
    last_month_paid: Decimal | None
    """What last month's paystubs paid out."""
    last_month_estimate_error_percent: float | None
    """(estimate - paystub) / paystub in percent: positive when the node estimated too much."""
    last_month_estimate_accuracy_percent: float | None
    """100 - |error|, floored at 0."""
    lifetime_earned: Decimal | None
    """Gross earnings (surge included) on all paystubs; None without all of them."""
    lifetime_paid: Decimal | None
    """Paid out on all paystubs; None without all of them."""


@dataclass(frozen=True, slots=True)
class _Projection:
    payout: Decimal
    storage_days_reported: float | None
    """Days of storage the satellites' tallies cover so far (None: not derivable)."""
    days_elapsed: float
    average_stored_tb: float | None


def surge_factor(stub: Paystub) -> Decimal:
    """The paystub's surge multiplier (0 on the wire means none)."""
    return Decimal(stub.surge_percent or 100) / 100


def paystub_earned(stub: Paystub) -> Decimal:
    """Gross earnings of a paystub, with the surge multiplier."""
    return stub.earned * surge_factor(stub)


def paystub_earned_storage(stub: Paystub) -> Decimal:
    """The storage part of `paystub_earned` (compAtRest, surge included)."""
    return stub.comp_at_rest * surge_factor(stub)


def paystub_earned_egress(stub: Paystub) -> Decimal:
    """The download part of `paystub_earned` (compGet, surge included)."""
    return stub.comp_get * surge_factor(stub)


def paystub_earned_repair_audit(stub: Paystub) -> Decimal:
    """The repair and audit part of `paystub_earned` (compGetRepair + compGetAudit)."""
    return (stub.comp_get_repair + stub.comp_get_audit) * surge_factor(stub)


def summarize_earnings(
    snapshot: NodeSnapshot,
    history: NodeHistory | None,
    paystubs_all: Iterable[Paystub] | None,
    now: datetime,
) -> EarningsSummary:
    """Analyse the node's earnings at `now`.

    `paystubs_all` are all paystubs since the node joined (see
    `StatisticsImporter.paystubs`); without them the lifetime totals are known only when
    the recent paystubs of `history` already cover every period.
    """
    payout = snapshot.payout
    projection = _project(payout, snapshot.summary, now)
    expectation = payout.current_month_expectations
    difference = None
    if projection is not None and expectation:
        difference = float((projection.payout - expectation) / expectation * 100)
    every = _complete_paystubs(history, paystubs_all)
    last_period = _previous_period(now)
    known = every if every is not None else (history.paystubs if history else ())
    last_month = [stub for stub in known if stub.period == last_period]
    estimate = payout.previous_month.gross
    earned = _total(stub.earned for stub in last_month) if last_month else None
    error = float((estimate - earned) / earned * 100) if earned else None
    return EarningsSummary(
        projected_payout=projection.payout if projection else None,
        node_expectation=expectation,
        projection_difference_percent=difference,
        projection_note=_explain(projection, expectation, difference),
        earnings_per_tb_month=_earnings_per_tb_month(payout),
        last_month_period=last_period,
        last_month_estimate=estimate,
        last_month_earned=earned,
        last_month_paid=_total(stub.paid for stub in last_month) if last_month else None,
        last_month_estimate_error_percent=error,
        last_month_estimate_accuracy_percent=None if error is None else max(0.0, 100 - abs(error)),
        lifetime_earned=None if every is None else _total(paystub_earned(s) for s in every),
        lifetime_paid=None if every is None else _total(stub.paid for stub in every),
    )


def _project(
    payout: EstimatedPayout, summary: SatellitesSummary, now: datetime
) -> _Projection | None:
    """Project this month's payout to its end.

    Egress is extrapolated over the time elapsed, like the node does. Storage is not: the
    satellites report it a day or more late, so extrapolating the reported part over the
    elapsed time (as the node does) undercounts; the average stored is paid for the whole
    month instead.
    """
    current = payout.current_month
    start = _month_start(now)
    end = _next_month_start(start)
    joined = summary.earliest_joined_at
    since = max(start, joined) if joined is not None and joined < end else start
    elapsed_hours = (now - since).total_seconds() / 3600
    if elapsed_hours <= 0:
        return None
    remaining_hours = (end - since).total_seconds() / 3600
    scale = Decimal(remaining_hours / elapsed_hours)
    egress = (current.egress_payout + current.egress_repair_audit_payout) * scale
    average = summary.average_usage_bytes
    reported_days: float | None = None
    if current.disk_space_byte_months > 0 and average:
        price = current.disk_space_payout / Decimal(current.disk_space_byte_months)
        storage = price * Decimal(average * remaining_hours / HOURS_PER_PAID_MONTH)
        reported_hours = current.disk_space_byte_months * HOURS_PER_PAID_MONTH / average
        reported_days = reported_hours / 24
    else:
        storage = current.disk_space_payout * scale
    gross = egress + storage
    kept = 1 - (
        current.held / current.gross if current.gross else Decimal(current.held_rate_percent) / 100
    )
    return _Projection(
        payout=(gross * kept).quantize(CENT),
        storage_days_reported=reported_days,
        days_elapsed=elapsed_hours / 24,
        average_stored_tb=average / TB if average else None,
    )


def _explain(
    projection: _Projection | None, expectation: Decimal | None, difference: float | None
) -> str:
    if projection is None:
        return "No projection yet: the month has only just begun."
    if expectation is None:
        return "The node does not report its own expectation (versions before 1.21)."
    if difference is None or abs(difference) < AGREEMENT_PERCENT:
        return f"Agrees with the node's own expectation of ${expectation:.2f} (within 1 %)."
    comparison = (
        f"{abs(difference):.1f} % {'above' if difference > 0 else 'below'} the node's own "
        f"expectation of ${expectation:.2f}"
    )
    reported = projection.storage_days_reported
    if (
        reported is not None
        and projection.average_stored_tb is not None
        and abs(reported / projection.days_elapsed - 1) * 100 >= AGREEMENT_PERCENT
    ):
        return (
            f"{comparison}: the node extrapolates the storage the satellites have reported "
            f"so far ({reported:.1f} of {projection.days_elapsed:.1f} days) as if it covered "
            "all that time; this projection pays the average stored "
            f"({projection.average_stored_tb:.2f} TB) for the whole month."
        )
    return (
        f"{comparison}. Both extrapolate the month so far to its end; the node does it "
        "for each satellite on its own, in whole cents."
    )


def _earnings_per_tb_month(payout: EstimatedPayout) -> Decimal | None:
    """Gross earnings per TB-month stored: last month's, or this month's for a new node."""
    for month in (payout.previous_month, payout.current_month):
        if month.disk_space_byte_months > 0:
            per_tb = month.gross / Decimal(month.disk_space_byte_months / TB)
            return per_tb.quantize(CENT)
    return None


def _total(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, Decimal(0))


def _complete_paystubs(
    history: NodeHistory | None, paystubs_all: Iterable[Paystub] | None
) -> tuple[Paystub, ...] | None:
    """All paystubs, when known: given, or the recent ones if they cover every period."""
    if paystubs_all is not None:
        return tuple(paystubs_all)
    if history is not None and {stub.period for stub in history.paystubs} >= set(history.periods):
        return history.paystubs
    return None


def _month_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _next_month_start(start: datetime) -> datetime:
    return (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )


def _previous_period(now: datetime) -> str:
    start = _month_start(now)
    previous = (
        start.replace(year=start.year - 1, month=12)
        if start.month == 1
        else start.replace(month=start.month - 1)
    )
    return f"{previous.year:04d}-{previous.month:02d}"
