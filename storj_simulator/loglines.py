"""Storage-node log lines, written exactly like a real node writes them.

Shapes follow the node's source and the real captures described in
``shared/reference/storj_logs.md``: zap's console encoder (TAB-separated columns, fields
as JSON with a space after ``:`` and ``,``) or its JSON encoder (compact, keys ``L``, ``T``,
``N``, ``M``),
Title Case field names up to v1.145 and snake_case from v1.146, millisecond ISO 8601 times up to
v1.83 and RFC 3339 seconds from v1.84. No v1.146+ line was ever captured, so snake_case lines are
derived from the source-level field renames.

Each event formats to exactly one line. ``generate_events`` yields a seeded, realistic mix.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
import json
import math
import random

from .zap import (
    Fields,
    FieldValue,
    RawJson,
    TimeFormat,
    encode_console,
    encode_json,
    format_time,
    go_duration,
)

__all__ = [
    "SATELLITES",
    "Action",
    "CompactionEvent",
    "CompactionPhase",
    "Encoder",
    "KeyStyle",
    "LazyFilewalkerEvent",
    "LogEvent",
    "LogStyle",
    "OtherLine",
    "Outcome",
    "Phase",
    "PingFailed",
    "RawJson",
    "ReputationUpdate",
    "RetainEvent",
    "RetainPhase",
    "TimeFormat",
    "TransferFinished",
    "TransferStarted",
    "TrashEmptyEvent",
    "UploadRejected",
    "UsedSpaceFilewalkerEvent",
    "VersionReport",
    "Walker",
    "chore_lines",
    "format_event",
    "format_events",
    "generate_events",
    "go_duration",
    "human_bytes",
    "is_logged",
]

# The four production satellites (IDs as they appear in real logs).
SATELLITES: tuple[str, ...] = (
    "121RTSDpyNZVcEU84Ticf2L1ntiuUimbWgfATz21tuvgk3vzoA6",
    "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S",
    "12L9ZFwhzVpuEKMUNUqkaTLGzwY9G24tbiigLiXpmZWKwmcNDDs",
    "1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE",
)


class Encoder(StrEnum):
    """``log.encoding`` of the node."""

    CONSOLE = "console"
    JSON = "json"


class KeyStyle(StrEnum):
    """Spelling of structured field names."""

    TITLE = "title"  # up to v1.145: "Piece ID", "Satellite ID", ...
    SNAKE = "snake"  # from v1.146: "piece_id", "satellite_id", ...


@dataclass(frozen=True, slots=True)
class LogStyle:
    """How a node of a given version and configuration writes its log."""

    encoder: Encoder = Encoder.CONSOLE
    keys: KeyStyle = KeyStyle.TITLE
    debug: bool = False
    time_format: TimeFormat = TimeFormat.SECONDS
    # Since v1.116 "upload started"/"download started" are DEBUG; before they were INFO.
    start_lines_debug: bool = True
    # Since v1.141 "hashtbl rewritten" carries "reclaim ratio" (storagenode/hashstore/store.go).
    reclaim_ratio: bool = False

    @classmethod
    def for_version(
        cls, version: str, *, encoder: Encoder = Encoder.CONSOLE, debug: bool = False
    ) -> LogStyle:
        """Return the style of node release ``version`` (e.g. ``"1.137.5"`` or ``"v1.146.0"``)."""
        major, minor = (int(part) for part in version.lstrip("v").split(".")[:2])
        release = (major, minor)
        return cls(
            encoder=encoder,
            keys=KeyStyle.SNAKE if release >= (1, 146) else KeyStyle.TITLE,
            debug=debug,
            time_format=TimeFormat.SECONDS if release >= (1, 84) else TimeFormat.MILLIS,
            start_lines_debug=release >= (1, 116),
            reclaim_ratio=release >= (1, 141),
        )


class Action(StrEnum):
    """Piece actions (``pb.PieceAction`` names) seen on transfer lines."""

    GET = "GET"
    PUT = "PUT"
    GET_AUDIT = "GET_AUDIT"
    GET_REPAIR = "GET_REPAIR"
    PUT_REPAIR = "PUT_REPAIR"

    @property
    def is_upload(self) -> bool:
        """Whether the node receives data for this action."""
        return self in (Action.PUT, Action.PUT_REPAIR)


class Outcome(StrEnum):
    """How a transfer ended."""

    SUCCESS = "success"
    CANCELED = "canceled"
    FAILED = "failed"


class Phase(StrEnum):
    """Phase of a background job (filewalker, trash emptying)."""

    STARTED = "started"
    COMPLETED = "completed"
    FAILED = "failed"


class Walker(StrEnum):
    """Lazy filewalker subprocess commands."""

    USED_SPACE = "used-space-filewalker"
    GC = "gc-filewalker"
    TRASH_CLEANUP = "trash-cleanup-filewalker"


class RetainPhase(StrEnum):
    """Steps of garbage collection (retain) for one bloom filter."""

    BLOOMFILTER_RECEIVED = "bloomfilter_received"
    QUEUED = "queued"
    PREPARED = "prepared"
    COMPLETED = "completed"
    FAILED = "failed"


class CompactionPhase(StrEnum):
    """Steps of a hashstore compaction run."""

    STARTED = "started"
    REWRITTEN = "rewritten"  # one "hashtbl rewritten" pass
    FINISHED = "finished"
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferStarted:
    """``upload started`` / ``download started``."""

    time: datetime
    action: Action
    piece_id: str
    satellite_id: str
    remote_address: str
    size: int = 0  # downloads: requested size
    offset: int = 0
    available_space: int = 14_478_332_563_968


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferFinished:
    """The final line of a transfer: uploaded/downloaded, canceled or failed."""

    time: datetime
    action: Action
    outcome: Outcome
    piece_id: str
    satellite_id: str
    remote_address: str
    size: int
    offset: int = 0
    error: str = ""  # failed transfers
    reason: str = "context canceled"  # canceled downloads


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadRejected:
    """``upload rejected, too many requests``."""

    time: datetime
    live_requests: int
    request_limit: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ReputationUpdate:
    """``node scores updated`` (INFO) or ``node scores worsened`` (WARN)."""

    time: datetime
    satellite_id: str
    total_audits: int
    successful_audits: int
    audit_score: float = 1.0
    online_score: float = 1.0
    suspension_score: float = 1.0
    audit_delta: float = 0.0
    online_delta: float = 0.0
    suspension_delta: float = 0.0
    worsened: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class PingFailed:
    """``ping satellite failed `` (note the trailing space the node really writes)."""

    time: datetime
    satellite_id: str
    attempts: int
    error: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionReport:
    """The running version, from the node (``Running on allowed version.``) or the updater."""

    time: datetime
    version: str  # "1.137.5"
    updater: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RetainEvent:
    """One line of garbage collection (bloom filter received ... pieces moved to trash)."""

    time: datetime
    phase: RetainPhase
    satellite_id: str
    created_before: datetime | None = None
    filter_size: int = 0
    deleted_pieces: int = 0
    pieces_count: int = 0
    duration: timedelta = timedelta()
    error: str = ""
    cache_path: str = "/app/config/retain"


@dataclass(frozen=True, slots=True, kw_only=True)
class LazyFilewalkerEvent:
    """Supervisor line of a lazy filewalker subprocess (logger ``lazyfilewalker.<walker>``)."""

    time: datetime
    walker: Walker
    phase: Phase
    satellite_id: str
    error: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class UsedSpaceFilewalkerEvent:
    """``used-space-filewalker started/completed/failed`` (logger ``pieces``)."""

    time: datetime
    phase: Phase
    satellite_id: str
    lazy: bool = True
    total_pieces_size: int = 0
    total_content_size: int = 0
    total_pieces_count: int = 0
    duration: timedelta = timedelta()
    error: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TrashEmptyEvent:
    """``emptying trash started/finished/failed`` (logger ``pieces:trash``)."""

    time: datetime
    phase: Phase
    satellite_id: str
    elapsed: timedelta = timedelta()
    error: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CompactionEvent:
    """One hashstore compaction line for a satellite's store ``s0``/``s1``."""

    time: datetime
    phase: CompactionPhase
    satellite_id: str
    store: str = "s0"
    duration: timedelta = timedelta()
    total_records: int = 0
    total_bytes: int = 0
    rewritten_records: int = 0
    rewritten_bytes: int = 0
    reclaimed_logs: int = 0
    reclaimed_bytes: int = 0
    error: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class OtherLine:
    """Any other line, given verbatim (fields in order; the process field is added)."""

    time: datetime
    level: str
    logger: str
    message: str
    fields: Mapping[str, FieldValue] = field(default_factory=dict)


