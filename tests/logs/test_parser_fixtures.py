"""Every real fixture line classifies as documented (tests/fixtures/logs, line by line)."""

from __future__ import annotations

import csv
import json

import pytest

from custom_components.storj_monitor.logs.parser import parse_line
from custom_components.storj_monitor.logs.records import (
    AuditFailure,
    Compaction,
    CompactionPhase,
    Filewalker,
    JobPhase,
    OtherLine,
    PingFailure,
    Reputation,
    Retain,
    RetainPhase,
    Transfer,
    TransferStatus,
    TrashEmpty,
    TrashFreed,
    UploadRejected,
    VersionInfo,
    Walker,
)

from .conftest import fixture_lines, fixture_path

HISTORICAL = "historical_2019-2024_from_issues.log"
V137 = "v1.137.5_console_sample_arrogantrabbit.log"
V142 = "v1.142.7_console_docker_blog-gfw-cgnat.log"
JSONL = "json_encoder_2021_fmoledina.jsonl"

S, OK, CA, FA = (
    TransferStatus.STARTED,
    TransferStatus.SUCCESS,
    TransferStatus.CANCELED,
    TransferStatus.FAILED,
)

# Expected record per line of the historical file: ("T", action, status) for transfers,
# ("O", level, logger, message) for plain lines, others by kind.
HISTORICAL_EXPECTED: list[tuple[object, ...]] = [
    ("T", "PUT", OK),
    ("T", "GET", S),
    ("T", "GET", FA),
    ("V", "0.27.1"),  # "version running on version v0.27.1", spaces, no JSON
    ("T", "PUT", S),
    ("T", "PUT", OK),
    ("T", "PUT", OK),
    ("T", "PUT", S),
    ("T", "PUT", OK),
    *[("T", "PUT", S), ("T", "PUT", OK)] * 3,  # 10-15: +0300 millisecond times, TABs
    ("T", "PUT", S),
    ("T", "PUT_REPAIR", S),  # 17-18: caller column
    ("T", "PUT_REPAIR", CA),
    ("T", "GET", S),
    ("T", "GET", FA),
    ("T", "GET", S),
    ("T", "PUT", S),
    ("T", "PUT", OK),
    ("T", "GET", S),
    ("T", "GET", FA),
    ("T", "GET", S),
    ("O", "DEBUG", "retain", "About to move piece to trash"),
    ("T", "GET_AUDIT", S),
    ("F", Walker.USED_SPACE, JobPhase.STARTED),  # v1.79 "lazyfilewalker" logger
    ("O", "INFO", "lazyfilewalker", "subprocess started"),
    ("O", "INFO", "lazyfilewalker.subprocess.used-space-filewalker", "Database started"),
    ("F", Walker.USED_SPACE, JobPhase.COMPLETED),
    ("F", Walker.USED_SPACE, JobPhase.STARTED),
    ("P",),
    ("F", Walker.GC, JobPhase.STARTED),
    ("O", "INFO", "lazyfilewalker.gc-filewalker", "subprocess started"),
    ("O", "DEBUG", "retain", "About to move piece to trash"),
    ("O", "DEBUG", "retain", "About to move piece to trash"),
    ("R", RetainPhase.COMPLETED),
    ("F", Walker.USED_SPACE, JobPhase.STARTED),
    ("F", Walker.USED_SPACE, JobPhase.STARTED),
    ("O", "INFO", "lazyfilewalker.used-space-filewalker", "subprocess started"),
    ("O", "INFO", "lazyfilewalker.used-space-filewalker.subprocess", "Database started"),
    ("F", Walker.USED_SPACE, JobPhase.STARTED),
    ("F", Walker.USED_SPACE, JobPhase.COMPLETED),
    ("F", Walker.USED_SPACE, JobPhase.STARTED),
    ("F", Walker.USED_SPACE, JobPhase.COMPLETED),
    ("O", "INFO", "", "Configuration loaded"),  # 48-57: updater, 4 columns
    *[("O", "INFO", "", "Invalid configuration file key")] * 9,
    ("T", "GET", S),  # "SatelliteID" (2019)
    *[("U",)] * 4,
    *[("T", "GET", OK)] * 3,  # no satellite field at all (2019)
    ("T", "PUT", FA),
    ("O", "INFO", "", "Configuration loaded from: /app/config/config.yaml"),
    (
        "O",
        "FATAL",
        "",
        "file or directory not found error: open identity/identity.cert: no such file or directory",
    ),
    ("T", "PUT", FA),  # docker logs -t prefix
]


