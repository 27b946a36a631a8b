"""Live statistics: pairing, windows, job tracking, bounded memory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import math

import pytest

from custom_components.storj_monitor.logs.histogram import LogHistogram
from custom_components.storj_monitor.logs.records import ErrorCategory
from custom_components.storj_monitor.logs.stats import SIZE_BOUNDS, LogStatistics
from storj_simulator.loglines import (
    Action,
    CompactionEvent,
    CompactionPhase,
    LazyFilewalkerEvent,
    LogEvent,
    LogStyle,
    Outcome,
    Phase,
    PingFailed,
    ReputationUpdate,
    RetainEvent,
    RetainPhase,
    TransferFinished,
    TransferStarted,
    TrashEmptyEvent,
    UsedSpaceFilewalkerEvent,
    VersionReport,
    Walker,
    format_event,
)

from .conftest import fixture_lines

T0 = datetime(2025, 10, 6, 12, 0, 0, tzinfo=UTC)
SAT = "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S"
DEBUG = LogStyle(debug=True)


def _line(event: LogEvent) -> str:
    return format_event(event, DEBUG)


def _started(
    piece: str, action: Action = Action.GET, remote: str = "1.2.3.4:5", at: float = 0
) -> str:
    return _line(
        TransferStarted(
            time=T0 + timedelta(seconds=at),
            action=action,
            piece_id=piece,
            satellite_id=SAT,
            remote_address=remote,
            size=1000,
        )
    )


def _finished(
    piece: str,
    action: Action = Action.GET,
    outcome: Outcome = Outcome.SUCCESS,
    remote: str = "1.2.3.4:5",
    at: float = 0,
    size: int = 1000,
    error: str = "",
    satellite: str = SAT,
) -> str:
    return _line(
        TransferFinished(
            time=T0 + timedelta(seconds=at),
            action=action,
            outcome=outcome,
            piece_id=piece,
            satellite_id=satellite,
            remote_address=remote,
            size=size,
            error=error,
        )
    )


def test_latency_pairs_fifo_with_arrival_times() -> None:
    """Same piece+action+peer twice: first start pairs with first end (sub-second arrival)."""
    stats = LogStatistics()
    base = T0.timestamp()
    stats.feed_line(_started("A"), arrival=base + 0.10)
    stats.feed_line(_started("A"), arrival=base + 0.20)
    assert stats.snapshot().active_transfers == 2
    stats.feed_line(_finished("A"), arrival=base + 0.35)  # 0.25 s
    stats.feed_line(_finished("A"), arrival=base + 1.20)  # 1.00 s
    snapshot = stats.snapshot()
    assert snapshot.active_transfers == 0
    latency = snapshot.latency["GET"]
    assert latency.count == 2
    assert latency.mean == pytest.approx(0.625)
    assert latency.p50 == pytest.approx(0.25, rel=0.05)
    assert latency.p95 == pytest.approx(1.0, rel=0.05)
    assert latency.p99 == pytest.approx(1.0, rel=0.05)
    assert sum(count for _, count in latency.histogram) == 2


def test_latency_only_for_successes_and_matching_peer() -> None:
    """Failed transfers close their start without a sample; other peers do not pair."""
    stats = LogStatistics()
    stats.feed_line(_started("A", remote="9.9.9.9:1"))
    stats.feed_line(_finished("A", remote="1.2.3.4:5", at=1))
    assert stats.pending_transfers == 1
    stats.feed_line(_finished("A", remote="9.9.9.9:1", outcome=Outcome.FAILED, error="x", at=2))
    assert stats.pending_transfers == 0
    assert "GET" not in stats.snapshot().latency


def test_rates_and_rolling_window_use_the_window() -> None:
    """Bytes/s over the last 60 s and success rates over the last hour."""
    stats = LogStatistics(rate_window=60, rolling_window=3600)
    base = T0.timestamp()
    stats.feed_line(_finished("A", Action.PUT, size=60_000), arrival=base)
    stats.feed_line(_finished("B", Action.GET, size=120_000), arrival=base + 30)
    stats.feed_line(_finished("C", Action.GET, Outcome.CANCELED), arrival=base + 30)
    snapshot = stats.snapshot(now=base + 30)
    assert snapshot.ingress_bytes_per_second == pytest.approx(1_000)
    assert snapshot.egress_bytes_per_second == pytest.approx(2_000)
    assert snapshot.recent_transfers["GET"].success_rate == pytest.approx(50.0)
    later = stats.snapshot(now=base + 89)
    assert later.ingress_bytes_per_second == 0
    assert later.egress_bytes_per_second == pytest.approx(2_000)
    assert stats.snapshot(now=base + 2 * 3600).recent_transfers["GET"].total == 0
    # Lifetime counters do not expire.
    assert stats.snapshot(now=base + 2 * 3600).transfers["GET"].total == 2
    # A line older than the window is counted but does not enter the windows.
    stats.feed_line(_finished("D", Action.PUT, size=5), arrival=base - 7200)
    assert stats.snapshot(now=base + 30).ingress_bytes_per_second == pytest.approx(1_000)


def test_piece_sizes_and_error_categories() -> None:
    """Size distribution per direction and the top error categories and texts."""
    stats = LogStatistics(top=2)
    stats.feed_line(_finished("A", Action.PUT, size=1_000))
    stats.feed_line(_finished("B", Action.PUT, size=5 * 1024 * 1024))
    stats.feed_line(_finished("C", Action.GET, size=20_000))
    for index in range(3):
        stats.feed_line(
            _finished(
                f"E{index}",
                outcome=Outcome.FAILED,
                error=f"write tcp 1.2.3.{index}:28967: broken pipe",
            )
        )
    stats.feed_line(_finished("F", outcome=Outcome.FAILED, error="file does not exist"))
    stats.feed_line(_finished("G", Action.PUT, Outcome.FAILED, error="unexpected EOF"))
    snapshot = stats.snapshot()
    uploads = snapshot.piece_sizes["upload"]
    assert len(uploads) == len(SIZE_BOUNDS) + 1
    assert uploads[0] == 1
    assert uploads[-1] == 1
    assert snapshot.piece_sizes["download"][2] == 1  # 20 kB: the [16 KiB, 64 KiB) bucket
    # Top 2 of 3 categories; ties keep first-seen order.
    assert snapshot.error_categories == (
        (ErrorCategory.CONNECTION_CLOSED, 3),
        (ErrorCategory.FILE_NOT_FOUND, 1),
    )
    assert snapshot.top_errors[0] == ("write tcp ADDR: broken pipe", 3)


def test_audits_reputation_version_and_pings() -> None:
    """Audit split per satellite, latest scores, versions and ping failures."""
    stats = LogStatistics()
    stats.feed_line(_finished("A", Action.GET_AUDIT))
    stats.feed_line(_finished("B", Action.GET_AUDIT, Outcome.FAILED, error="file does not exist"))
    stats.feed_line(
        _finished("C", Action.GET_AUDIT, Outcome.FAILED, error="context deadline exceeded")
    )
    stats.feed_line(
        _line(
            ReputationUpdate(
                time=T0, satellite_id=SAT, total_audits=10, successful_audits=9, audit_score=0.99
            )
        )
    )
    stats.feed_line(_line(VersionReport(time=T0, version="1.137.5")))
    stats.feed_line(
        _line(
            PingFailed(
                time=T0, satellite_id=SAT, attempts=3, error="ping satellite: tcp connector failed"
            )
        )
    )
    snapshot = stats.snapshot()
    audits = snapshot.audits[SAT]
    assert (audits.success, audits.critical_failed, audits.recoverable_failed) == (1, 1, 1)
    assert audits.success_rate == pytest.approx(100 / 3)
    assert snapshot.reputation[SAT].audit_score == pytest.approx(0.99)
    assert snapshot.node_version == "1.137.5"
    assert snapshot.ping_failures == {SAT: 1}
    assert dict(snapshot.error_categories)[ErrorCategory.UNREACHABLE] == 1


def test_lazy_walker_run_counted_once_with_duration() -> None:
    """Supervisor + walker lines of one used-space run: one run, duration from the walker."""
    stats = LogStatistics()
    events: list[LogEvent] = [
        UsedSpaceFilewalkerEvent(time=T0, phase=Phase.STARTED, satellite_id=SAT),
        LazyFilewalkerEvent(
            time=T0, walker=Walker.USED_SPACE, phase=Phase.STARTED, satellite_id=SAT
        ),
        LazyFilewalkerEvent(
            time=T0 + timedelta(seconds=90),
            walker=Walker.USED_SPACE,
            phase=Phase.COMPLETED,
            satellite_id=SAT,
        ),
        UsedSpaceFilewalkerEvent(
            time=T0 + timedelta(seconds=90),
            phase=Phase.COMPLETED,
            satellite_id=SAT,
            duration=timedelta(seconds=89.5),
        ),
    ]
    stats.feed_line(_line(events[0]))
    stats.feed_line(_line(events[1]))
    running = stats.snapshot().filewalkers["used-space"][SAT]
    assert running.running_since == T0.timestamp()
    for event in events[2:]:
        stats.feed_line(_line(event))
    state = stats.snapshot().filewalkers["used-space"][SAT]
    assert (state.completions, state.failures, state.running_since) == (1, 0, None)
    assert state.last_duration == pytest.approx(89.5)
    assert state.last_completed == (T0 + timedelta(seconds=90)).timestamp()
    # A failed trash-cleanup run (no in-process fallback, store.go:485-491 @ 5dbec64f5a),
    # duration from its own start/end lines.
    stats.feed_line(
        _line(
            LazyFilewalkerEvent(
                time=T0, walker=Walker.TRASH_CLEANUP, phase=Phase.STARTED, satellite_id=SAT
            )
        )
    )
    stats.feed_line(
        _line(
            LazyFilewalkerEvent(
                time=T0 + timedelta(seconds=5),
                walker=Walker.TRASH_CLEANUP,
                phase=Phase.FAILED,
                satellite_id=SAT,
                error="exit status 1",
            )
        )
    )
    trash = stats.snapshot().filewalkers["trash-cleanup"][SAT]
    assert (trash.failures, trash.last_error, trash.last_duration) == (1, "exit status 1", 5.0)
    assert (trash.running_since, trash.fallbacks) == (None, 0)


def test_trash_retain_and_compaction() -> None:
    """Trash emptying, GC results and hashstore compaction per satellite and store."""
    stats = LogStatistics()
    end = T0 + timedelta(seconds=2)
    for event in (
        TrashEmptyEvent(time=T0, phase=Phase.STARTED, satellite_id=SAT),
        TrashEmptyEvent(
            time=end, phase=Phase.COMPLETED, satellite_id=SAT, elapsed=timedelta(seconds=1.5)
        ),
        RetainEvent(time=T0, phase=RetainPhase.BLOOMFILTER_RECEIVED, satellite_id=SAT),
        RetainEvent(
            time=end,
            phase=RetainPhase.COMPLETED,
            satellite_id=SAT,
            deleted_pieces=7,
            pieces_count=70,
            duration=timedelta(seconds=2),
        ),
        CompactionEvent(time=T0, phase=CompactionPhase.STARTED, satellite_id=SAT, store="s1"),
        CompactionEvent(
            time=T0,
            phase=CompactionPhase.REWRITTEN,
            satellite_id=SAT,
            store="s1",
            rewritten_bytes=2**20,
            reclaimed_bytes=2**30,
        ),
        CompactionEvent(
            time=T0,
            phase=CompactionPhase.REWRITTEN,
            satellite_id=SAT,
            store="s1",
            rewritten_bytes=2**20,
            reclaimed_bytes=2**30,
        ),
        CompactionEvent(
            time=end,
            phase=CompactionPhase.FINISHED,
            satellite_id=SAT,
            store="s1",
            duration=timedelta(seconds=2),
        ),
    ):
        stats.feed_line(_line(event))
    snapshot = stats.snapshot()
    trash = snapshot.trash[SAT]
    assert (trash.completions, trash.last_duration) == (1, 1.5)
    retain = snapshot.retain[SAT]
    assert (retain.last_deleted_pieces, retain.last_pieces_count, retain.completions) == (7, 70, 1)
    assert retain.last_bloomfilter == T0.timestamp()
    compaction = snapshot.compaction[f"{SAT}/s1"]
    assert (compaction.runs, compaction.last_reclaimed_bytes, compaction.last_rewritten_bytes) == (
        1,
        2 * 2**30,
        2 * 2**20,
    )
    assert compaction.last_duration == 2.0
    assert compaction.running_since is None


def test_real_v137_sample_feeds_cleanly() -> None:
    """The real DEBUG sample: lines counted, one unparsable (the prompt), jobs tracked."""
    stats = LogStatistics()
    for line in fixture_lines("v1.137.5_console_sample_arrogantrabbit.log"):
        stats.feed_line(line)
    snapshot = stats.snapshot()
    assert (snapshot.lines, snapshot.unparsable) == (182, 1)
    assert snapshot.transfers["GET_AUDIT"].success == 3
    assert snapshot.node_version == "1.137.5"
    assert snapshot.minimum_version == "1.136.4"
    assert snapshot.compaction["121RTSDpyNZVcEU84Ticf2L1ntiuUimbWgfATz21tuvgk3vzoA6/s1"].runs == 1
    assert snapshot.levels["DEBUG"] > 0
    assert snapshot.levels["ERROR"] == 12


def test_memory_stays_bounded() -> None:
    """Many distinct pieces, peers, satellites and errors: every table stays within its cap."""
    stats = LogStatistics(max_pending=500, max_satellites=8, max_error_texts=50)
    base = T0.timestamp()
    for index in range(20_000):
        remote = f"10.{index % 250}.{index // 250 % 250}.1:{index}"
        stats.feed_line(_started(f"P{index}", remote=remote), arrival=base + index)
        if index % 2:
            stats.feed_line(
                _finished(
                    f"Q{index}",
                    outcome=Outcome.FAILED,
                    error=f"unique failure {chr(65 + index % 26)}{index}",
                    satellite=f"sat{index}",
                ),
                arrival=base + index,
            )
    assert stats.pending_transfers <= 500
    assert stats.error_text_count <= 50
    assert stats.satellite_count <= 8 + 1  # plus the "other" bucket
    snapshot = stats.snapshot()
    assert sum(o.failed for o in snapshot.transfers_by_satellite["other"].values()) == 10_000 - 8
    assert snapshot.active_transfers == stats.pending_transfers


def test_pending_starts_expire() -> None:
    """Starts without an end (node restart, DEBUG off) leave after ``pending_timeout``."""
    stats = LogStatistics(pending_timeout=60)
    base = T0.timestamp()
    stats.feed_line(_started("old"), arrival=base)
    stats.feed_line(_started("new"), arrival=base + 120)
    assert stats.pending_transfers == 1


def test_histogram_percentiles_are_close_and_bounded() -> None:
    """Percentiles within half a bucket of the exact ones; fixed bucket count."""
    histogram = LogHistogram(minimum=1e-3, maximum=100.0)
    samples = [0.001 * 1.01**k for k in range(900)]
    for value in samples:
        histogram.add(value)
    histogram.add(1e6)  # clamped into the last bucket
    histogram.add(-1)  # clamped into the first
    ordered = sorted([*samples, 1e6, -1])
    for fraction in (0.5, 0.9, 0.95, 0.99):
        exact = ordered[math.ceil(fraction * len(ordered)) - 1]
        assert histogram.percentile(fraction) == pytest.approx(exact, rel=0.05)
    assert histogram.bucket_count == math.ceil(math.log2(1e5) * 8) + 1
    assert LogHistogram().percentile(0.5) is None
    other = LogHistogram(minimum=1e-3, maximum=100.0)
    other.add(1.0)
    histogram.merge(other)
    assert histogram.count == 903
    with pytest.raises(ValueError, match="layouts"):
        histogram.merge(LogHistogram())


def test_histogram_buckets_for_display() -> None:
    """At most `bins` coarse buckets over the occupied range, counts adding up, bounds rising."""
    histogram = LogHistogram()
    assert histogram.buckets() == ()
    values = [0.05] * 10 + [0.4] * 30 + [2.5] * 5
    for value in values:
        histogram.add(value)
    buckets = histogram.buckets(bins=6)
    assert 1 < len(buckets) <= 6
    assert sum(count for _, count in buckets) == len(values)
    bounds = [bound for bound, _ in buckets]
    assert bounds == sorted(bounds)
    assert bounds[0] > 0.05
    assert bounds[-1] >= 2.5
    # Each value lands in the first bucket whose upper bound is above it.
    assert buckets[0][1] == 10
