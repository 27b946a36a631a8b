"""The log corpus derived from storj/storj's Go source holds the encoder, parser and simulator.

The corpus (tests/fixtures/logs/corpus/corpus.json, see its README) lists storagenode log call
sites with their Go citation (file:line @ 5dbec64f5a, and @ v1.145.3 for the Title Case era),
level, logger, message, typed fields and what the parser must make of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
import json
import math
from typing import Any

import pytest

from custom_components.storj_monitor.logs import records
from custom_components.storj_monitor.logs.parser import parse_line
from storj_simulator.loglines import (
    Action,
    CompactionEvent,
    CompactionPhase,
    KeyStyle,
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
    UploadRejected,
    UsedSpaceFilewalkerEvent,
    VersionReport,
    Walker,
    chore_lines,
    format_event,
)
from storj_simulator.logwriter import outdated_event, startup_events
from storj_simulator.zap import RawJson, ZapObject, encode_console, encode_json

from .conftest import fixture_lines
from .corpus import ENCODERS, ERAS, Entry, corpus, entries, go_tree

HEAD = "5dbec64f5a"
TITLE_TAG = "v1.145.3"

# Corpus entries the current parser reads wrongly: {id or id/era: why}. Each is a strict xfail, so
# a parser fix that makes one pass fails the run until its line here is removed.
# Corpus entries the parser does not read right yet (xfail, strict): none today.
KNOWN_PARSER_GAPS: dict[str, str] = {}


# --- (a) citations ----------------------------------------------------------------------------


def test_corpus_size_and_ids() -> None:
    """At least 60 call sites, unique ids, every expected record type exists."""
    all_entries = entries()
    assert len(all_entries) >= 60
    ids = [entry.id for entry in all_entries]
    assert len(ids) == len(set(ids))
    for entry in all_entries:
        kind = entry.raw["expect"]["type"]
        assert isinstance(getattr(records, kind), type), entry.id
        assert entry.eras, entry.id
        assert set(entry.eras) <= set(ERAS), entry.id


@pytest.mark.parametrize("entry", entries(), ids=lambda entry: entry.id)
def test_go_citation_names_an_existing_line(entry: Entry) -> None:
    """file:line exists in the recorded Go tree and the cited line holds the message."""
    tree = go_tree()
    citations = [entry.raw["go"]]
    if "title" in entry.eras and "go_title" in entry.raw:
        citations.append(entry.raw["go_title"])
    for citation in citations:
        revision = citation.get("tag") or citation["commit"]
        lines = tree.get((revision, citation["file"]))
        assert lines is not None, f"{entry.id}: {citation['file']} not in {revision}"
        assert 1 <= citation["line"] <= lines, entry.id
        message = entry.raw["message"]
        if "{" not in message and "started" not in message[:5]:
            literal = message.split(" [")[0].split(" 12")[0]
            assert literal in citation["code"], (entry.id, citation["code"])
    if "title" in entry.eras and entry.raw["go"].get("repo") is None:
        assert "go_title" in entry.raw, entry.id


def test_title_citations_use_title_keys() -> None:
    """Each Title Case key of an entry appears in its v1.145.3 code line or is documented."""
    checked = 0
    for entry in entries():
        title = entry.raw.get("go_title")
        if title is None or "title" not in entry.eras:
            continue
        for field in entry.raw["fields"]:
            if field["title_key"] != field["key"] and f'"{field["title_key"]}"' in title["code"]:
                checked += 1
    assert checked >= 20  # the renames really are in the cited v1.145.3 lines


def test_key_change_commit_recorded() -> None:
    """The snake_case rename is cited (7d89b49dad, first tag v1.146.0-rc)."""
    change = corpus()["key_change"]
    assert change["commit"].startswith("7d89b49dad")
    assert change["first_tag"] == "v1.146.0-rc"


# --- (b) encoder ------------------------------------------------------------------------------


def _pairs(text: str) -> list[tuple[str, Any]]:
    """Top-level fields in order (duplicates kept).

    A nested object is Go ``encoding/json`` output (compact, ``RawJson``) when that text is in
    the line, else an object zap wrote itself (``ZapObject``, spaced like the line).
    """

    def hook(pairs: list[tuple[str, Any]]) -> Any:
        return pairs

    decoded = json.JSONDecoder(object_pairs_hook=hook).decode(text)
    return [(key, _nested(value, text)) for key, value in decoded]


def _is_object(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], tuple)


def _nested(value: Any, text: str) -> Any:
    if not _is_object(value):
        return value
    compact = _compact(value)
    if compact in text:
        return RawJson(compact)
    return ZapObject((key, _nested(item, text)) for key, item in value)


def _compact(value: Any) -> str:
    if _is_object(value):
        return "{" + ",".join(f"{json.dumps(k)}:{_compact(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_compact(item) for item in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value, ensure_ascii=False)


def _rebuild_console(line: str) -> str:
    brace = line.find("\t{")
    head, fields = (line, []) if brace < 0 else (line[:brace], _pairs(line[brace + 1 :]))
    columns = head.split("\t")
    time, level, *rest = columns
    logger = rest[0] if len(rest) == 2 else ""
    return encode_console(time, level, logger, rest[-1], fields)


def _rebuild_json(line: str) -> str:
    pairs = _pairs(line)
    head = dict(pairs[:4])
    fields = [(key, value) for key, value in pairs if key not in {"L", "T", "N", "M"}]
    return encode_json(head["T"], head["L"], head.get("N", ""), head["M"], fields)


def _tab_lines() -> Iterator[tuple[str, str]]:
    for line in fixture_lines("v1.137.5_console_sample_arrogantrabbit.log")[:-1]:
        yield "v1.137.5", line  # the last line is the author's shell prompt
    for line in fixture_lines("v1.142.7_console_docker_blog-gfw-cgnat.log"):
        yield "v1.142.7", line
    # Historical lines pasted with real TABs (the rest had TABs expanded to spaces by the paste).
    historical = fixture_lines("historical_2019-2024_from_issues.log")
    for number in (*range(10, 17), *range(29, 37), *range(44, 58)):
        yield f"historical:{number}", historical[number - 1]


def test_console_encoder_rebuilds_every_real_tab_line_byte_for_byte() -> None:
    """Each captured line, decoded to time/level/logger/message/typed fields, encodes back exactly.

    Covers the 4-column root-logger lines, duplicate keys, µs durations, float digits, int lists,
    errorVerbose escapes and the compact ``stats`` objects.
    """
    checked = 0
    for source, line in _tab_lines():
        assert _rebuild_console(line) == line, source
        checked += 1
    assert checked > 200


def test_json_encoder_rebuilds_the_real_json_line() -> None:
    """The 2021 ``log.encoding: json`` line: L, T, N, M first, compact separators."""
    (line,) = fixture_lines("json_encoder_2021_fmoledina.jsonl")
    assert _rebuild_json(line) == line


def test_encoder_details_from_zap() -> None:
    """zap v1.28.0: only \\, \" and control bytes escaped; no float exponents; NaN quoted."""
    fields = [
        ("text", 'a"b\\c\n\x01\x7fµ<>&'),
        ("tiny", 1e-07),
        ("big", 1e21),
        ("nan", math.nan),
        ("inf", -math.inf),
        ("whole", 1.0),
        ("slice", [1, 2]),
    ]
    console = encode_console("T", "INFO", "", "m\tx", fields)
    assert console == (
        'T\tINFO\tm\tx\t{"text": "a\\"b\\\\c\\n\\u0001\x7fµ<>&", "tiny": 0.0000001, '
        '"big": 1000000000000000000000, "nan": "NaN", "inf": "-Inf", "whole": 1, "slice": [1, 2]}'
    )
    assert encode_json(None, "INFO", "n", "m", [("slice", [1, 2])]) == (
        '{"L":"INFO","N":"n","M":"m","slice":[1,2]}'
    )
    assert encode_console("T", "INFO", "n", "m", []) == "T\tINFO\tn\tm"