type LogEvent = (
    TransferStarted
    | TransferFinished
    | UploadRejected
    | ReputationUpdate
    | PingFailed
    | VersionReport
    | RetainEvent
    | LazyFilewalkerEvent
    | UsedSpaceFilewalkerEvent
    | TrashEmptyEvent
    | CompactionEvent
    | OtherLine
)

# --- value formatting (Go/zap conventions) -------------------------------------------------


_BINARY_UNITS = ("EiB", "PiB", "TiB", "GiB", "MiB", "KiB")


def human_bytes(size: int) -> str:
    """Format like storj's ``memory.Size.String()``: ``548.6 MiB``, ``0.8 GiB``, ``0 B``."""
    if size == 0:
        return "0 B"
    for power, unit in zip(range(6, 0, -1), _BINARY_UNITS, strict=True):
        scale = 1 << (10 * power)
        if abs(size) >= scale * 2 / 3:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


# --- field names -----------------------------------------------------------------------------

# Title Case (<= v1.145) -> snake_case (>= v1.146); keys absent here keep their spelling.
_SNAKE: dict[str, str] = {
    "Process": "process",
    "Piece ID": "piece_id",
    "Satellite ID": "satellite_id",
    "Action": "action",
    "Remote Address": "remote_address",
    "Size": "size",
    "Offset": "offset",
    "Available Space": "available_space",
    "live requests": "live_requests",
    "requestLimit": "request_limit",
    "Total Audits": "total_audits",
    "Successful Audits": "successful_audits",
    "Audit Score": "audit_score",
    "Online Score": "online_score",
    "Suspension Score": "suspension_score",
    "Audit Score Delta": "audit_score_delta",
    "Online Score Delta": "online_score_delta",
    "Suspension Score Delta": "suspension_score_delta",
    "cachePath": "cache_path",
    "Created Before": "created_before",
    "Filter Size": "filter_size",
    "Deleted pieces": "deleted_pieces",
    "Failed to delete": "failed_to_delete",
    "Pieces failed to read": "pieces_failed_to_read",
    "Pieces count": "pieces_count",
    "Duration": "duration",
    "Retain Status": "retain_status",
    "satelliteID": "satellite_id",
    "Lazy File Walker": "lazy_file_walker",
    "Total Pieces Size": "total_pieces_size",
    "Total Pieces Content Size": "total_pieces_content_size",
    "Total Pieces Count": "total_pieces_count",
    "Version": "version",
    "Service": "service",
    "Location": "location",
    "reclaim ratio": "reclaim_ratio",
    "total records": "total_records",
    "total bytes": "total_bytes",
    "rewritten records": "rewritten_records",
    "rewritten bytes": "rewritten_bytes",
    "trashed records": "trashed_records",
    "trashed bytes": "trashed_bytes",
    "restored records": "restored_records",
    "restored bytes": "restored_bytes",
    "expired records": "expired_records",
    "expired bytes": "expired_bytes",
    "reclaimed logs": "reclaimed_logs",
    "reclaimed bytes": "reclaimed_bytes",
}


