"""The parser never raises: random, truncated and hostile input; and every format variant."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.storj_monitor.logs.parser import (
    parse_go_duration,
    parse_human_bytes,
    parse_line,
    parse_timestamp,
)
from custom_components.storj_monitor.logs.records import (
    LogRecord,
    OtherLine,
    Transfer,
    TransferStatus,
)
from storj_simulator.loglines import Encoder, LogStyle, format_events, generate_events

from .conftest import fixture_lines

SAMPLES = [
    *fixture_lines("v1.137.5_console_sample_arrogantrabbit.log"),
    *fixture_lines("historical_2019-2024_from_issues.log"),
    *fixture_lines("json_encoder_2021_fmoledina.jsonl"),
    *format_events(
        generate_events(300, seed=9, background_rate=0.1),
        LogStyle.for_version("1.146.0", encoder=Encoder.JSON, debug=True),
    ),
]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _is_record(value: object) -> bool:
    return value is None or isinstance(value, tuple)


@SETTINGS
@given(st.text())
def test_random_text_never_raises(text: str) -> None:
    """Arbitrary unicode."""
    assert _is_record(parse_line(text))


@SETTINGS
@given(st.sampled_from(SAMPLES), st.data())
def test_truncated_and_mutated_real_lines_never_raise(line: str, data: st.DataObject) -> None:
    """Real lines cut anywhere, or with a random slice replaced."""
    cut = data.draw(st.integers(0, len(line)))
    assert _is_record(parse_line(line[:cut]))
    start = data.draw(st.integers(0, len(line)))
    end = data.draw(st.integers(start, len(line)))
    noise = data.draw(st.text(max_size=20))
    assert _is_record(parse_line(line[:start] + noise + line[end:]))


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "Piece ID",
                "Action",
                "Size",
                "Satellite ID",
                "Remote Address",
                "piece_id",
                "size",
                "error",
                "reason",
            ]
        ),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(),
            st.text(max_size=5),
            st.lists(st.integers(), max_size=2),
        ),
    ),
    st.sampled_from(
        [
            "uploaded",
            "download failed",
            "download canceled",
            "upload started",
            "node scores updated",
        ]
    ),
)
def test_wrong_field_types_never_raise(fields: dict[str, object], message: str) -> None:
    """Fields of unexpected JSON types still give a well-typed record."""
    import json

    line = f"2025-10-06T00:00:14Z\tINFO\tpiecestore\t{message}\t{json.dumps(fields)}"
    record = parse_line(line)
    assert _is_record(record)
    if isinstance(record, Transfer):
        assert isinstance(record.size, int)
        assert isinstance(record.piece_id, str)
        assert isinstance(record.satellite, str)


def test_multiline_garbage_is_not_a_line() -> None:
    """Stack traces, panics and prompts are rejected (the caller counts them)."""
    for garbage in (
        "",
        "\tstorj.io/storj/storagenode/piecestore.(*Endpoint).Download:687",
        "goroutine 1 [running]:",
        "panic: runtime error: invalid memory address or nil pointer dereference",
        "Your configuration is saved to: /app/config/config.yaml",
        "{",
        '{"L": 1}',
        "[1, 2, 3]",
        "2025-13-45T99:00:00Z\tINFO\tpiecestore\tuploaded\t{}",
        "2025-10-06T00:00:14Z\tNOTALEVEL\tpiecestore\tuploaded\t{}",
    ):
        assert parse_line(garbage) is None, garbage


TITLE_FIELDS = (
    '{"Piece ID": "P1", "Satellite ID": "S1", "Action": "PUT", "Size": 9472, '
    '"Remote Address": "1.2.3.4:5"}'
)
SNAKE_FIELDS = (
    '{"process": "storagenode", "piece_id": "P1", "satellite_id": "S1", "action": "PUT", '
    '"remote_address": "1.2.3.4:5", "size": 9472}'
)
JSON_HEAD = '{"L":"INFO","T":"2026-01-05T12:00:00Z","N":"piecestore","M":"uploaded",'
JSON_FIELDS = '"piece_id":"P1","satellite_id":"S1","action":"PUT","size":9472}'
TAB_HEAD = "2026-01-05T12:00:00Z\tINFO\tpiecestore\tuploaded\t"

LINE_VARIANTS: dict[str, tuple[str, TransferStatus]] = {
    # v1.146+ snake_case keys
    "snake": (TAB_HEAD + SNAKE_FIELDS, TransferStatus.SUCCESS),
    # JSON encoder with snake keys and a caller
    "json-snake": (
        '{"L":"ERROR","T":"2026-01-05T12:00:00Z","N":"piecestore","C":"piecestore/endpoint.go:1",'
        '"M":"download failed","piece_id":"P1","satellite_id":"S1","action":"GET","size":9472,'
        '"error":"file does not exist"}',
        TransferStatus.FAILED,
    ),
    # docker logs -t prefix on a TAB line
    "docker-tab": (
        "2026-01-05T12:00:00.123456789Z " + TAB_HEAD + TITLE_FIELDS,
        TransferStatus.SUCCESS,
    ),
    # docker logs -t prefix before a JSON-encoder line
    "docker-json": (
        "2026-01-05T12:00:00.123456789Z " + JSON_HEAD + JSON_FIELDS,
        TransferStatus.SUCCESS,
    ),
    # STORJ_LOG_NOTIME: no time column
    "notime": ("INFO\tpiecestore\tuploaded\t" + TITLE_FIELDS, TransferStatus.SUCCESS),
    # duplicate keys: the last one wins
    "duplicate-keys": (
        TAB_HEAD + '{"Process": "storagenode", "Action": "GET", "Size": 1, '
        '"Process": "storagenode", ' + TITLE_FIELDS[1:],
        TransferStatus.SUCCESS,
    ),
    # TABs expanded to spaces, single space before the JSON
    "spaces": (
        "2026-01-05T12:00:00Z    INFO    piecestore      uploaded " + TITLE_FIELDS,
        TransferStatus.SUCCESS,
    ),
    # CRLF line ending (Windows)
    "crlf": (TAB_HEAD + TITLE_FIELDS + "\r\n", TransferStatus.SUCCESS),
}


@pytest.mark.parametrize("name", LINE_VARIANTS)
def test_line_variants(name: str) -> None:
    """One transfer, written every way a node (or a user pasting it) can write it."""
    line, status = LINE_VARIANTS[name]
    record: LogRecord | None = parse_line(line)
    assert isinstance(record, Transfer), name
    assert (record.piece_id, record.satellite, record.status) == ("P1", "S1", status)
    assert record.size == 9472
    assert record.time == (None if name == "notime" else 1767614400.0)


def test_spaced_root_and_colon_loggers() -> None:
    """Space-expanded lines: a logger followed by a single space is still split off."""
    record = parse_line(
        "2023-05-21T21:35:47.493+0300  ERROR   contact:service ping satellite failed  "
        '{"Satellite ID": "S", "attempts": 2, "error": "e"}'
    )
    assert type(record).__name__ == "PingFailure"
    root = parse_line(
        "2019-05-27T08:10:14.195Z        INFO    Configuration loaded from: /app/config/config.yaml"
    )
    assert root == OtherLine(
        1558944614.195, "INFO", "", "Configuration loaded from: /app/config/config.yaml", ""
    )
    race = parse_line(
        "2026-01-05T12:00:00Z\tDEBUG\tpiecestore\tdownload canceled\t"
        '{"Piece ID": "P", "Action": "GET", "error": "context canceled"}'
    )
    assert isinstance(
        race, OtherLine
    )  # the follow-up of "(race lost or node shutdown)": not counted twice


def test_value_parsers() -> None:
    """Go durations, memory sizes and timestamps."""
    assert parse_go_duration("6h51m0.498222511s") == pytest.approx(24660.498222511)
    assert parse_go_duration("162.857µs") == pytest.approx(0.000162857)
    assert parse_go_duration("-1.5s") == -1.5
    assert parse_go_duration(1_500_000_000) == 1.5
    assert parse_go_duration("soon") is None
    assert parse_go_duration("5sx") is None
    assert parse_go_duration(True) is None
    assert parse_go_duration(None) is None
    assert parse_human_bytes("548.6 MiB") == int(548.6 * 2**20)
    assert parse_human_bytes("2 GB") == 2 * 10**9
    assert parse_human_bytes(12) == 12
    assert parse_human_bytes("lots") == 0
    assert parse_human_bytes(True) == 0
    assert parse_human_bytes(None) == 0
    assert parse_timestamp("2022-03-23T06:01:04.710+0100") == pytest.approx(1648011664.71)
    assert parse_timestamp("2025-10-06T00:00:14-07:00") == 1759734014.0
    assert parse_timestamp("yesterday") is None
    assert parse_timestamp("2025-10-06T00:00:14.") is None
