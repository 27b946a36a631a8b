"""UTC day and month arithmetic (the node bins everything by UTC day and month)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def as_utc(moment: datetime) -> datetime:
    """Return `moment` as an aware UTC datetime (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def day_start(moment: datetime) -> datetime:
    """Midnight UTC of the day containing `moment`."""
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def month_start(moment: datetime) -> datetime:
    """Midnight UTC of the first day of the month containing `moment`."""
    return day_start(moment).replace(day=1)


def add_months(moment: datetime, months: int) -> datetime:
    """The first of the month `months` after the month of `moment`."""
    index = moment.year * 12 + moment.month - 1 + months
    return month_start(moment).replace(year=index // 12, month=index % 12 + 1)


def months_between(earlier: datetime, later: datetime) -> int:
    """Whole calendar months from the month of `earlier` to the month of `later`."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def days(start: datetime, end: datetime) -> Iterator[datetime]:
    """Midnights of the days that [start, end) touches."""
    current = day_start(start)
    while current < end:
        yield current
        current += DAY


def period(moment: datetime) -> str:
    """The `YYYY-MM` period of `moment`."""
    return f"{moment.year:04d}-{moment.month:02d}"


def parse_period(text: str) -> datetime:
    """Parse `YYYY-MM` (or `YYYY-M`) into the first of that month; raise ValueError."""
    year_text, sep, month_text = text.partition("-")
    if not sep or len(year_text) != 4 or not year_text.isdigit() or not month_text.isdigit():
        raise ValueError(f"wrong period format: {text}")
    month = int(month_text)
    if not 1 <= month <= 12 or len(month_text) > 2:
        raise ValueError(f"wrong period format: {text}")
    return datetime(int(year_text), month, 1, tzinfo=UTC)
