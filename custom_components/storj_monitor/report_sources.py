"""What exports and reports read from the recorder: statistics, score history, events.

Each `read_*` runs in the recorder's executor (`get_instance(hass).async_add_executor_job`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
import json
from typing import Any

from homeassistant.components.recorder.db_schema import EventData, Events, EventTypes
from homeassistant.components.recorder.history import get_significant_states
from homeassistant.components.recorder.statistics import (
    StatisticsRow,
    get_metadata,
    statistics_during_period,
)
from homeassistant.components.recorder.util import session_scope
from homeassistant.core import HomeAssistant, State
from homeassistant.util import dt as dt_util
from sqlalchemy import select

from .alert_publish import ALERT_EVENT
from .anomaly_monitor import ANOMALY_BUS_EVENT
from .const import DOMAIN
from .reports.model import EventRow, MonthPayout, SatellitePayout, TrafficDay
from .reports.tables import ScoreSample
from .statistics import PAYOUT_KINDS, TRAFFIC_KINDS, node_slug, statistic_id

EVENT_KINDS: Mapping[str, str] = {ALERT_EVENT: "alert", ANOMALY_BUS_EVENT: "anomaly"}
SCORE_KEYS = ("audit_score", "suspension_score", "online_score")


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open time span [start, end)."""

    start: datetime
    end: datetime


def _rows(hass: HomeAssistant, window: Window, ids: set[str]) -> dict[str, dict[datetime, float]]:
    """Each statistic's hourly rows (state, or mean for measurements) in the window."""
    found = statistics_during_period(
        hass, window.start, window.end, ids, "hour", None, {"state", "mean"}
    )
    return {
        statistic: {
            datetime.fromtimestamp(row["start"], UTC): value
            for row in rows
            if (value := _value(row)) is not None
        }
        for statistic, rows in found.items()
    }


def _value(row: StatisticsRow) -> float | None:
    """The row's state (external statistics), else its mean (sensors' measurements)."""
    state = row.get("state")
    return state if state is not None else row.get("mean")


def _local_day(moment: datetime) -> date:
    return dt_util.as_local(moment).date()


def _local_month(moment: datetime) -> str:
    return f"{dt_util.as_local(moment):%Y-%m}"


def _months(rows: Mapping[str, Mapping[datetime, float]], prefix: str) -> list[MonthPayout]:
    """Payout months from the four statistics `<prefix>_payout_<kind>`."""
    by_kind = {
        kind.key: {
            _local_month(start): value
            for start, value in rows.get(f"{prefix}_payout_{kind.key}", {}).items()
        }
        for kind in PAYOUT_KINDS
    }
    return [
        MonthPayout(
            period=period,
            earned=earned,
            held=by_kind["held"].get(period, 0.0),
            paid=by_kind["paid"].get(period, 0.0),
            distributed=by_kind["distributed"].get(period),
        )
        for period, earned in sorted(by_kind["earned"].items())
    ]


def read_payouts(
    hass: HomeAssistant, node_id: str, window: Window
) -> tuple[list[MonthPayout], list[SatellitePayout]]:
    """The node's payout months in the window, in total and per satellite."""
    node_prefix = f"{DOMAIN}:{node_slug(node_id)}"
    satellites = sorted(
        statistic.removeprefix(f"{node_prefix}_").removesuffix("_payout_earned")
        for statistic in get_metadata(hass, statistic_source=DOMAIN)
        if statistic.startswith(f"{node_prefix}_")
        and statistic.endswith("_payout_earned")
        and statistic != f"{node_prefix}_payout_earned"
    )
    prefixes = [node_prefix, *(f"{node_prefix}_{slug}" for slug in satellites)]
    # The statistics the importer writes: the earned-by-kind parts exist per node only.
    ids = {
        f"{prefix}_payout_{kind.key}"
        for prefix in prefixes
        for kind in PAYOUT_KINDS
        if kind.per_satellite or prefix == node_prefix
    }
    rows = _rows(hass, window, ids)
    per_satellite = [
        SatellitePayout(satellite=slug, months=tuple(_months(rows, f"{node_prefix}_{slug}")))
        for slug in satellites
    ]
    return _months(rows, node_prefix), [s for s in per_satellite if s.months]


def read_storage(hass: HomeAssistant, node_id: str, window: Window) -> list[tuple[date, float]]:
    """Stored TB per day (the satellites' daily average)."""
    stored = statistic_id(node_id, "stored")
    rows = _rows(hass, window, {stored}).get(stored, {})
    return sorted((_local_day(start), value) for start, value in rows.items())