@pytest.mark.parametrize(
    ("entry", "era"),
    [
        pytest.param(entry, era, id=f"{entry.id}-{era}")
        for entry in entries()
        for era in ERAS
        if era in entry.eras  # some call sites exist in one key era only
    ],
)
def test_rendered_entry_round_trips(entry: Entry, era: str) -> None:
    """Console and JSON renderings carry the same ordered fields, and rebuild byte for byte."""
    console = entry.render("console", era)
    as_json = entry.render("json", era)
    assert _rebuild_console(console) == console
    assert _rebuild_json(as_json) == as_json
    expected_keys = [key for key, _ in entry.fields(era)]
    assert [key for key, _ in _pairs(as_json)][4 if entry.raw["logger"] else 3 :] == expected_keys


# --- (c) the parser against the corpus --------------------------------------------------------


def _gap(entry: Entry, era: str) -> str | None:
    return KNOWN_PARSER_GAPS.get(f"{entry.id}/{era}") or KNOWN_PARSER_GAPS.get(entry.id)


def _parser_cases() -> Iterator[Any]:
    for entry in entries():
        for era in entry.eras:
            for encoder in ENCODERS:
                reason = _gap(entry, era)
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                yield pytest.param(
                    entry, encoder, era, marks=marks, id=f"{entry.id}-{encoder}-{era}"
                )


def _matches(actual: Any, expected: Any) -> bool:
    if isinstance(expected, float) and isinstance(actual, int | float):
        return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)
    return bool(actual == expected)


