"""Bounded log analysis beside the counters: hot pieces, error types, per-satellite throughput.

Everything here costs a small constant per line (amortised) and a fixed amount of memory
whatever the traffic: heavy hitters are kept with Space-Saving sketches (Metwally et al., 2005)
that prune in batches, the 24 h window is 24 hourly sketches merged when read.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from heapq import nsmallest
from itertools import islice
from operator import itemgetter
import re
from typing import Final

HOUR: Final = 3600.0
HOT_WINDOW_HOURS: Final = 24
# Error texts of the last hour are kept per five minutes: a rolling hour, not a clock hour.
ERROR_SLOT: Final = 300.0
ERROR_SLOTS: Final = 12
# Raw error -> normalised text, so the regular expressions run once per distinct raw text.
_NORMALISED_CACHE: Final = 512
_MAX_ERROR_INPUT: Final = 400
THROUGHPUT_WINDOW: Final = 3600.0
_THROUGHPUT_SAMPLES: Final = 61

# Three scans, each costing about what one `\d+` scan does. Long tokens first: a piece ID
# holds digits the number scan would eat.
_LONG_TOKEN: Final = re.compile(r"\b[0-9A-Za-z]{16,}\b")
_PIECE_ID: Final = re.compile(r"[A-Z2-7]{52}")  # base32
_NODE_ID: Final = re.compile(r"[1-9A-HJ-NP-Za-km-z]{40,60}")  # base58 node/satellite IDs
_HEX: Final = re.compile(r"[0-9a-f]+")
_IPV6: Final = re.compile(r"\[[0-9A-Fa-f:.]+\](?::\d+)?")  # as the node logs it
_ADDRESS_OR_NUMBER: Final = re.compile(r"\d+(?:\.\d+)*(?::\d+)?")
_IPV4_DOTS: Final = 3


def _long_token(match: re.Match[str]) -> str:
    token = match.group()
    if _PIECE_ID.fullmatch(token):
        return "PIECE"
    if _NODE_ID.fullmatch(token):
        return "ID"
    if _HEX.fullmatch(token):
        return "HEX"
    return token


def _address_or_number(match: re.Match[str]) -> str:
    # "10.0.17.120:28967" or "10.0.17.120" is an address; "1.146.0", "0.5", "28967" numbers.
    return "ADDR" if match.group().count(".") == _IPV4_DOTS else "N"


def normalize_error(error: str) -> str:
    """The error's type: addresses, piece and node IDs, hex strings and numbers replaced."""
    text = _LONG_TOKEN.sub(_long_token, error[:_MAX_ERROR_INPUT])
    if "[" in text:
        text = _IPV6.sub("ADDR", text)
    return _ADDRESS_OR_NUMBER.sub(_address_or_number, text)


class SpaceSaving:
    """Approximate counts of the most frequent keys in at most ``capacity`` entries.

    When full, the table keeps its ``capacity // 2`` largest counts; a newcomer starts at the
    largest count dropped so far + 1 (``floor`` + 1), so a count never under-estimates; the
    floor it started from is its possible over-estimate (``errors``), so ``count - error`` is
    a guaranteed lower bound. Pruning in batches (one sort per ``capacity // 2`` newcomers)
    costs O(log capacity) per add amortised: a constant for the fixed capacity.
    """

    __slots__ = ("capacity", "counts", "errors", "floor")

    def __init__(self, capacity: int) -> None:
        """An empty sketch of ``capacity`` entries (at least 2)."""
        self.capacity = max(2, capacity)
        self.counts: dict[str, int] = {}
        self.errors: dict[str, int] = {}  # only keys that came in after a prune
        self.floor = 0

    def add(self, key: str, amount: int = 1) -> None:
        """Count ``key`` ``amount`` times."""
        counts = self.counts
        count = counts.get(key)
        if count is not None:
            counts[key] = count + amount
            return
        if len(counts) >= self.capacity:
            self._prune()
            counts = self.counts
        if self.floor:
            self.errors[key] = self.floor
        counts[key] = self.floor + amount

    def add_all(self, keys: list[str]) -> None:
        """Count each of ``keys`` once, in order: `add` one by one without a call each."""
        counts, floor, errors, capacity = self.counts, self.floor, self.errors, self.capacity
        for key in keys:
            count = counts.get(key)
            if count is not None:
                counts[key] = count + 1
                continue
            if len(counts) >= capacity:
                self._prune()
                counts, floor, errors = self.counts, self.floor, self.errors
            if floor:
                errors[key] = floor
            counts[key] = floor + 1

    def _prune(self) -> None:
        ranked = sorted(self.counts.items(), key=itemgetter(1), reverse=True)
        keep = self.capacity // 2
        self.floor = max(self.floor, ranked[keep][1])
        self.counts = dict(ranked[:keep])
        errors = self.errors
        self.errors = {key: errors[key] for key in self.counts if key in errors}

    def top(self, limit: int) -> list[tuple[str, int]]:
        """The ``limit`` largest counts, largest first (ties by key, for stable output)."""
        return sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


