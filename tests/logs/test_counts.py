"""Statistics agree exactly with a grep-style count, in every encoding and key style."""

from __future__ import annotations

from itertools import islice

import pytest

from benchmarks.parse_throughput import STYLES, generate_log, grep_counts, stats_counts
from custom_components.storj_monitor.logs.stats import LogStatistics
from storj_simulator.loglines import LogStyle, format_events, generate_events


def test_counts_match_grep_on_20000_mixed_lines() -> None:
    """20,000 lines, 5,000 per style (console/JSON x Title/snake), DEBUG on."""
    lines = list(generate_log(20_000, seed=42))
    assert len(lines) == 20_000
    stats = LogStatistics()
    for line in lines:
        stats.feed_line(line)
    snapshot = stats.snapshot()
    expected = grep_counts(lines)
    assert snapshot.unparsable == 0
    assert stats_counts(snapshot) == expected
    # Every kind was exercised, including the audit split and rejections.
    assert expected["audit critical"] > 0
    assert expected["audit recoverable"] > 0
    assert expected["upload rejected"] > 0
    assert all(
        expected[f"{action} failed"] > 0 for action in ("GET", "PUT", "GET_REPAIR", "PUT_REPAIR")
    )


@pytest.mark.parametrize("style", STYLES, ids=["title", "snake", "title-json", "snake-json"])
def test_counts_match_grep_per_style_without_debug(style: LogStyle) -> None:
    """INFO level (no start lines) must count the same finished transfers."""
    quiet = LogStyle(style.encoder, style.keys, debug=False)
    lines = list(islice(format_events(generate_events(5_000, seed=7), quiet), 5_000))
    stats = LogStatistics()
    for line in lines:
        stats.feed_line(line)
    assert stats_counts(stats.snapshot()) == grep_counts(lines)
    assert stats.snapshot().active_transfers is None  # no DEBUG start lines seen


def test_bare_grep_for_downloaded_overcounts() -> None:
    """Why the reference count matches the message column: reasons mention "downloaded"."""
    line = (
        '2025-12-21T15:23:00Z\tINFO\tpiecestore\tdownload canceled\t{"Process": "storagenode", '
        '"Piece ID": "G55J", "Satellite ID": "12Ea", "Action": "GET", "Offset": 0, "Size": 7936, '
        '"Remote Address": "172.17.0.1:48620", "reason": "downloaded size (0 bytes) does not '
        'match received message size (7936 bytes)"}'
    )
    assert '"GET"' in line
    assert "downloaded" in line
    assert grep_counts([line]) == {"GET canceled": 1}
    stats = LogStatistics()
    stats.feed_line(line)
    assert stats_counts(stats.snapshot()) == {"GET canceled": 1}
