"""Turn one storage-node log line into a record, fast, and never raise.

Handles every format in ``shared/reference/storj_logs.md``: console and JSON encoders, Title Case
(<= v1.145) and snake_case (>= v1.146) keys, millisecond and second timestamps, TAB- or
space-separated columns, the caller column, 4-column root-logger lines, a ``docker logs -t``
prefix, duplicate keys (the last wins, like the node's own JSON readers) and lines without time.
``parse_line`` returns ``None`` for anything that is not a log line (stack frames, prompts, ...).

Speed: most lines are piecestore transfers. ``parse_line`` first tries a fast path: a ``split``
of the head (or nothing, for the JSON encoder), one ``orjson`` decode, a dict dispatch on the
message and a record built from a few C-level lookups; timestamps are cached because
consecutive lines share their (second-resolution) time. Whatever the fast path is not sure of
(an unusual line, a rare message, an unexpected type) it hands to the general parser below,
which builds every record from the standard library's decoder, as before: ``orjson`` turns
integers beyond 64 bits into floats, so a fast-path value is used only when it has the exact
type expected, and the results are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache, partial
import json
from operator import itemgetter
import re
from typing import Any, cast

import orjson

from .records import (
    GET,
    GET_AUDIT,
    GET_REPAIR,
    PUT,
    PUT_REPAIR,
    Compaction,
    CompactionPhase,
    ContactWarning,
    DiskSpaceIssue,
    DiskSpaceWarning,
    Filewalker,
    JobPhase,
    LogRecord,
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
    VersionOutdated,
    Walker,
)

type Fields = dict[str, Any]

LEVELS = frozenset({"DEBUG", "INFO", "WARN", "ERROR", "DPANIC", "PANIC", "FATAL"})
_ACTIONS = {action: action for action in (GET, PUT, GET_AUDIT, GET_REPAIR, PUT_REPAIR)}
_UPLOAD_PREFIX = "upload"

_TRANSFER_MESSAGES: dict[str, TransferStatus] = {
    "upload started": TransferStatus.STARTED,
    "uploaded": TransferStatus.SUCCESS,
    "upload canceled": TransferStatus.CANCELED,
    "upload canceled (race lost or node shutdown)": TransferStatus.CANCELED,
    "upload failed": TransferStatus.FAILED,
    "download started": TransferStatus.STARTED,
    "downloaded": TransferStatus.SUCCESS,
    "download canceled": TransferStatus.CANCELED,
    "download canceled (race lost or node shutdown)": TransferStatus.CANCELED,
    "download failed": TransferStatus.FAILED,
}

# Loggers that may be followed by a single space when TABs were expanded to spaces.
_KNOWN_LOGGERS = frozenset(
    {
        "bandwidth",
        "collector",
        "db",
        "hashstore",
        "orders",
        "pieces",
        "piecestore",
        "preflight",
        "retain",
        "trust",
        "version",
    }
)
_COLUMN_GAP = re.compile(r"\t| {2,}")
_JSON = json.JSONDecoder()
_SCAN: Callable[[str, int], tuple[Any, int]] = _JSON.scan_once  # type: ignore[attr-defined]


@lru_cache(maxsize=512)
def _whole_seconds(text: str) -> float | None:
    if not text[:1].isdigit():
        return None
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


# Whole-second times seen lately: a plain dict lookup costs less than the LRU cache's call.
_TIMES: dict[str, float | None] = {}
_TIMES_MAX = 4096


def parse_timestamp(text: str) -> float | None:
    """POSIX seconds of a zap time (``2025-10-06T00:00:14-07:00``, ``…04.710+0100``, ``…Z``)."""
    if len(text) > 20 and text[19] == ".":
        # Sub-second times (<= v1.83, docker -t) differ on every line: cache the whole
        # second with its zone and add the fraction.
        end = len(text) - len(text[20:].lstrip("0123456789"))
        whole = _whole_seconds(text[:19] + text[end:])
        return None if whole is None else whole + float(text[19:end])
    value = _whole_seconds(text)
    if len(_TIMES) >= _TIMES_MAX:
        _TIMES.clear()
    _TIMES[text] = value
    return value


_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?)(ns|us|µs|μs|ms|s|m|h)")
_DURATION_UNITS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}


def parse_go_duration(value: object) -> float | None:
    """Seconds of a Go duration string (``6h51m0.49s``, ``346.27ms``, ``162.8µs``)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if not isinstance(value, str):
        return float(value) / 1e9  # zap.Duration in a numeric encoder: nanoseconds
    parts = _DURATION_PART.findall(value)
    if not parts or "".join(number + unit for number, unit in parts) != value.lstrip("-"):
        return None
    seconds = sum(float(number) * _DURATION_UNITS[unit] for number, unit in parts)
    return -seconds if value.startswith("-") else seconds


