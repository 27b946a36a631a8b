"""Lines as the storage node's Go code writes them, each cited ``file:line @ 5dbec64f5a``.

Every site is written four ways: console and JSON encoder, Title Case keys (<= v1.145) and
snake_case keys (>= v1.146, storj/storj 7d89b49dad "all: Homogenize zap fields"). Keys and
messages come from ``git show 5dbec64f5a:<file>`` and ``git show 7d89b49dad^:<file>``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields as dataclass_fields
import json
from typing import Any

import pytest

from custom_components.storj_monitor.logs.parser import parse_line
from custom_components.storj_monitor.logs.records import (
    Compaction,
    CompactionPhase,
    ContactWarning,
    DiskSpaceIssue,
    DiskSpaceWarning,
    Filewalker,
    JobPhase,
    LogRecord,
    PingFailure,
    Retain,
    RetainPhase,
    TrashEmpty,
    TrashFreed,
    VersionInfo,
    VersionOutdated,
    Walker,
)
from custom_components.storj_monitor.logs.stats import LogSnapshot, LogStatistics

SAT = "12L9ZFwhzVpuEKMUNUqkaTLGzwY9G24tbiigLiXpmZWKwmcNDDs"
SAT2 = "1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE"
T = "2025-10-06T21:20:52-07:00"
ERR = "lazyfilewalker: exit status 1"

type Pairs = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Site:
    """One Go log call: its fields in both key eras (pairs: zap keeps duplicates)."""

    go: str
    level: str
    logger: str  # "" = the unnamed root logger (no logger column, no "N")
    message: str
    title: Pairs
    snake: Pairs
    expected: LogRecord  # with time None


def _fields_json(pairs: Pairs, *, compact: bool) -> str:
    separators = (",", ":") if compact else (", ", ": ")
    dumps = json.JSONEncoder(ensure_ascii=False, separators=separators).encode
    sep_item, sep_key = separators
    return sep_item.join(f"{dumps(key)}{sep_key}{dumps(value)}" for key, value in pairs)


def console(level: str, logger: str, message: str, pairs: Pairs, time: str = T) -> str:
    """zap console encoder: TAB columns, fields JSON with ", " and ": "."""
    columns = [time, level, *([logger] if logger else []), message]
    return "\t".join(columns) + "\t{" + _fields_json(pairs, compact=False) + "}"


def json_line(level: str, logger: str, message: str, pairs: Pairs, time: str = T) -> str:
    """zap JSON encoder with the keys of storj.io/common/process/logging.go."""
    head: Pairs = (("L", level), ("T", time), *((("N", logger),) if logger else ()))
    return "{" + _fields_json((*head, ("M", message), *pairs), compact=True) + "}"


def variants(site: Site) -> Iterator[tuple[str, str]]:
    """The site's line in the four encodings, with a label."""
    for era, pairs, process in (
        ("title", site.title, "Process"),
        ("snake", site.snake, "process"),
    ):
        full = ((process, "storagenode"), *pairs)
        yield f"{era}-console", console(site.level, site.logger, site.message, full)
        yield f"{era}-json", json_line(site.level, site.logger, site.message, full)


