"""Import a whole existing node log into long-term statistics (hourly transfer counts).

Reading runs in a worker thread, line by line, so a 1 GB log neither freezes Home Assistant
nor fills its memory: only one counter per hour and kind is kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from homeassistant.components.recorder import get_instance
from homeassistant.components.recorder.models import StatisticData, StatisticMeanType
from homeassistant.components.recorder.statistics import (
    StatisticMetaData,
    async_add_external_statistics,
    statistics_during_period,
)
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .log_entities import ACTION_KEYS
from .logs.parser import parse_line
from .logs.records import Transfer, TransferStatus
from .statistics import statistic_id

PROGRESS_EVENT: Final = f"{DOMAIN}_import_progress"
PROGRESS_EVERY: Final = 64 * 1024 * 1024  # bytes between progress events
OUTCOME_KEYS: Final = {
    TransferStatus.SUCCESS: "success",
    TransferStatus.FAILED: "failed",
    TransferStatus.CANCELED: "canceled",
}
HOUR: Final = 3600

type Progress = Callable[[int, int], None]


@dataclass(slots=True)
class LogCounts:
    """Finished transfers per (action key, outcome key) and hour (POSIX hour start)."""

    lines: int = 0
    unparsable: int = 0
    transfers: int = 0
    hourly: dict[tuple[str, str], dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )


def count_log(path: Path, progress: Progress) -> LogCounts:
    """Count a log file's finished transfers per hour (worker thread)."""
    counts = LogCounts()
    total = path.stat().st_size
    next_report = PROGRESS_EVERY
    done = 0
    with path.open("rb") as handle:
        for raw in handle:
            done += len(raw)
            counts.lines += 1
            record = parse_line(raw.decode("utf-8", "replace"))
            if record is None:
                counts.unparsable += 1
            elif type(record) is Transfer and record.time is not None:
                outcome = OUTCOME_KEYS.get(record.status)
                action = ACTION_KEYS.get(record.action)
                if outcome is not None and action is not None:
                    hour = int(record.time // HOUR) * HOUR
                    counts.hourly[(action, outcome)][hour] += 1
                    counts.transfers += 1
            if done >= next_report:
                progress(done, total)
                next_report += PROGRESS_EVERY
    progress(done, total)
    return counts


async def async_import_log(
    hass: HomeAssistant, node_id: str, node_name: str, path: Path
) -> LogCounts:
    """Count `path` in a worker and write one external statistic per action and outcome."""

    def progress(done: int, total: int) -> None:
        # Thread-safe: `fire` hands the event to the event loop.
        hass.bus.fire(
            PROGRESS_EVENT,
            {"node": node_name, "path": str(path), "bytes_read": done, "bytes_total": total},
        )

    counts = await hass.async_add_executor_job(count_log, path, progress)
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
    return counts


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