@dataclass(frozen=True, slots=True)
class _Line:
    level: str
    logger: str  # "" for the unnamed root logger (4-column console lines)
    message: str
    fields: Fields


def _error_verbose(error: str, frame: str) -> str:
    return (
        f"{error}\n\tstorj.io/common/rpc/rpcstatus.Wrap:75\n\t{frame}"
        "\n\tstorj.io/drpc/drpcmux.(*Mux).HandleRPC:33"
        "\n\tstorj.io/drpc/drpcserver.(*Server).handleRPC:166"
    )


_UPLOAD_FRAME = "storj.io/storj/storagenode/piecestore.(*Endpoint).Upload:506"
_DOWNLOAD_FRAME = "storj.io/storj/storagenode/piecestore.(*Endpoint).Download:687"
# Client-side endings of an upload are logged at DEBUG (storagenode/piecestore/endpoint.go).
_QUIET_UPLOAD_ERRORS = ("unexpected EOF", "context canceled")
# isClientDisconnectError (storagenode/piecestore/endpoint.go): logged at WARN since v1.147.
_DISCONNECT_ERRORS = ("broken pipe", "connection reset by peer")


def _transfer_fields(event: TransferStarted | TransferFinished) -> Fields:
    fields: Fields = [
        ("Piece ID", event.piece_id),
        ("Satellite ID", event.satellite_id),
        ("Action", str(event.action)),
    ]
    if event.action.is_upload:
        fields.append(("Remote Address", event.remote_address))
    else:
        fields += [
            ("Offset", event.offset),
            ("Size", event.size),
            ("Remote Address", event.remote_address),
        ]
    return fields


def _transfer_started(event: TransferStarted, style: LogStyle) -> _Line:
    level = "DEBUG" if style.start_lines_debug else "INFO"
    fields = _transfer_fields(event)
    if event.action.is_upload:
        fields.append(("Available Space", event.available_space))
        return _Line(level, "piecestore", "upload started", fields)
    return _Line(level, "piecestore", "download started", fields)