SITES: tuple[Site, ...] = (
    Site(
        "storagenode/pieces/store.go:777",
        "INFO",
        "pieces",
        "used-space-filewalker started",
        (("Satellite ID", SAT),),
        (("satellite_id", SAT),),
        Filewalker(None, Walker.USED_SPACE, JobPhase.STARTED, SAT, None, ""),
    ),
    Site(
        "storagenode/pieces/store.go:783",  # lazy walker failed: the node falls back
        "ERROR",
        "pieces",
        "used-space-filewalker failed",
        (("Satellite ID", SAT), ("Lazy File Walker", True), ("error", ERR)),
        (("satellite_id", SAT), ("lazy_file_walker", True), ("error", ERR)),
        Filewalker(None, Walker.USED_SPACE, JobPhase.FALLBACK, SAT, None, ERR),
    ),
    Site(
        "storagenode/pieces/store.go:792",  # the in-process walker failed too: the run is over
        "ERROR",
        "pieces",
        "used-space-filewalker failed",
        (("Satellite ID", SAT), ("Lazy File Walker", False), ("error", "context canceled")),
        (("satellite_id", SAT), ("lazy_file_walker", False), ("error", "context canceled")),
        Filewalker(None, Walker.USED_SPACE, JobPhase.FAILED, SAT, None, "context canceled"),
    ),
    Site(
        "storagenode/pieces/store.go:800",
        "INFO",
        "pieces",
        "used-space-filewalker completed",
        (
            ("Satellite ID", SAT),
            ("Lazy File Walker", False),
            ("Total Pieces Size", 20239669504),
            ("Total Pieces Content Size", 20225746688),
            ("Total Pieces Count", 27193),
            ("Duration", "6h33m38.1s"),
        ),
        (
            ("satellite_id", SAT),
            ("lazy_file_walker", False),
            ("total_pieces_size", 20239669504),
            ("total_pieces_content_size", 20225746688),
            ("total_pieces_count", 27193),
            ("duration", "6h33m38.1s"),
        ),
        Filewalker(None, Walker.USED_SPACE, JobPhase.COMPLETED, SAT, 23618.1, ""),
    ),
    Site(
        "storagenode/pieces/store.go:636",  # GC: no satellite field, falls back (store.go:639)
        "ERROR",
        "pieces",
        "lazyfilewalker failed",
        (("error", ERR),),
        (("error", ERR),),
        Filewalker(None, Walker.GC, JobPhase.FALLBACK, "", None, ERR),
    ),
    Site(
        "storagenode/pieces/lazyfilewalker/process.go:83 (gc, supervisor.go:161)",
        "ERROR",
        "lazyfilewalker.gc-filewalker",
        "subprocess exited with error",
        (("satelliteID", SAT), ("error", "signal: killed")),
        (("satellite_id", SAT), ("error", "signal: killed")),
        Filewalker(None, Walker.GC, JobPhase.FALLBACK, SAT, None, "signal: killed"),
    ),
    Site(
        "storagenode/pieces/lazyfilewalker/process.go:81 (used-space, supervisor.go:131)",
        "INFO",  # INFO, not ERROR
        "lazyfilewalker.used-space-filewalker",
        "subprocess exited with status",
        (("satelliteID", SAT), ("status", 1), ("error", "exit status 1")),
        (("satellite_id", SAT), ("status", 1), ("error", "exit status 1")),
        Filewalker(None, Walker.USED_SPACE, JobPhase.FALLBACK, SAT, None, "exit status 1"),
    ),
    Site(
        "storagenode/pieces/lazyfilewalker/process.go:81 (trash, supervisor.go:193)",
        "INFO",
        "lazyfilewalker.trash-cleanup-filewalker",
        "subprocess exited with status",
        (("satelliteID", SAT), ("status", 1), ("error", "exit status 1")),
        (("satellite_id", SAT), ("status", 1), ("error", "exit status 1")),
        Filewalker(None, Walker.TRASH_CLEANUP, JobPhase.FAILED, SAT, None, "exit status 1"),
    ),
    Site(
        "cmd/storagenode/internalcmd/trash_filewalker.go:103 (re-logged, zapwrapper.go:82)",
        "INFO",
        "lazyfilewalker.trash-cleanup-filewalker.subprocess",
        "trash-filewalker completed",
        (
            ("satelliteID", SAT),
            ("Process", "storagenode"),
            ("bytesDeleted", 7340032),
            ("numKeysDeleted", 12),
        ),
        (
            ("satellite_id", SAT),
            ("num_keys_deleted", 12),
            ("process", "storagenode"),
            ("bytes_deleted", 7340032),
        ),
        TrashFreed(None, SAT, 7340032, 12),
    ),
    Site(
        "storagenode/pieces/trashchore.go:88",  # no satellite field
        "ERROR",
        "pieces:trash",
        "emptying trash failed",
        (("error", "pieces error: filestore error: context canceled"),),
        (("error", "pieces error: filestore error: context canceled"),),
        TrashEmpty(
            None, "", JobPhase.FAILED, None, "pieces error: filestore error: context canceled"
        ),
    ),
    Site(
        "storagenode/pieces/trashrunner.go:64",  # key "satellite" in both eras
        "ERROR",
        "",
        "emptying trash failed",
        (("error", "no space"), ("satellite", SAT)),
        (("error", "no space"), ("satellite", SAT)),
        TrashEmpty(None, SAT, JobPhase.FAILED, None, "no space"),
    ),
    Site(
        "storagenode/retain/retain.go:299",  # no satellite field
        "ERROR",
        "retain",
        "retain pieces failed",
        (("cachePath", "/app/config/retain"), ("error", "retain: context canceled")),
        (("cache_path", "/app/config/retain"), ("error", "retain: context canceled")),
        Retain(None, "", RetainPhase.FAILED, 0, 0, None, "retain: context canceled"),
    ),
    Site(
        "storagenode/retain/retain.go:406",
        "INFO",
        "retain",
        "Prepared to run a Retain request.",
        (
            ("cachePath", "/app/config/retain"),
            ("Created Before", "2025-10-03T14:56:00Z"),
            ("Filter Size", 1187031),
            ("Satellite ID", SAT),
        ),
        (
            ("cache_path", "/app/config/retain"),
            ("created_before", "2025-10-03T14:56:00Z"),
            ("filter_size", 1187031),
            ("satellite_id", SAT),
        ),
        Retain(None, SAT, RetainPhase.PREPARED, 0, 0, None, ""),
    ),
    Site(
        "storagenode/retain/retain.go:445",
        "INFO",
        "retain",
        "Moved pieces to trash during retain",
        (
            ("Deleted pieces", 41),
            ("Failed to delete", 0),
            ("Pieces failed to read", 0),
            ("Pieces count", 90210),
            ("Satellite ID", SAT),
            ("Duration", "2m0.5s"),
            ("Retain Status", "enabled"),
        ),
        (
            ("deleted_pieces", 41),
            ("failed_to_delete", 0),
            ("pieces_failed_to_read", 0),
            ("pieces_count", 90210),
            ("satellite_id", SAT),
            ("duration", "2m0.5s"),
            ("retain_status", "enabled"),
        ),
        Retain(None, SAT, RetainPhase.COMPLETED, 41, 90210, 120.5, ""),
    ),
    Site(
        "storagenode/hashstore/store.go:851",  # error set: the store's compaction failed
        "INFO",
        "hashstore",
        "finished compaction",
        (
            ("satellite", SAT),
            ("store", "s0"),
            ("duration", "1.5s"),
            ("error", "hashstore: context canceled"),
            ("stats", {"NumLogs": 11, "LenLogs": "3.7 GiB"}),
        ),
        (
            ("satellite", SAT),
            ("store", "s0"),
            ("duration", "1.5s"),
            ("error", "hashstore: context canceled"),
            ("stats", {"NumLogs": 11, "LenLogs": "3.7 GiB"}),
        ),
        Compaction(
            None, SAT, "s0", CompactionPhase.FAILED, 1.5, 0, 0, "hashstore: context canceled"
        ),
    ),
    Site(
        "storagenode/hashstore/db.go:640",  # the DB logger: satellite (backend.go:246), no store
        "ERROR",
        "hashstore",
        "compaction failed",
        (("satellite", SAT), ("error", "hashstore: context canceled")),
        (("satellite", SAT), ("error", "hashstore: context canceled")),
        Compaction(
            None, SAT, "", CompactionPhase.FAILED, None, 0, 0, "hashstore: context canceled"
        ),
    ),
    Site(
        "private/version/checker/service.go:140",  # WARN: visible at INFO
        "WARN",
        "version",
        "version not allowed/outdated",
        (("current version", "1.120.4"), ("minimum allowed version", "v1.136.4")),
        (("current_version", "v1.120.4"), ("minimum_allowed_version", "v1.136.4")),
        VersionOutdated(None, "1.120.4", "1.136.4"),
    ),
    Site(
        "storagenode/version/chore.go:117 (error text: checker/service.go:81)",
        "ERROR",
        "version:chore",
        "outdated software version",
        (("error", "version checker: outdated software version (v1.120.4), please update"),),
        (("error", "version checker: outdated software version (v1.120.4), please update"),),
        VersionOutdated(None, "1.120.4", ""),
    ),
    Site(
        "private/version/checker/service.go:137",
        "DEBUG",
        "version",
        "Running on allowed version.",
        (("Version", "1.137.5"),),
        (("version", "v1.137.5"),),
        VersionInfo(None, "1.137.5", "storagenode", False, True),
    ),
    Site(
        "private/version/checker/service.go:134",
        "DEBUG",
        "version",
        "Allowed minimum version from control server.",
        (("Minimum Version", "1.136.4"),),
        (("minimum_version", "v1.136.4"),),
        VersionInfo(None, "1.136.4", "storagenode", True),
    ),
    Site(
        "storagenode/contact/service.go:236",
        "WARN",
        "contact:service",
        "Your node is still considered to be online but encountered an error.",
        (("Satellite ID", SAT), ("Error", "ping back through QUIC failed")),
        (("satellite_id", SAT), ("error", "ping back through QUIC failed")),
        ContactWarning(None, SAT, "ping back through QUIC failed"),
    ),
    Site(
        "storagenode/contact/service.go:174",  # trailing space in the message
        "ERROR",
        "contact:service",
        "ping satellite failed ",
        (("Satellite ID", SAT), ("attempts", 4), ("error", "ping satellite: timed out")),
        (("satellite_id", SAT), ("attempts", 4), ("error", "ping satellite: timed out")),
        PingFailure(None, SAT, 4, "ping satellite: timed out"),
    ),
    Site(
        "storagenode/monitor/shared.go:139",  # root logger (peer.go:647): no logger column
        "WARN",
        "",
        "Disk space is less than requested. Allocated space is",
        (("bytes", 1_900_000_000_000),),
        (("bytes", 1_900_000_000_000),),
        DiskSpaceWarning(None, DiskSpaceIssue.LESS_THAN_REQUESTED, 1_900_000_000_000),
    ),
    Site(
        "storagenode/monitor/shared.go:132",
        "WARN",
        "",
        "Used more space than allocated. Allocated space is",
        (("bytes", 2_000_000_000_000),),
        (("bytes", 2_000_000_000_000),),
        DiskSpaceWarning(None, DiskSpaceIssue.OVERUSED, 2_000_000_000_000),
    ),
    Site(
        "storagenode/monitor/shared.go:144",
        "ERROR",
        "",
        "Total disk space is less than required minimum",
        (("bytes", 500_000_000_000),),
        (("bytes", 500_000_000_000),),
        DiskSpaceWarning(None, DiskSpaceIssue.BELOW_MINIMUM, 500_000_000_000),
    ),
    Site(
        "storagenode/monitor/dedicated.go:49",
        "ERROR",
        "",
        "Total disk space (minus reserved bytes) is less than required minimum",
        (("bytes", 500_000_000_000),),
        (("bytes", 500_000_000_000),),
        DiskSpaceWarning(None, DiskSpaceIssue.BELOW_MINIMUM, 500_000_000_000),
    ),
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(line, site.expected, id=f"{site.go} {label}")
        for site in SITES
        for label, line in variants(site)
    ],
)
def test_go_site_parses(line: str, expected: LogRecord) -> None:
    """Each Go call site, in all four encodings, becomes the record it means."""
    record = parse_line(line)
    assert record is not None
    assert record.time is not None
    assert record._replace(time=None) == expected


