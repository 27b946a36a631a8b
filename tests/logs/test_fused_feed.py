"""`LogStatistics.feed_line`'s fused transfer path counts exactly like the general path.

The fused path counts the usual transfer lines straight from their decoded fields; every
other line goes through `parse_line` and `add`. Both must give the same snapshot on real
samples and on simulated logs of every style, and the fused path returns a record only for
the lines a caller acts on (failed audits).
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
import random
from typing import Any

import pytest

from custom_components.storj_monitor.logs.parser import parse_line
from custom_components.storj_monitor.logs.pending import PendingStarts
from custom_components.storj_monitor.logs.records import (
    GET_AUDIT,
    AuditFailure,
    Transfer,
)
from custom_components.storj_monitor.logs.stats import LogStatistics
from storj_simulator.loglines import Encoder, LogStyle, format_events, generate_events

from .conftest import LOG_FIXTURES

STYLES = (
    LogStyle(debug=True),
    LogStyle.for_version("1.146.0", debug=True),
    LogStyle(encoder=Encoder.JSON, debug=True),
    LogStyle.for_version("1.146.0", encoder=Encoder.JSON, debug=True),
    LogStyle(),
)
SAMPLES = sorted(
    path for path in LOG_FIXTURES.iterdir() if path.suffix in (".log", ".jsonl", ".txt")
)


def _general(statistics: LogStatistics, line: str, arrival: float | None) -> None:
    statistics.lines += 1
    statistics._feed_general(line, arrival)


def _both(lines: list[str], arrivals: bool, **caps: int) -> tuple[LogStatistics, LogStatistics]:
    fused, general = LogStatistics(**caps), LogStatistics(**caps)
    for number, line in enumerate(lines):
        arrival = 1_760_000_000.0 + number * 0.01 if arrivals else None
        fused.feed_line(line, arrival)
        _general(general, line, arrival)
    return fused, general


def _same(lines: list[str], **caps: Any) -> LogStatistics:
    """One batch, one line per call and the general path give the same snapshot."""
    batch, one_by_one, general = (LogStatistics(**caps) for _ in range(3))
    batch.feed_lines(lines)
    for line in lines:
        one_by_one.feed_line(line)
        _general(general, line, None)
    expected = general.snapshot()
    assert batch.snapshot() == expected
    assert one_by_one.snapshot() == expected
    assert batch.pending_transfers == one_by_one.pending_transfers == general.pending_transfers
    return batch


@pytest.mark.parametrize("style", STYLES, ids=str)
@pytest.mark.parametrize("arrivals", [False, True], ids=["log-time", "arrival"])
def test_simulated_logs_count_the_same(style: LogStyle, arrivals: bool) -> None:
    lines = list(
        islice(format_events(generate_events(6_000, 7, background_rate=0.02), style), 6_000)
    )
    fused, general = _both(lines, arrivals)
    snapshot = fused.snapshot()
    assert snapshot == general.snapshot()
    assert sum(outcome.total for outcome in snapshot.transfers.values()) > 1_000
    assert fused.pending_transfers == general.pending_transfers


def test_satellite_cap_counts_the_same() -> None:
    """Beyond `max_satellites` both paths pool into "other", audits included."""
    lines = list(
        islice(format_events(generate_events(4_000, 3, background_rate=0.0), STYLES[0]), 4_000)
    )
    fused, general = _both(lines, False, max_satellites=1)
    assert fused.snapshot() == general.snapshot()
    assert "other" in fused.snapshot().transfers_by_satellite


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: Path(path).name)
def test_real_samples_count_the_same(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    fused, general = _both(lines, False)
    assert fused.snapshot() == general.snapshot()


def _audit(error: str, *, level: str = "ERROR", message: str = "download failed") -> str:
    fields = (
        '{"Piece ID": "P1", "Satellite ID": "S1", "Action": "GET_AUDIT", "Offset": 0, '
        f'"Size": 0, "Remote Address": "1.2.3.4:5", "error": "{error}"}}'
    )
    return f"2025-10-06T00:00:00Z\t{level}\tpiecestore\t{message}\t{fields}"


def test_a_failed_audit_returns_its_record() -> None:
    statistics = LogStatistics()
    record = statistics.feed_line(_audit("file does not exist"))
    assert type(record) is Transfer
    assert record.action == GET_AUDIT
    assert record.satellite == "S1"
    assert record.audit_failure is AuditFailure.CRITICAL
    assert statistics.snapshot().audits["S1"].critical_failed == 1


def test_only_failed_audits_come_back() -> None:
    """Counted transfers, other lines and unparsable ones return nothing: callers act on
    failed audits only."""
    statistics = LogStatistics()
    assert statistics.feed_line(_audit("", level="INFO", message="downloaded")) is None
    assert statistics.feed_line("2025-10-06T00:00:01Z\tINFO\tpiecestore\thello\t{}") is None
    assert statistics.feed_line("not a log line") is None
    snapshot = statistics.snapshot()
    assert snapshot.audits["S1"].success == 1
    assert (snapshot.lines, snapshot.unparsable) == (3, 1)


def test_a_batch_returns_its_failed_audits_in_order_from_both_paths() -> None:
    """The fast path and the general one (here: a Title Case line with a missing key) both
    hand back their failed audits, in the order of the lines."""
    fast = _audit("file does not exist")
    general = fast.replace('"Offset": 0, ', "").replace('"Remote Address"', '"Remote"')
    lines = [general, _audit("", level="INFO", message="downloaded"), fast]
    failed = LogStatistics().feed_lines(lines)
    assert [record.status.value for record in failed] == ["failed", "failed"]
    assert [record.remote_address for record in failed] == ["", "1.2.3.4:5"]


@pytest.mark.parametrize("style", STYLES, ids=str)
@pytest.mark.parametrize("max_pending", [20_000, 50], ids=["room", "evicting"])
def test_one_batch_counts_like_the_general_path(style: LogStyle, max_pending: int) -> None:
    """A whole log in one `feed_lines` call: the batch loop's inlined pending table, its
    durations recorded in chunks (more than one chunk here), its level counts and cached
    ring slots written back at the end give the general path's snapshot."""
    lines = list(
        islice(format_events(generate_events(30_000, 11, background_rate=0.05), style), 30_000)
    )
    snapshot = _same(lines, max_pending=max_pending).snapshot()
    if style.debug:
        measured = sum(summary.count for summary in snapshot.latency.values())
        assert measured > 4096 if max_pending > 50 else measured > 0