def _upload_failed_level(error: str, style: LogStyle) -> str:
    # storagenode/piecestore/endpoint.go:347-358 @ 5dbec64f5a; WARN exists since v1.147 (the
    # snake_case era stands for the current release here).
    if any(text in error for text in _QUIET_UPLOAD_ERRORS):
        return "DEBUG"
    if style.keys is KeyStyle.SNAKE and any(text in error for text in _DISCONNECT_ERRORS):
        return "WARN"
    return "ERROR"


def _transfer_finished(event: TransferFinished, style: LogStyle) -> _Line:
    fields = _transfer_fields(event)
    if event.action.is_upload:
        fields.append(("Size", event.size))
        if event.outcome is Outcome.SUCCESS:
            return _Line("INFO", "piecestore", "uploaded", fields)
        if event.outcome is Outcome.CANCELED:
            return _Line("INFO", "piecestore", "upload canceled", fields)
        fields += [
            ("error", event.error),
            ("errorVerbose", _error_verbose(event.error, _UPLOAD_FRAME)),
        ]
        return _Line(
            _upload_failed_level(event.error, style), "piecestore", "upload failed", fields
        )
    if event.outcome is Outcome.SUCCESS:
        return _Line("INFO", "piecestore", "downloaded", fields)
    if event.outcome is Outcome.CANCELED:
        fields.append(("reason", event.reason))
        return _Line("INFO", "piecestore", "download canceled", fields)
    fields += [
        ("error", event.error),
        ("errorVerbose", _error_verbose(event.error, _DOWNLOAD_FRAME)),
    ]
    return _Line("ERROR", "piecestore", "download failed", fields)


def _upload_rejected(event: UploadRejected, _style: LogStyle) -> _Line:
    fields: Fields = [("live requests", event.live_requests), ("requestLimit", event.request_limit)]
    return _Line("INFO", "piecestore", "upload rejected, too many requests", fields)


def _reputation(event: ReputationUpdate, _style: LogStyle) -> _Line:
    fields: Fields = [
        ("Satellite ID", event.satellite_id),
        ("Total Audits", event.total_audits),
        ("Successful Audits", event.successful_audits),
        ("Audit Score", event.audit_score),
        ("Online Score", event.online_score),
        ("Suspension Score", event.suspension_score),
        ("Audit Score Delta", event.audit_delta),
        ("Online Score Delta", event.online_delta),
        ("Suspension Score Delta", event.suspension_delta),
    ]
    if event.worsened:
        return _Line("WARN", "reputation:service", "node scores worsened", fields)
    return _Line("INFO", "reputation:service", "node scores updated", fields)


def _ping_failed(event: PingFailed, _style: LogStyle) -> _Line:
    frame = "storj.io/storj/storagenode/contact.(*Service).pingSatelliteOnce:209"
    fields: Fields = [
        ("Satellite ID", event.satellite_id),
        ("attempts", event.attempts),
        ("error", event.error),
        ("errorVerbose", f"{event.error}\n\t{frame}"),
    ]
    return _Line("ERROR", "contact:service", "ping satellite failed ", fields)


def _version(event: VersionReport, style: LogStyle) -> _Line:
    if event.updater:
        fields: Fields = [("Service", "storagenode"), ("Version", f"v{event.version}")]
        return _Line("INFO", "", "Current binary version", fields)
    # private/version/checker/service.go:137: a semver Stringer (no "v") up to v1.145, VString()
    # (with "v") from v1.146.
    version = f"v{event.version}" if style.keys is KeyStyle.SNAKE else event.version
    return _Line("DEBUG", "version", "Running on allowed version.", [("Version", version)])


def _retain(event: RetainEvent, style: LogStyle) -> _Line:
    if event.phase is RetainPhase.BLOOMFILTER_RECEIVED:
        created = event.created_before or event.time
        fields: Fields = [
            ("satellite", event.satellite_id),
            ("creation", format_time(created.astimezone(UTC), TimeFormat.SECONDS)),
        ]
        return _Line("INFO", "piecestore", "New bloomfilter is received", fields)
    fields = [("cachePath", event.cache_path)]
    if event.phase is RetainPhase.QUEUED:
        fields.append(("Satellite ID", event.satellite_id))
        return _Line("INFO", "retain", "Retain job queued", fields)
    if event.phase is RetainPhase.PREPARED:
        created = event.created_before or event.time
        fields += [
            ("Created Before", format_time(created.astimezone(UTC), style.time_format)),
            ("Filter Size", event.filter_size),
            ("Satellite ID", event.satellite_id),
        ]
        return _Line("INFO", "retain", "Prepared to run a Retain request.", fields)
    if event.phase is RetainPhase.COMPLETED:
        fields += [
            ("Deleted pieces", event.deleted_pieces),
            ("Failed to delete", 0),
            ("Pieces failed to read", 0),
            ("Pieces count", event.pieces_count),
            ("Satellite ID", event.satellite_id),
            ("Duration", go_duration(event.duration)),
            ("Retain Status", "enabled"),
        ]
        return _Line("INFO", "retain", "Moved pieces to trash during retain", fields)
    # storagenode/retain/retain.go:299: only the error, no satellite.
    fields.append(("error", event.error))
    return _Line("ERROR", "retain", "retain pieces failed", fields)


