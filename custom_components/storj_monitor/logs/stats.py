"""Live statistics over parsed log records, in bounded memory whatever the log size.

Feed lines (or records) in; read an immutable :class:`LogSnapshot` out. Time-windowed figures
(rates, rolling success rates, latency) use the line's *arrival* time when the caller passes
one (live tailing: sub-second resolution, immune to the node's clock) and the log timestamp
otherwise (replays and catch-up).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
import math
from operator import itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING

from .histogram import LogHistogram
from .insights import (
    HOUR,
    ErrorSummary,
    ErrorTracker,
    HotPieces,
    HotPieceTracker,
    Throughput,
    ThroughputWindow,
)
from .parser import (
    _ACTIONS as _PARSED_ACTIONS,
    _SNAKE_FIELDS,
    _TIMES,
    _TITLE_FIELDS,
    _TRANSFER_MESSAGES,
    LEVELS,
    _fast_loads,
    _NotSureError,
    parse_line,
    parse_timestamp,
)
from .pending import PendingStarts
from .recent_latency import RecentLatency
from .records import (
    ACTIONS,
    GET,
    GET_AUDIT,
    UPLOAD_ACTIONS,
    AuditFailure,
    Compaction,
    CompactionPhase,
    ContactWarning,
    DiskSpaceWarning,
    ErrorCategory,
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
    categorize_error,
)

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

    from .geoip import TrafficMap, TrafficMapSnapshot

_SUCCESS, _CANCELED, _FAILED, _BYTES = 0, 1, 2, 3
_OTHER_SATELLITE = "other"
# Piece-size distribution bounds (bytes): powers of 4 from 4 KiB to 4 MiB.
SIZE_BOUNDS: tuple[int, ...] = tuple(4**k * 1024 for k in range(1, 7))
_STARTED, _SUCCEEDED, _FAILED_STATUS, _CANCELED_STATUS = (
    TransferStatus.STARTED,
    TransferStatus.SUCCESS,
    TransferStatus.FAILED,
    TransferStatus.CANCELED,
)
# Durations or downloads the batch loop keeps before it records them (its memory bound).
_KEPT_AT_MOST = 4096
# Level, message and time of a JSON line (the batch loop needs no logger).
_JSON_HEAD = itemgetter("L", "M", "T")
# Piece, action and peer of a start line: all it counts.
_TITLE_START = itemgetter("Piece ID", "Action", "Remote Address")
_SNAKE_START = itemgetter("piece_id", "action", "remote_address")
_NO_TIME = object()
_REPEAT_TOLERANCE = 2.0  # seconds between the two lines lazy walkers log for one event


@dataclass(frozen=True, slots=True)
class OutcomeCounts:
    """Finished transfers of one kind and the bytes they moved (successful ones)."""

    success: int = 0
    canceled: int = 0
    failed: int = 0
    bytes: int = 0

    @property
    def total(self) -> int:
        """All finished transfers."""
        return self.success + self.canceled + self.failed

    @property
    def success_rate(self) -> float | None:
        """Successful share in percent, ``None`` before the first transfer."""
        return 100.0 * self.success / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class AuditCounts:
    """Audits of one satellite, split like the community ``successrate.sh``."""

    success: int = 0
    recoverable_failed: int = 0
    critical_failed: int = 0
    canceled: int = 0

    @property
    def success_rate(self) -> float | None:
        """successrate.sh: successful / (successful + all failed), in percent."""
        total = self.success + self.recoverable_failed + self.critical_failed
        return 100.0 * self.success / total if total else None


@dataclass(frozen=True, slots=True)
class LatencySummary:
    """Transfer duration percentiles in seconds (from paired start/finish lines)."""

    count: int
    mean: float | None
    p50: float | None
    p90: float | None
    p95: float | None
    p99: float | None
    histogram: tuple[tuple[float, int], ...] = ()
    """Coarse distribution: (upper bound in seconds, count) pairs."""


@dataclass(frozen=True, slots=True)
class JobState:
    """Last known state of a background job for one satellite (filewalker, trash, GC)."""

    running_since: float | None = None
    last_started: float | None = None
    last_completed: float | None = None
    last_failed: float | None = None
    last_duration: float | None = None
    last_error: str = ""
    completions: int = 0
    failures: int = 0
    fallbacks: int = 0  # runs whose lazy subprocess failed and went on in-process
    last_bytes_freed: int | None = None  # trash: the lazy trash cleanup's bytes_deleted
    total_bytes_freed: int = 0


@dataclass(frozen=True, slots=True)
class RetainState:
    """Garbage collection (retain) for one satellite."""

    running_since: float | None = None  # "Prepared to run a Retain request." until its end
    last_bloomfilter: float | None = None
    last_completed: float | None = None
    last_deleted_pieces: int = 0
    last_pieces_count: int = 0
    last_duration: float | None = None
    completions: int = 0
    failures: int = 0
    last_error: str = ""


@dataclass(frozen=True, slots=True)
class CompactionState:
    """Hashstore compaction of one satellite's store."""

    running_since: float | None = None
    last_finished: float | None = None
    last_duration: float | None = None
    last_reclaimed_bytes: int = 0
    last_rewritten_bytes: int = 0
    total_reclaimed_bytes: int = 0
    runs: int = 0
    failures: int = 0
    last_error: str = ""


@dataclass(frozen=True, slots=True)
class ContactWarningState:
    """A satellite that reaches the node but reports an error (e.g. QUIC misconfigured)."""

    count: int
    last_time: float | None
    last_error: str