def test_an_action_without_a_histogram_is_counted_nowhere_and_breaks_nothing() -> None:
    """A start and a finish of an action this version does not know (a newer node): neither
    path raises (the finish once looked for its latency histogram and raised KeyError)."""
    fields = '{"Piece ID": "P", "Satellite ID": "S", "Action": "GET_NEW", "Remote Address": "a:1"'
    lines = [
        f"2025-10-06T00:00:00Z\tDEBUG\tpiecestore\tdownload started\t{fields}}}",
        f'2025-10-06T00:00:01Z\tINFO\tpiecestore\tdownloaded\t{fields}, "Size": 5}}',
    ]
    snapshot = _same(lines).snapshot()
    assert (snapshot.lines, snapshot.unparsable, dict(snapshot.transfers)) == (2, 0, {})
    assert dict(snapshot.levels) == {"DEBUG": 1, "INFO": 1}
    assert snapshot.latency == {}


def test_odd_first_characters_count_like_the_general_path() -> None:
    """The batch loop picks JSON by the line's second character and checks the fields column
    by its second: lines that only look like the usual ones still count the general way."""
    fields = '"Piece ID": "P", "Satellite ID": "S", "Action": "GET", "Remote Address": "a:1"'
    head = "2025-10-06T00:00:00Z\tINFO\tpiecestore\tdownloaded\t"
    json_head = '"L":"INFO","T":"2025-10-06T00:00:00Z","N":"piecestore","M":"downloaded"'
    lines = [
        f'{head}{{{fields}, "Size": 5}}',  # the usual line
        f"{head}{{ {fields}}}",  # a space after the brace
        f'{head} "{fields}"',  # a JSON string where the object should be
        f"{head}[{fields}]",
        f"{head}{{}}",
        f"{head.replace('INFO', 'DEBUG').replace('downloaded', 'download canceled')}{{{fields}}}",
        f"{{ {json_head},{fields}}}",
        f"{{{json_head},{fields}}}",
        f'x"{json_head}',
        f'["{json_head}"]',
        f'{{"L":"INFO","T":1759708800,"M":"downloaded",{fields}}}',  # a number for the time
        "{",
        '"',
        "",
    ]
    assert _same(lines).snapshot().transfers["GET"].success >= 2


