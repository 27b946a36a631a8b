"""Net profit: the node's share of its machine's electricity, and what is left of the payout.

Pure functions and a meter without Home Assistant: the entities feed it readings (a power in
W or a meter total in kWh, with the price per kWh that applied) and persist its state.
Energy is a left Riemann sum: the power (and the price) read at the start of an interval
holds until the next reading, as Home Assistant's own integration sensor does with `left`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict

HOUR = timedelta(hours=1)


def month_start(moment: datetime) -> datetime:
    """Start of the UTC calendar month: payouts and the node's counters reset then."""
    return moment.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month_start(moment: datetime) -> datetime:
    """Start of the UTC month after the one `moment` is in."""
    start = month_start(moment)
    if start.month == 12:
        return start.replace(year=start.year + 1, month=1)
    return start.replace(month=start.month + 1)


def _month_key(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return f"{moment.year:04d}-{moment.month:02d}"


def _pieces(start: datetime, end: datetime) -> list[tuple[datetime, float]]:
    """Split [start, end) at month starts: (moment inside the piece, fraction of the span)."""
    span = (end - start).total_seconds()
    pieces: list[tuple[datetime, float]] = []
    cursor = start
    while cursor < end:
        boundary = min(next_month_start(cursor), end)
        pieces.append((cursor, (boundary - cursor).total_seconds() / span))
        cursor = boundary
    return pieces


class MeterState(TypedDict):
    """The meter as persisted across restarts."""

    month: str
    month_kwh: float
    month_cost: float
    lifetime_kwh: float
    lifetime_cost: float
    unpriced_kwh: float
    since: str
    last_at: str | None
    last_value: float | None
    last_price: float | None


@dataclass(slots=True)
class _Last:
    at: datetime
    value: float
    price: float | None


class EnergyMeter:
    """The node's energy and its cost this month and since the meter started.

    `share` is the fraction (0..1] of the machine's energy the node accounts for.
    """

    def __init__(self, share: float, since: datetime) -> None:
        """Start an empty meter at `since`."""
        self.share = share
        self.since = since
        self.month = _month_key(since)
        self.month_kwh = 0.0
        self.month_cost = 0.0
        self.lifetime_kwh = 0.0
        self.lifetime_cost = 0.0
        self.unpriced_kwh = 0.0
        """Energy counted while no price was known: not in any cost."""
        self._last: _Last | None = None

    def add_power(self, at: datetime, watts: float | None, price: float | None) -> None:
        """A power reading (W): the previous one held until now. None: power unknown from now."""
        last = self._take_last(at, watts, price)
        if last is None:
            return
        kwh = last.value * (at - last.at) / HOUR / 1000
        self._book(last.at, at, kwh, last.price)

    def add_total(self, at: datetime, kwh_total: float | None, price: float | None) -> None:
        """A meter reading (kWh, total increasing): the growth since the previous one.

        A lower reading is a meter reset: it counts from zero, as a `total_increasing`
        sensor's statistics do.
        """
        last = self._take_last(at, kwh_total, price)
        if last is None or kwh_total is None:
            return
        growth = kwh_total - last.value if kwh_total >= last.value else kwh_total
        self._book(last.at, at, growth, last.price)

    def roll(self, at: datetime) -> None:
        """Start a new month's totals if `at` lies in a later month than the meter's."""
        if (key := _month_key(at)) > self.month:  # "YYYY-MM" sorts by time
            self.month = key
            self.month_kwh = 0.0
            self.month_cost = 0.0

    def _take_last(self, at: datetime, value: float | None, price: float | None) -> _Last | None:
        """The previous reading, if it starts an interval ending at `at`; record the new one."""
        last = self._last
        if last is not None and at < last.at:
            return None  # out of order: keep the newer reading
        self._last = None if value is None else _Last(at, value, price)
        # A second reading at the same moment replaces the first: nothing elapsed.
        return None if last is not None and at == last.at else last

    def _book(
        self, start: datetime, end: datetime, machine_kwh: float, price: float | None
    ) -> None:
        """Add the node's share of an interval's energy, split over the months it spans."""
        kwh = machine_kwh * self.share
        for moment, fraction in _pieces(start, end):
            self.roll(moment)
            part = kwh * fraction
            self.month_kwh += part
            self.lifetime_kwh += part
            if price is None:
                self.unpriced_kwh += part
                continue
            self.month_cost += part * price
            self.lifetime_cost += part * price
        self.roll(end)

    def to_store(self) -> MeterState:
        """The state to persist."""
        last = self._last
        return MeterState(
            month=self.month,
            month_kwh=self.month_kwh,
            month_cost=self.month_cost,
            lifetime_kwh=self.lifetime_kwh,
            lifetime_cost=self.lifetime_cost,
            unpriced_kwh=self.unpriced_kwh,
            since=self.since.isoformat(),
            last_at=None if last is None else last.at.isoformat(),
            last_value=None if last is None else last.value,
            last_price=None if last is None else last.price,
        )

    @classmethod
    def from_store(cls, share: float, stored: dict[str, Any]) -> EnergyMeter:
        """A meter restored from `to_store` (raises KeyError/ValueError/TypeError if corrupt)."""
        meter = cls(share, datetime.fromisoformat(stored["since"]))
        meter.month = str(stored["month"])
        meter.month_kwh = float(stored["month_kwh"])
        meter.month_cost = float(stored["month_cost"])
        meter.lifetime_kwh = float(stored["lifetime_kwh"])
        meter.lifetime_cost = float(stored["lifetime_cost"])
        meter.unpriced_kwh = float(stored.get("unpriced_kwh", 0.0))
        if stored.get("last_at") is not None and stored.get("last_value") is not None:
            price = stored.get("last_price")
            meter._last = _Last(
                datetime.fromisoformat(stored["last_at"]),
                float(stored["last_value"]),
                None if price is None else float(price),
            )
        return meter


def fixed_energy_kwh(watts: float, share: float, start: datetime, end: datetime) -> float:
    """Energy of a constant power over [start, end), the node's share, in kWh."""
    if end <= start:
        return 0.0
    return watts * share * (end - start) / HOUR / 1000


def project_to_month_end(amount: float, now: datetime, since: datetime | None = None) -> float:
    """An amount accrued since the month began (or since `since`, if later) scaled to its end."""
    start = month_start(now)
    if since is not None and since > start:
        start = since
    elapsed = (now - start).total_seconds()
    if elapsed <= 0:
        return amount
    return amount * (next_month_start(now) - start).total_seconds() / elapsed


def return_percent(net_lifetime: float, hardware_cost: float | None) -> float | None:
    """Net lifetime profit as a percentage of the hardware's cost."""
    if not hardware_cost:
        return None
    return net_lifetime / hardware_cost * 100


def payback_date(
    now: datetime, hardware_cost: float | None, net_lifetime: float, net_per_day: float | None
) -> datetime | None:
    """When the net profit will have paid for the hardware at the recent daily rate.

    `now` once it has; None without a cost, or while the node does not make money.
    """
    if not hardware_cost or net_per_day is None:
        return None
    remaining = hardware_cost - net_lifetime
    if remaining <= 0:
        return now
    if net_per_day <= 0:
        return None
    return now + timedelta(days=remaining / net_per_day)


def days_in_month(now: datetime) -> float:
    """Length of `now`'s UTC month in days."""
    return (next_month_start(now) - month_start(now)) / timedelta(days=1)


def grid_price(preferences: dict[str, Any] | None) -> tuple[str | None, float | None]:
    """The Energy dashboard's grid import price: (price entity, fixed price per kWh).

    Reads the first grid source's price, whether it sits on the source itself or on its
    `flow_from` meters (the layout of older energy preferences).
    """
    for source in (preferences or {}).get("energy_sources", ()):
        if source.get("type") != "grid":
            continue
        for flow in (source, *source.get("flow_from", ())):
            entity = flow.get("entity_energy_price")
            number = flow.get("number_energy_price")
            if entity or number is not None:
                return entity or None, None if number is None else float(number)
    return None, None


_PER_KWH = {"kWh": 1.0, "Wh": 1000.0, "MWh": 0.001}
"""Multiply a price per <unit> by this to get the price per kWh."""


def price_per_kwh(value: float, unit: str | None) -> float | None:
    """A price entity's value per kWh (units like `EUR/kWh`, `USD/MWh`); None if not per energy."""
    if unit is None or "/" not in unit:
        return None
    factor = _PER_KWH.get(unit.rsplit("/", 1)[1].strip())
    return None if factor is None else value * factor