# --- statistics over runs of real lines ----------------------------------------------------


def _at(second: int) -> str:
    return f"2025-10-06T21:{20 + second // 60:02d}:{second % 60:02d}-07:00"


def _feed(stats: LogStatistics, *lines: tuple[int, str, str, str, Pairs]) -> None:
    for second, level, logger, message, pairs in lines:
        stats.feed_line(
            console(level, logger, message, (("Process", "storagenode"), *pairs), _at(second))
        )


def _no_empty_satellite(snapshot: LogSnapshot) -> None:
    """No mapping of the snapshot has a satellite key ``""`` (or ``"/<store>"``)."""
    for item in dataclass_fields(snapshot):
        value = getattr(snapshot, item.name)
        if not isinstance(value, Mapping):
            continue
        for key, inner in value.items():
            assert key != "", item.name
            assert not str(key).startswith("/"), item.name
            if isinstance(inner, Mapping):
                assert "" not in inner, item.name


def test_trash_failure_without_satellite_belongs_to_running_job() -> None:
    """trashchore.go:84/:88: one trash job at a time; its failure names no satellite."""
    stats = LogStatistics()
    _feed(
        stats,
        (0, "INFO", "pieces:trash", "emptying trash started", (("Satellite ID", SAT),)),
        (3, "ERROR", "pieces:trash", "emptying trash failed", (("error", "disk gone"),)),
    )
    snap = stats.snapshot()
    state = snap.trash[SAT]
    assert (state.failures, state.last_error, state.running_since) == (1, "disk gone", None)
    assert state.last_duration == 3.0
    _no_empty_satellite(snap)
    # Nothing running: the failure is counted, but for no satellite.
    _feed(stats, (9, "ERROR", "pieces:trash", "emptying trash failed", (("error", "x"),)))
    snap = stats.snapshot()
    assert snap.unattributed_failures == {"trash": 1}
    assert snap.trash[SAT].failures == 1
    _no_empty_satellite(snap)