@dataclass(frozen=True, slots=True)
class LogSnapshot:
    """Everything the entities show, frozen at one moment."""

    lines: int
    unparsable: int
    levels: Mapping[str, int]
    # Lifetime counters per action (GET, PUT, GET_AUDIT, GET_REPAIR, PUT_REPAIR) ...
    transfers: Mapping[str, OutcomeCounts]
    # ... and per satellite, then action.
    transfers_by_satellite: Mapping[str, Mapping[str, OutcomeCounts]]
    # Same counters over the rolling window only.
    recent_transfers: Mapping[str, OutcomeCounts]
    audits: Mapping[str, AuditCounts]
    ingress_bytes_per_second: float
    egress_bytes_per_second: float
    active_transfers: int | None  # None until DEBUG "started" lines have been seen
    latency: Mapping[str, LatencySummary]
    error_categories: tuple[tuple[ErrorCategory, int], ...]  # top N, most frequent first
    top_errors: tuple[tuple[str, int], ...]  # normalized error texts, most frequent first
    piece_sizes: Mapping[str, tuple[int, ...]]  # "upload"/"download": counts per SIZE_BOUNDS + 1
    upload_rejected: int
    ping_failures: Mapping[str, int]
    reputation: Mapping[str, Reputation]
    node_version: str | None
    minimum_version: str | None
    retain: Mapping[str, RetainState]
    filewalkers: Mapping[str, Mapping[str, JobState]]  # walker -> satellite -> state
    trash: Mapping[str, JobState]
    compaction: Mapping[str, CompactionState]  # "satellite/store" -> state
    traffic_map: TrafficMapSnapshot | None
    # "version not allowed/outdated" seen and not superseded by an allowed/other version.
    version_outdated: bool = False
    version_outdated_at: float | None = None
    contact_warnings: Mapping[str, ContactWarningState] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # Latest disk-space preflight warning per DiskSpaceIssue value.
    disk_space_warnings: Mapping[str, DiskSpaceWarning] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # Failures whose line names no satellite while no job of that kind was seen running.
    unattributed_failures: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    # Latency of the transfers of the last few minutes only (for performance alerts).
    recent_latency: Mapping[str, LatencySummary] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # Top error types with their last-hour counts, the most downloaded pieces of the last
    # 24 h, and each satellite's bytes per second over the last hour.
    errors: ErrorSummary = field(default_factory=ErrorSummary)
    hot_pieces: HotPieces = field(default_factory=HotPieces)
    satellite_throughput: Mapping[str, Throughput] = field(
        default_factory=lambda: MappingProxyType({})
    )