def _lazy_filewalker(event: LazyFilewalkerEvent, _style: LogStyle) -> _Line:
    logger = f"lazyfilewalker.{event.walker}"
    fields: Fields = [("satelliteID", event.satellite_id)]
    if event.phase is Phase.STARTED:
        return _Line("INFO", logger, "starting subprocess", fields)
    if event.phase is Phase.COMPLETED:
        return _Line("INFO", logger, "subprocess finished successfully", fields)
    fields.append(("error", event.error))
    return _Line("ERROR", logger, "subprocess exited with error", fields)


def _used_space(event: UsedSpaceFilewalkerEvent, _style: LogStyle) -> _Line:
    fields: Fields = [("Satellite ID", event.satellite_id)]
    if event.phase is Phase.STARTED:
        return _Line("INFO", "pieces", "used-space-filewalker started", fields)
    fields.append(("Lazy File Walker", event.lazy))
    if event.phase is Phase.COMPLETED:
        fields += [
            ("Total Pieces Size", event.total_pieces_size),
            ("Total Pieces Content Size", event.total_content_size),
            ("Total Pieces Count", event.total_pieces_count),
            ("Duration", go_duration(event.duration)),
        ]
        return _Line("INFO", "pieces", "used-space-filewalker completed", fields)
    fields.append(("error", event.error))
    return _Line("ERROR", "pieces", "used-space-filewalker failed", fields)


def _trash(event: TrashEmptyEvent, _style: LogStyle) -> _Line:
    fields: Fields = [("Satellite ID", event.satellite_id)]
    if event.phase is Phase.STARTED:
        return _Line("INFO", "pieces:trash", "emptying trash started", fields)
    if event.phase is Phase.COMPLETED:
        fields.append(("elapsed", go_duration(event.elapsed)))
        return _Line("INFO", "pieces:trash", "emptying trash finished", fields)
    # storagenode/pieces/trashchore.go:88: only the error, no satellite.
    return _Line("ERROR", "pieces:trash", "emptying trash failed", [("error", event.error)])


def _stats_json(event: CompactionEvent) -> RawJson:
    stats = {
        "NumLogs": 11,
        "LenLogs": human_bytes(event.total_bytes),
        "Compacting": event.phase is CompactionPhase.STARTED,
        "Compactions": 1,
        "LogsRewritten": 0,
        "DataRewritten": human_bytes(event.rewritten_bytes),
        "DataReclaimed": human_bytes(event.reclaimed_bytes),
        "Table": {"NumSet": event.total_records, "LenSet": human_bytes(event.total_bytes)},
    }
    return RawJson(json.dumps(stats, separators=(",", ":")))


def _reclaim_ratio(event: CompactionEvent) -> float:
    # float64(reclaimed)/float64(rewritten) in Go: NaN or +Inf when nothing was rewritten.
    if event.rewritten_bytes:
        return event.reclaimed_bytes / event.rewritten_bytes
    return math.inf if event.reclaimed_bytes else math.nan


def _compaction(event: CompactionEvent, style: LogStyle) -> _Line:
    fields: Fields = [("satellite", event.satellite_id), ("store", event.store)]
    if event.phase is CompactionPhase.STARTED:
        fields.append(("stats", _stats_json(event)))
        return _Line("INFO", "hashstore", "beginning compaction", fields)
    if event.phase is CompactionPhase.REWRITTEN:
        fields += [
            ("duration", go_duration(event.duration)),
            ("total records", event.total_records),
            ("total bytes", human_bytes(event.total_bytes)),
            ("rewritten records", event.rewritten_records),
            ("rewritten bytes", human_bytes(event.rewritten_bytes)),
            ("trashed records", 0),
            ("trashed bytes", "0 B"),
            ("restored records", 0),
            ("restored bytes", "0 B"),
            ("expired records", 0),
            ("expired bytes", "0 B"),
            ("reclaimed logs", event.reclaimed_logs),
            ("reclaimed bytes", human_bytes(event.reclaimed_bytes)),
        ]
        if style.reclaim_ratio or style.keys is KeyStyle.SNAKE:
            fields.append(("reclaim ratio", _reclaim_ratio(event)))
        return _Line("INFO", "hashstore", "hashtbl rewritten", fields)
    if event.phase is CompactionPhase.FINISHED:
        # storagenode/hashstore/store.go:851: duration, error (only when set), stats.
        fields.append(("duration", go_duration(event.duration)))
        if event.error:
            fields.append(("error", event.error))
        fields.append(("stats", _stats_json(event)))
        return _Line("INFO", "hashstore", "finished compaction", fields)
    # The DB's own report of the failure (storagenode/hashstore/db.go:640): its logger has the
    # satellite but no store.
    return _Line("ERROR", "hashstore", "compaction failed", [fields[0], ("error", event.error)])