def test_retain_failure_without_satellite_belongs_to_running_request() -> None:
    """retain.go:406 then retain.go:299 (no satellite): the prepared request failed."""
    stats = LogStatistics()
    _feed(
        stats,
        (0, "INFO", "retain", "Retain job queued", (("satellite_id", SAT2),)),
        (0, "INFO", "retain", "Prepared to run a Retain request.", (("satellite_id", SAT),)),
        (5, "ERROR", "retain", "retain pieces failed", (("error", "retain: boom"),)),
    )
    snap = stats.snapshot()
    assert (snap.retain[SAT].failures, snap.retain[SAT].last_error) == (1, "retain: boom")
    assert snap.retain[SAT].running_since is None
    assert snap.retain[SAT2].failures == 0
    _no_empty_satellite(snap)
    _feed(stats, (9, "ERROR", "retain", "retain pieces failed", (("error", "again"),)))
    snap = stats.snapshot()
    assert snap.unattributed_failures == {"retain": 1}
    _no_empty_satellite(snap)


def test_compaction_failure_logged_by_store_and_db_counts_once() -> None:
    """store.go:851 (store logger, with "store") then db.go:640 (DB logger): one failure."""
    stats = LogStatistics()
    error = (("error", "hashstore: context canceled"),)
    store = (("satellite", SAT), ("store", "s1"))
    _feed(
        stats,
        (0, "INFO", "hashstore", "beginning compaction", store),
        (4, "INFO", "hashstore", "finished compaction", (*store, ("duration", "4s"), *error)),
        (4, "ERROR", "hashstore", "compaction failed", (("satellite", SAT), *error)),
    )
    snap = stats.snapshot()
    assert set(snap.compaction) == {f"{SAT}/s1"}
    state = snap.compaction[f"{SAT}/s1"]
    assert (state.runs, state.failures, state.last_error) == (1, 1, error[0][1])
    # A DB-level failure that no store reported (pre-c000bffafd nodes) still counts.
    _feed(stats, (9, "ERROR", "hashstore", "compaction failed", (("satellite", SAT2), *error)))
    assert stats.snapshot().compaction[f"{SAT2}/"].failures == 1
    _no_empty_satellite(stats.snapshot())


