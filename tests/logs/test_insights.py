"""Log insights: hot pieces, error types, per-satellite throughput (bounded, windowed)."""

from __future__ import annotations

from collections import Counter
import random
import string

import pytest

from custom_components.storj_monitor.logs.insights import (
    ErrorTracker,
    HotPiece,
    HotPieceTracker,
    SpaceSaving,
    ThroughputWindow,
    normalize_error,
)
from custom_components.storj_monitor.logs.stats import LogStatistics
from storj_simulator.loglines import Action, Outcome

from .test_stats import SAT, T0, _finished

PIECE = "2VUEUZAV3M6C6LFRVOAFVZMBNRBMPJIAG6BFEYJHFDPAQXQGA7VQ"  # base32, 52 characters
OTHER_SAT = "1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE"


def test_normalize_error_removes_addresses_ids_and_numbers() -> None:
    """Errors differing only in peer, piece, node ID or size are one type."""
    assert (
        normalize_error("write tcp 10.0.17.120:28967->156.146.43.230:35722: write: broken pipe")
        == "write tcp ADDR->ADDR: write: broken pipe"
    )
    assert normalize_error(f"pieces error: piece {PIECE} not found") == (
        "pieces error: piece PIECE not found"
    )
    assert normalize_error("dial tcp [2a01:4f8:1::2]:28967: i/o timeout") == (
        "dial tcp ADDR: i/o timeout"
    )
    assert normalize_error(f"satellite {OTHER_SAT} said no") == "satellite ID said no"
    assert normalize_error("downloaded size (327680 bytes) does not match (362496 bytes)") == (
        "downloaded size (N bytes) does not match (N bytes)"
    )


def test_space_saving_add_all_is_add_one_by_one() -> None:
    """The batch form (the statistics' batch loop) keeps the same table through its prunes."""
    rng = random.Random(4)
    keys = [f"k{rng.randrange(300)}" if step % 3 else f"n{step}" for step in range(5_000)]
    batch, single = SpaceSaving(64), SpaceSaving(64)
    for start in range(0, len(keys), 700):
        batch.add_all(keys[start : start + 700])
    for key in keys:
        single.add(key)
    assert (batch.counts, batch.errors, batch.floor) == (single.counts, single.errors, single.floor)
    assert batch.floor > 0  # it pruned


def test_space_saving_finds_the_heavy_hitters_in_bounded_memory() -> None:
    """Frequent keys survive a flood of unique ones; counts never under-estimate."""
    rng = random.Random(3)
    sketch = SpaceSaving(64)
    truth: Counter[str] = Counter()
    heavy = [f"heavy{index}" for index in range(5)]
    for step in range(50_000):
        key = heavy[step % 5] if step % 4 == 0 else f"noise{rng.getrandbits(40)}"
        sketch.add(key)
        truth[key] += 1
        assert len(sketch.counts) <= 64
    top = dict(sketch.top(5))
    assert set(top) == set(heavy)
    for key, count in top.items():
        assert truth[key] <= count <= truth[key] + sketch.floor


def test_hot_pieces_over_24_hourly_sketches() -> None:
    """Downloads of the last 24 h, merged across hours; older hours drop out."""
    tracker = HotPieceTracker(capacity=8)
    base = T0.timestamp()
    for hour in range(30):
        for _ in range(3):
            tracker.add("A", base + hour * 3600)
        tracker.add("B", base + hour * 3600)
    now = base + 29 * 3600
    hot = tracker.top(now, 10)
    assert [(piece.piece, piece.downloads) for piece in hot.pieces] == [("A", 72), ("B", 24)]
    assert hot.exact
    # A line of an hour the window left is not counted; one inside it is.
    tracker.add("A", base)
    tracker.add("B", now - 3600)
    assert [piece.downloads for piece in tracker.top(now, 10).pieces] == [72, 25]
    # A piece downloaded once is not "hot".
    tracker.add("C", now)
    assert "C" not in {piece.piece for piece in tracker.top(now, 10).pieces}
    assert tracker.top(now + 25 * 3600, 10).pieces == ()


def test_hot_pieces_memory_is_bounded_and_heavy_hitters_stay() -> None:
    rng = random.Random(5)
    tracker = HotPieceTracker(capacity=32)
    base = T0.timestamp()
    for step in range(20_000):
        piece = "HOT" if step % 10 == 0 else "".join(rng.choices(string.ascii_uppercase, k=12))
        tracker.add(piece, base + step)
    sketches = tracker._window.live(base + 20_000)
    assert all(len(sketch.counts) <= 32 for sketch in sketches)
    hot = tracker.top(base + 20_000, 3)
    assert hot.pieces[0].piece == "HOT"
    assert hot.pieces[0].at_least <= 2_000 <= hot.pieces[0].downloads
    assert not hot.exact
    # Pieces downloaded once are never listed, however the pruning inflated their estimate.
    assert [piece.piece for piece in hot.pieces] == ["HOT"]