@pytest.mark.parametrize(
    "odd",
    [
        '"Satellite ID": 7',
        '"Size": "12"',
        '"Size": 1.5',
        '"Size": true',
        '"Remote Address": 5',
        '"Piece ID": 9',
        '"Action": "GET_NEW"',
        '"Action": 1',
        '"error": 3',
    ],
)
@pytest.mark.parametrize("finish", ["downloaded", "download failed", "download canceled"])
def test_a_field_of_another_type_counts_like_the_general_path(odd: str, finish: str) -> None:
    """The batch loop checks only what a line counts (a start: piece and peer); a start or a
    finish with a field of another type counts exactly as the general parser has it."""
    usual = {
        '"Piece ID"': '"Piece ID": "P"',
        '"Satellite ID"': '"Satellite ID": "S"',
        '"Action"': '"Action": "GET"',
        '"Remote Address"': '"Remote Address": "a:1"',
        '"Size"': '"Size": 5',
        '"error"': '"error": "boom"',
    }
    name = odd.split(":", 1)[0]
    usual[name] = odd

    def line(second: int, level: str, message: str) -> str:
        fields = ", ".join(usual.values())
        return f"2025-10-06T00:00:0{second}Z\t{level}\tpiecestore\t{message}\t{{{fields}}}"

    lines = [
        line(0, "DEBUG", "download started"),
        line(1, "INFO", finish),
        line(2, "DEBUG", "download started"),
    ]
    _same(lines)


def test_downloads_handed_over_in_batches_find_the_same_hot_pieces() -> None:
    """The batch loop hands successful downloads to the hot-piece sketches per hour and per
    4,096: across three hours, a prune and lines the general way counts in between, the
    hot pieces are the general path's."""
    rng = random.Random(9)
    lines = []
    for step in range(12_000):
        second = 1_759_708_800 + step  # 3 h 20 min
        stamp = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        piece = f"HOT{rng.randrange(20)}" if step % 3 == 0 else f"P{step}"
        fields = f'"Piece ID": "{piece}", "Satellite ID": "S", "Action": "GET", "Size": 1'
        lines.append(f'{stamp}\tINFO\tpiecestore\tdownloaded\t{{{fields}, "Remote Address": "a"}}')
        if step % 997 == 0:
            lines.append(f"{stamp}\tINFO\tpiecestore\tsomething else\t{{}}")
    snapshot = _same(lines).snapshot()
    assert {piece.piece for piece in snapshot.hot_pieces.pieces} >= {"HOT1", "HOT2"}


def test_a_live_line_is_read_back_at_once() -> None:
    """Durations and downloads the batch loop keeps for later are recorded before any read:
    the latency histogram right after the finishing line, the hot pieces in the snapshot."""
    fields = '"Piece ID": "P", "Satellite ID": "S", "Action": "GET", "Remote Address": "a:1"'
    statistics = LogStatistics()
    statistics.feed_line(f"2025-10-06T00:00:00Z\tDEBUG\tpiecestore\tdownload started\t{{{fields}}}")
    for second in (3, 4):
        statistics.feed_line(
            f'2025-10-06T00:00:0{second}Z\tINFO\tpiecestore\tdownloaded\t{{{fields}, "Size": 9}}'
        )
        histogram = statistics.latency_histogram("GET")
        assert histogram is not None
        assert (histogram.count, histogram.total) == (1, 3.0)
    hot = statistics.snapshot().hot_pieces.pieces
    assert [(piece.piece, piece.downloads) for piece in hot] == [("P", 2)]


@pytest.mark.parametrize("time", ["null", "1759708800", "1759708800.5", "true", "[1]"])
def test_a_json_time_that_is_not_text_counts_like_the_general_path(time: str) -> None:
    """First in a batch too (where no time was seen yet): the general way decides."""
    fields = '"Piece ID":"P","Satellite ID":"S","Action":"GET","Remote Address":"a","Size":1'
    lines = [
        f'{{"L":"INFO","T":{time},"N":"piecestore","M":"downloaded",{fields}}}',
        f'{{"L":"INFO","T":"2025-10-06T00:00:00Z","N":"piecestore","M":"downloaded",{fields}}}',
    ]
    assert _same(lines).snapshot().transfers["GET"].success >= 1


