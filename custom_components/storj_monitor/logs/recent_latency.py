"""Transfer durations of the last few minutes, per action, in bounded memory.

The lifetime histograms in `stats` never forget; a performance alert needs to know how
slow transfers are *now*. One histogram per action and minute, the oldest reused.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .histogram import LogHistogram

if TYPE_CHECKING:
    from collections.abc import Mapping


class RecentLatency:
    """Per-action duration histograms over a sliding window of `window` seconds."""

    __slots__ = ("_slots", "_stamps", "width")

    def __init__(self, window: float = 300.0, width: float = 60.0) -> None:
        """A window of `window` seconds in slots of `width` seconds."""
        count = max(1, math.ceil(window / width))
        self.width = width
        self._stamps = [-1] * count
        self._slots: list[dict[str, LogHistogram]] = [{} for _ in range(count)]

    def add(self, action: str, when: float, seconds: float, index: int | None = None) -> None:
        """Record one transfer that finished at `when` after `seconds`.

        `index`: the histogram bucket of `seconds`, when the caller knows it already.
        """
        histogram = self._histogram(action, when)
        if histogram is None:
            return
        if index is None:
            histogram.add(seconds)
        else:
            histogram.add_to_bucket(index, seconds)

    def add_all(
        self, action: str, when: float, by_bucket: Mapping[int, int], values: list[float]
    ) -> None:
        """Record transfers of one action that finished in the slot of `when`.

        ``by_bucket``: how many fell into each bucket, as `LogHistogram.add_all` counted.
        """
        histogram = self._histogram(action, when)
        if histogram is not None:
            histogram.add_to_buckets(by_bucket, values)

    def _histogram(self, action: str, when: float) -> LogHistogram | None:
        """The histogram of `action` in the slot of `when`; None when older than the window."""
        bucket = int(when // self.width)
        position = bucket % len(self._stamps)
        if self._stamps[position] != bucket:
            if self._stamps[position] > bucket:
                return None
            self._stamps[position] = bucket
            self._slots[position] = {}
        slot = self._slots[position]
        histogram = slot.get(action)
        if histogram is None:
            histogram = slot[action] = LogHistogram()
        return histogram

    def histograms(self, now: float) -> dict[str, LogHistogram]:
        """The window ending at `now`, merged per action."""
        newest = int(now // self.width)
        oldest = newest - len(self._stamps)
        merged: dict[str, LogHistogram] = {}
        for stamp, slot in zip(self._stamps, self._slots, strict=True):
            if not oldest < stamp <= newest:
                continue
            for action, histogram in slot.items():
                total = merged.get(action)
                if total is None:
                    total = merged[action] = LogHistogram()
                total.merge(histogram)
        return merged