class _Windowed:
    """One sketch per time slot over a sliding window of ``slots`` slots."""

    __slots__ = ("_capacity", "_latest", "_sketches", "_width")

    def __init__(self, width: float, slots: int, capacity: int) -> None:
        self._width = width
        self._capacity = capacity
        self._sketches: list[tuple[int, SpaceSaving] | None] = [None] * slots
        self._latest = -1

    def sketch(self, when: float) -> SpaceSaving | None:
        """The sketch of ``when``'s slot; None when it is older than the window."""
        slot = int(when // self._width)
        slots = len(self._sketches)
        if slot <= self._latest - slots:
            return None
        self._latest = max(self._latest, slot)
        held = self._sketches[slot % slots]
        if held is None or held[0] != slot:
            held = self._sketches[slot % slots] = (slot, SpaceSaving(self._capacity))
        return held[1]

    def live(self, now: float) -> list[SpaceSaving]:
        """The sketches inside the window ending at ``now``."""
        return [sketch for _, sketch in self.live_slots(now)]

    def live_slots(self, now: float) -> list[tuple[int, SpaceSaving]]:
        """(slot, sketch) of the sketches inside the window ending at ``now``."""
        newest = int(now // self._width)
        oldest = newest - len(self._sketches)
        return [held for held in self._sketches if held is not None and oldest < held[0] <= newest]


def _bounds(sketches: list[SpaceSaving]) -> tuple[dict[str, int], dict[str, int]]:
    """Summed estimates and guaranteed minimums of every key of ``sketches``."""
    estimates: dict[str, int] = {}
    minimums: dict[str, int] = {}
    for sketch in sketches:
        errors = sketch.errors
        for key, count in sketch.counts.items():
            estimates[key] = estimates.get(key, 0) + count
            minimums[key] = minimums.get(key, 0) + count - errors.get(key, 0)
    return estimates, minimums


@dataclass(frozen=True, slots=True)
class _Closed:
    """The merged hours no line goes to any more (kept between reads: 23 of the 24)."""

    key: tuple[int, int]
    estimates: dict[str, int]
    minimums: dict[str, int]
    ranked: list[str]  # certainly downloaded more than once, most downloaded first


@dataclass(frozen=True, slots=True)
class HotPiece:
    """A piece downloaded often in the last 24 hours: estimate and guaranteed minimum."""

    piece: str
    downloads: int
    at_least: int


@dataclass(frozen=True, slots=True)
class HotPieces:
    """The most downloaded pieces of the last 24 h; ``exact`` while no sketch was pruned."""

    pieces: tuple[HotPiece, ...] = ()
    exact: bool = True


class HotPieceTracker:
    """Successful downloads per piece, 24 hourly Space-Saving sketches (bounded memory)."""

    __slots__ = ("_closed", "_current", "_current_hour", "_window")

    def __init__(self, capacity: int = 1024) -> None:
        """Each hourly sketch keeps at most ``capacity`` pieces (a few MB in all at most)."""
        self._window = _Windowed(HOUR, HOT_WINDOW_HOURS, capacity)
        self._current_hour = -1
        self._current: SpaceSaving | None = None
        self._closed: _Closed | None = None

    def add(self, piece: str, when: float) -> None:
        """One successful download of ``piece`` at ``when`` (POSIX seconds)."""
        sketch = self._sketch(when)
        if sketch is not None:
            sketch.add(piece)

    def add_all(self, pieces: list[str], when: float) -> None:
        """Successful downloads of ``pieces``, in order, all in the hour of ``when``."""
        sketch = self._sketch(when)
        if sketch is not None:
            sketch.add_all(pieces)

    def _sketch(self, when: float) -> SpaceSaving | None:
        hour = int(when // HOUR)
        if hour == self._current_hour:
            return self._current
        sketch = self._window.sketch(when)
        if hour >= self._current_hour:  # an older line does not move the cache back
            self._current_hour, self._current = hour, sketch
        else:
            self._closed = None  # a late line changed an hour already merged
        return sketch

    def top(self, now: float, limit: int) -> HotPieces:
        """The ``limit`` most downloaded pieces of the 24 hours ending at ``now``.

        The closed hours are merged once per hour (a read every 10 s would otherwise merge
        up to 24 full sketches each time); only the open ones are merged on every read.
        """
        slots = self._window.live_slots(now)
        key = (int(now // HOUR), self._current_hour)
        boundary = min(key)
        closed = self._closed
        if closed is None or closed.key != key:
            estimates, minimums = _bounds([sketch for slot, sketch in slots if slot < boundary])
            ranked = sorted(
                (piece for piece, at_least in minimums.items() if at_least > 1),
                key=lambda piece: (-estimates[piece], piece),
            )
            closed = self._closed = _Closed(key, estimates, minimums, ranked)
        open_estimates, open_minimums = _bounds(
            [sketch for slot, sketch in slots if slot >= boundary]
        )
        candidates = {
            piece: (
                closed.estimates.get(piece, 0) + estimate,
                closed.minimums.get(piece, 0) + open_minimums[piece],
            )
            for piece, estimate in open_estimates.items()
        }
        # A piece of the closed hours only ranks as it ranked there: its first `limit` do.
        for piece in islice(
            (piece for piece in closed.ranked if piece not in open_estimates), limit
        ):
            candidates[piece] = (closed.estimates[piece], closed.minimums[piece])
        ranked = nsmallest(
            limit,
            (piece for piece, (_, at_least) in candidates.items() if at_least > 1),
            key=lambda piece: (-candidates[piece][0], piece),
        )
        return HotPieces(
            tuple(HotPiece(piece, *candidates[piece]) for piece in ranked),
            all(sketch.floor == 0 for _, sketch in slots),
        )


@dataclass(frozen=True, slots=True)
class ErrorType:
    """One normalised error text: how often in all, and in the last hour."""

    text: str
    total: int
    last_hour: int


@dataclass(frozen=True, slots=True)
class ErrorSummary:
    """The most frequent error types and how many distinct ones the last hour saw."""

    top: tuple[ErrorType, ...] = ()
    distinct_last_hour: int = 0


class ErrorTracker:
    """Normalised error texts: totals since start and per rolling hour (bounded)."""

    __slots__ = ("_cache", "_recent", "_totals")

    def __init__(self, capacity: int = 100) -> None:
        """Keep at most ``capacity`` texts in the totals and in each five-minute slot."""
        self._totals = SpaceSaving(capacity)
        self._recent = _Windowed(ERROR_SLOT, ERROR_SLOTS, capacity)
        self._cache: dict[str, str] = {}

    @property
    def tracked(self) -> int:
        """Distinct texts held in the totals (bounded by the capacity)."""
        return len(self._totals.counts)

    def add(self, error: str, when: float | None) -> str:
        """Count one error line; its normalised text."""
        cache = self._cache
        text = cache.get(error)
        if text is None:
            if len(cache) >= _NORMALISED_CACHE:
                cache.clear()
            text = cache[error] = normalize_error(error)
        self._totals.add(text)
        if when is not None and (sketch := self._recent.sketch(when)) is not None:
            sketch.add(text)
        return text

    def summary(self, now: float, limit: int) -> ErrorSummary:
        """The ``limit`` most frequent texts since start, with their last-hour counts."""
        last_hour, _ = _bounds(self._recent.live(now))
        return ErrorSummary(
            tuple(
                ErrorType(text, total, last_hour.get(text, 0))
                for text, total in self._totals.top(limit)
            ),
            len(last_hour),
        )


@dataclass(frozen=True, slots=True)
class Throughput:
    """Bytes per second of successful transfers over the last hour, per direction."""

    ingress: float
    egress: float


class ThroughputWindow:
    """Per-key byte rates from lifetime totals sampled over the last hour (bounded samples)."""

    __slots__ = ("_samples",)

    def __init__(self) -> None:
        """No samples yet."""
        self._samples: deque[tuple[float, dict[str, tuple[int, int]]]] = deque(
            maxlen=_THROUGHPUT_SAMPLES
        )

    def rates(self, now: float, totals: dict[str, tuple[int, int]]) -> dict[str, Throughput]:
        """Record ``totals`` (ingress, egress bytes per key) at ``now``; the hour's rates.

        Samples closer than a minute replace the newest, so a window holds at most an hour
        of minutes whatever the caller's pace.
        """
        samples = self._samples
        while samples and samples[0][0] < now - THROUGHPUT_WINDOW:
            samples.popleft()
        if len(samples) >= 2 and now - samples[-2][0] < THROUGHPUT_WINDOW / 60:
            samples.pop()
        samples.append((now, totals))
        start, first = samples[0]
        span = now - start
        if span <= 0:
            return {}
        rates: dict[str, Throughput] = {}
        for key, (ingress, egress) in totals.items():
            before_in, before_out = first.get(key, (0, 0))
            rates[key] = Throughput(
                max(0, ingress - before_in) / span, max(0, egress - before_out) / span
            )
        return rates