# --- found by a differential review of the batch loop (each failed before its fix) -------


def _put(second: str, message: str, piece: str, size: str = "1000") -> str:
    fields = (
        f'{{"Piece ID": "{piece}", "Satellite ID": "S", "Action": "PUT", '
        f'"Remote Address": "a:1", "Size": {size}}}'
    )
    return f"{second}\tINFO\tpiecestore\t{message}\t{fields}"


def test_a_fields_column_that_is_no_object_moves_no_time() -> None:
    """A string where the fields belong decodes, but the general parser calls the line
    unparsable: its time must not become the newest (the windows end there)."""
    batch = _same(
        [
            _put("2025-10-06T00:00:00Z", "uploaded", "P1"),
            '2025-10-06T05:00:00Z\tINFO\t{"\tuploaded\t "x"',
        ]
    )
    assert batch.snapshot().unparsable == 1
    assert batch.snapshot().recent_transfers["PUT"].success == 1


def test_durations_keep_their_order_around_general_lines() -> None:
    """Sub-second durations recorded by the general way (a size that is text) between ones
    the batch loop keeps for later: the same float sum, so the same mean to the last bit."""
    lines = [
        _put("1970-01-01T00:00:00.000Z", "upload started", "C"),
        _put("1970-01-01T00:00:00.000Z", "upload started", "A"),
        _put("1970-01-01T00:00:00.000Z", "upload started", "B"),
        _put("1970-01-01T00:00:00.100Z", "uploaded", "C", '"x"'),
        _put("1970-01-01T00:00:00.200Z", "uploaded", "A"),
        _put("1970-01-01T00:00:00.400Z", "uploaded", "B", '"x"'),
    ]
    batch = _same(lines)
    histogram = batch.latency_histogram("PUT")
    assert histogram is not None
    assert histogram.total == 0.1 + 0.2 + 0.4  # in this order: 0.7000000000000001, not 0.7
    # `add` between batches comes after what the batch loop kept.
    added, fed = LogStatistics(), LogStatistics()
    for statistics in (added, fed):
        statistics.feed_lines(lines[:3])
        statistics.feed_lines([_put("1970-01-01T00:00:00.100Z", "uploaded", "C"), lines[4]])
    record = parse_line(_put("1970-01-01T00:00:00.400Z", "uploaded", "B"))
    assert record is not None
    added.add(record)
    fed.feed_line(_put("1970-01-01T00:00:00.400Z", "uploaded", "B"))
    assert added.snapshot().latency == fed.snapshot().latency  # `add` counts no line


def test_compaction_follows_the_open_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch loop hands the table its size before compacting: the next threshold follows
    the open starts (20,000 never-finished starts compact a few times, not every other start)
    and a start out of time order is matched as the general way matches it."""
    stamp = lambda second: datetime.fromtimestamp(1_759_708_800 + second, UTC).strftime(  # noqa: E731
        "%Y-%m-%dT%H:%M:%SZ"
    )
    lines = [_put(stamp(1000), "upload started", f"A{index}") for index in range(50)]
    for index in range(975):
        lines += [
            _put(stamp(1000), "upload started", f"B{index}"),
            _put(stamp(1000), "uploaded", f"B{index}"),
        ]
    lines += [_put(stamp(1000), "uploaded", f"A{index}") for index in range(50)]
    lines.append(_put(stamp(0), "upload started", "G"))
    for index in range(975):
        lines += [
            _put(stamp(1000), "upload started", f"C{index}"),
            _put(stamp(1000), "uploaded", f"C{index}"),
        ]
    lines += [_put(stamp(1050), "upload started", "H"), _put(stamp(1060), "uploaded", "G")]
    assert _same(lines, pending_timeout=100).snapshot().latency["PUT"].count == 2001

    compactions = [0]
    real = PendingStarts.compact

    def counting(self: PendingStarts) -> None:
        compactions[0] += 1
        real(self)

    monkeypatch.setattr(PendingStarts, "compact", counting)
    starts = [_put(stamp(1), "upload started", f"N{index}") for index in range(20_000)]
    LogStatistics().feed_lines(starts)
    assert compactions[0] <= 8
