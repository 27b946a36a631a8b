"""Transfer durations of the last few minutes, per action, in bounded memory.

The lifetime histograms in `stats` never forget; a performance alert needs to know how
slow transfers are *now*. One histogram per action and minute, the oldest reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import math

from .histogram import LogHistogram


class RecentLatency:
    """Per-action duration histograms over a sliding window of `window` seconds."""

    __slots__ = ("_slots", "_stamps", "_width")

    def __init__(self, window: float = 300.0, width: float = 60.0) -> None:
        """A window of `window` seconds in slots of `width` seconds."""
        count = max(1, math.ceil(window / width))
        self._width = width
        self._stamps = [-1] * count
        self._slots: list[dict[str, LogHistogram]] = [{} for _ in range(count)]

    def add(self, action: str, when: float, seconds: float, index: int | None = None) -> None:
        """Record one transfer that finished at `when` after `seconds`.

        `index`: the histogram bucket of `seconds`, when the caller knows it already.
        """
        bucket = int(when // self._width)
        position = bucket % len(self._stamps)
        if self._stamps[position] != bucket:
            if self._stamps[position] > bucket:
                return  # older than the window
            self._stamps[position] = bucket
            self._slots[position] = {}
        slot = self._slots[position]
        histogram = slot.get(action)
        if histogram is None:
            histogram = slot[action] = LogHistogram()
        if index is None:
            histogram.add(seconds)
        else:
            histogram.add_to_bucket(index, seconds)

    def add_all(
        self, finished: Iterable[tuple[str, float, float]], lifetime: Mapping[str, LogHistogram]
    ) -> None:
        """Record transfers (action, finished at, seconds) here and in ``lifetime`` per action.

        The batch form of `add` with the lifetime histogram's bucket: one loop, the window's
        slot looked up once per minute. An action without a lifetime histogram is skipped.
        """
        width = self._width
        stamps = self._stamps
        slots = self._slots
        count = len(stamps)
        current = -1
        slot: dict[str, LogHistogram] | None = None
        for action, when, seconds in finished:
            total = lifetime.get(action)
            if total is None:
                continue
            index = total.add(seconds)
            bucket = int(when // width)
            if bucket != current:
                current = bucket
                position = bucket % count
                if stamps[position] == bucket:
                    slot = slots[position]
                elif stamps[position] > bucket:
                    slot = None  # older than the window
                else:
                    stamps[position] = bucket
                    slot = slots[position] = {}
            if slot is not None:
                histogram = slot.get(action)
                if histogram is None:
                    histogram = slot[action] = LogHistogram()
                histogram.add_to_bucket(index, seconds)

    def histograms(self, now: float) -> dict[str, LogHistogram]:
        """The window ending at `now`, merged per action."""
        newest = int(now // self._width)
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
