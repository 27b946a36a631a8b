"""Import a whole existing node log into long-term statistics (hourly transfer counts).

Reading runs in a worker thread, in large binary chunks parsed straight from bytes
(`parse_line_bytes`: the same records as `parse_line`), so a 3 GB log neither freezes Home
Assistant nor fills its memory: one chunk and one counter per hour and kind are kept.

An import survives a restart: every CHECKPOINT_EVERY bytes the counts so far and the byte
offset are saved; Home Assistant stopping ends the read within STOP_CHECK_LINES lines (the
worker never holds up shutdown), and the next start resumes from the offset. Statistics are
written only once the whole file is counted, replacing the hours it covers, so nothing counts
twice. `storj_monitor.cancel_import` stops the worker the same way but forgets the checkpoint:
the statistics are left untouched.

The checkpoint outlives the count until the statistics are read back from the recorder: it
drops a write SQLite refuses (database full, or locked past its busy timeout) with no more
than a log line, and the counts would be lost. Called again, or at the next start, the
import resumes from the checkpoint at the file's end and only writes.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
import os
from pathlib import Path
import threading
import time
from typing import Any, Final

from homeassistant.components.recorder import get_instance
from homeassistant.components.recorder.models import StatisticData, StatisticMeanType
from homeassistant.components.recorder.statistics import (
    StatisticMetaData,
    async_add_external_statistics,
    statistics_during_period,
)
from homeassistant.components.recorder.tasks import SynchronizeTask
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN, LOGGER
from .log_entities import ACTION_KEYS
from .logs.parser import parse_line_bytes
from .logs.records import Transfer, TransferStatus
from .statistics import statistic_id

PROGRESS_EVENT: Final = f"{DOMAIN}_import_progress"
PROGRESS_INTERVAL = 1.0  # seconds between progress reports, at most
CHECKPOINT_EVERY = 16 * 1024 * 1024  # bytes between saved checkpoints
CHUNK_SIZE: Final = 4 * 1024 * 1024  # bytes read at once (at most CHECKPOINT_EVERY)
STOP_CHECK_LINES: Final = 512  # lines between two looks at the stop flag
MAX_LINE: Final = 1024 * 1024  # a longer "line" (no newline in a MiB) is cut into pieces
STORAGE_VERSION: Final = 1
OUTCOME_KEYS: Final = {
    TransferStatus.SUCCESS: "success",
    TransferStatus.FAILED: "failed",
    TransferStatus.CANCELED: "canceled",
}
HOUR: Final = 3600
# How long the recorder may take to handle the write before the import counts as not written.
WRITE_TIMEOUT = 300.0

type Progress = Callable[["LogCounts", int], None]
type Checkpoint = Callable[["LogCounts"], None]
type Tally = dict[tuple[str, TransferStatus, int], int]


class ImportInterruptedError(HomeAssistantError):
    """Home Assistant stopped during an import; it resumes at the next start."""


class StatisticsNotWrittenError(HomeAssistantError):
    """The recorder did not store the counted statistics; the checkpoint keeps them."""


@dataclass(slots=True)
class ImportJob:
    """An import under way: what `cancel_import` needs to end it."""

    stop: threading.Event = field(default_factory=threading.Event)
    cancelled: bool = False

    def cancel(self) -> None:
        """Stop the worker within STOP_CHECK_LINES lines; nothing will be written."""
        self.cancelled = True
        self.stop.set()


RUNNING_IMPORTS: HassKey[dict[str, ImportJob]] = HassKey(f"{DOMAIN}_imports")


@dataclass(slots=True)
class LogCounts:
    """Finished transfers per (action key, outcome key) and hour (POSIX hour start)."""

    lines: int = 0
    unparsable: int = 0
    transfers: int = 0
    hourly: dict[tuple[str, str], dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    offset: int = 0
    """Bytes of the file counted (always the end of a whole line)."""
    complete: bool = False
    cancelled: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON form for the checkpoint."""
        return {
            "lines": self.lines,
            "unparsable": self.unparsable,
            "transfers": self.transfers,
            "offset": self.offset,
            "hourly": {
                f"{action}/{outcome}": {str(hour): n for hour, n in hours.items()}
                for (action, outcome), hours in self.hourly.items()
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LogCounts:
        """Counts saved by `as_dict`."""
        counts = cls(
            lines=int(data["lines"]),
            unparsable=int(data["unparsable"]),
            transfers=int(data["transfers"]),
            offset=int(data["offset"]),
        )
        for key, hours in data["hourly"].items():
            action, _, outcome = key.partition("/")
            counts.hourly[(action, outcome)].update({int(h): int(n) for h, n in hours.items()})
        return counts


def count_log(
    path: Path,
    progress: Progress,
    *,
    resume: LogCounts | None = None,
    stop: threading.Event | None = None,
    checkpoint: Checkpoint | None = None,
) -> LogCounts:
    """Count a log file's finished transfers per hour (worker thread).

    From `resume` on if given; returns early, not `complete`, once `stop` is set. `progress`
    gets the counts and the file size at most every PROGRESS_INTERVAL seconds, and at the end.
    """
    counts = resume or LogCounts()
    total = path.stat().st_size
    chunk_size = min(CHUNK_SIZE, CHECKPOINT_EVERY)
    next_checkpoint = counts.offset + CHECKPOINT_EVERY
    next_report = time.monotonic() + PROGRESS_INTERVAL
    with path.open("rb") as handle:
        handle.seek(counts.offset)
        rest = b""
        while data := handle.read(chunk_size):
            if rest:
                data = rest + data
            end = data.rfind(b"\n") + 1
            if not end and len(data) <= MAX_LINE:
                rest = data  # no line ends in this chunk yet
                continue
            if not end:
                end = len(data)  # a MiB without a newline: a "line" of its own
            rest = data[end:]
            lines = data[:end].split(b"\n")
            if lines[-1] == b"":
                lines.pop()  # after the last newline
            if not _count_lines(lines, end, counts, stop):
                return counts
            if checkpoint is not None and counts.offset >= next_checkpoint:
                checkpoint(counts)
                next_checkpoint = counts.offset + CHECKPOINT_EVERY
            if time.monotonic() >= next_report:
                progress(counts, total)
                next_report = time.monotonic() + PROGRESS_INTERVAL
        # The last line may have no newline.
        if rest and not _count_lines([rest], len(rest), counts, stop):
            return counts
    counts.complete = True
    progress(counts, total)
    return counts


def _count_lines(
    lines: list[bytes], size: int, counts: LogCounts, stop: threading.Event | None
) -> bool:
    """Count `lines` (`size` bytes) into `counts`; False if `stop` ended it early.

    Stopped or not, the counts cover whole lines and `offset` is where the next one starts.
    """
    tally: Tally = {}
    parse = parse_line_bytes  # the module global, looked up once per chunk
    unparsable = 0
    done = 0
    last_time: float | None = None
    hour = 0
    try:
        for start in range(0, len(lines), STOP_CHECK_LINES):
            if stop is not None and stop.is_set():
                return False
            for line in lines[start : start + STOP_CHECK_LINES]:
                record = parse(line)
                done += 1
                if record is None:
                    unparsable += 1
                elif type(record) is Transfer:
                    moment = record.time
                    status = record.status
                    if moment is None or status is TransferStatus.STARTED:
                        continue
                    if moment is not last_time:  # consecutive lines share a time object
                        last_time, hour = moment, int(moment // HOUR) * HOUR
                    key = (record.action, status, hour)
                    tally[key] = tally.get(key, 0) + 1
        return True
    finally:
        # Whole lines only: what was counted and where the next line starts agree.
        counts.lines += done
        counts.unparsable += unparsable
        counts.offset += size if done == len(lines) else sum(map(len, lines[:done])) + done
        for (action, status, hour_start), number in tally.items():
            outcome = OUTCOME_KEYS.get(status)
            action_key = ACTION_KEYS.get(action)
            if outcome is not None and action_key is not None:
                counts.hourly[(action_key, outcome)][hour_start] += number
                counts.transfers += number


def progress_data(counts: LogCounts, total: int, elapsed: float, first_byte: int) -> dict[str, Any]:
    """Where an import is, how fast it goes (since `first_byte`), when it should end."""
    done = counts.offset - first_byte
    rate = done / elapsed if elapsed > 0 else 0.0
    return {
        "bytes_read": counts.offset,
        "bytes_total": total,
        "percent": round(100.0 * counts.offset / total, 1) if total else 100.0,
        "lines": counts.lines,
        "transfers": counts.transfers,
        "bytes_per_second": round(rate),
        "eta_seconds": round((total - counts.offset) / rate, 1) if rate else None,
    }


def async_cancel_import(hass: HomeAssistant, node_id: str) -> bool:
    """Cancel the node's running import; False if none runs."""
    job = hass.data.get(RUNNING_IMPORTS, {}).get(node_id)
    if job is None:
        return False
    job.cancel()
    return True


def _checkpoint_store(hass: HomeAssistant, node_id: str) -> Store[dict[str, Any]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.import_{node_id}")


def _file_identity(path: Path) -> list[int]:
    """Device and inode: a rotated log at the same path is another file."""
    info = os.stat(path)
    return [info.st_dev, info.st_ino]


async def async_remove_checkpoint(hass: HomeAssistant, node_id: str) -> None:
    """Forget a removed node's unfinished import."""
    await _checkpoint_store(hass, node_id).async_remove()


async def async_resume_import(hass: HomeAssistant, node_id: str, node_name: str) -> None:
    """Finish an import that a stop of Home Assistant interrupted (none: nothing to do)."""
    if "recorder" not in hass.config.components:
        return
    if node_id in hass.data.get(RUNNING_IMPORTS, {}):
        return  # still running from before a reload: it finishes (and writes) by itself
    saved = await _checkpoint_store(hass, node_id).async_load()
    if saved is None:
        return
    LOGGER.info("Resuming the import of %s for %s", saved["path"], node_name)
    try:
        await async_import_log(hass, node_id, node_name, Path(saved["path"]))
    except ImportInterruptedError:
        pass
    except StatisticsNotWrittenError:
        LOGGER.warning(
            "The recorder did not store the import of %s; trying again at the next start",
            saved["path"],
        )
    except OSError as err:
        LOGGER.warning("Could not resume the import of %s: %s", saved["path"], err)
        await _checkpoint_store(hass, node_id).async_remove()


async def async_import_log(
    hass: HomeAssistant, node_id: str, node_name: str, path: Path
) -> LogCounts:
    """Count `path` in a worker and write one external statistic per action and outcome."""
    store = _checkpoint_store(hass, node_id)
    identity = await hass.async_add_executor_job(_file_identity, path)
    resume: LogCounts | None = None
    saved = await store.async_load()
    if saved is not None and saved["path"] == str(path) and saved["file"] == identity:
        resume = LogCounts.from_dict(saved["counts"])

    started, first_byte = time.monotonic(), resume.offset if resume else 0

    def progress(counts: LogCounts, total: int) -> None:
        # Thread-safe: `fire` hands the event to the event loop.
        data = progress_data(counts, total, time.monotonic() - started, first_byte)
        hass.bus.fire(PROGRESS_EVENT, {"node": node_name, "path": str(path), **data})

    def checkpoint(counts: LogCounts) -> None:
        # Worker thread: the copy is taken here, the event loop writes it.
        data = {"path": str(path), "file": identity, "counts": counts.as_dict()}
        hass.loop.call_soon_threadsafe(store.async_delay_save, lambda: data, 0)

    running = hass.data.setdefault(RUNNING_IMPORTS, {})
    if node_id in running:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="import_running",
            translation_placeholders={"node": node_name},
        )
    job = running[node_id] = ImportJob()
    stop = job.stop
    home_assistant_stopping = False

    @callback
    def _stopping(_: Event) -> None:
        nonlocal home_assistant_stopping
        home_assistant_stopping = True
        stop.set()

    remove = hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _stopping)
    # The import counts as running (cancel_import reaches it, a second one is refused) until
    # its statistics are written, not only while the worker counts.
    try:
        try:
            counts = await hass.async_add_executor_job(
                lambda: count_log(path, progress, resume=resume, stop=stop, checkpoint=checkpoint)
            )
        except asyncio.CancelledError:
            # Background tasks are cancelled before the stop event: end the worker now too;
            # the last checkpoint is where the next start resumes.
            stop.set()
            raise
        if job.cancelled and not counts.complete:
            # Asked for: forget the checkpoint too (the worker's last save was handed to the
            # loop before its result, and removing cancels a delayed write), write nothing.
            await store.async_remove()
            counts.cancelled = True
            return counts
        data = {"path": str(path), "file": identity, "counts": counts.as_dict()}
        await store.async_save(data)
        if not counts.complete:
            raise ImportInterruptedError(
                f"Home Assistant stopped at byte {counts.offset} of {path}"
            )
        written = await _async_write(hass, node_id, node_name, counts)
        if not await _async_confirm(hass, written):
            raise StatisticsNotWrittenError(
                translation_domain=DOMAIN,
                translation_key="import_not_written",
                translation_placeholders={"path": str(path)},
            )
        await store.async_remove()
        return counts
    finally:
        del running[node_id]
        if not home_assistant_stopping:
            remove()  # a listener fired once is already gone


async def _async_write(
    hass: HomeAssistant, node_id: str, node_name: str, counts: LogCounts
) -> dict[str, dict[int, int]]:
    """Hand the statistics to the recorder; what each should then hold, per hour."""
    written: dict[str, dict[int, int]] = {}
    for (action, outcome), hours in counts.hourly.items():
        statistic = statistic_id(node_id, f"log_{action}_{outcome}")
        metadata = StatisticMetaData(
            mean_type=StatisticMeanType.NONE,
            has_sum=True,
            name=f"{node_name} log {action} {outcome}",
            source=DOMAIN,
            statistic_id=statistic,
            unit_class=None,
            unit_of_measurement=None,
        )
        # Hours this log covers replace what an earlier import wrote for them (importing the
        # same file twice changes nothing); other hours, e.g. from a rotated older log, stay.
        merged = await _async_existing_hours(hass, statistic) | hours
        running = 0
        rows = []
        for hour in sorted(merged):
            running += merged[hour]
            rows.append(
                StatisticData(
                    start=dt_util.utc_from_timestamp(hour), state=merged[hour], sum=running
                )
            )
        async_add_external_statistics(hass, metadata, rows)
        written[statistic] = merged
    return written


async def _async_confirm(hass: HomeAssistant, written: dict[str, dict[int, int]]) -> bool:
    """Whether the recorder holds `written`, once it has handled the writes queued before."""
    instance = get_instance(hass)
    # Queued after the writes: it resolves once they ran, committed or dropped.
    handled: asyncio.Future[None] = hass.loop.create_future()
    instance.queue_task(SynchronizeTask(handled))
    try:
        async with asyncio.timeout(WRITE_TIMEOUT):
            await handled
    except TimeoutError:
        LOGGER.warning("The recorder did not store the imported statistics in time")
        return False
    for statistic, hours in written.items():
        if await _async_existing_hours(hass, statistic) != hours:
            return False
    return True


async def _async_existing_hours(hass: HomeAssistant, statistic: str) -> dict[int, int]:
    """Counts already imported per hour (POSIX hour start)."""
    rows = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        dt_util.utc_from_timestamp(0),
        None,
        {statistic},
        "hour",
        None,
        {"state"},
    )
    return {
        int(row["start"]): int(row["state"] or 0)
        for row in rows.get(statistic, [])
        if row.get("state") is not None
    }
