"""States rounded to what they can tell (fewer recorder rows for the same picture)."""

from __future__ import annotations

import pytest

from custom_components.storj_monitor.rounding import one_decimal, significant_bytes


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (4_567_123_456_789, 4_567_000_000_000),  # 4.567 TB: 1 GB steps
        (12_345_678_901, 12_350_000_000),  # 12.35 GB: 10 MB steps
        (999, 999),
        (0, 0),
        (1.5e12, 1_500_000_000_000),
    ],
)
def test_sizes_keep_four_significant_digits(value: float, rounded: int) -> None:
    assert significant_bytes(value) == rounded


def test_a_few_megabytes_more_is_the_same_state() -> None:
    """A node that stored 5 MB more since the last poll writes no new state."""
    assert significant_bytes(4_567_123_456_789) == significant_bytes(4_567_128_456_789)


@pytest.mark.parametrize("value", [None, "unknown", True])
def test_what_is_no_number_passes_unchanged(value: object) -> None:
    assert significant_bytes(value) is value


def test_percentages_keep_one_decimal() -> None:
    assert one_decimal(45.678) == 45.7
    assert one_decimal(None) is None