def _check(record: object, expected: tuple[object, ...]) -> None:
    kind = expected[0]
    if kind == "T":
        assert isinstance(record, Transfer)
        assert (record.action, record.status) == expected[1:]
    elif kind == "O":
        assert isinstance(record, OtherLine)
        assert (record.level, record.logger, record.message) == expected[1:]
    elif kind == "V":
        assert isinstance(record, VersionInfo)
        assert record.version == expected[1]
    elif kind == "F":
        assert isinstance(record, Filewalker)
        assert (record.walker, record.phase) == expected[1:]
    elif kind == "R":
        assert isinstance(record, Retain)
        assert record.phase == expected[1]
    elif kind == "P":
        assert isinstance(record, PingFailure)
    elif kind == "U":
        assert isinstance(record, UploadRejected)
    else:  # pragma: no cover - table typo
        pytest.fail(f"unknown expectation {expected}")


def _historical_cases() -> list[object]:
    """One case per line, named after the issue the index says it came from."""
    lines = fixture_lines(HISTORICAL)
    with fixture_path("historical_2019-2024_from_issues.index.tsv").open(encoding="utf-8") as index:
        ranges = list(csv.DictReader(index, delimiter="\t"))
    assert len(lines) == len(HISTORICAL_EXPECTED) == int(ranges[-1]["last_line"])
    cases = []
    for row in ranges:
        source = row["source"].removeprefix("https://github.com/")
        for number in range(int(row["first_line"]), int(row["last_line"]) + 1):
            cases.append(
                pytest.param(
                    lines[number - 1], HISTORICAL_EXPECTED[number - 1], id=f"{number}-{source}"
                )
            )
    return cases


@pytest.mark.parametrize(("line", "expected"), _historical_cases())
def test_historical_line(line: str, expected: tuple[object, ...]) -> None:
    """Format drift 2019-2024: spaces vs TABs, caller column, docker prefix, old keys."""
    _check(parse_line(line), expected)


def test_historical_details() -> None:
    """The values that differ between eras come out right."""
    records = [parse_line(line) for line in fixture_lines(HISTORICAL)]
    first, second = records[0], records[9]
    assert isinstance(first, Transfer)
    assert first.time == pytest.approx(1576599767.423)  # 2019-12-17T16:22:47.423Z
    assert first.satellite == "118UWpMCHzs6CvSgWd9BfFVjw5K9pZbJjkfZJexMtSkmKxvvAW"
    assert isinstance(second, Transfer)
    assert second.time == pytest.approx(1579591878.010)  # 2020-01-21T10:31:18.010+0300
    missing = records[19]
    assert isinstance(missing, Transfer)
    assert missing.error == "file does not exist"
    assert records[22] == Transfer(
        time=1659760396.112,
        action="PUT",
        status=OK,
        satellite="12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S",
        piece_id="NMZHCO4U2O2AMA5P56OWYVUAJKYL5ARKOJIRVZ4YXYF3EQJCWL2Q",
        remote_address="",
        size=2319360,
        error="",
        level="INFO",
    )
    ping = records[33]
    assert isinstance(ping, PingFailure)
    assert (ping.satellite, ping.attempts) == (
        "1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE",
        4,
    )
    assert "connection timed out" in ping.error
    retain = records[38]
    assert isinstance(retain, Retain)
    assert (retain.deleted_pieces, retain.pieces_count) == (614702, 33022028)
    assert retain.duration == pytest.approx(6 * 3600 + 51 * 60 + 0.498222511)
    walker = records[44]
    assert isinstance(walker, Filewalker)
    assert walker.duration == pytest.approx(6 * 3600 + 33 * 60 + 38.100032256)
    assert walker.satellite == "1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE"
    old_style = records[57]
    assert isinstance(old_style, Transfer)
    assert old_style.satellite == "118UWpMCHzs6CvSgWd9BfFVjw5K9pZbJjkfZJexMtSkmKxvvAW"
    docker = records[68]
    assert isinstance(docker, Transfer)
    assert docker.time == pytest.approx(1554999734.771)  # the node's time, not docker's
    assert docker.error.startswith("piecestore protocol: rpc error")


