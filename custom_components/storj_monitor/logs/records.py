"""What the parser makes of one log line: small immutable records, cheap to build.

Times are POSIX seconds from the line's own timestamp (``None`` when the node runs with
``STORJ_LOG_NOTIME``). Strings that repeat on every line (actions, walkers) are shared instances.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

# Canonical action strings: every record shares these instances.
GET = "GET"
PUT = "PUT"
GET_AUDIT = "GET_AUDIT"
GET_REPAIR = "GET_REPAIR"
PUT_REPAIR = "PUT_REPAIR"
ACTIONS: tuple[str, ...] = (GET, PUT, GET_AUDIT, GET_REPAIR, PUT_REPAIR)
UPLOAD_ACTIONS = frozenset({PUT, PUT_REPAIR})


class TransferStatus(StrEnum):
    """Which line of a transfer this is."""

    STARTED = "started"
    SUCCESS = "success"
    CANCELED = "canceled"
    FAILED = "failed"


class AuditFailure(StrEnum):
    """Failed audit, split the way the community ``successrate.sh`` does."""

    CRITICAL = "critical"  # piece missing ("file does not exist"): hurts the audit score
    RECOVERABLE = "recoverable"  # any other audit error


class ErrorCategory(StrEnum):
    """Coarse cause of a failed transfer or job, from its error text."""

    FILE_NOT_FOUND = "file_not_found"
    CONTEXT_CANCELED = "context_canceled"
    UNEXPECTED_EOF = "unexpected_eof"
    TIMEOUT = "timeout"
    CONNECTION_CLOSED = "connection_closed"
    STORAGE = "storage"
    UNREACHABLE = "unreachable"
    SERIAL_REUSED = "serial_reused"
    OTHER = "other"


class JobPhase(StrEnum):
    """Phase of a background job (filewalker, trash emptying, retain)."""

    STARTED = "started"
    COMPLETED = "completed"
    FAILED = "failed"
    # The lazy (subprocess) walker failed and the node runs the walker in-process instead:
    # the job goes on (storagenode/pieces/store.go:783-790, :636-639 @ 5dbec64f5a).
    FALLBACK = "fallback"


class RetainPhase(StrEnum):
    """Steps of garbage collection for one bloom filter."""

    BLOOMFILTER_RECEIVED = "bloomfilter_received"
    QUEUED = "queued"
    PREPARED = "prepared"
    COMPLETED = "completed"
    FAILED = "failed"


class CompactionPhase(StrEnum):
    """Steps of a hashstore compaction run."""

    STARTED = "started"
    REWRITTEN = "rewritten"  # one "hashtbl rewritten" pass: carries the byte counts
    FINISHED = "finished"
    FAILED = "failed"


class Walker(StrEnum):
    """Filewalkers whose runs are tracked."""

    USED_SPACE = "used-space"
    GC = "gc"
    TRASH_CLEANUP = "trash-cleanup"


# Substrings of error texts, checked in order (first match wins).
_ERROR_RULES: tuple[tuple[str, ErrorCategory], ...] = (
    ("does not exist", ErrorCategory.FILE_NOT_FOUND),
    ("no such file", ErrorCategory.FILE_NOT_FOUND),
    ("file-not-found", ErrorCategory.FILE_NOT_FOUND),
    ("used serial already exists", ErrorCategory.SERIAL_REUSED),
    ("unexpected EOF", ErrorCategory.UNEXPECTED_EOF),
    ("deadline exceeded", ErrorCategory.TIMEOUT),
    ("timed out", ErrorCategory.TIMEOUT),
    ("timeout", ErrorCategory.TIMEOUT),
    ("tcp connector failed", ErrorCategory.UNREACHABLE),
    ("connection refused", ErrorCategory.UNREACHABLE),
    ("broken pipe", ErrorCategory.CONNECTION_CLOSED),
    ("connection reset", ErrorCategory.CONNECTION_CLOSED),
    ("closed network connection", ErrorCategory.CONNECTION_CLOSED),
    ("stream closed", ErrorCategory.CONNECTION_CLOSED),
    ("manager closed", ErrorCategory.CONNECTION_CLOSED),
    ("context canceled", ErrorCategory.CONTEXT_CANCELED),
    ("pieces error", ErrorCategory.STORAGE),
    ("filestore error", ErrorCategory.STORAGE),
    ("hashstore", ErrorCategory.STORAGE),
    ("no space left", ErrorCategory.STORAGE),
    ("input/output error", ErrorCategory.STORAGE),
    ("permission denied", ErrorCategory.STORAGE),
)


def categorize_error(text: str) -> ErrorCategory:
    """Map an ``error`` field (or a cancel ``reason``) to its category."""
    for needle, category in _ERROR_RULES:
        if needle in text:
            return category
    return ErrorCategory.OTHER


class Transfer(NamedTuple):
    """A piecestore transfer line: started, or the final line with its outcome."""

    time: float | None
    action: str
    status: TransferStatus
    satellite: str
    piece_id: str
    remote_address: str
    size: int  # uploads: bytes received; downloads (v1.99+): requested bytes
    error: str  # failed: error text; canceled: reason (or error)
    level: str

    @property
    def is_upload(self) -> bool:
        """Whether data flowed into the node."""
        return self.action in UPLOAD_ACTIONS

    @property
    def audit_failure(self) -> AuditFailure | None:
        """Failed audits: critical when the piece is missing, else recoverable."""
        if self.action != GET_AUDIT or self.status is not TransferStatus.FAILED:
            return None
        if "does not exist" in self.error:
            return AuditFailure.CRITICAL
        return AuditFailure.RECOVERABLE


class UploadRejected(NamedTuple):
    """``upload rejected, too many requests`` (only with a concurrency limit)."""

    time: float | None


class Reputation(NamedTuple):
    """``node scores updated`` / ``node scores worsened`` for one satellite."""

    time: float | None
    satellite: str
    total_audits: int
    successful_audits: int
    audit_score: float
    online_score: float
    suspension_score: float
    worsened: bool


class PingFailure(NamedTuple):
    """``ping satellite failed``: the satellite could not reach the node."""

    time: float | None
    satellite: str
    attempts: int
    error: str


class VersionInfo(NamedTuple):
    """A version the node or its updater reported."""

    time: float | None
    version: str  # without the leading "v"
    service: str  # "storagenode" or "storagenode-updater"
    minimum: bool  # the control server's minimum allowed version, not the running one
    allowed: bool = False  # "Running on allowed version." (checker/service.go:137)


class Retain(NamedTuple):
    """A garbage-collection (retain) step for one satellite."""

    time: float | None
    satellite: str
    phase: RetainPhase
    deleted_pieces: int
    pieces_count: int
    duration: float | None
    error: str


class Filewalker(NamedTuple):
    """Start/end of a filewalker run (lazy subprocess supervisor or the used-space walker).

    ``satellite`` is ``""`` when the line names none (``lazyfilewalker failed``): the run is
    then the one going on, which only the statistics know.
    """

    time: float | None
    walker: Walker
    phase: JobPhase
    satellite: str
    duration: float | None
    error: str


class TrashEmpty(NamedTuple):
    """``emptying trash started/finished/failed`` for one satellite."""

    time: float | None
    satellite: str
    phase: JobPhase
    duration: float | None
    error: str


class TrashFreed(NamedTuple):
    """``trash-filewalker completed``: what the lazy trash cleanup deleted for one satellite."""

    time: float | None
    satellite: str
    bytes_deleted: int
    keys_deleted: int


class VersionOutdated(NamedTuple):
    """``version not allowed/outdated`` (WARN) or ``outdated software version`` (ERROR)."""

    time: float | None
    current: str  # without the leading "v"; "" when the line does not say
    minimum: str  # without the leading "v"; "" when the line does not say


class ContactWarning(NamedTuple):
    """The satellite reached the node but reported a problem (e.g. QUIC misconfigured)."""

    time: float | None
    satellite: str
    error: str


class DiskSpaceIssue(StrEnum):
    """What the disk-space preflight check complained about."""

    LESS_THAN_REQUESTED = "less_than_requested"  # allocation lowered to what the disk has
    OVERUSED = "overused"  # more is used than allocated
    BELOW_MINIMUM = "below_minimum"  # the node refuses to start


class DiskSpaceWarning(NamedTuple):
    """A disk-space preflight warning; ``bytes`` is the allocation now used (or the minimum)."""

    time: float | None
    issue: DiskSpaceIssue
    bytes: int


class Compaction(NamedTuple):
    """A hashstore compaction step for one satellite's store (``s0``/``s1``)."""

    time: float | None
    satellite: str
    store: str
    phase: CompactionPhase
    duration: float | None
    rewritten_bytes: int
    reclaimed_bytes: int
    error: str


class OtherLine(NamedTuple):
    """A well-formed line with nothing specific to extract."""

    time: float | None
    level: str
    logger: str
    message: str
    error: str


type LogRecord = (
    Transfer
    | UploadRejected
    | Reputation
    | PingFailure
    | VersionInfo
    | Retain
    | Filewalker
    | TrashEmpty
    | TrashFreed
    | Compaction
    | VersionOutdated
    | ContactWarning
    | DiskSpaceWarning
    | OtherLine
)