def test_used_space_lazy_failure_falls_back_and_keeps_running() -> None:
    """store.go:777-800: lazy failure -> in-process walk; the run ends with its own result."""
    stats = LogStatistics()
    sat = (("Satellite ID", SAT),)
    lazy = "lazyfilewalker.used-space-filewalker"
    _feed(
        stats,
        (0, "INFO", "pieces", "used-space-filewalker started", sat),
        (0, "INFO", lazy, "starting subprocess", (("satelliteID", SAT),)),
        (2, "INFO", lazy, "subprocess exited with status", (("satelliteID", SAT), ("status", 1))),
        (
            2,
            "ERROR",
            "pieces",
            "used-space-filewalker failed",
            (*sat, ("Lazy File Walker", True), ("error", ERR)),
        ),
    )
    state = stats.snapshot().filewalkers["used-space"][SAT]
    assert state.running_since is not None
    assert (state.failures, state.completions, state.fallbacks) == (0, 0, 1)
    _feed(
        stats,
        (
            60,
            "INFO",
            "pieces",
            "used-space-filewalker completed",
            (*sat, ("Lazy File Walker", False), ("Duration", "1m0.25s")),
        ),
    )
    state = stats.snapshot().filewalkers["used-space"][SAT]
    assert (state.running_since, state.completions, state.failures) == (None, 1, 0)
    assert state.last_duration == 60.25
    # Second run: the in-process walker fails as well: now the run is over, one failure.
    _feed(
        stats,
        (100, "INFO", "pieces", "used-space-filewalker started", sat),
        (
            101,
            "ERROR",
            "pieces",
            "used-space-filewalker failed",
            (*sat, ("Lazy File Walker", True)),
        ),
        (
            130,
            "ERROR",
            "pieces",
            "used-space-filewalker failed",
            (*sat, ("Lazy File Walker", False)),
        ),
    )
    state = stats.snapshot().filewalkers["used-space"][SAT]
    assert (state.running_since, state.failures, state.fallbacks) == (None, 1, 2)