def _other(event: OtherLine, _style: LogStyle) -> _Line:
    return _Line(event.level, event.logger, event.message, list(event.fields.items()))


def _to_line(event: LogEvent, style: LogStyle) -> _Line:
    match event:
        case TransferStarted():
            return _transfer_started(event, style)
        case TransferFinished():
            return _transfer_finished(event, style)
        case UploadRejected():
            return _upload_rejected(event, style)
        case ReputationUpdate():
            return _reputation(event, style)
        case PingFailed():
            return _ping_failed(event, style)
        case VersionReport():
            return _version(event, style)
        case RetainEvent():
            return _retain(event, style)
        case LazyFilewalkerEvent():
            return _lazy_filewalker(event, style)
        case UsedSpaceFilewalkerEvent():
            return _used_space(event, style)
        case TrashEmptyEvent():
            return _trash(event, style)
        case CompactionEvent():
            return _compaction(event, style)
        case OtherLine():
            return _other(event, style)


def is_logged(event: LogEvent, style: LogStyle) -> bool:
    """Whether a node with ``style`` writes this event (DEBUG lines need ``debug``)."""
    return style.debug or _to_line(event, style).level != "DEBUG"


def format_event(event: LogEvent, style: LogStyle) -> str:
    """Return the log line (without newline) the node writes for ``event``."""
    line = _to_line(event, style)
    process = "storagenode-updater" if isinstance(event, VersionReport) and event.updater else None
    fields: Fields = [("Process", process or "storagenode"), *line.fields]
    if style.keys is KeyStyle.SNAKE:
        fields = [(_SNAKE.get(key, key), value) for key, value in fields]
    stamp = format_time(event.time, style.time_format)
    encode = encode_json if style.encoder is Encoder.JSON else encode_console
    return encode(stamp, line.level, line.logger, line.message, fields)


def format_events(events: Iterable[LogEvent], style: LogStyle) -> Iterator[str]:
    """Format the events a node with ``style`` would log, skipping DEBUG ones unless enabled."""
    for event in events:
        if is_logged(event, style):
            yield format_event(event, style)


# --- realistic event mix ---------------------------------------------------------------------

_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# (action, weight) of transfer starts on a typical node.
_ACTION_WEIGHTS: tuple[tuple[Action, int], ...] = (
    (Action.GET, 40),
    (Action.PUT, 36),
    (Action.GET_AUDIT, 4),
    (Action.GET_REPAIR, 10),
    (Action.PUT_REPAIR, 10),
)
_UPLOAD_ERRORS = (
    "unexpected EOF",
    "context deadline exceeded",
    "manager closed: read tcp 10.0.17.120:28967->79.127.219.44:36566: read: operation timed out",
    "pieces error: filestore error: write blob-123.partial: no space left on device",
)
_DOWNLOAD_ERRORS = (
    "file does not exist",
    "write tcp 10.0.17.120:28967->156.146.43.230:35722: write: broken pipe",
    "manager closed: read tcp 10.0.17.120:28967->45.137.206.42:24665: read: connection reset",
)
_CANCEL_REASONS = (
    "context canceled",
    "stream closed by peer",
    "downloaded size (327680 bytes) does not match received message size (362496 bytes)",
)
_PING_ERROR = (
    "ping satellite: failed to ping storage node, your node indicated error code: 0, rpc: tcp "
    "connector failed: rpc: dial tcp 212.34.47.26:28967: connect: connection timed out"
)


@dataclass(slots=True)
class _InFlight:
    started: TransferStarted
    finish_after: int  # number of generated events after which the transfer ends


def _piece_id(rng: random.Random) -> str:
    return "".join(rng.choices(_BASE32, k=52))


def _remote_address(rng: random.Random, hosts: Sequence[str]) -> str:
    return f"{rng.choice(hosts)}:{rng.randint(1024, 65535)}"


