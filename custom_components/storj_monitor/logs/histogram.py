"""Streaming log-bucketed histogram: bounded memory, percentiles without keeping samples."""

from __future__ import annotations

import math


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
        if value <= self.minimum:
            index = 0
        elif value >= self.maximum:
            index = len(self._counts) - 1
        else:
            index = int((math.log2(value) - self._log_min) * self._scale)
        self._counts[index] += 1
        self.count += 1
        self.total += value
        return index

    def add_to_bucket(self, index: int, value: float) -> None:
        """Record one value whose bucket `add` of a same-layout histogram returned."""
        self._counts[index] += 1
        self.count += 1
        self.total += value

    def add_all(self, values: list[float]) -> list[int]:
        """Record values, as `add` one by one would (same sum order); their buckets."""
        counts = self._counts
        minimum, maximum, last = self.minimum, self.maximum, len(counts) - 1
        log_min, scale, log2 = self._log_min, self._scale, math.log2
        total = self.total
        buckets = []
        for value in values:
            if value <= minimum:
                index = 0
            elif value >= maximum:
                index = last
            else:
                index = int((log2(value) - log_min) * scale)
            counts[index] += 1
            total += value
            buckets.append(index)
        self.count += len(values)
        self.total = total
        return buckets

    def add_to_buckets(self, buckets: list[int], values: list[float]) -> None:
        """Record values whose buckets `add_all` of a same-layout histogram returned."""
        counts = self._counts
        for index in buckets:
            counts[index] += 1
        total = self.total
        for value in values:
            total += value
        self.count += len(values)
        self.total = total

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
