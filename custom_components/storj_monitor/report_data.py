"""The `storj_monitor.generate_report` action's data, gathered from the recorder and the nodes.

Payouts, stored data and traffic come from the long-term statistics (what the statistics
cards show); scores, forecasts and the disk come from the latest poll, through the same
functions as the sensors, so the report and the entities agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from homeassistant.components.recorder import get_instance
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .data import StorjConfigEntry
from .export import day_window
from .fleet import is_online
from .report_sources import Window, read_events, read_payouts, read_storage, read_traffic
from .reports.model import (
    EventRow,
    MonthPayout,
    NodeReport,
    ReportData,
    SatellitePayout,
    SatelliteReputation,
    StorageForecast,
    TrafficDay,
)
from .reputation_entities import downtime_hours, moment_of, offline_24h_percent
from .reputation_forecast import (
    audit_failures_until_disqualification,
    unknown_failures_until_suspension,
)
from .sensor import percent
from .statistics import TB, period_start

CHART_MONTHS = 12
"""The earnings chart shows at least this many months, ending with the period's last."""


def month_periods(first: date, last: date) -> list[str]:
    """`YYYY-MM` of every month from `first`'s to `last`'s."""
    periods = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        periods.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def month_bounds(period: str) -> tuple[date, date]:
    """First and last day of a `YYYY-MM` month."""
    first = date.fromisoformat(f"{period}-01")
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class _Recorded:
    payouts: list[MonthPayout]
    satellites: list[SatellitePayout]
    storage: list[tuple[date, float]]
    traffic: list[TrafficDay]


def _read_node(hass: HomeAssistant, node_id: str, months: Window, days: Window) -> _Recorded:
    """In the recorder's executor: everything the statistics hold for one node."""
    payouts, satellites = read_payouts(hass, node_id, months)
    return _Recorded(
        payouts, satellites, read_storage(hass, node_id, days), read_traffic(hass, node_id, days)
    )


async def async_report_data(
    hass: HomeAssistant, entries: Sequence[StorjConfigEntry], start: date, end: date, title: str
) -> ReportData:
    """The report of `entries` for the local days `start` to `end`."""
    periods = month_periods(start, end)
    last_year, last_month = (int(part) for part in periods[-1].split("-"))
    # CHART_MONTHS months back from the last one: 12 -> the same month a year earlier, + 1.
    back = last_year * 12 + last_month - 1 - (CHART_MONTHS - 1)
    chart_start = min(date.fromisoformat(f"{periods[0]}-01"), date(back // 12, back % 12 + 1, 1))
    months = Window(
        period_start(f"{chart_start:%Y-%m}"),
        period_start(f"{month_bounds(periods[-1])[1] + timedelta(days=1):%Y-%m}"),
    )
    days = day_window(start, end)
    recorder = get_instance(hass)
    events = await recorder.async_add_executor_job(read_events, hass, days)
    nodes = []
    for entry in entries:
        coordinator = entry.runtime_data.coordinator
        recorded = await recorder.async_add_executor_job(
            _read_node, hass, coordinator.node_id, months, days
        )
        nodes.append(_node(entry, recorded, events.get(entry.entry_id, [])))
    return ReportData(
        title=title,
        start=start,
        end=end,
        periods=tuple(periods),
        generated_at=dt_util.utcnow(),
        nodes=tuple(nodes),
    )


def _node(entry: StorjConfigEntry, recorded: _Recorded, events: list[EventRow]) -> NodeReport:
    coordinator = entry.runtime_data.coordinator
    data = coordinator.data
    moment = moment_of(coordinator)
    disk = data.snapshot.dashboard.disk
    forecast = data.forecast
    logs = entry.runtime_data.logs
    return NodeReport(
        name=entry.title,
        node_id=coordinator.node_id,
        payouts=tuple(recorded.payouts),
        satellites=tuple(recorded.satellites),
        storage=tuple(recorded.storage),
        forecast=StorageForecast(
            used_tb=disk.used_total / TB,
            free_tb=disk.free / TB,
            growth_gb_per_day=(
                None
                if forecast is None or forecast.growth_bytes_per_day is None
                else round(forecast.growth_bytes_per_day / 1e9, 3)
            ),
            days_until_full=forecast.days_until_full if forecast else None,
            full_on=(
                dt_util.as_local(forecast.full_at).date() if forecast and forecast.full_at else None
            ),
        ),
        traffic=tuple(recorded.traffic),
        reputation=tuple(
            SatelliteReputation(
                satellite=sat.name,
                audit=percent(sat.audit_score) or 0.0,
                suspension=percent(sat.suspension_score) or 0.0,
                online=percent(sat.online_score) or 0.0,
                audit_failures_until_disqualification=audit_failures_until_disqualification(
                    sat.audit_score
                ),
                unknown_failures_until_suspension=unknown_failures_until_suspension(
                    sat.suspension_score
                ),
                online_if_offline_24h=offline_24h_percent(sat, moment),
                downtime_hours_30_days=downtime_hours(sat, moment),
            )
            for sat in sorted(data.snapshot.satellites.values(), key=lambda s: s.name)
        ),
        events=tuple(events),
        started_at=data.snapshot.dashboard.started_at.astimezone(UTC),
        online=is_online(entry),
        top_errors=(
            tuple(logs.data.top_errors) if logs is not None and logs.data is not None else None
        ),
    )


def report_title(start: date, end: date) -> str:
    """`Storj report 2026-10` for a whole month, else `Storj report 2026-10-01 to 2026-10-15`."""
    periods = month_periods(start, end)
    if len(periods) == 1 and (start, end) == month_bounds(periods[0]):
        return f"Storj report {periods[0]}"
    return f"Storj report {start.isoformat()} to {end.isoformat()}"


def now_local() -> datetime:
    """Home Assistant's local time (the default period is the previous local month)."""
    return dt_util.now()
