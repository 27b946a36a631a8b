"""The parser's fast path (orjson, itemgetter) gives exactly what the general parser gives.

``parse_line`` tries a fast path and hands whatever it is not sure of to the general parser
(``_parse``, built on the standard library's decoder). These tests run both on the same lines:
real samples, generated lines of every style, mutated lines and hostile field values (integers
beyond 64 bits, which ``orjson`` turns into floats, NaN, nested values, Title Case and
snake_case keys mixed), and require equal results.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.storj_monitor.logs import parser
from custom_components.storj_monitor.logs.parser import parse_line
from custom_components.storj_monitor.logs.records import LogRecord, OtherLine, Transfer
from storj_simulator.loglines import Encoder, LogStyle, format_events, generate_events

from .conftest import fixture_lines

STYLES = (
    LogStyle(debug=True),
    LogStyle.for_version("1.146.0", debug=True),
    LogStyle(encoder=Encoder.JSON, debug=True),
    LogStyle.for_version("1.146.0", encoder=Encoder.JSON, debug=True),
)
REAL = [
    *fixture_lines("v1.137.5_console_sample_arrogantrabbit.log"),
    *fixture_lines("historical_2019-2024_from_issues.log"),
    *fixture_lines("json_encoder_2021_fmoledina.jsonl"),
]
GENERATED = [
    line
    for index, style in enumerate(STYLES)
    for line in format_events(generate_events(400, seed=index, background_rate=0.2), style)
]
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MESSAGES = [
    "uploaded",
    "downloaded",
    "upload started",
    "download started",
    "upload failed",
    "download failed",
    "upload canceled",
    "download canceled",
    "download canceled (race lost or node shutdown)",
    "node scores updated",
    "Persisting bandwidth usage cache to db",
    "running on version v0.27.1",
]
KEYS = [
    "Piece ID",
    "Satellite ID",
    "Action",
    "Remote Address",
    "Size",
    "piece_id",
    "satellite_id",
    "action",
    "remote_address",
    "size",
    "error",
    "Error",
    "reason",
]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 4, max_value=2**66),  # where orjson turns to floats
    st.integers(min_value=-(2**66), max_value=-(2**63) + 4),
    st.floats(),
    st.sampled_from(["GET", "PUT", "GET_AUDIT", "PUT_REPAIR", "", "12EayRS2V1kEsWESU9QMR"]),
    st.text(max_size=5),
    st.lists(st.integers(min_value=2**62, max_value=2**65), max_size=2),
)


def reference(line: str) -> LogRecord | None:
    """What the general parser alone makes of a line."""
    try:
        return parser._parse(line.rstrip("\r\n"))
    except Exception:  # parse_line's contract: never raise
        return None


def assert_same(line: str) -> LogRecord | None:
    """Fast path and general parser agree (repr: NaN is not equal to itself)."""
    record = parse_line(line)
    expected = reference(line)
    assert repr(record) == repr(expected), line
    assert type(record) is type(expected), line
    return record


def test_fast_path_equals_general_parser_on_real_and_generated_lines() -> None:
    """Every sample line: the same record, and the fast path handles the usual ones."""
    records = [assert_same(line) for line in [*REAL, *GENERATED]]
    assert sum(type(record) is Transfer for record in records) > 1000


@pytest.mark.parametrize("style", STYLES, ids=["console", "console-snake", "json", "json-snake"])
def test_fast_path_builds_transfers_itself(
    style: LogStyle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Transfer lines of every style never reach the general parser (else no speed-up)."""
    lines = list(format_events(generate_events(200, seed=3, background_rate=0.0), style))
    general = parser._parse
    fallbacks: list[str] = []

    def counting(line: str) -> LogRecord | None:
        fallbacks.append(line)
        return general(line)

    monkeypatch.setattr(parser, "_parse", counting)
    records = [parse_line(line) for line in lines]
    transfers = [r for r in records if type(r) is Transfer]
    assert len(transfers) > 100
    assert not fallbacks, fallbacks[:3]


@SETTINGS
@given(st.dictionaries(st.sampled_from(KEYS), VALUES), st.sampled_from(MESSAGES), st.data())
def test_fast_path_equals_general_parser_on_hostile_fields(
    fields: dict[str, object], message: str, data: st.DataObject
) -> None:
    """Any field types, big integers included, in the console and the JSON encoder."""
    level = data.draw(st.sampled_from(["INFO", "DEBUG", "ERROR"]))
    logger = data.draw(st.sampled_from(["piecestore", "version", "lazyfilewalker"]))
    text = json.dumps(fields)
    assert_same(f"2025-10-06T00:00:14Z\t{level}\t{logger}\t{message}\t{text}")
    head = {"L": level, "T": "2025-10-06T00:00:14Z", "N": logger, "M": message}
    assert_same(json.dumps(head | fields))