def test_gc_lazy_failure_runs_until_retain_ends() -> None:
    """process.go:83, store.go:636 (no satellite), fallback, then retain.go:445 ends it."""
    stats = LogStatistics()
    lazy = "lazyfilewalker.gc-filewalker"
    _feed(
        stats,
        (0, "INFO", "retain", "Prepared to run a Retain request.", (("Satellite ID", SAT),)),
        (0, "INFO", lazy, "starting subprocess", (("satelliteID", SAT),)),
        (1, "ERROR", lazy, "subprocess exited with error", (("satelliteID", SAT), ("error", "x"))),
        (1, "ERROR", "pieces", "lazyfilewalker failed", (("error", ERR),)),
    )
    snap = stats.snapshot()
    gc = snap.filewalkers["gc"][SAT]
    assert gc.running_since == _ts(0)
    assert (gc.failures, gc.fallbacks) == (0, 1)
    _no_empty_satellite(snap)
    _feed(
        stats,
        (
            50,
            "INFO",
            "retain",
            "Moved pieces to trash during retain",
            (("Deleted pieces", 3), ("Satellite ID", SAT), ("Duration", "50s")),
        ),
    )
    gc = stats.snapshot().filewalkers["gc"][SAT]
    assert (gc.running_since, gc.completions, gc.failures, gc.last_duration) == (None, 1, 0, 50.0)


def _ts(second: int) -> float:
    line = console("INFO", "x", "y", (), _at(second))
    record = parse_line(line)
    assert record is not None
    assert record.time is not None
    return record.time


def test_version_outdated_until_allowed() -> None:
    """checker/service.go:140 (WARN) + chore.go:117 (ERROR), cleared by :137."""
    stats = LogStatistics()
    assert stats.snapshot().version_outdated is False
    _feed(
        stats,
        (
            0,
            "WARN",
            "version",
            "version not allowed/outdated",
            (("current_version", "v1.120.4"), ("minimum_allowed_version", "v1.136.4")),
        ),
        (
            0,
            "ERROR",
            "version:chore",
            "outdated software version",
            (("error", "outdated software version (v1.120.4), please update"),),
        ),
    )
    snap = stats.snapshot()
    assert (snap.version_outdated, snap.version_outdated_at) == (True, _ts(0))
    assert (snap.node_version, snap.minimum_version) == ("1.120.4", "1.136.4")
    _feed(stats, (9, "DEBUG", "version", "Running on allowed version.", (("version", "v1.137.5"),)))
    snap = stats.snapshot()
    assert (snap.version_outdated, snap.node_version) == (False, "1.137.5")


def test_contact_warning_per_satellite() -> None:
    """contact/service.go:236: online, but the satellite reported an error."""
    stats = LogStatistics()
    message = "Your node is still considered to be online but encountered an error."
    pairs = (("Satellite ID", SAT), ("Error", "failed to ping back through QUIC"))
    _feed(stats, (0, "WARN", "contact:service", message, pairs))
    _feed(stats, (60, "WARN", "contact:service", message, pairs))
    snap = stats.snapshot()
    assert set(snap.contact_warnings) == {SAT}
    warning = snap.contact_warnings[SAT]
    assert (warning.count, warning.last_time) == (2, _ts(60))
    assert warning.last_error == "failed to ping back through QUIC"


def test_disk_space_fallback_exposed() -> None:
    """monitor/shared.go:139: allocation lowered to what the disk has."""
    stats = LogStatistics()
    _feed(
        stats,
        (0, "WARN", "", "Disk space is less than requested. Allocated space is", (("bytes", 5),)),
    )
    warning = stats.snapshot().disk_space_warnings[DiskSpaceIssue.LESS_THAN_REQUESTED]
    assert (warning.bytes, warning.time) == (5, _ts(0))


def test_trash_bytes_freed() -> None:
    """trash_filewalker.go:103, re-logged by the parent: bytes freed per satellite."""
    stats = LogStatistics()
    logger = "lazyfilewalker.trash-cleanup-filewalker.subprocess"
    for second, freed in ((0, 1000), (60, 500)):
        _feed(
            stats,
            (second, "INFO", "pieces:trash", "emptying trash started", (("Satellite ID", SAT),)),
            (
                second,
                "INFO",
                logger,
                "trash-filewalker completed",
                (("satelliteID", SAT), ("bytesDeleted", freed), ("numKeysDeleted", 2)),
            ),
        )
    state = stats.snapshot().trash[SAT]
    assert (state.last_bytes_freed, state.total_bytes_freed) == (500, 1500)