class _Ring:
    """Sums per time bucket over a sliding window (fixed number of slots)."""

    __slots__ = ("_slots", "_stamps", "_width", "latest")

    def __init__(self, window: float, width: float, values: int) -> None:
        count = max(1, math.ceil(window / width))
        self._width = width
        self._stamps = [-1] * count
        self._slots = [[0] * values for _ in range(count)]
        self.latest = -1

    def slot(self, time: float) -> list[int] | None:
        bucket = int(time // self._width)
        if bucket <= self.latest - len(self._stamps):
            return None  # older than the window
        self.latest = max(bucket, self.latest)
        index = bucket % len(self._stamps)
        if self._stamps[index] != bucket:
            self._stamps[index] = bucket
            values = self._slots[index]
            for position in range(len(values)):
                values[position] = 0
        return self._slots[index]

    def totals(self, now: float) -> list[int]:
        newest = int(now // self._width)
        oldest = newest - len(self._stamps)
        sums = [0] * len(self._slots[0])
        for stamp, values in zip(self._stamps, self._slots, strict=True):
            if oldest < stamp <= newest:
                for position, value in enumerate(values):
                    sums[position] += value
        return sums


@dataclass(slots=True)
class _Job:
    running_since: float | None = None
    last_started: float | None = None
    last_completed: float | None = None
    last_failed: float | None = None
    last_duration: float | None = None
    last_error: str = ""
    completions: int = 0
    failures: int = 0
    fallbacks: int = 0
    falling_back: bool = False
    last_bytes_freed: int | None = None
    total_bytes_freed: int = 0

    def start(self, time: float | None) -> None:
        # Lazy walkers log their start twice (supervisor + walker): keep the first.
        if self.running_since is None:
            self.running_since = time
            self.last_started = time
            self.falling_back = False

    def fallback(self, time: float | None) -> None:
        # Supervisor and store both report the lazy failure: one fallback per run. The job
        # goes on in-process, so it is (still) running.
        if not self.falling_back:
            self.falling_back = True
            self.fallbacks += 1
        if self.running_since is None:
            self.running_since = time

    def finish(self, time: float | None, duration: float | None, error: str) -> None:
        running = self.running_since is not None
        if duration is None and time is not None and self.running_since is not None:
            duration = time - self.running_since
        previous = self.last_failed if error else self.last_completed
        # Lazy walkers also log their end twice, within moments: count it once.
        repeated = (
            not running
            and previous is not None
            and time is not None
            and abs(time - previous) <= _REPEAT_TOLERANCE
        )
        if error:
            self.failures += not repeated
            self.last_failed = time
            self.last_error = error
        else:
            self.completions += not repeated
            self.last_completed = time
        if duration is not None:
            self.last_duration = duration
        self.running_since = None
        self.falling_back = False

    def freeze(self) -> JobState:
        return JobState(
            self.running_since,
            self.last_started,
            self.last_completed,
            self.last_failed,
            self.last_duration,
            self.last_error,
            self.completions,
            self.failures,
            self.fallbacks,
            self.last_bytes_freed,
            self.total_bytes_freed,
        )


@dataclass(slots=True)
class _Compaction:
    running_since: float | None = None
    last_finished: float | None = None
    last_duration: float | None = None
    reclaimed: int = 0
    rewritten: int = 0
    last_reclaimed: int = 0
    last_rewritten: int = 0
    total_reclaimed: int = 0
    runs: int = 0
    failures: int = 0
    last_error: str = ""
    # The DB logs "compaction failed" right after the store's failed "finished compaction"
    # (hashstore/db.go:640 after store.go:851): that second line is the same failure.
    unechoed_failure: bool = False

    def freeze(self) -> CompactionState:
        return CompactionState(
            self.running_since,
            self.last_finished,
            self.last_duration,
            self.last_reclaimed,
            self.last_rewritten,
            self.total_reclaimed,
            self.runs,
            self.failures,
            self.last_error,
        )


@dataclass(slots=True)
class _Limits:
    rate_window: float
    rolling_window: float
    max_pending: int
    pending_timeout: float
    max_satellites: int
    max_error_texts: int
    top: int


class LogStatistics:
    """Accumulates records into counters, windows and histograms (all bounded)."""

    def __init__(
        self,
        *,
        rate_window: float = 60.0,
        rolling_window: float = 3600.0,
        max_pending: int = 20_000,
        pending_timeout: float = 1800.0,
        max_satellites: int = 32,
        max_error_texts: int = 100,
        max_hot_pieces: int = 1024,
        top: int = 5,
        traffic_map: TrafficMap | None = None,
    ) -> None:
        """Configure the windows (seconds) and the caps of every table."""
        self._limits = _Limits(
            rate_window,
            rolling_window,
            max_pending,
            pending_timeout,
            max_satellites,
            max_error_texts,
            top,
        )
        self.lines = 0
        self.unparsable = 0
        self._levels: dict[str, int] = {}
        self._counts: dict[str, dict[str, list[int]]] = {}  # satellite -> action -> counters
        self._audits: dict[
            str, list[int]
        ] = {}  # satellite -> success, recoverable, critical, canceled
        # Per-second [ingress, egress] bytes and per-minute [success, canceled, failed] x action.
        self._rates = _Ring(rate_window, 1.0, 2)
        self._rolling = _Ring(rolling_window, 60.0, 3 * len(ACTIONS))
        # Each ring's slot for the time of the last line that used it (lines share times).
        self._rates_when = self._rolling_when = math.nan
        self._rates_slot: list[int] | None = None
        self._rolling_slot: list[int] | None = None
        self._action_index = {action: index for index, action in enumerate(ACTIONS)}
        self._pending = PendingStarts(max_pending, pending_timeout)
        self._latency = {action: LogHistogram() for action in ACTIONS}
        self._recent_latency = RecentLatency()
        # The batch loop's durations per action (recorded per slot of the recent window) and
        # successful downloads (handed to the hot-piece sketch per hour): kept across calls,
        # a live line comes alone; recorded before anything reads what they change.
        self._durations: dict[str, list[float]] = {action: [] for action in ACTIONS}
        self._durations_slot = math.nan
        self._collected = 0
        self._downloads: list[str] = []
        self._downloads_hour = math.nan
        self._categories: dict[ErrorCategory, int] = {}
        self._errors = ErrorTracker(max_error_texts)
        self._hot_pieces = HotPieceTracker(max_hot_pieces)
        self._throughput = ThroughputWindow()
        # Counts per SIZE_BOUNDS bucket: below the first bound, ..., at or above the last.
        self._upload_sizes = [0] * (len(SIZE_BOUNDS) + 1)
        self._download_sizes = [0] * (len(SIZE_BOUNDS) + 1)
        # Per action (the batch loop): its piece-size counts and its column in the byte-rate
        # ring; its first column in the per-minute outcome ring.
        self._directions = {
            action: (self._upload_sizes, 0)
            if action in UPLOAD_ACTIONS
            else (self._download_sizes, 1)
            for action in ACTIONS
        }
        self._outcome_columns = {action: index * 3 for action, index in self._action_index.items()}
        self._upload_rejected = 0
        self._ping_failures: dict[str, int] = {}
        self._reputation: dict[str, Reputation] = {}
        self._node_version: str | None = None
        self._minimum_version: str | None = None
        self._retain: dict[str, RetainState] = {}
        self._walkers: dict[Walker, dict[str, _Job]] = {walker: {} for walker in Walker}
        self._trash: dict[str, _Job] = {}
        self._compaction: dict[str, _Compaction] = {}
        self._version_outdated_at: float | None = None
        self._outdated_version = ""
        self._contact: dict[str, ContactWarningState] = {}
        self._disk_space: dict[str, DiskSpaceWarning] = {}
        self._unattributed: dict[str, int] = {}
        self._traffic_map = traffic_map
        self._latest_time = 0.0
        pending = self._pending
        # What `feed_lines` holds in locals, none of it replaced while it lives.
        self._loop_constants = (
            _fast_loads,
            _JSON_HEAD,
            _TITLE_FIELDS,
            _SNAKE_FIELDS,
            _TITLE_START,
            _SNAKE_START,
            _TRANSFER_MESSAGES,
            LEVELS,
            _TIMES,
            _PARSED_ACTIONS,
            _NotSureError,
            SIZE_BOUNDS,
            pending,
            pending.by_piece,
            pending.by_piece.setdefault,
            pending.by_piece.pop,
            pending.order,
            pending.order.append,
            pending.limit,
            self._counts,
            self._directions,
            self._outcome_columns,
            self._rates,
            self._rolling,
            traffic_map,
            self._durations,
            self._recent_latency.width,
            self._levels,
            [0] * (3 * len(ACTIONS)),  # a ring's slot nobody reads: lines older than its window
        )

    # --- input ----------------------------------------------------------------------------

    def feed_line(self, line: str, arrival: float | None = None) -> Transfer | None:
        """Parse and count one line; ``arrival`` is when it was read (live sources).

        Returns the line's record if it is a failed audit (the one kind callers act on).
        """
        failed = self.feed_lines((line,), arrival)
        return failed[0] if failed else None

    def feed_lines(self, lines: Collection[str], arrival: float | None = None) -> list[Transfer]:
        """Parse and count lines; the failed audits among them, in order.

        ``arrival``: when they were read (live sources), the same for all of them.
        """
        # The fast path (nine lines in ten): a transfer line of the usual shape is counted
        # straight from its decoded fields, without a record, and with everything the loop
        # touches held in a local: the parser's `fast_head` and `fast_transfer_fields`, the
        # pending table's start and usual finish and `_count_transfer` written out flat (a
        # call or an attribute per line costs more than the work). Durations and successful
        # downloads are kept (across calls too) and recorded per minute, per hour or per 4,096,
        # and before anything reads them; the level counts, the newest time and the rings'
        # cached slots are written back at the end (and around each line the general way
        # counts). tests/logs/test_fused_feed.py holds both ways to the same counts.
        failed: list[Transfer] = []
        # One unpacking instead of an assignment each: a live line comes alone.
        (
            loads,
            head_keys,
            title_fields,
            snake_fields,
            title_start,
            snake_start,
            messages,
            levels_known,
            times,
            actions,
            not_sure,
            size_bounds,
            pending,
            by_piece,
            open_start,
            take_entry,
            order,
            remember,
            limit,
            counts,
            directions,
            outcome_columns,
            rates,
            rolling,
            traffic_map,
            durations,
            minute,
            levels,
            spare,
        ) = self._loop_constants
        started_status, success_status = _STARTED, _SUCCEEDED
        failed_status, canceled_status = _FAILED_STATUS, _CANCELED_STATUS
        # The table's size and its next deadline in locals: written back before each call
        # that reads them (the table's own methods, the general way) and read back after.
        open_starts = pending.size
        deadline, compact_at = pending.deadline, pending.compact_at
        any_start = False
        # Successful downloads of the hour `downloads_hour`, handed over in one call per hour,
        # per 4,096, before each line the general way counts and before a read.
        downloads = self._downloads
        download = downloads.append
        downloads_when = durations_when = math.nan
        downloads_hour = self._downloads_hour
        durations_slot, collected = self._durations_slot, self._collected
        debug_lines = general_lines = other_levels = 0
        when = math.nan
        latest = self._latest_time
        rates_when, rates_slot = self._rates_when, self._rates_slot or spare
        rolling_when, rolling_slot = self._rolling_when, self._rolling_slot or spare
        last_text: object = _NO_TIME  # no line has this time (not even a JSON null)
        last_time = 0.0
        try:
            for line in lines:
                try:
                    # Index, not slice: a slice is a new string. A line whose second character
                    # is a quote is a JSON object or fails to decode as one, or decodes to
                    # something `head_keys` refuses before the time is read.
                    if line[1] == '"':
                        fields = loads(line)
                        level, message, time_text = head_keys(fields)
                        status = messages[message]  # raises for anything but a known message
                        # A time not text fails below: unhashable, or `parse_timestamp` raises.
                    else:
                        time_text, level, _, message, fields_text = line.split("\t", 4)
                        # The message first: a line that is no transfer is decoded once, by
                        # the general parser, not here as well.
                        status = messages[message]
                        # Exactly the general parser's test (an object's first key): a string
                        # or a list would pass `loads` and set the newest time below.
                        if fields_text[0] != "{" or fields_text[1] != '"':
                            raise not_sure
                        fields = loads(fields_text)
                    if level not in levels_known:
                        raise not_sure
                    if time_text != last_text:  # consecutive lines share their second
                        time = times.get(time_text)
                        if time is None:
                            time = parse_timestamp(time_text)
                            if time is None:
                                raise not_sure
                        last_text, last_time = time_text, time
                        when = time if arrival is None else arrival
                        if when > latest:  # noqa: PLR1730 - a comparison costs less than a call
                            latest = when
                    # A missing key raises KeyError: the general way (no exception usually).
                    # Only what a line counts must be there with the usual type: a start, its
                    # piece, action and peer (the general way counts nothing else of it either).
                    if status is started_status:
                        if "Piece ID" in fields:
                            piece, action, remote = title_start(fields)
                        else:
                            piece, action, remote = snake_start(fields)
                        action = actions[action]  # a known action; any other the general way
                        if not (type(piece) is type(remote) is str):
                            raise not_sure
                    else:
                        if "Piece ID" in fields:
                            piece, satellite, action, remote = title_fields(fields)
                            size = fields.get("Size", 0)
                        else:
                            piece, satellite, action, remote = snake_fields(fields)
                            size = fields.get("size", 0)
                        action = actions[action]
                        if status is success_status:
                            error = ""
                        else:
                            if status is failed_status:
                                error = fields.get("error") or fields.get("Error") or ""
                            elif level == "DEBUG":
                                # The DEBUG echo of a canceled download: to the general parser
                                # a line of its level and nothing else (an OtherLine).
                                debug_lines += 1
                                continue
                            else:
                                error = fields.get("reason") or fields.get("error") or ""
                            if type(error) is not str:
                                raise not_sure
                        if not (type(piece) is type(satellite) is type(remote) is str):
                            raise not_sure
                        if type(size) is not int:
                            raise not_sure
                except Exception:  # not the usual transfer line: the general way
                    # It counts through the attributes: hand them the loop's locals.
                    self._rates_when, self._rates_slot = rates_when, rates_slot
                    self._rolling_when, self._rolling_slot = rolling_when, rolling_slot
                    pending.size = open_starts
                    general_lines += 1
                    # What the loop keeps for later is recorded before a duration or download
                    # of the general way (`_count_transfer`): the same order as one by one.
                    self._durations_slot, self._collected = durations_slot, collected
                    self._downloads_hour = downloads_hour
                    record = self._feed_general(line, arrival)
                    durations_slot, collected = self._durations_slot, self._collected
                    rates_when, rates_slot = self._rates_when, self._rates_slot or spare
                    rolling_when, rolling_slot = self._rolling_when, self._rolling_slot or spare
                    open_starts, deadline = pending.size, pending.deadline
                    compact_at = pending.compact_at
                    if (
                        type(record) is Transfer
                        and record.status is failed_status
                        and record.action == GET_AUDIT
                    ):
                        failed.append(record)
                    continue
                if level == "DEBUG":
                    debug_lines += 1
                elif level != "INFO":  # INFO: what is left at the end
                    levels[level] = levels.get(level, 0) + 1
                    other_levels += 1
                if status is started_status:  # half the lines with DEBUG on: only remembered
                    entry = (when, piece, action, remote)
                    present = open_start(piece, entry)
                    if present is not entry:
                        pending.again(piece, present, entry)
                    remember(entry)
                    any_start = True
                    open_starts += 1
                    if open_starts > limit or when > deadline:
                        pending.size = open_starts
                        pending.evict(when)
                        open_starts, deadline = pending.size, pending.deadline
                    if len(order) > compact_at:
                        pending.size = open_starts  # the next threshold follows it
                        pending.compact()
                        deadline, compact_at = pending.deadline, pending.compact_at
                    continue
                if open_starts:
                    held = take_entry(piece, None)
                    if held is not None:
                        started: float | None
                        if type(held) is tuple and held[2] == action and held[3] == remote:
                            open_starts -= 1
                            started = held[0]
                        else:  # another action or peer, or the piece open more than once
                            by_piece[piece] = held  # back: the table's own finish decides
                            pending.size = open_starts
                            started = pending.finish(piece, action, remote)
                            open_starts = pending.size
                        if status is success_status and started is not None:
                            if when != durations_when:  # a batch per slot of the recent window
                                durations_when = when
                                if when // minute != durations_slot:
                                    if collected:
                                        self._record_durations(durations_slot * minute)
                                        collected = 0
                                    durations_slot = when // minute
                            durations[action].append(when - started if when > started else 0.0)
                            collected += 1
                            if collected == _KEPT_AT_MOST:  # memory stays bounded
                                self._record_durations(durations_slot * minute)
                                collected = 0
                by_action = counts.get(satellite)
                counters = None if by_action is None else by_action.get(action)
                key = satellite
                if counters is None:
                    key = self._satellite_key(satellite)
                    counters = self._counters(key, action)
                    if counters is None:
                        continue  # not a piece action we know: nothing to add it to
                if status is success_status:
                    counters[_SUCCESS] += 1
                    counters[_BYTES] += size
                    sizes, direction = directions[action]
                    sizes[bisect_right(size_bounds, size)] += 1
                    if when != rates_when:  # else the same slot as the line before
                        rates_when = when
                        rates_slot = rates.slot(when) or spare  # older than the window: spare
                    rates_slot[direction] += size
                    if action is GET:
                        if when != downloads_when:
                            downloads_when = when
                            if when // HOUR != downloads_hour:
                                if downloads:
                                    self._hot_pieces.add_all(downloads, downloads_hour * HOUR)
                                    downloads.clear()
                                downloads_hour = when // HOUR
                        download(piece)
                        if len(downloads) == _KEPT_AT_MOST:
                            self._hot_pieces.add_all(downloads, downloads_hour * HOUR)
                            downloads.clear()
                    if traffic_map is not None and remote:
                        traffic_map.add(remote)
                    outcome = _SUCCESS
                elif status is canceled_status:
                    counters[_CANCELED] += 1
                    outcome = _CANCELED
                else:
                    counters[_FAILED] += 1
                    outcome = _FAILED
                    self._count_error(error, when)
                if when != rolling_when:
                    rolling_when = when
                    rolling_slot = rolling.slot(when) or spare
                rolling_slot[outcome_columns[action] + outcome] += 1
                if action == GET_AUDIT:
                    record = Transfer(
                        last_time, action, status, satellite, piece, remote, size, error, level
                    )
                    self._add_audit(key, record)
                    if status is failed_status:
                        failed.append(record)
        finally:
            self.lines += len(lines)
            pending.size = open_starts
            if any_start:
                pending.seen_start = True
            # INFO: the lines counted here that are neither DEBUG nor another level.
            info_lines = len(lines) - general_lines - debug_lines - other_levels
            if info_lines:
                levels["INFO"] = levels.get("INFO", 0) + info_lines
            if debug_lines:
                levels["DEBUG"] = levels.get("DEBUG", 0) + debug_lines
            self._latest_time = max(self._latest_time, latest)
            self._rates_when, self._rates_slot = rates_when, rates_slot
            self._rolling_when, self._rolling_slot = rolling_when, rolling_slot
            self._durations_slot, self._collected = durations_slot, collected
            self._downloads_hour = downloads_hour
        return failed

    def _record_buffered(self) -> None:
        """Record what the batch loop keeps for later (before anything reads it)."""
        if self._collected:
            self._record_durations(self._durations_slot * self._recent_latency.width)
            self._collected = 0
        if self._downloads:
            self._hot_pieces.add_all(self._downloads, self._downloads_hour * HOUR)
            self._downloads.clear()

    def _record_durations(self, when: float) -> None:
        """Record the batch loop's durations, all of the recent window's slot of ``when``."""
        for action, values in self._durations.items():
            if not values:
                continue
            histogram = self._latency[action]
            if len(values) == 1:  # a live line's: no tally
                value = values[0]
                self._recent_latency.add(action, when, value, histogram.add(value))
            else:
                by_bucket = histogram.add_all(values)
                self._recent_latency.add_all(action, when, by_bucket, values)
            values.clear()

    def _feed_general(self, line: str, arrival: float | None) -> LogRecord | None:
        record = parse_line(line)
        if record is None:
            self.unparsable += 1
        elif type(record) is Transfer:
            self._add_transfer(record, record.time if arrival is None else arrival)
        else:
            self.add(record, arrival)
        return record

    def add(self, record: LogRecord, arrival: float | None = None) -> None:
        """Count one parsed record."""
        when = arrival if arrival is not None else record.time
        if type(record) is Transfer:
            self._add_transfer(record, when)
            return
        if when is not None and when > self._latest_time:
            self._latest_time = when
        self._add_other(record, when)

    def _satellite_key(self, satellite: str) -> str:
        if not satellite:
            return _OTHER_SATELLITE  # never a satellite named ""
        if satellite in self._counts or len(self._counts) < self._limits.max_satellites:
            return satellite
        return _OTHER_SATELLITE

    def _add_transfer(self, record: Transfer, when: float | None) -> None:
        _, action, status, satellite, piece, remote, size, error, level = record
        key = self._count_transfer(
            action, status, satellite, piece, remote, size, error, level, when
        )
        if key is not None and action == GET_AUDIT:
            self._add_audit(key, record)

    def _count_transfer(  # noqa: PLR0917 - the hot path: positional arguments cost least
        self,
        action: str,
        status: TransferStatus,
        satellite: str,
        piece: str,
        remote: str,
        size: int,
        error: str,
        level: str,
        when: float | None,
    ) -> str | None:
        """Count one transfer line (both paths); the satellite's counter key, or None.

        None for a start (nothing to count yet) and for an action no counter exists for.
        """
        levels = self._levels
        levels[level] = levels.get(level, 0) + 1
        if when is not None and when > self._latest_time:
            self._latest_time = when
        pending = self._pending
        if status is TransferStatus.STARTED:
            if when is not None:
                pending.start(piece, action, remote, when)
            return None
        if when is not None and pending.size:
            started = pending.finish(piece, action, remote)
            latency = self._latency.get(action)  # none for an action not known
            if started is not None and status is TransferStatus.SUCCESS and latency:
                if self._collected:  # the batch loop's durations come first
                    self._record_buffered()
                duration = when - started if when > started else 0.0
                bucket = latency.add(duration)  # same layout: one log2
                self._recent_latency.add(action, when, duration, bucket)
        by_action = self._counts.get(satellite)
        counters = None if by_action is None else by_action.get(action)
        if counters is None:
            satellite = self._satellite_key(satellite)
            counters = self._counters(satellite, action)
            if counters is None:
                return None  # not a piece action we know: nothing to add it to
        if status is TransferStatus.SUCCESS:
            counters[_SUCCESS] += 1
            counters[_BYTES] += size
            sizes, direction = self._directions[action]
            sizes[bisect_right(SIZE_BOUNDS, size)] += 1
            if when is not None:
                if when != self._rates_when:  # else the same slot as the line before
                    self._rates_when = when
                    self._rates_slot = self._rates.slot(when)
                rates = self._rates_slot
                if rates is not None:
                    rates[direction] += size
                if action == GET:
                    if self._downloads:  # the batch loop's come first
                        self._record_buffered()
                    self._hot_pieces.add(piece, when)
            if self._traffic_map is not None and remote:
                self._traffic_map.add(remote)
            outcome = _SUCCESS
        elif status is TransferStatus.CANCELED:
            counters[_CANCELED] += 1
            outcome = _CANCELED
        else:
            counters[_FAILED] += 1
            outcome = _FAILED
            self._count_error(error, when)
        if when is not None:
            if when != self._rolling_when:
                self._rolling_when = when
                self._rolling_slot = self._rolling.slot(when)
            rolling = self._rolling_slot
            if rolling is not None:
                rolling[self._outcome_columns[action] + outcome] += 1
        return satellite

    def _counters(self, satellite: str, action: str) -> list[int] | None:
        """The counters of a satellite key and action, new if needed; None for an unknown action."""
        if action not in self._action_index:
            return None
        by_action = self._counts.get(satellite)
        if by_action is None:
            by_action = self._counts[satellite] = {}
        counters = by_action.get(action)
        if counters is None:
            counters = by_action[action] = [0, 0, 0, 0]
        return counters

    def _add_audit(self, satellite: str, record: Transfer) -> None:
        audits = self._audits.get(satellite)
        if audits is None:
            audits = self._audits[satellite] = [0, 0, 0, 0]
        failure = record.audit_failure
        if record.status is TransferStatus.SUCCESS:
            audits[0] += 1
        elif failure is AuditFailure.RECOVERABLE:
            audits[1] += 1
        elif failure is AuditFailure.CRITICAL:
            audits[2] += 1
        else:
            audits[3] += 1

    def _count_error(self, error: str, when: float | None) -> None:
        if not error:
            return
        category = categorize_error(error)
        self._categories[category] = self._categories.get(category, 0) + 1
        self._errors.add(error, when)

    def _add_other(self, record: LogRecord, when: float | None) -> None:
        match record:
            case OtherLine():
                self._levels[record.level] = self._levels.get(record.level, 0) + 1
                if record.level in ("ERROR", "FATAL", "PANIC", "DPANIC") and record.error:
                    self._count_error(record.error, when)
            case UploadRejected():
                self._upload_rejected += 1
            case PingFailure():
                if record.satellite:
                    key = self._satellite_key(record.satellite)
                    self._ping_failures[key] = self._ping_failures.get(key, 0) + 1
                self._count_error(record.error, when)
            case Reputation():
                if record.satellite:
                    self._reputation[self._satellite_key(record.satellite)] = record
            case VersionInfo():
                self._add_version(record)
            case VersionOutdated():
                self._version_outdated_at = when
                self._outdated_version = record.current
                if record.current:  # at INFO level the only line naming the running version
                    self._node_version = record.current
                if record.minimum:
                    self._minimum_version = record.minimum
            case Retain():
                self._add_retain(record, when)
            case Filewalker():
                self._add_walker(record, when)
            case TrashEmpty():
                self._add_job(self._trash, "trash", record, when)
            case TrashFreed():
                if record.satellite:
                    job = self._job(self._trash, record.satellite)
                    job.last_bytes_freed = record.bytes_deleted
                    job.total_bytes_freed += record.bytes_deleted
            case Compaction():
                self._add_compaction(record, when)
            case ContactWarning():
                self._add_contact_warning(record, when)
            case DiskSpaceWarning():
                self._disk_space[record.issue] = record

    def _add_version(self, record: VersionInfo) -> None:
        if record.minimum:
            self._minimum_version = record.version
            return
        if record.service != "storagenode":
            return
        self._node_version = record.version
        if record.allowed or record.version != self._outdated_version:
            self._version_outdated_at = None  # allowed now, or another version runs

    def _add_contact_warning(self, record: ContactWarning, when: float | None) -> None:
        if not record.satellite:
            self._unattributed["contact"] = self._unattributed.get("contact", 0) + 1
            return
        key = self._satellite_key(record.satellite)
        previous = self._contact.get(key)
        count = previous.count + 1 if previous else 1
        self._contact[key] = ContactWarningState(count, when, record.error)

    def _job(self, table: dict[str, _Job], satellite: str) -> _Job:
        key = (
            satellite
            if satellite in table or len(table) < self._limits.max_satellites
            else _OTHER_SATELLITE
        )
        job = table.get(key)
        if job is None:
            job = table[key] = _Job()
        return job

    def _add_walker(self, record: Filewalker, when: float | None) -> None:
        table = self._walkers[record.walker]
        self._add_job(table, str(record.walker), record, when)

    def _add_job(
        self,
        table: dict[str, _Job],
        kind: str,
        record: Filewalker | TrashEmpty,
        when: float | None,
    ) -> None:
        satellite, phase = record.satellite, record.phase
        if not satellite:
            # Some failure lines carry no satellite (trashchore.go:88, store.go:636): they
            # belong to the run going on. Never a satellite named "".
            running = _running(table)
            if running is None:
                if phase is JobPhase.FAILED:
                    self._unattributed[kind] = self._unattributed.get(kind, 0) + 1
                return
            job = running
        else:
            job = self._job(table, satellite)
        if phase is JobPhase.STARTED:
            job.start(when)
        elif phase is JobPhase.FALLBACK:
            job.fallback(when)
        else:
            failed = phase is JobPhase.FAILED
            job.finish(when, record.duration, record.error or ("failed" if failed else ""))

    def _add_retain(self, record: Retain, when: float | None) -> None:
        satellite = record.satellite
        if not satellite:
            # "retain pieces failed" names no satellite (retain/retain.go:299): it is the
            # request being processed.
            satellite = _running_retain(self._retain) or ""
            if not satellite:
                if record.phase is RetainPhase.FAILED:
                    self._unattributed["retain"] = self._unattributed.get("retain", 0) + 1
                return
        key = self._satellite_key(satellite)
        if key not in self._retain and len(self._retain) >= self._limits.max_satellites:
            key = _OTHER_SATELLITE
        state = self._retain.get(key, RetainState())
        if record.phase is RetainPhase.BLOOMFILTER_RECEIVED:
            state = replace(state, last_bloomfilter=when)
        elif record.phase is RetainPhase.PREPARED:
            state = replace(state, running_since=when)
        elif record.phase is RetainPhase.COMPLETED:
            state = replace(
                state,
                running_since=None,
                last_completed=when,
                last_deleted_pieces=record.deleted_pieces,
                last_pieces_count=record.pieces_count,
                last_duration=record.duration,
                completions=state.completions + 1,
            )
        elif record.phase is RetainPhase.FAILED:
            state = replace(
                state,
                running_since=None,
                failures=state.failures + 1,
                last_error=record.error or "failed",
            )
        self._retain[key] = state
        self._end_gc_fallback(key, record, when)

    def _end_gc_fallback(self, satellite: str, record: Retain, when: float | None) -> None:
        # After a lazy GC failure the in-process walker logs no end of its own: retain's own
        # end (retain.go:299 / :445) is the walker's end too.
        job = self._walkers[Walker.GC].get(satellite)
        if job is None or not job.falling_back:
            return
        if record.phase is RetainPhase.COMPLETED:
            job.finish(when, None, "")
        elif record.phase is RetainPhase.FAILED:
            job.finish(when, None, record.error or "failed")

    def _add_compaction(self, record: Compaction, when: float | None) -> None:
        if not record.satellite:
            self._unattributed["compaction"] = self._unattributed.get("compaction", 0) + 1
            return
        if not record.store and self._db_failure_echo(record.satellite):
            return
        key = f"{record.satellite}/{record.store}"
        if key not in self._compaction and len(self._compaction) >= self._limits.max_satellites * 2:
            key = f"{_OTHER_SATELLITE}/{record.store}"
        state = self._compaction.get(key)
        if state is None:
            state = self._compaction[key] = _Compaction()
        phase = record.phase
        if phase is CompactionPhase.STARTED:
            state.running_since = when
            state.reclaimed = state.rewritten = 0
            state.unechoed_failure = False
        elif phase is CompactionPhase.REWRITTEN:
            state.reclaimed += record.reclaimed_bytes
            state.rewritten += record.rewritten_bytes
            state.total_reclaimed += record.reclaimed_bytes
        else:
            state.runs += 1
            state.last_finished = when
            state.last_duration = record.duration
            state.last_reclaimed = state.reclaimed
            state.last_rewritten = state.rewritten
            state.reclaimed = state.rewritten = 0
            state.running_since = None
            if phase is CompactionPhase.FAILED:
                state.failures += 1
                state.last_error = record.error
                state.unechoed_failure = bool(record.store)

    def _db_failure_echo(self, satellite: str) -> bool:
        """Whether a store-less "compaction failed" repeats a store's failure just logged."""
        prefix = f"{satellite}/"
        for key, state in self._compaction.items():
            if state.unechoed_failure and key.startswith(prefix):
                state.unechoed_failure = False
                return True
        return False

    # --- output ---------------------------------------------------------------------------

    def latency_histogram(self, action: str) -> LogHistogram | None:
        """The live duration histogram of one action (read it, never add to it)."""
        self._record_buffered()
        return self._latency.get(action)

    @property
    def pending_transfers(self) -> int:
        """Start lines waiting for their final line (bounded by ``max_pending``)."""
        return self._pending.size

    @property
    def error_text_count(self) -> int:
        """Distinct error texts tracked (bounded by ``max_error_texts``)."""
        return self._errors.tracked

    @property
    def satellite_count(self) -> int:
        """Satellite keys tracked (bounded by ``max_satellites`` + the "other" bucket)."""
        return len(self._counts)

    def snapshot(self, now: float | None = None) -> LogSnapshot:
        """Freeze the current figures; windows end at ``now`` (default: the newest line)."""
        self._record_buffered()
        end = self._latest_time if now is None else now
        limits = self._limits
        totals: dict[str, list[int]] = {}
        by_satellite: dict[str, Mapping[str, OutcomeCounts]] = {}
        for satellite, actions in self._counts.items():
            frozen: dict[str, OutcomeCounts] = {}
            for action, counters in actions.items():
                frozen[action] = OutcomeCounts(*counters)
                total = totals.setdefault(action, [0, 0, 0, 0])
                for index, value in enumerate(counters):
                    total[index] += value
            by_satellite[satellite] = MappingProxyType(frozen)
        rolling = self._rolling.totals(end)
        recent = {
            action: OutcomeCounts(*rolling[index * 3 : index * 3 + 3])
            for action, index in self._action_index.items()
        }
        ingress, egress = self._rates.totals(end)
        categories = sorted(self._categories.items(), key=lambda item: item[1], reverse=True)
        errors = self._errors.summary(end, limits.top * 2)
        return LogSnapshot(
            lines=self.lines,
            unparsable=self.unparsable,
            levels=MappingProxyType(dict(self._levels)),
            transfers=MappingProxyType(
                {action: OutcomeCounts(*values) for action, values in totals.items()}
            ),
            transfers_by_satellite=MappingProxyType(by_satellite),
            recent_transfers=MappingProxyType(recent),
            audits=MappingProxyType(
                {sat: AuditCounts(*values) for sat, values in self._audits.items()}
            ),
            ingress_bytes_per_second=ingress / limits.rate_window,
            egress_bytes_per_second=egress / limits.rate_window,
            active_transfers=self._pending.size if self._pending.seen_start else None,
            latency=MappingProxyType(
                {
                    action: LatencySummary(
                        histogram.count,
                        histogram.mean,
                        histogram.percentile(0.5),
                        histogram.percentile(0.9),
                        histogram.percentile(0.95),
                        histogram.percentile(0.99),
                        histogram.buckets(),
                    )
                    for action, histogram in self._latency.items()
                    if histogram.count
                }
            ),
            error_categories=tuple(categories[: limits.top]),
            top_errors=tuple((error.text, error.total) for error in errors.top[: limits.top]),
            piece_sizes=MappingProxyType(
                {
                    "upload": tuple(self._upload_sizes),
                    "download": tuple(self._download_sizes),
                }
            ),
            upload_rejected=self._upload_rejected,
            ping_failures=MappingProxyType(dict(self._ping_failures)),
            reputation=MappingProxyType(dict(self._reputation)),
            node_version=self._node_version,
            minimum_version=self._minimum_version,
            retain=MappingProxyType(dict(self._retain)),
            filewalkers=MappingProxyType(
                {
                    str(walker): MappingProxyType({sat: job.freeze() for sat, job in jobs.items()})
                    for walker, jobs in self._walkers.items()
                }
            ),
            trash=MappingProxyType({sat: job.freeze() for sat, job in self._trash.items()}),
            compaction=MappingProxyType(
                {key: state.freeze() for key, state in self._compaction.items()}
            ),
            traffic_map=None if self._traffic_map is None else self._traffic_map.snapshot(),
            version_outdated=self._version_outdated_at is not None,
            version_outdated_at=self._version_outdated_at,
            contact_warnings=MappingProxyType(dict(self._contact)),
            disk_space_warnings=MappingProxyType(dict(self._disk_space)),
            unattributed_failures=MappingProxyType(dict(self._unattributed)),
            recent_latency=MappingProxyType(
                {
                    action: _summary(histogram)
                    for action, histogram in self._recent_latency.histograms(end).items()
                }
            ),
            errors=errors,
            hot_pieces=self._hot_pieces.top(end, limits.top * 2),
            satellite_throughput=MappingProxyType(
                self._throughput.rates(end, _bytes(by_satellite))
            ),
        )


def _bytes(
    by_satellite: Mapping[str, Mapping[str, OutcomeCounts]],
) -> dict[str, tuple[int, int]]:
    """Per satellite: bytes of successful (ingress, egress) transfers, every action."""
    return {
        satellite: (
            sum(counts.bytes for action, counts in actions.items() if action in UPLOAD_ACTIONS),
            sum(counts.bytes for action, counts in actions.items() if action not in UPLOAD_ACTIONS),
        )
        for satellite, actions in by_satellite.items()
    }


def _summary(histogram: LogHistogram) -> LatencySummary:
    return LatencySummary(
        histogram.count,
        histogram.mean,
        histogram.percentile(0.5),
        histogram.percentile(0.9),
        histogram.percentile(0.95),
        histogram.percentile(0.99),
    )


def _running(table: dict[str, _Job]) -> _Job | None:
    """The job of this kind running now (the latest started, should several be)."""
    running = [job for job in table.values() if job.running_since is not None]
    if not running:
        running = [job for job in table.values() if job.falling_back]
    return max(running, key=lambda job: job.running_since or 0.0, default=None)


def _running_retain(table: Mapping[str, RetainState]) -> str | None:
    """The satellite whose retain request is being processed (the latest prepared)."""
    running = [(state.running_since, sat) for sat, state in table.items() if state.running_since]
    return max(running)[1] if running else None