def test_big_integer_size_is_exact() -> None:
    """orjson reads 2**70 as a float; the record still carries the exact integer."""
    line = (
        '2025-10-06T00:00:14Z\tINFO\tpiecestore\tuploaded\t{"Piece ID": "P", "Satellite ID": "S",'
        f' "Action": "PUT", "Remote Address": "1.2.3.4:5", "Size": {2**70}}}'
    )
    record = assert_same(line)
    assert type(record) is Transfer
    assert record.size == 2**70


def test_debug_cancel_echo_is_other_line() -> None:
    """v1.86+ logs a DEBUG "download canceled" after the INFO one: not a second transfer."""
    line = (
        '{"L":"DEBUG","T":"2025-10-06T00:00:14Z","N":"piecestore","M":"download canceled",'
        '"Piece ID":"P","Satellite ID":"S","Action":"GET","Remote Address":"a","error":"ctx"}'
    )
    record = assert_same(line)
    assert type(record) is OtherLine
    assert record.error == "ctx"
    console = line.replace('"error":"ctx"', '"error":7')  # not text: the general way decides
    assert_same(console)


def test_debug_cancel_echo_needs_no_general_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """The echo is as common as canceled downloads: the fast path builds its OtherLine."""
    monkeypatch.setattr(parser, "_parse", None)  # any fallback would raise, and return None
    line = (
        "2025-10-06T00:00:14Z\tDEBUG\tpiecestore\tdownload canceled\t"
        '{"Piece ID": "P", "Satellite ID": "S", "Action": "GET", "error": "context canceled"}'
    )
    assert parse_line(line) == OtherLine(
        1759708814.0, "DEBUG", "piecestore", "download canceled", "context canceled"
    )


@SETTINGS
@given(st.sampled_from([*REAL, *GENERATED]), st.data())
def test_fast_path_equals_general_parser_on_mutated_lines(line: str, data: st.DataObject) -> None:
    """Real lines cut anywhere or with a slice replaced (text after the JSON, bad UTF-16...)."""
    cut = data.draw(st.integers(0, len(line)))
    assert_same(line[:cut])
    start = data.draw(st.integers(0, len(line)))
    end = data.draw(st.integers(start, len(line)))
    noise = data.draw(st.text(max_size=20))
    assert_same(line[:start] + noise + line[end:])


@SETTINGS
@given(st.sampled_from([*REAL, *GENERATED]), st.data())
def test_bytes_parser_equals_text_parser(line: str, data: st.DataObject) -> None:
    """`parse_line_bytes` (the import) gives `parse_line` of the line decoded with replacement."""
    raw = line.encode()
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, len(raw)))
    noise = data.draw(st.binary(max_size=8))  # invalid UTF-8 too
    for variant in (raw, raw + b"\r\n", raw[:start] + noise + raw[end:]):
        expected = parse_line(variant.decode("utf-8", "replace"))
        assert repr(parser.parse_line_bytes(variant)) == repr(expected), variant


def _with_numbers(line: str, number: object) -> str | None:
    """``line`` with every number of its fields replaced by ``number`` (None: no number)."""
    if line.startswith('{"'):
        document = json.loads(line)
        numbers = [key for key, value in document.items() if type(value) in (int, float)]
        if not numbers:
            return None
        return json.dumps(document | dict.fromkeys(numbers, number))
    head, tab, fields_text = line.rpartition("\t")
    if not fields_text.startswith('{"'):
        return None
    fields = json.loads(fields_text)
    numbers = [key for key, value in fields.items() if type(value) in (int, float)]
    if not numbers:
        return None
    return head + tab + json.dumps(fields | dict.fromkeys(numbers, number))


@pytest.mark.parametrize("number", [2**70 + 1, -(10**20) - 7, 1.5, 1e300, 7], ids=str)
def test_lines_with_their_own_record_read_numbers_as_the_general_parser(number: object) -> None:
    """Retain, filewalker, compaction, trash, reputation... lines come from the decoded fields
    of the fast path: an integer beyond 64 bits (a float to orjson) or a float in any of
    their number fields still gives the general parser's record."""
    changed = [
        text
        for line in [*REAL, *GENERATED]
        if parser._TRANSFER_MESSAGES.get(line.split("\t")[3] if "\t" in line else "") is None
        and (text := _with_numbers(line, number)) is not None
    ]
    records = [assert_same(line) for line in changed]
    assert len(changed) > 50
    assert sum(type(record) not in (OtherLine, type(None)) for record in records) > 20