def test_error_tracker_totals_and_rolling_hour() -> None:
    tracker = ErrorTracker(capacity=10)
    base = T0.timestamp()
    for index in range(6):
        tracker.add(f"dial tcp 1.2.3.{index}:28967: i/o timeout", base + index * 900)
    tracker.add("file does not exist", base + 5 * 900)
    summary = tracker.summary(base + 5 * 900, 5)
    assert summary.top[0].text == "dial tcp ADDR: i/o timeout"
    assert summary.top[0].total == 6
    # The rolling hour (12 five-minute slots) holds 45, 60 and 75 minutes in: 4 of 6 lines.
    assert summary.top[0].last_hour == 4
    assert summary.distinct_last_hour == 2
    assert tracker.summary(base + 10 * 3600, 5).distinct_last_hour == 0
    assert tracker.summary(base + 10 * 3600, 5).top[0].total == 6


def test_throughput_window_per_key() -> None:
    window = ThroughputWindow()
    assert window.rates(0.0, {"s": (0, 0)}) == {}
    rates = window.rates(100.0, {"s": (1_000, 3_000), "t": (500, 0)})
    assert rates["s"].ingress == pytest.approx(10.0)
    assert rates["s"].egress == pytest.approx(30.0)
    assert rates["t"].ingress == pytest.approx(5.0)
    # Samples older than an hour leave the window: one sample alone gives no rate.
    assert window.rates(4_000.0, {"s": (1_000, 3_000), "t": (500, 0)}) == {}
    assert window.rates(4_060.0, {"s": (1_000, 3_600)})["s"].egress == pytest.approx(10.0)
    for minute in range(200):
        window.rates(4_000.0 + minute * 30, {"s": (0, 0)})
    assert len(window._samples) <= 61


def test_statistics_publish_insights() -> None:
    """The snapshot carries hot pieces, error types and per-satellite throughput."""
    stats = LogStatistics()
    base = T0.timestamp()
    for index in range(4):
        stats.feed_line(_finished(PIECE, at=index), arrival=base + index)
    stats.feed_line(_finished("B" * 52, at=4), arrival=base + 4)
    stats.feed_line(_finished("C" * 52, Action.PUT, size=9_000, satellite=OTHER_SAT), arrival=base)
    stats.feed_line(
        _finished("D" * 52, outcome=Outcome.FAILED, error="write tcp 1.2.3.4:5: broken pipe"),
        arrival=base + 5,
    )
    stats.snapshot(base + 5)
    snapshot = stats.snapshot(base + 65)
    assert snapshot.hot_pieces.pieces == (HotPiece(PIECE, 4, 4),)
    assert snapshot.errors.top[0].text == "write tcp ADDR: broken pipe"
    assert snapshot.errors.top[0].last_hour == 1
    assert snapshot.errors.distinct_last_hour == 1
    assert set(snapshot.satellite_throughput) == {SAT, OTHER_SAT}


def test_normalize_error_keeps_versions_and_words() -> None:
    """Only four-part dotted numbers are addresses; long words that are not IDs stay."""
    assert normalize_error("version 1.146.0 is below 1.148.2") == "version N is below N"
    assert normalize_error("hash 0123456789abcdef0123 mismatch") == "hash HEX mismatch"
    assert normalize_error("unexpectedRepeatedWordsHere failed") == (
        "unexpectedRepeatedWordsHere failed"
    )


def test_hot_pieces_read_with_cached_closed_hours_equal_a_full_merge() -> None:
    """Reading every few minutes (closed hours cached) gives what merging all hours gives."""
    rng = random.Random(11)
    tracker = HotPieceTracker(capacity=16)
    base = T0.timestamp()
    pieces = [f"P{index}" for index in range(40)]
    when = base
    for step in range(6_000):
        when += rng.uniform(0, 60)
        late = step % 97 == 0  # now and then a line of an hour already closed
        tracker.add(rng.choice(pieces[: 5 + step % 35]), when - (5_000 if late else 0))
        if step % 50 == 0:
            estimates: Counter[str] = Counter()
            minimums: Counter[str] = Counter()
            for sketch in tracker._window.live(when):
                for piece, count in sketch.counts.items():
                    estimates[piece] += count
                    minimums[piece] += count - sketch.errors.get(piece, 0)
            expected = sorted(
                (piece for piece in estimates if minimums[piece] > 1),
                key=lambda piece: (-estimates[piece], piece),
            )[:5]
            assert tracker.top(when, 5).pieces == tuple(
                HotPiece(piece, estimates[piece], minimums[piece]) for piece in expected
            )