def _hosts(rng: random.Random, count: int) -> list[str]:
    hosts = [
        f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        for _ in range(count)
    ]
    # A few IPv6 uplinks: the node logs them in brackets.
    hosts += [
        f"[2a01:4f8:{rng.randint(0, 0xFFFF):x}::{rng.randint(1, 0xFFFF):x}]"
        for _ in range(max(1, count // 20))
    ]
    return hosts


def _piece_size(rng: random.Random) -> int:
    # Segment pieces range from a few hundred bytes to ~2.3 MiB, skewed small.
    return min(2_319_360, max(256, int(rng.lognormvariate(11.0, 1.6))) // 256 * 256 or 256)


def _finish(rng: random.Random, started: TransferStarted, now: datetime) -> TransferFinished:
    roll = rng.random()
    outcome = Outcome.SUCCESS if roll < 0.9 else Outcome.CANCELED if roll < 0.96 else Outcome.FAILED
    upload = started.action.is_upload
    error = ""
    if outcome is Outcome.FAILED:
        error = rng.choice(_UPLOAD_ERRORS if upload else _DOWNLOAD_ERRORS)
    size = started.size
    if upload:
        size = _piece_size(rng) if outcome is Outcome.SUCCESS else rng.randint(0, 8) * 65_536
    return TransferFinished(
        time=now,
        action=started.action,
        outcome=outcome,
        piece_id=started.piece_id,
        satellite_id=started.satellite_id,
        remote_address=started.remote_address,
        size=size,
        offset=started.offset,
        error=error,
        reason=rng.choice(_CANCEL_REASONS),
    )


def _start(
    rng: random.Random, now: datetime, hosts: Sequence[str], satellites: Sequence[str]
) -> TransferStarted:
    actions, weights = zip(*_ACTION_WEIGHTS, strict=True)
    action = rng.choices(actions, weights)[0]
    size = 256 if action is Action.GET_AUDIT else _piece_size(rng)
    offset = rng.randint(0, 2_000_000) // 256 * 256 if action is Action.GET_AUDIT else 0
    return TransferStarted(
        time=now,
        action=action,
        piece_id=_piece_id(rng),
        satellite_id=rng.choice(satellites),
        remote_address=_remote_address(rng, hosts),
        size=0 if action.is_upload else size,
        offset=offset,
    )


def _background(rng: random.Random, now: datetime, satellites: Sequence[str]) -> list[LogEvent]:
    """A short burst of non-transfer lines: chores, GC, filewalkers, compaction, failures."""
    satellite = rng.choice(satellites)
    step = timedelta(milliseconds=rng.randint(50, 900))
    kind = rng.randrange(10)
    if kind == 0:
        audits = rng.randint(1_000, 5_000_000)
        return [
            ReputationUpdate(
                time=now,
                satellite_id=satellite,
                total_audits=audits,
                successful_audits=audits - rng.randint(0, audits // 100),
                online_score=round(rng.uniform(0.95, 1.0), 12),
                worsened=rng.random() < 0.2,
            )
        ]
    if kind == 1:
        return [
            PingFailed(
                time=now, satellite_id=satellite, attempts=rng.randint(1, 5), error=_PING_ERROR
            )
        ]
    if kind == 2:
        return [VersionReport(time=now, version="1.137.5", updater=rng.random() < 0.5)]
    if kind == 3:
        return [UploadRejected(time=now, live_requests=rng.randint(20, 40), request_limit=20)]
    if kind == 4:
        created = now - timedelta(days=3)
        deleted = rng.randint(0, 50_000)
        return [
            RetainEvent(
                time=now,
                phase=RetainPhase.BLOOMFILTER_RECEIVED,
                satellite_id=satellite,
                created_before=created,
            ),
            RetainEvent(time=now, phase=RetainPhase.QUEUED, satellite_id=satellite),
            RetainEvent(
                time=now,
                phase=RetainPhase.PREPARED,
                satellite_id=satellite,
                created_before=created,
                filter_size=1_187_031,
            ),
            LazyFilewalkerEvent(
                time=now, walker=Walker.GC, phase=Phase.STARTED, satellite_id=satellite
            ),
            LazyFilewalkerEvent(
                time=now + step, walker=Walker.GC, phase=Phase.COMPLETED, satellite_id=satellite
            ),
            RetainEvent(
                time=now + step,
                phase=RetainPhase.COMPLETED,
                satellite_id=satellite,
                deleted_pieces=deleted,
                pieces_count=deleted * 20,
                duration=step,
            ),
        ]
    if kind == 5:
        failed = rng.random() < 0.1
        return [
            UsedSpaceFilewalkerEvent(time=now, phase=Phase.STARTED, satellite_id=satellite),
            UsedSpaceFilewalkerEvent(
                time=now + step,
                phase=Phase.FAILED if failed else Phase.COMPLETED,
                satellite_id=satellite,
                total_pieces_size=rng.randint(10**9, 10**13),
                total_content_size=rng.randint(10**9, 10**13),
                total_pieces_count=rng.randint(1_000, 5_000_000),
                duration=step,
                error="context canceled" if failed else "",
            ),
        ]
    if kind == 6:
        return [
            LazyFilewalkerEvent(
                time=now, walker=Walker.TRASH_CLEANUP, phase=Phase.STARTED, satellite_id=satellite
            ),
            TrashEmptyEvent(time=now, phase=Phase.STARTED, satellite_id=satellite),
            TrashEmptyEvent(
                time=now + step, phase=Phase.COMPLETED, satellite_id=satellite, elapsed=step
            ),
            LazyFilewalkerEvent(
                time=now + step,
                walker=Walker.TRASH_CLEANUP,
                phase=Phase.COMPLETED,
                satellite_id=satellite,
            ),
        ]
    if kind == 7:
        store = rng.choice(("s0", "s1"))
        records = rng.randint(1_000, 500_000)
        total = records * 200_000
        rewritten = rng.randint(0, 2**30)
        reclaimed = rng.randint(0, 2**31)
        return [
            CompactionEvent(
                time=now,
                phase=CompactionPhase.STARTED,
                satellite_id=satellite,
                store=store,
                total_bytes=total,
            ),
            CompactionEvent(
                time=now + step,
                phase=CompactionPhase.REWRITTEN,
                satellite_id=satellite,
                store=store,
                duration=step,
                total_records=records,
                total_bytes=total,
                rewritten_records=records // 100,
                rewritten_bytes=rewritten,
                reclaimed_logs=rng.randint(0, 3),
                reclaimed_bytes=reclaimed,
            ),
            CompactionEvent(
                time=now + step,
                phase=CompactionPhase.FINISHED,
                satellite_id=satellite,
                store=store,
                duration=step,
                total_bytes=total,
                rewritten_bytes=rewritten,
                reclaimed_bytes=reclaimed,
            ),
        ]
    chores = chore_lines(now, satellite, count=rng.randint(1, 8000))
    return [chores[0]] if kind == 8 else [chores[1]]


def chore_lines(now: datetime, satellite: str, *, count: int) -> list[OtherLine]:
    """The hourly bandwidth flush and an orders settlement, as ``OtherLine`` events."""
    return [
        # storagenode/bandwidth/service.go:52
        OtherLine(
            time=now,
            level="INFO",
            logger="bandwidth",
            message="Persisting bandwidth usage cache to db",
        ),
        # storagenode/orders/service.go:254, satellite from the With(...) at :203
        OtherLine(
            time=now,
            level="INFO",
            logger="orders",
            message="finished",
            fields={"satelliteID": satellite, "count": count},
        ),
    ]


def generate_events(
    n: int,
    seed: int,
    *,
    start: datetime | None = None,
    satellites: Sequence[str] = SATELLITES,
    hosts: int = 400,
    concurrency: int = 24,
    background_rate: float = 0.002,
    mean_interval: float = 0.05,
) -> Iterator[LogEvent]:
    """Yield ``n`` events of a busy node: transfers that start and end interleaved, plus chores.

    Every transfer yields a ``TransferStarted`` (DEBUG on recent versions) and later a
    ``TransferFinished`` for the same piece, action and remote address. ``mean_interval`` is the
    average time between events in seconds. The same seed always yields the same events.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible simulation, not security
    now = start or datetime(2025, 10, 6, 0, 0, 0, tzinfo=UTC)
    peers = _hosts(rng, hosts)
    in_flight: list[_InFlight] = []
    emitted = 0
    while emitted < n:
        now += timedelta(seconds=rng.expovariate(1 / mean_interval))
        remaining = n - emitted
        if rng.random() < background_rate:
            burst = _background(rng, now, satellites)
            # Never crowd out the endings of open transfers.
            if len(burst) + len(in_flight) <= remaining:
                yield from burst
                emitted += len(burst)
                continue
        due = [flight for flight in in_flight if flight.finish_after <= emitted]
        if in_flight and (due or len(in_flight) + 2 > remaining or len(in_flight) >= concurrency):
            flight = due[0] if due else in_flight[0]
            in_flight.remove(flight)
            yield _finish(rng, flight.started, now)
        elif len(in_flight) + 2 <= remaining:
            started = _start(rng, now, peers, satellites)
            in_flight.append(_InFlight(started, emitted + rng.randint(1, concurrency * 2)))
            yield started
        else:
            yield OtherLine(
                time=now,
                level="INFO",
                logger="bandwidth",
                message="Persisting bandwidth usage cache to db",
            )
        emitted += 1