@pytest.mark.parametrize(("entry", "encoder", "era"), list(_parser_cases()))
def test_parser_reads_corpus_entry(entry: Entry, encoder: str, era: str) -> None:
    """``parse_line`` gives the record the Go code means, in both encoders and key eras."""
    record = parse_line(entry.render(encoder, era))
    expect = entry.raw.get(f"expect_{era}", entry.raw["expect"])
    assert type(record).__name__ == expect["type"]
    wrong = {
        key: getattr(record, key)
        for key, value in expect.items()
        if key != "type" and not _matches(getattr(record, key), value)
    }
    assert not wrong, wrong


def test_known_gaps_name_corpus_entries() -> None:
    """Every KNOWN_PARSER_GAPS key names an entry (and era) of the corpus."""
    names = {entry.id for entry in entries()}
    names |= {f"{entry.id}/{era}" for entry in entries() for era in entry.eras}
    assert set(KNOWN_PARSER_GAPS) <= names


# --- (d) the simulator held to the corpus -----------------------------------------------------

SAT = "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S"
NODE = "12rfG3sh9NCWiX3ivPjq2HtdLmbqCrvHVEzJubnzFzosMuawymB"  # as in startup.node_started
NOW = datetime(2026, 1, 20, 9, 30, 5, tzinfo=UTC)
_ERRORS = ("unexpected EOF", "context deadline exceeded", "write: broken pipe")


def _simulator_events() -> Iterator[LogEvent]:
    """Every kind of line the simulator's writer can produce (each branch of loglines)."""
    common = {"time": NOW, "piece_id": "P" * 52, "satellite_id": SAT, "remote_address": "1.2.3.4:5"}
    for action in Action:
        yield TransferStarted(action=action, size=256, **common)
        for outcome in Outcome:
            errors = _ERRORS if outcome is Outcome.FAILED else ("",)
            for error in errors:
                yield TransferFinished(
                    action=action, outcome=outcome, size=256, error=error, **common
                )
    yield UploadRejected(time=NOW, live_requests=23, request_limit=20)
    for worsened in (False, True):
        yield ReputationUpdate(
            time=NOW, satellite_id=SAT, total_audits=9, successful_audits=8, worsened=worsened
        )
    yield PingFailed(time=NOW, satellite_id=SAT, attempts=2, error="ping satellite: timeout")
    for updater in (False, True):
        yield VersionReport(time=NOW, version="1.146.5", updater=updater)
    for retain_phase in RetainPhase:
        yield RetainEvent(time=NOW, phase=retain_phase, satellite_id=SAT, error="retain: x")
    for walker in Walker:
        for phase in Phase:
            yield LazyFilewalkerEvent(
                time=NOW, walker=walker, phase=phase, satellite_id=SAT, error="exit"
            )
    for phase in Phase:
        for lazy in (False, True):
            yield UsedSpaceFilewalkerEvent(
                time=NOW, phase=phase, satellite_id=SAT, lazy=lazy, error="x"
            )
        yield TrashEmptyEvent(
            time=NOW, phase=phase, satellite_id=SAT, error="x", elapsed=timedelta(1)
        )
    for compaction_phase in CompactionPhase:
        for error in ("", "hashstore: boom"):
            yield CompactionEvent(
                time=NOW, phase=compaction_phase, satellite_id=SAT, error=error, reclaimed_bytes=9
            )


def _logwriter_other_lines(keys: KeyStyle) -> Iterator[LogEvent]:
    """The OtherLine shapes generate_events and LogWriter write (startup, outdated, chores)."""
    yield from chore_lines(NOW, SAT, count=12)
    yield from startup_events(NOW, keys, node_id=NODE, port=28967)
    yield outdated_event(NOW, keys, version="1.135.5", allowed="1.136.4")


def _shape(line: str) -> tuple[str, str, str, frozenset[str]]:
    columns = line.split("\t")
    fields = _pairs(columns[-1])
    logger = columns[2] if len(columns) == 5 else ""
    return columns[1], logger, columns[-2], frozenset(key for key, _ in fields)


@pytest.mark.parametrize("version", ["1.145.3", "1.147.5"])
def test_every_simulated_line_has_a_twin_in_the_corpus(version: str) -> None:
    """Same level, logger, message and field key set as a Go call site of that key era."""
    style = LogStyle.for_version(version, debug=True)
    era = "snake" if style.keys is KeyStyle.SNAKE else "title"
    corpus_shapes = {
        _shape(entry.render("console", era)) for entry in entries() if era in entry.eras
    }
    events = [*_simulator_events(), *_logwriter_other_lines(style.keys)]
    strays = {
        shape
        for shape in (_shape(format_event(event, style)) for event in events)
        if shape not in corpus_shapes
    }
    assert not strays
    assert len(events) >= 70  # every branch enumerated above