# v1.137.5 sample: what each message must become (the file groups lines by kind).
V137_KINDS: dict[str, object] = {
    "upload started": S,
    "uploaded": OK,
    "upload canceled": CA,
    "upload failed": FA,
    "download started": S,
    "downloaded": OK,
    "download canceled": CA,
    "download failed": FA,
    "node scores updated": Reputation,
    "node scores worsened": Reputation,
    "Running on allowed version.": VersionInfo,
    "Allowed minimum version from control server.": VersionInfo,
    "New bloomfilter is received": RetainPhase.BLOOMFILTER_RECEIVED,
    "Retain job queued": RetainPhase.QUEUED,
    "Prepared to run a Retain request.": RetainPhase.PREPARED,
    "Moved pieces to trash during retain": RetainPhase.COMPLETED,
    "emptying trash started": (TrashEmpty, JobPhase.STARTED),
    "emptying trash finished": (TrashEmpty, JobPhase.COMPLETED),
    "beginning compaction": CompactionPhase.STARTED,
    "hashtbl rewritten": CompactionPhase.REWRITTEN,
    "finished compaction": CompactionPhase.FINISHED,
    "starting subprocess": (Filewalker, JobPhase.STARTED),
    "subprocess finished successfully": (Filewalker, JobPhase.COMPLETED),
    "trash-filewalker completed": TrashFreed,
}


def _v137_cases() -> list[object]:
    lines = fixture_lines(V137)
    assert len(lines) == 182
    return [pytest.param(line, id=f"line{number}") for number, line in enumerate(lines[:-1], 1)]


@pytest.mark.parametrize("line", _v137_cases())
def test_v137_line(line: str) -> None:
    """Each line of the real v1.137.5 DEBUG sample, checked against its own columns and JSON."""
    time_text, level, logger, message, fields_text = line.split("\t")
    fields = json.loads(fields_text)
    record = parse_line(line)
    assert record is not None
    expected = V137_KINDS.get(message.strip())
    if isinstance(expected, TransferStatus):
        assert isinstance(record, Transfer)
        assert record.status is expected
        assert record.action == fields["Action"]
        assert record.piece_id == fields["Piece ID"]
        assert record.satellite == fields["Satellite ID"]
        assert record.remote_address == fields["Remote Address"]
        assert record.size == fields.get("Size", 0)
        assert record.level == level
        if expected is FA:
            assert record.error == fields["error"]
        if expected is CA and "reason" in fields:
            assert record.error == fields["reason"]
        if record.action == "GET_AUDIT" and expected is FA:
            assert record.audit_failure is not None
    elif expected is Reputation:
        assert isinstance(record, Reputation)
        assert record.satellite == fields["Satellite ID"]
        assert record.total_audits == fields["Total Audits"]
        assert record.successful_audits == fields["Successful Audits"]
        assert record.online_score == fields["Online Score"]
        assert record.worsened is (level == "WARN")
    elif expected is VersionInfo:
        assert isinstance(record, VersionInfo)
        assert record.version == fields.get("Version", fields.get("Minimum Version"))
        assert record.minimum is ("Minimum Version" in fields)
    elif isinstance(expected, RetainPhase):
        assert isinstance(record, Retain)
        assert record.phase is expected
        assert record.satellite == fields.get("Satellite ID", fields.get("satellite"))
    elif isinstance(expected, CompactionPhase):
        assert isinstance(record, Compaction)
        assert record.phase is expected
        assert (record.satellite, record.store) == (fields["satellite"], fields["store"])
    elif expected is TrashFreed:
        # Re-logged subprocess line, Title-era keys (trash_filewalker.go:103 @ 5dbec64f5a).
        assert record == TrashFreed(
            record.time, fields["satelliteID"], fields["bytesDeleted"], fields["numKeysDeleted"]
        )
    elif isinstance(expected, tuple):
        kind, phase = expected
        assert isinstance(record, kind)
        assert record.phase is phase  # type: ignore[attr-defined]
    else:
        assert record == OtherLine(record.time, level, logger, message, fields.get("error", ""))
    assert record.time is not None
    assert record.time % 1 == 0  # v1.84+: whole seconds
    assert time_text.endswith("-07:00")


