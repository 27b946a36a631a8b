"""The import worker's chunked byte counting equals a line-by-line count with the full parser."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
import threading
from unittest.mock import patch

import pytest

from custom_components.storj_monitor import log_import
from custom_components.storj_monitor.log_entities import ACTION_KEYS
from custom_components.storj_monitor.log_import import OUTCOME_KEYS, LogCounts, count_log
from custom_components.storj_monitor.logs.parser import parse_line
from custom_components.storj_monitor.logs.records import Transfer
from storj_simulator.loglines import Encoder, LogStyle, format_events, generate_events
from tests.logs.conftest import fixture_lines

STYLES = (
    LogStyle(debug=True),
    LogStyle.for_version("1.146.0", debug=True),
    LogStyle(encoder=Encoder.JSON, debug=True),
    LogStyle.for_version("1.146.0", encoder=Encoder.JSON),
    LogStyle(),
)


def _log_bytes() -> bytes:
    """Every style, the real samples and some damage: CRLF, bad UTF-8, cut lines, no final EOL."""
    lines = [
        line.encode()
        for index, style in enumerate(STYLES)
        for line in format_events(generate_events(600, seed=index, background_rate=0.05), style)
    ]
    lines += [line.encode() for line in fixture_lines("v1.137.5_console_sample_arrogantrabbit.log")]
    lines += [line.encode() for line in fixture_lines("historical_2019-2024_from_issues.log")]
    lines += [line.encode() for line in fixture_lines("json_encoder_2021_fmoledina.jsonl")]
    damaged = []
    for index, line in enumerate(lines[::7]):
        match index % 5:
            case 0:
                damaged.append(line + b"\r")
            case 1:
                damaged.append(line.replace(b"GET", b"G\xffT", 1))
            case 2:
                damaged.append(line[: len(line) // 2])
            case 3:
                damaged.append(line.replace(b'"Size": ', b'"Size": 99999999999999999999', 1))
            case _:
                damaged.append(b"   at goroutine " + line[:10])
    return b"\n".join(lines + damaged + [b"", b"{}", lines[0]])  # no newline after the last


def reference_counts(path: Path) -> LogCounts:
    """The import as it was: every line decoded and given to `parse_line`."""
    counts = LogCounts()
    counts.hourly = defaultdict(lambda: defaultdict(int))
    with path.open("rb") as handle:
        for raw in handle:
            counts.offset += len(raw)
            counts.lines += 1
            record = parse_line(raw.decode("utf-8", "replace"))
            if record is None:
                counts.unparsable += 1
            elif type(record) is Transfer and record.time is not None:
                outcome = OUTCOME_KEYS.get(record.status)
                action = ACTION_KEYS.get(record.action)
                if outcome is not None and action is not None:
                    counts.hourly[(action, outcome)][int(record.time // 3600) * 3600] += 1
                    counts.transfers += 1
    return counts


def _summary(counts: LogCounts) -> tuple[object, ...]:
    hourly = {key: dict(hours) for key, hours in counts.hourly.items() if hours}
    return counts.lines, counts.unparsable, counts.transfers, counts.offset, hourly


@pytest.fixture(name="log")
def log_fixture(tmp_path: Path) -> Path:
    path = tmp_path / "node.log"
    path.write_bytes(_log_bytes())
    return path


def test_counts_equal_the_full_parser(log: Path) -> None:
    """Same lines, unparsable lines, transfers per hour and end offset as line-by-line."""
    expected = reference_counts(log)
    assert expected.transfers > 1000
    assert expected.unparsable > 10
    counts = count_log(log, lambda counts, total: None)
    assert counts.complete
    assert _summary(counts) == _summary(expected)
    assert counts.offset == log.stat().st_size


@pytest.mark.parametrize("chunk", [7, 97, 4096])
def test_chunk_boundaries_change_nothing(log: Path, chunk: int) -> None:
    """Lines split across reads are put back together (tiny chunks: every boundary case)."""
    expected = _summary(reference_counts(log))
    with patch.object(log_import, "CHUNK_SIZE", chunk):
        assert _summary(count_log(log, lambda counts, total: None)) == expected


def test_a_line_without_newline_for_a_mib_is_cut(tmp_path: Path) -> None:
    """A huge newline-free blob is read in MAX_LINE pieces: memory stays bounded."""
    path = tmp_path / "blob.log"
    path.write_bytes(b"x" * 5000 + b"\nlast\n")
    with patch.object(log_import, "MAX_LINE", 1000), patch.object(log_import, "CHUNK_SIZE", 700):
        counts = count_log(path, lambda counts, total: None)
    assert counts.complete
    assert counts.offset == path.stat().st_size
    # 5000 bytes in pieces of at most 1000 + 700 (a rest and a chunk), then "last".
    assert 3 <= counts.lines - 1 <= 8
    assert counts.unparsable == counts.lines


def test_stop_leaves_exact_counts_and_resume_completes(log: Path) -> None:
    """Stopped mid-file, counts cover whole lines up to `offset`; resuming gives the full result."""
    expected = _summary(reference_counts(log))
    stop = threading.Event()
    checkpoints: list[int] = []

    def checkpoint(counts: LogCounts) -> None:
        checkpoints.append(counts.offset)
        stop.set()  # stop at the first checkpoint

    with (
        patch.object(log_import, "CHECKPOINT_EVERY", 64 * 1024),
        patch.object(log_import, "STOP_CHECK_LINES", 16),
    ):
        partial = count_log(log, lambda counts, total: None, stop=stop, checkpoint=checkpoint)
        assert not partial.complete
        assert 0 < partial.offset < log.stat().st_size
        assert checkpoints
        # The counts so far are exactly those of the file's first `offset` bytes.
        head = log.parent / "head.log"
        head.write_bytes(log.read_bytes()[: partial.offset])
        assert _summary(partial) == _summary(reference_counts(head))
        resumed = LogCounts.from_dict(partial.as_dict())
        final = count_log(log, lambda counts, total: None, resume=resumed)
    assert final.complete
    assert _summary(final) == expected


def test_progress_reports_are_throttled(log: Path) -> None:
    """At most one report per PROGRESS_INTERVAL, and always a last one at the end."""
    reports: list[int] = []
    with (
        patch.object(log_import, "CHUNK_SIZE", 4096),
        patch.object(log_import, "PROGRESS_INTERVAL", 3600.0),
    ):
        count_log(log, lambda counts, total: reports.append(counts.offset))
    assert reports == [log.stat().st_size]
    reports.clear()
    with (
        patch.object(log_import, "CHUNK_SIZE", 4096),
        patch.object(log_import, "PROGRESS_INTERVAL", 0.0),
    ):
        count_log(log, lambda counts, total: reports.append(counts.offset))
    assert len(reports) > 10
    assert reports == sorted(reports)


def test_progress_data() -> None:
    """Percent, rate and ETA of a progress event."""
    counts = LogCounts(lines=10, transfers=4, offset=600)
    data = log_import.progress_data(counts, 1000, elapsed=2.0, first_byte=200)
    assert data == {
        "bytes_read": 600,
        "bytes_total": 1000,
        "percent": 60.0,
        "lines": 10,
        "transfers": 4,
        "bytes_per_second": 200,
        "eta_seconds": 2.0,
    }
    assert (
        log_import.progress_data(counts, 1000, elapsed=0.0, first_byte=600)["eta_seconds"] is None
    )
