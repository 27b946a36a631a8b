"""Streaming log-bucketed histogram: bounded memory, percentiles without keeping samples."""

from __future__ import annotations

from collections import Counter
from functools import reduce
import math
from operator import add
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping


class LogHistogram:
    """Counts positive values in buckets that grow by a constant factor.

    With ``buckets_per_doubling=8`` every bucket spans 9 % of its value, so a percentile is
    reported within ~4.5 % (the bucket's geometric middle). Values outside
    ``[minimum, maximum]`` are clamped into the first/last bucket.
    """

    __slots__ = ("_counts", "_log_min", "_scale", "count", "maximum", "minimum", "total")

    def __init__(
        self, minimum: float = 1e-3, maximum: float = 3600.0, buckets_per_doubling: int = 8
    ) -> None:
        """Create an empty histogram for values in ``[minimum, maximum]``."""
        self.minimum = minimum
        self.maximum = maximum
        self._scale = buckets_per_doubling
        self._log_min = math.log2(minimum)
        size = math.ceil((math.log2(maximum) - self._log_min) * buckets_per_doubling) + 1
        self._counts = [0] * size
        self.count = 0
        self.total = 0.0

    @property
    def bucket_count(self) -> int:
        """Number of buckets (fixed at construction: the memory bound)."""
        return len(self._counts)

    def add(self, value: float) -> int:
        """Record one value; its bucket (for `add_to_bucket` of a histogram of this layout)."""
        index = self._bucket(value)
        self._counts[index] += 1
        self.count += 1
        self.total += value
        return index

    def add_to_bucket(self, index: int, value: float) -> None:
        """Record one value whose bucket `add` of a same-layout histogram returned."""
        self._counts[index] += 1
        self.count += 1
        self.total += value

    def add_all(self, values: list[float]) -> dict[int, int]:
        """Record values as `add` one by one would; how many went into each bucket.

        Durations from log times repeat (whole seconds): each distinct value is put in its
        bucket once. The total is summed in the values' order, as one by one.
        """
        by_bucket: dict[int, int] = {}
        for value, times in Counter(values).items():
            index = self._bucket(value)
            by_bucket[index] = by_bucket.get(index, 0) + times
        self.add_to_buckets(by_bucket, values)
        return by_bucket

    def add_to_buckets(self, by_bucket: Mapping[int, int], values: list[float]) -> None:
        """Record values whose buckets `add_all` of a same-layout histogram counted."""
        counts = self._counts
        for index, times in by_bucket.items():
            counts[index] += times
        self.count += len(values)
        self.total = reduce(add, values, self.total)  # in order: the same float sum

    def _bucket(self, value: float) -> int:
        if value <= self.minimum:
            return 0
        if value >= self.maximum:
            return len(self._counts) - 1
        return int((math.log2(value) - self._log_min) * self._scale)

    def merge(self, other: LogHistogram) -> None:
        """Add the counts of a histogram with the same layout."""
        if len(other._counts) != len(self._counts) or other.minimum != self.minimum:
            raise ValueError("histograms have different bucket layouts")
        for index, count in enumerate(other._counts):
            self._counts[index] += count
        self.count += other.count
        self.total += other.total

    def percentile(self, fraction: float) -> float | None:
        """Approximate value below which ``fraction`` (0..1) of the values fall."""
        if not self.count:
            return None
        rank = max(1, math.ceil(fraction * self.count))
        seen = 0
        for index, count in enumerate(self._counts):
            seen += count
            if seen >= rank:
                return self._middle(index)
        return self._middle(len(self._counts) - 1)  # pragma: no cover - rank <= count

    def buckets(self, bins: int = 12) -> tuple[tuple[float, int], ...]:
        """At most `bins` coarse (upper bound in seconds, count) pairs over the occupied range."""
        occupied = [index for index, count in enumerate(self._counts) if count]
        if not occupied:
            return ()
        first, last = occupied[0], occupied[-1]
        width = max(1, math.ceil((last - first + 1) / bins))
        result = []
        for start in range(first, last + 1, width):
            stop = min(start + width, last + 1)
            upper = min(2 ** (self._log_min + stop / self._scale), self.maximum)
            result.append((upper, sum(self._counts[start:stop])))
        return tuple(result)

    @property
    def counts(self) -> tuple[int, ...]:
        """Values per bucket so far (kept to measure a later interval with `percentile_since`)."""
        return tuple(self._counts)

    def percentile_since(self, earlier: tuple[int, ...], fraction: float) -> float | None:
        """Like `percentile`, over the values added since `counts` returned `earlier`."""
        if len(earlier) != len(self._counts):
            raise ValueError("counts of another bucket layout")
        added = [now - before for now, before in zip(self._counts, earlier, strict=True)]
        total = sum(added)
        if total <= 0 or min(added) < 0:
            return None
        rank = max(1, math.ceil(fraction * total))
        seen = 0
        for index, count in enumerate(added):
            seen += count
            if seen >= rank:
                return self._middle(index)
        return None  # pragma: no cover - rank <= total

    def _middle(self, index: int) -> float:
        value = 2 ** (self._log_min + (index + 0.5) / self._scale)
        return min(max(value, self.minimum), self.maximum)

    @property
    def mean(self) -> float | None:
        """Exact mean of the recorded values."""
        return self.total / self.count if self.count else None