def test_v137_garbage_and_values() -> None:
    """The pasted shell prompt is not a line; compaction and trash values are converted."""
    lines = fixture_lines(V137)
    assert parse_line(lines[-1]) is None
    records = [parse_line(line) for line in lines]
    rewritten = [
        r for r in records if isinstance(r, Compaction) and r.phase is CompactionPhase.REWRITTEN
    ]
    assert [(r.rewritten_bytes, r.reclaimed_bytes) for r in rewritten] == [
        (0, 0),
        (int(548.6 * 2**20), int(1.3 * 2**30)),
        (int(0.8 * 2**30), int(1.0 * 2**30)),
    ]
    finished = [
        r for r in records if isinstance(r, Compaction) and r.phase is CompactionPhase.FINISHED
    ]
    assert [r.duration for r in finished] == pytest.approx(
        [0.100031853, 26.051478463, 68.935185195]
    )
    trash = [r for r in records if isinstance(r, TrashEmpty) and r.phase is JobPhase.COMPLETED]
    assert [r.duration for r in trash] == pytest.approx([0.346279855, 0.275119746, 0.277482258])
    audits = [r for r in records if isinstance(r, Transfer) and r.action == "GET_AUDIT"]
    assert {r.status for r in audits} == {S, OK, CA}
    gc = [r for r in records if isinstance(r, Filewalker) and r.walker is Walker.GC]
    assert [r.phase for r in gc] == [JobPhase.STARTED, JobPhase.COMPLETED]
    trash_walker = [
        r for r in records if isinstance(r, Filewalker) and r.walker is Walker.TRASH_CLEANUP
    ]
    assert len(trash_walker) == 6


def test_v142_docker_lines() -> None:
    """4-column updater lines and the last Title Case version (v1.142.7)."""
    records = [parse_line(line) for line in fixture_lines(V142)]
    assert records[0] == VersionInfo(1766330304.0, "1.142.7", "storagenode", False)
    assert records[2] == VersionInfo(1766330304.0, "1.142.7", "storagenode-updater", False)
    assert records[1] == OtherLine(1766330304.0, "INFO", "", "Version is up to date", "")
    transfers = [r for r in records if isinstance(r, Transfer)]
    assert [(t.action, t.status, t.size) for t in transfers] == [
        ("PUT", OK, 32512),
        ("GET_AUDIT", OK, 256),
        ("GET", CA, 7936),
        ("PUT", CA, 2293760),
    ]
    assert (
        transfers[2].error
        == "downloaded size (0 bytes) does not match received message size (7936 bytes)"
    )
    assert all(isinstance(r, OtherLine) and r.message == "finished" for r in records[8:])


def test_json_encoder_line() -> None:
    """log.encoding: json (2021, milliseconds, no Process field)."""
    (line,) = fixture_lines(JSONL)
    assert parse_line(line) == Transfer(
        time=1612453670.24,
        action="GET",
        status=S,
        satellite="1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE",
        piece_id="H5MHLOAWQBOZKVABCF5SXROFFON2HSKZNSMFJSICIRDEFNRKZVBA",
        remote_address="",
        size=0,
        error="",
        level="INFO",
    )


def test_audit_failure_split() -> None:
    """successrate.sh: GET_AUDIT failed + 'file does not exist' is critical, else recoverable."""
    base = (
        '2025-10-06T00:00:14Z\tERROR\tpiecestore\tdownload failed\t{"Piece ID": "P", '
        '"Satellite ID": "S", "Action": "GET_AUDIT", "Offset": 0, "Size": 256, '
        '"Remote Address": "1.2.3.4:5", "error": "%s"}'
    )
    critical = parse_line(base % "file does not exist")
    recoverable = parse_line(base % "write: broken pipe")
    assert isinstance(critical, Transfer)
    assert isinstance(recoverable, Transfer)
    assert critical.audit_failure is AuditFailure.CRITICAL
    assert recoverable.audit_failure is AuditFailure.RECOVERABLE
    assert parse_line((base % "x").replace("GET_AUDIT", "GET")).audit_failure is None  # type: ignore[union-attr]
