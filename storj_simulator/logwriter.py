"""Storagenode log lines that agree with the simulated API state.

Lines are generated for intervals of simulation time: failing audits appear while the
audit score falls, a suspended satellite's audits hit I/O errors, a disqualified satellite
sends nothing, an offline node writes nothing and logs its start-up when it comes back,
and every hour each satellite's scores are logged with the values the API reports.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
import contextlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
import os
from pathlib import Path
import random
import sys
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from .calendar import HOUR
from .loglines import (
    Action,
    KeyStyle,
    LogEvent,
    LogStyle,
    OtherLine,
    Outcome,
    ReputationUpdate,
    TransferFinished,
    TransferStarted,
    format_event,
    is_logged,
)
from .scenarios import Scenario, Span
from .state import NodeState

if TYPE_CHECKING:
    from .node import SimulatedNode

type LogTarget = str | os.PathLike[str] | TextIO

# Relative frequency of transfers per action on a typical node.
ACTION_WEIGHTS = {
    Action.GET: 40,
    Action.PUT: 36,
    Action.GET_AUDIT: 4,
    Action.GET_REPAIR: 10,
    Action.PUT_REPAIR: 10,
}
# Share of audits that fail on a satellite in `audit_failing` / `suspended`.
AUDIT_FAILURE_SHARE = 0.5
MISSING_PIECE = "file does not exist"
UNKNOWN_AUDIT_ERROR = (
    "pieces error: filestore error: open /app/config/storage/blobs/piece.sj1: input/output error"
)
UPLOAD_ERROR = "context deadline exceeded"
DOWNLOAD_ERROR = "write tcp 172.17.0.2:28967->79.127.219.33:41576: write: broken pipe"
_AUDIT_ERRORS = {
    Scenario.AUDIT_FAILING: MISSING_PIECE,
    Scenario.SUSPENDED: UNKNOWN_AUDIT_ERROR,
}
MAX_IN_FLIGHT = 8
# Customer downloads favour a few popular pieces (a shared video, a package mirror): one GET
# in ten fetches one of these, so the hot pieces of the log are real repeats.
POPULAR_PIECES = 8
POPULAR_SHARE = 0.1
RUN_INTERVAL = 0.2


@dataclass(slots=True)
class _Pending:
    started: TransferStarted
    outcome: Outcome
    error: str


class LogWriter:
    """Writes a node's log to a file or stream at a given rate of lines per second."""

    def __init__(
        self,
        node: SimulatedNode,
        target: LogTarget,
        *,
        style: LogStyle | None = None,
        lines_per_second: float = 10.0,
    ) -> None:
        """Prepare; nothing is written before `write_until()` or `async with`."""
        self.node = node
        self.style = style or LogStyle.for_version(node.api.version)
        self.lines_per_second = lines_per_second
        self.lines_written = 0
        self._target = target
        self._stream: TextIO | None = None
        self._owns_stream = False
        self._position = node.now()
        self._budget = 0.0
        self._rng = random.Random(f"{node.profile.seed}-{node.index}-log")  # noqa: S311
        self._hosts = [
            f"{self._rng.randint(1, 223)}.{self._rng.randint(0, 255)}."
            f"{self._rng.randint(0, 255)}.{self._rng.randint(1, 254)}"
            for _ in range(200)
        ]
        self._pending: list[_Pending] = []
        self._task: asyncio.Task[None] | None = None
        # Its own generator: the lines of the main one stay what they were before.
        self._popular_rng = random.Random(f"{node.profile.seed}-{node.index}-popular")  # noqa: S311
        self._popular = [
            base64.b32encode(self._popular_rng.randbytes(32)).decode().rstrip("=")
            for _ in range(POPULAR_PIECES)
        ]

    # --- lifecycle ------------------------------------------------------------------

    def open(self) -> None:
        """Open the target (a path is appended to; "-" means stdout)."""
        if self._stream is not None:
            return
        if isinstance(self._target, (str, os.PathLike)):
            if str(self._target) == "-":
                self._stream = sys.stdout
            else:
                self._stream = Path(self._target).open("a", encoding="utf-8")  # noqa: SIM115
                self._owns_stream = True
        else:
            self._stream = self._target

    def close(self) -> None:
        """Flush, and close the file if this writer opened it."""
        stream, self._stream = self._stream, None
        if stream is None:
            return
        stream.flush()
        if self._owns_stream:
            stream.close()

    async def run(self) -> None:
        """Write lines as the simulation clock advances, until cancelled."""
        while True:
            self.write_until()
            await asyncio.sleep(RUN_INTERVAL)

    async def __aenter__(self) -> LogWriter:
        """Open the target and start writing in the background."""
        self.open()
        self._task = asyncio.create_task(self.run(), name=f"log writer {self.node.index}")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the background task, write the lines still due, and close the target."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.write_until()
        self.close()

    # --- generation -----------------------------------------------------------------

    def write_until(self, until: datetime | None = None) -> int:
        """Write the lines of the simulation time since the last call; return how many."""
        self.open()
        assert self._stream is not None
        end = self.node.now() if until is None else until
        if end <= self._position:
            return 0
        lines = [format_event(event, self.style) for event in self._events(self._position, end)]
        self._position = end
        if lines:
            self._stream.write("\n".join(lines) + "\n")
            self._stream.flush()
        self.lines_written += len(lines)
        return len(lines)

    def _events(self, start: datetime, end: datetime) -> list[LogEvent]:
        events: list[LogEvent] = []
        timeline = self.node.timeline()
        previous: Scenario | None = None
        spans = list(_clip(self.node.state(end), start, end))
        for change in timeline:
            if change.at <= start:
                previous = change.scenario
        for span in spans:
            if span.scenario is Scenario.OFFLINE:
                previous = span.scenario
                continue
            if previous is Scenario.OFFLINE and span.start >= start:
                events.extend(self._startup(span.start))
            previous = span.scenario
            events.extend(self._span_events(span))
        events.extend(self._hourly(start, end))
        events.sort(key=lambda event: event.time)
        return [event for event in events if is_logged(event, self.style)]

    def _span_events(self, span: Span) -> list[LogEvent]:
        state = self.node.state(span.end)
        self._budget += self.lines_per_second * (span.end - span.start).total_seconds()
        count = int(self._budget)
        self._budget -= count
        seconds = (span.end - span.start).total_seconds()
        times = sorted(
            span.start + timedelta(seconds=self._rng.random() * seconds) for _ in range(count)
        )
        events: list[LogEvent] = []
        for moment in times:
            events.extend(self._transfer_lines(state, span, moment))
        return events

    def _transfer_lines(self, state: NodeState, span: Span, moment: datetime) -> Iterator[LogEvent]:
        """One logged line: the end of a transfer, or the start (plus end) of a new one."""
        rng = self._rng
        # A slow disk holds each transfer `factor` times as long: more in flight, fewer ending.
        slow = span.params.get("factor", 1.0) if span.scenario is Scenario.SLOW_DISK else 1.0
        if self._pending and (
            len(self._pending) >= MAX_IN_FLIGHT * slow or rng.random() < 0.5 / slow
        ):
            yield self._finish(self._pending.pop(0), moment)
            return
        sender = self._pick_satellite(state, span)
        if sender is None:
            return
        action = rng.choices(list(ACTION_WEIGHTS), list(ACTION_WEIGHTS.values()))[0]
        started = TransferStarted(
            time=moment,
            action=action,
            piece_id=base64.b32encode(rng.randbytes(32)).decode().rstrip("="),
            satellite_id=sender,
            remote_address=f"{rng.choice(self._hosts)}:{rng.randint(1024, 65535)}",
            size=256 if action is Action.GET_AUDIT else 256 * rng.randint(1, 9000),
            offset=256 * rng.randint(0, 8000) if action is Action.GET_AUDIT else 0,
            available_space=state.disk.free,
        )
        if action is Action.GET and self._popular_rng.random() < POPULAR_SHARE:
            started = replace(started, piece_id=self._popular_rng.choice(self._popular))
        outcome, error = self._outcome(state, span, started)
        pending = _Pending(started, outcome, error)
        yield started
        if not is_logged(started, self.style):
            # The start line is invisible at INFO: let the visible line be the end.
            late = timedelta(milliseconds=rng.randint(5, 900) * slow)
            yield self._finish(pending, moment + late)
        else:
            self._pending.append(pending)

    def _pick_satellite(self, state: NodeState, span: Span) -> str | None:
        ids: list[str] = []
        weights: list[float] = []
        for satellite in state.satellites:
            if span.scenario is Scenario.DISQUALIFIED and state.targets(span, satellite):
                continue
            weight = state.share(satellite, span.end)
            if weight > 0:
                ids.append(satellite.satellite_id)
                weights.append(weight)
        return self._rng.choices(ids, weights)[0] if ids else None

    def _outcome(
        self, state: NodeState, span: Span, started: TransferStarted
    ) -> tuple[Outcome, str]:
        rng = self._rng
        satellite = state.satellite(started.satellite_id)
        hit = satellite is not None and state.targets(span, satellite)
        if started.action is Action.GET_AUDIT:
            error = _AUDIT_ERRORS.get(span.scenario) if hit else None
            if error and rng.random() < AUDIT_FAILURE_SHARE:
                return Outcome.FAILED, error
            return Outcome.SUCCESS, ""
        roll = rng.random()
        if span.scenario is Scenario.SLOW_DISK:
            roll += span.params["failure_share"]  # pushed from success into failure
        if roll < 0.9:
            return Outcome.SUCCESS, ""
        if roll < 0.96 and span.scenario is not Scenario.SLOW_DISK:
            return Outcome.CANCELED, ""
        return Outcome.FAILED, UPLOAD_ERROR if started.action.is_upload else DOWNLOAD_ERROR

    def _finish(self, pending: _Pending, moment: datetime) -> TransferFinished:
        started = pending.started
        size = started.size
        if started.action.is_upload:
            size = 256 * self._rng.randint(1, 9000)
        return TransferFinished(
            time=max(moment, started.time),
            action=started.action,
            outcome=pending.outcome,
            piece_id=started.piece_id,
            satellite_id=started.satellite_id,
            remote_address=started.remote_address,
            size=size,
            offset=started.offset,
            error=pending.error,
        )

    def _hourly(self, start: datetime, end: datetime) -> list[LogEvent]:
        """Scores per satellite (and the version check) on every full hour in (start, end]."""
        events: list[LogEvent] = []
        hour = start.replace(minute=0, second=0, microsecond=0) + HOUR
        while hour <= end:
            state = self.node.state(hour)
            if state.current.scenario is not Scenario.OFFLINE:
                events.extend(self._reputation(state, hour))
                if state.current.scenario is Scenario.OUTDATED:
                    events.append(self._outdated(state, hour))
            hour += HOUR
        return events

    def _reputation(self, state: NodeState, moment: datetime) -> Iterator[LogEvent]:
        earlier = self.node.state(moment - HOUR)
        for satellite in state.satellites:
            scores = state.scores(satellite)
            before = earlier.scores(satellite)
            audits = int((moment - satellite.joined_at).total_seconds() // 60)
            failed = round(audits * (1 - scores.audit) / 10)
            audit_delta = scores.audit - before.audit
            suspension_delta = scores.suspension - before.suspension
            yield ReputationUpdate(
                time=moment,
                satellite_id=satellite.satellite_id,
                total_audits=audits,
                successful_audits=audits - failed,
                audit_score=scores.audit,
                online_score=scores.online,
                suspension_score=scores.suspension,
                audit_delta=audit_delta,
                online_delta=scores.online - before.online,
                suspension_delta=suspension_delta,
                worsened=audit_delta < 0 or suspension_delta < 0,
            )

    def _outdated(self, state: NodeState, moment: datetime) -> OtherLine:
        version = state.current.params["version"] or self.node.api.outdated_version
        return outdated_event(
            moment, self.style.keys, version=version, allowed=self.node.api.allowed_version
        )

    def _startup(self, moment: datetime) -> list[LogEvent]:
        return startup_events(
            moment,
            self.style.keys,
            node_id=self.node.node_id,
            port=self.node.profile.configured_port,
        )


def outdated_event(moment: datetime, keys: KeyStyle, *, version: str, allowed: str) -> OtherLine:
    """``version not allowed/outdated`` (private/version/checker/service.go:140 @ 5dbec64f5a).

    Up to v1.145 the current version was a semver Stringer (no "v"); from v1.146 both are
    ``VString()`` with "v".
    """
    if keys is KeyStyle.SNAKE:
        fields = {"current_version": f"v{version}", "minimum_allowed_version": f"v{allowed}"}
    else:
        fields = {"current version": version, "minimum allowed version": f"v{allowed}"}
    return OtherLine(
        time=moment,
        level="WARN",
        logger="version",
        message="version not allowed/outdated",
        fields=fields,
    )


def startup_events(moment: datetime, keys: KeyStyle, *, node_id: str, port: int) -> list[LogEvent]:
    """What ``storagenode run`` logs on start, all on the root logger (no logger column)."""
    snake = keys is KeyStyle.SNAKE
    return [
        # storj.io/common process/exec_conf.go:328
        OtherLine(
            time=moment,
            level="INFO",
            logger="",
            message="Configuration loaded",
            fields={"location" if snake else "Location": "/app/config/config.yaml"},
        ),
        # storagenode/peer.go:422 (the run command logs no "Identity loaded.")
        OtherLine(time=moment, level="INFO", logger="", message=f"Node {node_id} started"),
        # storagenode/peer.go:423
        OtherLine(
            time=moment, level="INFO", logger="", message=f"Public server started on [::]:{port}"
        ),
    ]


def _clip(state: NodeState, start: datetime, end: datetime) -> Iterator[Span]:
    for span in state.timeline.spans(end):
        if span.end > start:
            yield Span(max(span.start, start), span.end, span.scenario, span.params)
