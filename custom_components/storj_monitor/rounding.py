"""States rounded to what they can tell, so the recorder writes a row when a figure changes.

A node changes its sizes by a few MB every poll; a state that differs only there would cost
the recorder a row (and the browsers an update) per sensor and poll for nothing the cards or
charts show.
"""

from __future__ import annotations


def significant_bytes[T](value: T) -> T | int:
    """A size to four significant digits: 1 GB of 4.567 TB, 10 MB of 12.34 GB."""
    if not isinstance(value, int | float) or isinstance(value, bool) or value == 0:
        return value
    return int(float(f"{value:.4g}"))


def one_decimal(value: float | None) -> float | None:
    """A percentage to 0.1 (10 GB of a 10 TB disk)."""
    return None if value is None else round(value, 1)