def read_traffic(hass: HomeAssistant, node_id: str, window: Window) -> list[TrafficDay]:
    """Traffic per day by kind (GB); a kind missing that day counts 0."""
    ids = {kind.key: statistic_id(node_id, kind.key) for kind in TRAFFIC_KINDS}
    rows = _rows(hass, window, set(ids.values()))
    days: dict[date, dict[str, float]] = {}
    for key, statistic in ids.items():
        for start, value in rows.get(statistic, {}).items():
            days.setdefault(_local_day(start), {})[key] = value
    return [
        TrafficDay(
            day=day,
            egress=kinds.get("egress_usage", 0.0),
            egress_repair=kinds.get("egress_repair", 0.0),
            egress_audit=kinds.get("egress_audit", 0.0),
            ingress=kinds.get("ingress_usage", 0.0),
            ingress_repair=kinds.get("ingress_repair", 0.0),
        )
        for day, kinds in sorted(days.items())
    ]


def read_scores(
    hass: HomeAssistant, entities: Mapping[str, tuple[str, str]], window: Window
) -> list[ScoreSample]:
    """Score history of the satellites' score sensors (entity -> (satellite, score key)).

    Hourly means from the statistics; the recorded states where there are none (the
    statistics of the latest hours are compiled later, and not at all without a state class).
    """
    history = _rows(hass, window, set(entities))
    missing = [entity for entity in entities if not history.get(entity)]
    if missing:
        states = get_significant_states(
            hass,
            window.start,
            window.end,
            missing,
            include_start_time_state=True,
            significant_changes_only=False,
            no_attributes=True,
        )
        for entity in missing:
            history[entity] = {
                max(state.last_changed, window.start): value
                for state in states.get(entity, [])
                if isinstance(state, State) and (value := _number(state.state)) is not None
            }
    return _forward_filled(entities, history)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _forward_filled(
    entities: Mapping[str, tuple[str, str]], history: Mapping[str, Mapping[datetime, float]]
) -> list[ScoreSample]:
    """One sample per satellite and moment any score changed, each score its latest value."""
    by_satellite: dict[str, dict[datetime, dict[str, float]]] = {}
    for entity, (satellite, key) in entities.items():
        for moment, value in history.get(entity, {}).items():
            by_satellite.setdefault(satellite, {}).setdefault(moment, {})[key] = value
    samples = []
    for satellite, moments in by_satellite.items():
        latest: dict[str, float] = {}
        for moment in sorted(moments):
            latest.update(moments[moment])
            samples.append(
                ScoreSample(
                    satellite=satellite,
                    at=moment,
                    audit=latest.get("audit_score"),
                    suspension=latest.get("suspension_score"),
                    online=latest.get("online_score"),
                )
            )
    return samples


def read_events(hass: HomeAssistant, window: Window) -> dict[str, list[EventRow]]:
    """Alert and anomaly events in the window, by the config entry that fired them."""
    query = (
        select(EventTypes.event_type, Events.time_fired_ts, EventData.shared_data)
        .join(EventTypes, Events.event_type_id == EventTypes.event_type_id)
        .outerjoin(EventData, Events.data_id == EventData.data_id)
        .where(
            EventTypes.event_type.in_(list(EVENT_KINDS)),
            Events.time_fired_ts >= window.start.timestamp(),
            Events.time_fired_ts < window.end.timestamp(),
        )
        .order_by(Events.time_fired_ts)
    )
    found: dict[str, list[EventRow]] = {}
    with session_scope(hass=hass, read_only=True) as session:
        for event_type, fired, shared in session.execute(query):
            data: dict[str, Any] = json.loads(shared) if shared else {}
            found.setdefault(str(data.get("entry_id")), []).append(
                EventRow(
                    at=datetime.fromtimestamp(fired, UTC),
                    kind=EVENT_KINDS[event_type],
                    type=str(data.get("type", "")),
                    severity=str(data.get("severity") or ""),
                    subject=str(data.get("condition") or data.get("metric") or ""),
                    satellite=str(data.get("satellite") or ""),
                    message=str(data.get("message", "")),
                )
            )
    return found


def score_entities(
    registry_entries: Iterable[tuple[str, str | None]], node_id: str, names: Mapping[str, str]
) -> dict[str, tuple[str, str]]:
    """Entity ID -> (satellite name, score key) of the node's satellite score sensors.

    `registry_entries` are (entity ID, unique ID); `names` satellite ID -> name.
    """
    wanted = {
        f"{node_id}_{satellite_id}_{key}": (name, key)
        for satellite_id, name in names.items()
        for key in SCORE_KEYS
    }
    return {
        entity_id: wanted[unique_id]
        for entity_id, unique_id in registry_entries
        if unique_id in wanted
    }