_SIZE_UNITS = {
    "B": 1,
    "KiB": 1 << 10,
    "MiB": 1 << 20,
    "GiB": 1 << 30,
    "TiB": 1 << 40,
    "PiB": 1 << 50,
    "EiB": 1 << 60,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "TB": 10**12,
    "PB": 10**15,
    "EB": 10**18,
}


def parse_human_bytes(value: object) -> int:
    """Bytes of a ``memory.Size`` text (``548.6 MiB``, ``0 B``) or a plain number; 0 if unknown."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int | float):
        return int(value)
    if not isinstance(value, str):
        return 0
    number, _, unit = value.strip().partition(" ")
    try:
        return int(float(number) * _SIZE_UNITS.get(unit or "B", 0))
    except ValueError:
        return 0


def _int(value: object) -> int:
    if type(value) is int:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return 0


def _float(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value)


def _str(value: object) -> str:
    if type(value) is str:
        return value
    return "" if value is None else str(value)


def _get(fields: Fields, title: str, snake: str) -> Any:
    value = fields.get(title)
    return fields.get(snake) if value is None else value


def _satellite(fields: Fields) -> str:
    for key in ("Satellite ID", "satellite_id", "satelliteID", "SatelliteID", "satellite", "sat"):
        value = fields.get(key)
        if value is not None:
            return _str(value)
    return ""


def _error(fields: Fields) -> str:
    return _str(fields.get("error") or fields.get("Error") or "")


# --- per-message handlers ---------------------------------------------------------------------

type Handler = Callable[[float | None, str, str, str, Fields], LogRecord | None]


# NamedTuple.__new__ is a Python-level function; building the tuple directly is ~3x cheaper.
_new_transfer = cast(Callable[[tuple[Any, ...]], Transfer], partial(tuple.__new__, Transfer))


def _transfer(
    time: float | None, level: str, message: str, status: TransferStatus, fields: Fields
) -> LogRecord | None:
    if not fields:
        return None  # a transfer line cut before its fields tells nothing countable
    if status is TransferStatus.CANCELED and level == "DEBUG":
        # v1.86+: the DEBUG "download canceled" that follows "... (race lost or node shutdown)".
        return OtherLine(time, level, "piecestore", message, _error(fields))
    get = fields.get
    piece = get("Piece ID")
    if piece is not None:
        satellite = get("Satellite ID")
        action = get("Action")
        size = get("Size", 0)
        remote = get("Remote Address", "")
    else:
        piece = get("piece_id", "")
        satellite = get("satellite_id")
        action = get("action")
        size = get("size", 0)
        remote = get("remote_address", "")
    if type(satellite) is not str:
        satellite = _satellite(fields)
    if action is None:  # 2019 lines: customer traffic without an Action field
        action = PUT if message.startswith(_UPLOAD_PREFIX) else GET
    action = _ACTIONS.get(action) or _str(action)
    error = ""
    if status is TransferStatus.FAILED:
        error = _error(fields)
    elif status is TransferStatus.CANCELED:
        error = _str(get("reason") or get("error") or "")
    return _new_transfer(
        (
            time,
            action,
            status,
            satellite,
            piece if type(piece) is str else _str(piece),
            remote if type(remote) is str else _str(remote),
            size if type(size) is int else _int(size),
            error,
            level,
        )
    )


def _upload_rejected(
    time: float | None, _level: str, _logger: str, _message: str, _fields: Fields
) -> LogRecord:
    return UploadRejected(time)


def _reputation(
    time: float | None, _level: str, _logger: str, message: str, fields: Fields
) -> LogRecord:
    return Reputation(
        time,
        _satellite(fields),
        _int(_get(fields, "Total Audits", "total_audits")),
        _int(_get(fields, "Successful Audits", "successful_audits")),
        _float(_get(fields, "Audit Score", "audit_score")),
        _float(_get(fields, "Online Score", "online_score")),
        _float(_get(fields, "Suspension Score", "suspension_score")),
        message.endswith("worsened"),
    )


def _ping_failed(
    time: float | None, _level: str, _logger: str, _message: str, fields: Fields
) -> LogRecord:
    return PingFailure(time, _satellite(fields), _int(fields.get("attempts")), _error(fields))


def _version_running(
    time: float | None, _level: str, _logger: str, _message: str, fields: Fields
) -> LogRecord:
    version = _str(_get(fields, "Version", "version")).lstrip("v")
    return VersionInfo(time, version, "storagenode", False, True)


def _version_minimum(
    time: float | None, _level: str, _logger: str, _message: str, fields: Fields
) -> LogRecord:
    version = _str(_get(fields, "Minimum Version", "minimum_version")).lstrip("v")
    return VersionInfo(time, version, "storagenode", True)


def _version_binary(
    time: float | None, _level: str, _logger: str, _message: str, fields: Fields
) -> LogRecord:
    # storagenode-updater: "Current binary version" {Service, Version}
    version = _str(_get(fields, "Version", "version")).lstrip("v")
    service = _str(_get(fields, "Service", "service")) or "storagenode"
    return VersionInfo(time, version, service, False)


def _version_legacy(
    time: float | None, level: str, logger: str, message: str, _fields: Fields
) -> LogRecord:
    # 2019: "version running on version v0.27.1" (no fields)
    version = message.rpartition(" ")[2].lstrip("v")
    if not version[:1].isdigit():
        return OtherLine(time, level, logger, message, "")
    return VersionInfo(time, version, "storagenode", False)


def _retain_step(phase: RetainPhase) -> Handler:
    def handle(
        time: float | None, _level: str, _logger: str, _message: str, fields: Fields
    ) -> LogRecord:
        return Retain(
            time,
            _satellite(fields),
            phase,
            _int(_get(fields, "Deleted pieces", "deleted_pieces")),
            _int(_get(fields, "Pieces count", "pieces_count")),
            parse_go_duration(_get(fields, "Duration", "duration")),
            _error(fields),
        )

    return handle


def _used_space(phase: JobPhase) -> Handler:
    def handle(
        time: float | None, _level: str, _logger: str, _message: str, fields: Fields
    ) -> LogRecord:
        duration = parse_go_duration(_get(fields, "Duration", "duration"))
        step = phase
        if phase is JobPhase.FAILED and _get(fields, "Lazy File Walker", "lazy_file_walker"):
            # The lazy walker failed; the node now walks in-process (store.go:783-790).
            step = JobPhase.FALLBACK
        satellite = _satellite(fields)
        return Filewalker(time, Walker.USED_SPACE, step, satellite, duration, _error(fields))

    return handle


def _lazy_fallback(walker: Walker) -> Handler:
    # "lazyfilewalker failed" (GC, store.go:636) and the pre-v1.106 "failed to lazywalk space
    # used by satellite": the in-process walker takes over.
    def handle(
        time: float | None, _level: str, _logger: str, _message: str, fields: Fields
    ) -> LogRecord:
        return Filewalker(time, walker, JobPhase.FALLBACK, _satellite(fields), None, _error(fields))

    return handle


def _trash_freed(
    time: float | None, _level: str, _logger: str, _message: str, fields: Fields
) -> LogRecord:
    # Re-logged from the subprocess (zapwrapper.go: numbers come back as float64).
    return TrashFreed(
        time,
        _satellite(fields),
        _int(_get(fields, "bytesDeleted", "bytes_deleted")),
        _int(_get(fields, "numKeysDeleted", "num_keys_deleted")),
    )


def _version(value: object) -> str:
    return _str(value).lstrip("v")


def _version_outdated(
    time: float | None, _level: str, _logger: str, _message: str, fields: Fields
) -> LogRecord:
    return VersionOutdated(
        time,
        _version(_get(fields, "current version", "current_version")),
        _version(_get(fields, "minimum allowed version", "minimum_allowed_version")),
    )


_OUTDATED_VERSION = re.compile(r"outdated software version \(v?([^)]*)\)")


def _version_outdated_error(
    time: float | None, _level: str, _logger: str, _message: str, fields: Fields
) -> LogRecord:
    match = _OUTDATED_VERSION.search(_error(fields))
    return VersionOutdated(time, match.group(1) if match else "", "")


def _contact_warning(
    time: float | None, _level: str, _logger: str, _message: str, fields: Fields
) -> LogRecord:
    return ContactWarning(time, _satellite(fields), _error(fields))


def _disk_space(issue: DiskSpaceIssue) -> Handler:
    def handle(
        time: float | None, _level: str, _logger: str, _message: str, fields: Fields
    ) -> LogRecord:
        return DiskSpaceWarning(time, issue, _int(fields.get("bytes")))

    return handle


def _trash(phase: JobPhase) -> Handler:
    def handle(
        time: float | None, _level: str, _logger: str, _message: str, fields: Fields
    ) -> LogRecord:
        duration = parse_go_duration(fields.get("elapsed"))
        return TrashEmpty(time, _satellite(fields), phase, duration, _error(fields))

    return handle


def _compaction(phase: CompactionPhase) -> Handler:
    def handle(
        time: float | None, _level: str, _logger: str, _message: str, fields: Fields
    ) -> LogRecord:
        error = _error(fields)
        step = CompactionPhase.FAILED if error and phase is CompactionPhase.FINISHED else phase
        return Compaction(
            time,
            _satellite(fields),
            _str(fields.get("store", "")),
            step,
            parse_go_duration(fields.get("duration")),
            parse_human_bytes(_get(fields, "rewritten bytes", "rewritten_bytes")),
            parse_human_bytes(_get(fields, "reclaimed bytes", "reclaimed_bytes")),
            error,
        )

    return handle


_HANDLERS: dict[str, Handler] = {
    "upload rejected, too many requests": _upload_rejected,
    "node scores updated": _reputation,
    "node scores worsened": _reputation,
    "ping satellite failed": _ping_failed,
    "Running on allowed version.": _version_running,
    "Allowed minimum version from control server.": _version_minimum,
    "Current binary version": _version_binary,
    "New bloomfilter is received": _retain_step(RetainPhase.BLOOMFILTER_RECEIVED),
    "Retain job queued": _retain_step(RetainPhase.QUEUED),
    "Prepared to run a Retain request.": _retain_step(RetainPhase.PREPARED),
    "Moved pieces to trash during retain": _retain_step(RetainPhase.COMPLETED),
    "retain pieces failed": _retain_step(RetainPhase.FAILED),
    "used-space-filewalker started": _used_space(JobPhase.STARTED),
    "used-space-filewalker completed": _used_space(JobPhase.COMPLETED),
    "used-space-filewalker failed": _used_space(JobPhase.FAILED),
    "emptying trash started": _trash(JobPhase.STARTED),
    "emptying trash finished": _trash(JobPhase.COMPLETED),
    "emptying trash failed": _trash(JobPhase.FAILED),
    "beginning compaction": _compaction(CompactionPhase.STARTED),
    "hashtbl rewritten": _compaction(CompactionPhase.REWRITTEN),
    "finished compaction": _compaction(CompactionPhase.FINISHED),
    "compaction failed": _compaction(CompactionPhase.FAILED),
    "lazyfilewalker failed": _lazy_fallback(Walker.GC),
    "failed to lazywalk space used by satellite": _lazy_fallback(Walker.USED_SPACE),
    "trash-filewalker completed": _trash_freed,
    "version not allowed/outdated": _version_outdated,
    "outdated software version": _version_outdated_error,
    "Your node is still considered to be online but encountered an error.": _contact_warning,
    "Disk space is less than requested. Allocated space is": _disk_space(
        DiskSpaceIssue.LESS_THAN_REQUESTED
    ),
    "Used more space than allocated. Allocated space is": _disk_space(DiskSpaceIssue.OVERUSED),
    "Total disk space is less than required minimum": _disk_space(DiskSpaceIssue.BELOW_MINIMUM),
    "Total disk space (minus reserved bytes) is less than required minimum": _disk_space(
        DiskSpaceIssue.BELOW_MINIMUM
    ),
}

# Supervisor messages of lazyfilewalker.<walker> loggers (lazyfilewalker/process.go:50-88).
_LAZY_PHASES: dict[str, JobPhase] = {
    "starting subprocess": JobPhase.STARTED,
    "subprocess finished successfully": JobPhase.COMPLETED,
    "subprocess exited with error": JobPhase.FAILED,
    "subprocess exited with status": JobPhase.FAILED,  # INFO, with the exit "status"
    "failed to start subprocess": JobPhase.FAILED,
}
# Walkers whose subprocess failure hands over to the in-process walker (store.go:783-790 and
# :632-639); the trash cleanup has no fallback (store.go:485-491).
_FALLS_BACK = frozenset({Walker.USED_SPACE, Walker.GC})
_LAZY_WALKERS: dict[str, Walker] = {
    "lazyfilewalker": Walker.USED_SPACE,  # v1.79-era: the used-space walker was the only one
    "lazyfilewalker.used-space-filewalker": Walker.USED_SPACE,
    "lazyfilewalker.gc-filewalker": Walker.GC,
    "lazyfilewalker.trash-cleanup-filewalker": Walker.TRASH_CLEANUP,
}


def _classify(
    time: float | None, level: str, logger: str, message: str, fields: Fields
) -> LogRecord | None:
    status = _TRANSFER_MESSAGES.get(message)
    if status is not None:
        return _transfer(time, level, message, status, fields)
    handler = _HANDLERS.get(message)
    if handler is not None:
        return handler(time, level, logger, message, fields)
    walker = _LAZY_WALKERS.get(logger)
    if walker is not None:
        phase = _LAZY_PHASES.get(message)
        if phase is not None:
            if phase is JobPhase.FAILED and walker in _FALLS_BACK:
                phase = JobPhase.FALLBACK
            return Filewalker(time, walker, phase, _satellite(fields), None, _error(fields))
    if logger == "version" and message.startswith("running on version"):
        return _version_legacy(time, level, logger, message, fields)
    return OtherLine(time, level, logger, message, _error(fields))


# --- line splitting ---------------------------------------------------------------------------


def _split_spaced(head: str) -> tuple[str, str, str, str] | None:
    """Columns of a head whose TABs were expanded to spaces (pasted logs)."""
    tokens = head.split(None, 2)
    if len(tokens) == 3 and tokens[1][:1].isdigit():  # docker logs -t prefix
        tokens = tokens[1:2] + tokens[2].split(None, 1)
    if len(tokens) < 3:
        return None
    time_text, level, rest = tokens
    if level not in LEVELS and time_text in LEVELS:  # STORJ_LOG_NOTIME
        time_text, level, rest = "", time_text, f"{level} {rest}"
    columns = _COLUMN_GAP.split(rest.strip())
    if len(columns) == 1:
        word, _, remainder = columns[0].partition(" ")
        if remainder and (word in _KNOWN_LOGGERS or ":" in word[:-1] or "." in word):
            return time_text, level, word, remainder
        return time_text, level, "", columns[0]
    return time_text, level, columns[0], columns[-1]


def _parse_json_line(line: str, start: int) -> LogRecord | None:
    document, _ = _JSON.raw_decode(line, start)
    if not isinstance(document, dict):
        return None
    get = document.get
    level = get("L")
    message = get("M")
    if level not in LEVELS or type(message) is not str:
        return None
    time_text = get("T")
    time = parse_timestamp(time_text) if type(time_text) is str else None
    if time is None and time_text is not None:
        return None
    logger = get("N", "")
    return _classify(time, level, logger if type(logger) is str else "", message.strip(), document)


def _parse(line: str) -> LogRecord | None:
    if line[:2] == '{"':
        return _parse_json_line(line, 0)
    # Fast path: the usual five TAB-separated columns, fields last.
    parts = line.split("\t", 4)
    if len(parts) == 5 and parts[1] in LEVELS and parts[4][:2] == '{"':
        time_text, level, logger, message, fields_text = parts
        try:
            # The C scanner directly: `raw_decode` adds a Python frame per line.
            fields = _SCAN(fields_text, 0)[0]
        except StopIteration, ValueError:
            return _parse_general(line)  # fields cut off: the columns still say something
        time = parse_timestamp(time_text)
        if time is not None and type(fields) is dict:
            if message[-1:] == " ":
                message = message.rstrip()
            return _classify(time, level, logger, message, fields)
    return _parse_general(line)


def _parse_general(line: str) -> LogRecord | None:
    brace = line.find('{"')
    if brace == 0:
        return _parse_json_line(line, 0)
    if brace > 0:
        head = line[:brace]
        try:
            fields = _JSON.raw_decode(line, brace)[0]
        except ValueError:
            fields = {}  # fields cut off or mangled: keep what the head says
        if not isinstance(fields, dict):
            fields = {}
    else:
        head = line
        fields = {}
    parts = head.rstrip().split("\t")
    count = len(parts)
    if count >= 3:
        time_text = parts[0]
        level = parts[1]
        if level not in LEVELS:
            if time_text not in LEVELS:
                return None
            time_text, level, parts = "", time_text, ["", *parts]  # STORJ_LOG_NOTIME
            count += 1
        if " " in time_text:  # docker logs -t prefix
            time_text = time_text.rpartition(" ")[2]
        if count == 3:
            logger, message = "", parts[2]
        else:
            logger, message = parts[2], parts[-1]  # a caller column may sit in between
    else:
        columns = _split_spaced(head)
        if columns is None:
            if "M" in fields and "L" in fields:  # docker logs -t prefix before a JSON line
                return _parse_json_line(line, brace)
            return None
        time_text, level, logger, message = columns
        if level not in LEVELS:
            return None
    time = parse_timestamp(time_text) if time_text else None
    if time is None and time_text:
        return None
    return _classify(time, level, logger, message.strip(), fields)


# --- fast path ---------------------------------------------------------------------------------

_fast_loads: Callable[[str | bytes], Any] = orjson.loads
_HEAD_KEYS = itemgetter("L", "M", "T", "N")
# The four fields every transfer line has, in one call (Title Case <= v1.145, snake_case after).
_TITLE_FIELDS = itemgetter("Piece ID", "Satellite ID", "Action", "Remote Address")
_SNAKE_FIELDS = itemgetter("piece_id", "satellite_id", "action", "remote_address")


# Values orjson may read otherwise than the standard decoder: a float may have been an integer
# beyond 64 bits; a nested value may hold one.
_UNSURE_TYPES = frozenset({float, dict, list})


class _NotSureError(Exception):
    """The fast path cannot build this record exactly: the general parser will."""


def fast_head(line: str) -> tuple[float, str, str, str, Fields]:
    """Time, level, logger, message and fields of a line of the usual shape.

    Raises `_NotSureError` (or any error of the decoder) for anything else: the general
    parser decides those. Shared by `parse_line` and the statistics' fused path.
    """
    if line[:2] == '{"':
        fields = _fast_loads(line)
        level, message, time_text, logger = _HEAD_KEYS(fields)
        if not (level in LEVELS and type(message) is type(time_text) is type(logger) is str):
            raise _NotSureError
        message = message.strip()
    else:
        time_text, level, logger, message, fields_text = line.split("\t", 4)
        if level not in LEVELS or fields_text[:2] != '{"':
            raise _NotSureError
        fields = _fast_loads(fields_text)
        if message[-1:] == " ":
            message = message.rstrip()
    time = _TIMES.get(time_text)
    if time is None:
        time = parse_timestamp(time_text)
        if time is None:
            raise _NotSureError
    return time, level, logger, message, fields


def fast_transfer_fields(
    level: str, status: TransferStatus, fields: Fields
) -> tuple[str, str, str, str, int, str]:
    """Piece, satellite, action (as written), remote address, size and error of a transfer.

    Raises `_NotSureError` where the record could differ from the general parser's.
    """
    try:
        piece, satellite, action, remote = _TITLE_FIELDS(fields)
        size = fields.get("Size", 0)
    except KeyError:
        if "Piece ID" in fields:
            raise _NotSureError from None  # some Title Case keys only
        try:
            piece, satellite, action, remote = _SNAKE_FIELDS(fields)
        except KeyError:
            raise _NotSureError from None
        size = fields.get("size", 0)
    if status is TransferStatus.SUCCESS or status is TransferStatus.STARTED:
        error = ""
    elif status is TransferStatus.FAILED:
        error = fields.get("error") or fields.get("Error") or ""
    else:  # canceled at INFO (the DEBUG echo is an OtherLine: `_fast_classify`)
        error = fields.get("reason") or fields.get("error") or ""
    if not (
        type(piece) is type(satellite) is type(action) is type(remote) is type(error) is str
        and type(size) is int
    ):
        raise _NotSureError  # e.g. a float that was an integer beyond 64 bits
    return piece, satellite, action, remote, size, error


def _fast_transfer(time: float, level: str, status: TransferStatus, fields: Fields) -> LogRecord:
    piece, satellite, action, remote, size, error = fast_transfer_fields(level, status, fields)
    return _new_transfer(
        (time, _ACTIONS.get(action) or action, status, satellite, piece, remote, size, error, level)
    )


def _fast_classify(
    time: float, level: str, logger: str, message: str, fields: Fields
) -> LogRecord | None:
    status = _TRANSFER_MESSAGES.get(message)
    if status is not None:
        if status is not TransferStatus.CANCELED or level != "DEBUG":
            return _fast_transfer(time, level, status, fields)
        logger = "piecestore"  # v1.86+: the DEBUG echo of a canceled download (`_transfer`)
    elif message in _HANDLERS or logger in _LAZY_WALKERS or logger == "version":
        # Lines with their own record read numbers as well: orjson reads an integer beyond
        # 64 bits as a float where the standard decoder keeps the integer, so any float (or
        # nested value) goes the general way; otherwise both decoders give the same fields.
        if not _UNSURE_TYPES.isdisjoint(map(type, fields.values())):
            raise _NotSureError
        return _classify(time, level, logger, message, fields)
    error = fields.get("error") or fields.get("Error") or ""
    if type(error) is not str:
        raise _NotSureError
    return OtherLine(time, level, logger, message, error)


def parse_line(line: str) -> LogRecord | None:
    """Classify one log line; ``None`` when it is not a storage-node log line. Never raises."""
    try:
        line = line.rstrip("\r\n")
        try:
            time, level, logger, message, fields = fast_head(line)
            return _fast_classify(time, level, logger, message, fields)
        except Exception:
            # Not the usual shape (not 5 columns, JSON orjson refused, a JSON line or transfer
            # without the usual keys, an unexpected type): the general parser decides.
            return _parse(line)
    except Exception:  # a hostile or broken line must never stop the stream
        return None


_LEVELS_BY_BYTES: dict[bytes, str] = {level.encode(): level for level in LEVELS}
# Whole-second times by their bytes (the import reads bytes): POSIX seconds, None if invalid.
_BYTE_TIMES: dict[bytes, float | None] = {}


def _byte_time(text: bytes) -> float | None:
    time = _BYTE_TIMES.get(text, -1.0)
    if time == -1.0:
        time = parse_timestamp(text.decode())
        if len(_BYTE_TIMES) >= _TIMES_MAX:
            _BYTE_TIMES.clear()
        _BYTE_TIMES[text] = time
    return time


def parse_line_bytes(line: bytes) -> LogRecord | None:
    """`parse_line` of a line read as bytes, decoded as UTF-8 with replacement; never raises.

    The fast path reads the bytes directly (no decode of the whole line); anything else is
    decoded and goes through `parse_line`, so the result is the same.
    """
    try:
        line = line.rstrip(b"\r\n")
        if line[:2] == b'{"':
            document = _fast_loads(line)
            level, message, time_text, logger = _HEAD_KEYS(document)
            if level in LEVELS and type(message) is type(time_text) is type(logger) is str:
                time = _TIMES.get(time_text)
                if time is None:
                    time = parse_timestamp(time_text)
                if time is not None:
                    return _fast_classify(time, level, logger, message.strip(), document)
        else:
            parts = line.split(b"\t", 4)
            if len(parts) == 5:
                time_bytes, level_bytes, logger_bytes, message_bytes, fields_text = parts
                level = _LEVELS_BY_BYTES.get(level_bytes)
                if level is not None and fields_text[:2] == b'{"':
                    fields = _fast_loads(fields_text)
                    time = _byte_time(time_bytes)
                    if time is not None:
                        message = message_bytes.decode()
                        if message[-1:] == " ":
                            message = message.rstrip()
                        return _fast_classify(time, level, logger_bytes.decode(), message, fields)
    except Exception:  # noqa: S110 - not sure (or not valid UTF-8): the general way
        pass
    return parse_line(line.decode("utf-8", "replace"))
