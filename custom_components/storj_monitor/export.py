"""The `storj_monitor.export` action's data: each kind's rows for the chosen nodes and period."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, timedelta

from homeassistant.components.recorder import get_instance
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from .api import StorjError, satellite_name
from .const import DOMAIN, LOGGER
from .data import StorjConfigEntry
from .earnings import paystub_earned
from .fleet_metrics import fleet_node
from .report_sources import (
    Window,
    read_events,
    read_scores,
    read_storage,
    read_traffic,
    score_entities,
)
from .reports.tables import (
    ExportKind,
    PaystubLine,
    Row,
    event_rows,
    fleet_rows,
    payout_rows,
    reputation_rows,
    storage_rows,
    traffic_rows,
)
from .statistics import local_day_start


def day_window(start: date | None, end: date | None) -> Window:
    """Local days `start` to `end` inclusive (open ends: since 2000, until tomorrow)."""
    first = start or date(2000, 1, 1)
    last = end or dt_util.now().date() + timedelta(days=1)
    return Window(local_day_start(first), local_day_start(last + timedelta(days=1)))


def _period(day: date) -> str:
    return f"{day:%Y-%m}"


async def async_export_rows(
    hass: HomeAssistant,
    kind: ExportKind,
    entries: Sequence[StorjConfigEntry],
    start: date | None,
    end: date | None,
) -> list[Row]:
    """The rows of one export kind for the nodes, oldest first per node."""
    if kind is ExportKind.FLEET:
        return fleet_rows([fleet_node(entry) for entry in entries])
    if kind is ExportKind.PAYOUTS:
        rows: list[Row] = []
        for entry in entries:
            rows += await _async_payout_rows(entry, start, end)
        return rows
    window = day_window(start, end)
    recorder = get_instance(hass)
    if kind is ExportKind.ALERTS:
        events = await recorder.async_add_executor_job(read_events, hass, window)
        return [
            row
            for entry in entries
            for row in event_rows(entry.title, _node_id(entry), events.get(entry.entry_id, []))
        ]
    rows = []
    for entry in entries:
        node_id = _node_id(entry)
        if kind is ExportKind.STORAGE:
            days = await recorder.async_add_executor_job(read_storage, hass, node_id, window)
            rows += storage_rows(entry.title, node_id, days)
        elif kind is ExportKind.TRAFFIC:
            traffic = await recorder.async_add_executor_job(read_traffic, hass, node_id, window)
            rows += traffic_rows(entry.title, node_id, traffic)
        else:
            entities = node_score_entities(hass, entry)
            samples = await recorder.async_add_executor_job(read_scores, hass, entities, window)
            rows += reputation_rows(entry.title, node_id, samples)
    return rows


def _node_id(entry: StorjConfigEntry) -> str:
    return entry.runtime_data.coordinator.node_id


def node_score_entities(hass: HomeAssistant, entry: StorjConfigEntry) -> dict[str, tuple[str, str]]:
    """The node's satellite score sensors: entity ID -> (satellite, score key)."""
    coordinator = entry.runtime_data.coordinator
    names = (
        {sat_id: sat.name for sat_id, sat in coordinator.data.snapshot.satellites.items()}
        if coordinator.data
        else {}
    )
    registered = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    return score_entities(
        ((item.entity_id, item.unique_id) for item in registered), coordinator.node_id, names
    )


async def _async_payout_rows(
    entry: StorjConfigEntry, start: date | None, end: date | None
) -> list[Row]:
    """Every paystub of the period from the node, with the payout receipts it knows."""
    coordinator = entry.runtime_data.coordinator
    history = coordinator.data.history if coordinator.data else None
    periods = [
        period
        for period in (history.periods if history else ())
        if (start is None or period >= _period(start)) and (end is None or period <= _period(end))
    ]
    if not periods:
        return []
    client = coordinator.client
    try:
        stubs = await client.async_get_paystubs_range(periods[0], periods[-1])
    except StorjError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="export_node_failed",
            translation_placeholders={"node": entry.title, "error": str(err)},
        ) from err
    paid = await asyncio.gather(
        *(client.async_get_payout_history(period) for period in periods), return_exceptions=True
    )
    receipts: dict[tuple[str, str], str | None] = {}
    for period, rows in zip(periods, paid, strict=True):
        if isinstance(rows, StorjError):
            # Receipts are a bonus: the paystubs alone make the export.
            LOGGER.debug("No payout receipts of %s for %s: %s", entry.title, period, rows)
            continue
        if isinstance(rows, BaseException):
            raise rows
        receipts.update(((row.satellite_id, period), row.receipt) for row in rows)
    return payout_rows(
        entry.title,
        coordinator.node_id,
        [
            PaystubLine(
                period=stub.period,
                satellite=satellite_name(stub.satellite_id, None),
                satellite_id=stub.satellite_id,
                earned=paystub_earned(stub),
                earned_without_surge=stub.earned,
                surge_percent=stub.surge_percent or 100,
                held=stub.held,
                paid=stub.paid,
                distributed=stub.distributed,
                receipt=receipts.get((stub.satellite_id, stub.period)),
            )
            for stub in stubs
            if stub.period in periods
        ],
    )
