"""Long-term statistics: backfill, corrections, idempotence, through a real recorder.

The simulated node joined 14 months before START; its paystubs are the reference. Time
zone is US/Pacific (PHCC's default), so each row starts at local midnight.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder, get_instance
from homeassistant.components.recorder.models import StatisticMeanType
from homeassistant.components.recorder.statistics import (
    async_add_external_statistics,
    get_metadata,
    statistics_during_period,
)
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.storj_monitor.api import StorjNodeClient
from custom_components.storj_monitor.coordinator import StorjData
from custom_components.storj_monitor.statistics import (
    StatisticsImporter,
    local_day_start,
    statistic_id,
)
from storj_simulator import SimulatedNode
from storj_simulator.calendar import period
from storj_simulator.earnings import Paystub as SimulatedPaystub
from storj_simulator.payout_bodies import all_paystubs

from .common import START, poll

US1 = "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S"
PERIODS = [f"2025-{month:02d}" for month in range(9, 13)] + [
    f"2026-{month:02d}" for month in range(1, 11)
]
type Row = tuple[datetime, float, float | None]


async def _rows(hass: HomeAssistant, *ids: str) -> dict[str, list[Row]]:
    """(start, state, sum) of every hourly row of the statistics, oldest first."""
    found = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        datetime(2000, 1, 1, tzinfo=UTC),
        None,
        set(ids),
        "hour",
        None,
        {"state", "sum"},
    )
    return {
        statistic: [
            (datetime.fromtimestamp(row["start"], UTC), row["state"], row.get("sum"))
            for row in found.get(statistic, [])
        ]
        for statistic in ids
    }


def _monthly(stubs: Iterable[SimulatedPaystub], field: str) -> list[tuple[str, float, float]]:
    """(period, amount, running total) in dollars, from the simulator's micro-USD paystubs."""
    totals: dict[str, int] = defaultdict(int)
    for stub in stubs:
        totals[period(stub.period_start)] += getattr(stub, field)
    result = []
    running = 0
    for month in sorted(totals):
        running += totals[month]
        result.append((month, totals[month] / 1e6, running / 1e6))
    return result


def _by_period(rows: list[Row]) -> list[tuple[str, float, float | None]]:
    """Rows labelled with the month they fall in, in Home Assistant's time zone."""
    return [(f"{dt_util.as_local(start):%Y-%m}", state, total) for start, state, total in rows]


def _states(rows: list[Row]) -> dict[datetime, float]:
    return {start: state for start, state, _ in rows}


async def _import(hass: HomeAssistant, importer: StatisticsImporter, data: StorjData) -> None:
    await importer.async_update(data)
    await async_wait_recording_done(hass)


@pytest.mark.parametrize("api_version", ["1.71", "1.162"])
async def test_first_run_backfills_every_month_since_joining(
    recorder_mock: Recorder, hass: HomeAssistant, node: SimulatedNode, client: StorjNodeClient
) -> None:
    """All 14 months of paystubs (12 come with the poll, 2 need the one backfill request)."""
    data = await poll(client)
    assert data.history is not None
    assert list(data.history.periods) == PERIODS
    assert {stub.period for stub in data.history.paystubs} == set(PERIODS[2:])
    importer = StatisticsImporter(hass, client, node.node_id, "Node 1")

    await _import(hass, importer, data)

    stubs = all_paystubs(node.state())
    ids = {kind: statistic_id(node.node_id, f"payout_{kind}") for kind in ("earned", "paid")}
    us1_held = statistic_id(node.node_id, "payout_held", US1)
    rows = await _rows(hass, *ids.values(), us1_held)
    assert _by_period(rows[ids["earned"]]) == _monthly(stubs, "earned")
    assert _by_period(rows[ids["paid"]]) == _monthly(stubs, "paid")
    us1_stubs = [stub for stub in stubs if stub.satellite_id == US1]
    assert _by_period(rows[us1_held]) == _monthly(us1_stubs, "held")
    # One row per month at local midnight of the 1st (PDT, then PST from November).
    starts = [start for start, _, _ in rows[ids["paid"]]]
    assert starts[0] == datetime(2025, 9, 1, 7, tzinfo=UTC)
    assert starts[3] == datetime(2025, 12, 1, 8, tzinfo=UTC)
    assert importer.paystubs is not None
    assert sorted({stub.period for stub in importer.paystubs}) == PERIODS

    metadata = await get_instance(hass).async_add_executor_job(
        lambda: get_metadata(hass, statistic_ids={ids["paid"], us1_held})
    )
    paid = metadata[ids["paid"]][1]
    assert ids["paid"] == f"storj_monitor:{node.node_id[:10].lower()}_payout_paid"
    assert (paid["name"], paid["unit_of_measurement"], paid["unit_class"]) == (
        "Node 1 payout paid",
        "USD",
        None,
    )
    assert (paid["source"], paid["has_sum"], paid["mean_type"]) == (
        "storj_monitor",
        True,
        StatisticMeanType.NONE,
    )
    assert metadata[us1_held][1]["name"] == "Node 1 us1 payout held back"
    assert us1_held.endswith("_us1_payout_held")


async def test_days_are_corrected_in_place_and_sums_follow(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    node: SimulatedNode,
    client: StorjNodeClient,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Replay 18 days across a month end: each day has one row, with its latest value."""
    importer = StatisticsImporter(hass, client, node.node_id, "Node 1")
    egress = statistic_id(node.node_id, "egress_usage")
    stored = statistic_id(node.node_id, "stored")
    moments = [START + timedelta(days=days) for days in range(16)]  # Nov 15 .. Nov 30, noon
    moments += [datetime(2026, 11, 30, 23, 59, tzinfo=UTC)]
    moments += [datetime(2026, 12, 1, 12, tzinfo=UTC), datetime(2026, 12, 2, 12, tzinfo=UTC)]
    latest_egress: dict[date, float] = {}
    latest_stored: dict[date, tuple[float, bool | None]] = {}
    first_rows: dict[str, list[Row]] = {}
    for moment in moments:
        freezer.move_to(moment)
        # The payout history is polled every few hours; these polls carry none.
        data = await poll(client, history=moment == START)
        summary = data.snapshot.summary
        for day in summary.bandwidth_daily:
            latest_egress[day.interval_start.date()] = round(day.egress_usage / 1e9, 9)
        for stamp in summary.storage_daily:
            assert stamp.at_rest_bytes is not None
            latest_stored[stamp.interval_start.date()] = (
                round(stamp.at_rest_bytes / 1e12, 12),
                stamp.calculated,
            )
        await _import(hass, importer, data)
        if moment == START:
            first_rows = await _rows(hass, egress, stored)

    rows = await _rows(hass, egress, stored)
    days = sorted(latest_egress)
    assert days[0] == date(2026, 11, 1)
    assert days[-1] == date(2026, 12, 2)
    assert len(days) == 32
    expected, running = [], 0.0
    for day in days:
        running = round(running + latest_egress[day], 9)
        start = dt_util.start_of_local_day(day).astimezone(UTC)
        expected.append((start, latest_egress[day], running))
    assert rows[egress] == expected
    # At START the 15th was half a day of traffic; later polls replaced it in place.
    nov15 = datetime(2026, 11, 15, 8, tzinfo=UTC)
    partial = _states(first_rows[egress])[nov15]
    final = _states(rows[egress])[nov15]
    assert partial == pytest.approx(final / 2, rel=0.01)
    # The 15th's storage was the node's projection (`calculated`) at START, a tally now.
    assert first_rows[stored][-1][0] == nov15
    assert latest_stored[date(2026, 11, 15)][1] is False
    assert _states(rows[stored])[nov15] == latest_stored[date(2026, 11, 15)][0]
    assert first_rows[stored][-1][1] != latest_stored[date(2026, 11, 15)][0]
    assert [state for _, state, _ in rows[stored]] == [
        latest_stored[day][0] for day in sorted(latest_stored)
    ]
    assert all(total is None for _, _, total in rows[stored])


async def test_second_run_and_restart_write_nothing(
    recorder_mock: Recorder, hass: HomeAssistant, node: SimulatedNode, client: StorjNodeClient
) -> None:
    """Unchanged data is recognised without a write, also by a new importer after a restart."""
    importer = StatisticsImporter(hass, client, node.node_id, "Node 1")
    data = await poll(client)
    await _import(hass, importer, data)
    ids = [
        statistic_id(node.node_id, key)
        for key in ("payout_earned", "payout_distributed", "egress_repair", "stored")
    ]
    before = await _rows(hass, *ids)
    assert all(before.values())

    with patch(
        "custom_components.storj_monitor.statistics.async_add_external_statistics",
        wraps=async_add_external_statistics,
    ) as writes:
        await _import(hass, importer, data)
        restarted = StatisticsImporter(hass, client, node.node_id, "Node 1")
        await _import(hass, restarted, await poll(client))

    assert writes.call_count == 0
    assert await _rows(hass, *ids) == before


async def test_failed_backfill_is_retried_and_shifts_the_sums(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    node: SimulatedNode,
    client: StorjNodeClient,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Without the backfill the recent 12 months are written; the older 2 come later."""
    importer = StatisticsImporter(hass, client, node.node_id, "Node 1")
    earned = statistic_id(node.node_id, "payout_earned")
    data = await poll(client)
    await node.set_scenario("offline")

    await _import(hass, importer, data)

    assert "Could not fetch the payout history of Node 1" in caplog.text
    assert importer.paystubs is None
    # The same payout history again: no new attempt (the node is still down).
    caplog.clear()
    await _import(hass, importer, data)
    assert "Could not fetch" not in caplog.text
    recent = (await _rows(hass, earned))[earned]
    assert [month for month, _, _ in _by_period(recent)] == PERIODS[2:]
    assert recent[0][2] == recent[0][1]

    await node.set_scenario("healthy")
    freezer.tick(timedelta(hours=6))
    await _import(hass, importer, await poll(client))

    rows = (await _rows(hass, earned))[earned]
    assert _by_period(rows) == _monthly(all_paystubs(node.state()), "earned")
    assert rows[2][1:] != recent[0][1:]  # same month, now after two more months
    assert rows[2][1] == recent[0][1]


async def test_a_new_paystub_month_is_appended(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    node: SimulatedNode,
    client: StorjNodeClient,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A month later November's paystubs arrive: one more row, the older ones untouched."""
    importer = StatisticsImporter(hass, client, node.node_id, "Node 1")
    paid = statistic_id(node.node_id, "payout_paid")
    await _import(hass, importer, await poll(client))
    before = (await _rows(hass, paid))[paid]

    freezer.move_to(datetime(2026, 12, 15, 12, tzinfo=UTC))
    await _import(hass, importer, await poll(client))

    rows = (await _rows(hass, paid))[paid]
    assert rows[:-1] == before
    assert _by_period(rows) == _monthly(all_paystubs(node.state()), "paid")
    assert _by_period(rows)[-1][0] == "2026-11"


async def test_statistics_graph_sees_monthly_payouts_and_daily_traffic(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    node: SimulatedNode,
    client: StorjNodeClient,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """What a statistics-graph card asks for: changes per month and per day."""
    importer = StatisticsImporter(hass, client, node.node_id, "Node 1")
    await _import(hass, importer, await poll(client))
    paid = statistic_id(node.node_id, "payout_paid")
    ingress = statistic_id(node.node_id, "ingress_usage")
    websocket = await hass_ws_client(hass)

    await websocket.send_json_auto_id(
        {
            "type": "recorder/statistics_during_period",
            "start_time": "2025-01-01T00:00:00Z",
            "statistic_ids": [paid],
            "period": "month",
            "types": ["change"],
        }
    )
    monthly = (await websocket.receive_json())["result"][paid]
    await websocket.send_json_auto_id(
        {
            "type": "recorder/statistics_during_period",
            "start_time": "2026-11-01T00:00:00Z",
            "statistic_ids": [ingress],
            "period": "day",
            "types": ["change"],
        }
    )
    daily = (await websocket.receive_json())["result"][ingress]

    expected = _monthly(all_paystubs(node.state()), "paid")
    assert [
        (
            f"{dt_util.as_local(dt_util.utc_from_timestamp(row['start'] / 1000)):%Y-%m}",
            row["change"],
        )
        for row in monthly
    ] == [(month, pytest.approx(amount)) for month, amount, _ in expected]
    # 1 .. 15 November (local days), today's partial day included.
    assert [
        dt_util.as_local(dt_util.utc_from_timestamp(row["start"] / 1000)).day for row in daily
    ] == list(range(1, 16))
    assert all(row["change"] > 0 for row in daily)


async def test_earned_by_kind_adds_up_to_earned_every_month(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    node: SimulatedNode,
    client: StorjNodeClient,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Storage + egress + repair/audit = earned in every month since joining, surge included.

    storj/storj `storagenode/payouts/payouts.go:65-96`@5dbec64f5a22d789f5bc858acc440844950eecc4:
    a PayStub's earned is CompGetAudit + CompGet + CompGetRepair + CompAtRest, the surge
    applies to that sum (SurgePercent); the parts here are those fields times the surge.
    """
    data = await poll(client)
    assert data.history is not None
    importer = StatisticsImporter(hass, client, node.node_id, "Node 1")
    await _import(hass, importer, data)
    # Then the recent paystubs carry a 150 % surge (as 2019-2020 ones did), the two oldest not.
    surged = tuple(replace(stub, surge_percent=150) for stub in data.history.paystubs)
    await _import(hass, importer, replace(data, history=replace(data.history, paystubs=surged)))
    kinds = ("earned", "earned_storage", "earned_egress", "earned_repair_audit")
    ids = {kind: statistic_id(node.node_id, f"payout_{kind}") for kind in kinds}
    websocket = await hass_ws_client(hass)

    await websocket.send_json_auto_id(
        {
            "type": "recorder/statistics_during_period",
            "start_time": "2025-01-01T00:00:00Z",
            "statistic_ids": list(ids.values()),
            "period": "month",
            "types": ["change"],
        }
    )
    result = (await websocket.receive_json())["result"]

    monthly = {
        kind: {row["start"]: row["change"] for row in result[statistic]}
        for kind, statistic in ids.items()
    }
    assert len(monthly["earned"]) == len(PERIODS)
    for kind in kinds:
        assert monthly[kind].keys() == monthly["earned"].keys()
    for start, earned in monthly["earned"].items():
        parts = [monthly[kind][start] for kind in kinds[1:]]
        assert all(part > 0 for part in parts)
        # Each part is rounded to a micro-dollar on its own.
        assert sum(parts) == pytest.approx(earned, abs=2e-6)
    # The surge counts: the newest month is 1.5 times the simulator's own figures.
    stubs = all_paystubs(node.state())
    newest = [stub for stub in stubs if period(stub.period_start) == PERIODS[-1]]
    assert max(monthly["earned_storage"].items())[1] == pytest.approx(
        1.5 * sum(stub.comp_at_rest for stub in newest) / 1e6, abs=1e-6
    )
    oldest = [stub for stub in stubs if period(stub.period_start) == PERIODS[0]]
    assert min(monthly["earned_egress"].items())[1] == pytest.approx(
        sum(stub.comp_get for stub in oldest) / 1e6, abs=1e-6
    )
    metadata = await get_instance(hass).async_add_executor_job(
        lambda: get_metadata(hass, statistic_ids={ids["earned_repair_audit"]})
    )
    assert (
        metadata[ids["earned_repair_audit"]][1]["name"]
        == "Node 1 payout earned for repair and audit"
    )
    # Per node only: no per-satellite statistics of the parts.
    us1_part = statistic_id(node.node_id, "payout_earned_storage", US1)
    assert (await _rows(hass, us1_part))[us1_part] == []


async def test_without_recorder_only_paystubs_are_gathered(
    hass: HomeAssistant, node: SimulatedNode, client: StorjNodeClient
) -> None:
    """No recorder (not configured): nothing is written, the paystubs still serve earnings."""
    importer = StatisticsImporter(hass, client, node.node_id, "Node 1")

    await importer.async_update(await poll(client))

    assert "recorder" not in hass.config.components
    assert importer.paystubs is not None
    assert len(importer.paystubs) == len(all_paystubs(node.state()))


async def test_older_node_versions(
    recorder_mock: Recorder, hass: HomeAssistant, node: SimulatedNode, client: StorjNodeClient
) -> None:
    """Before v1.22 paystubs lack `distributed`; before v1.70 days lack the average bytes."""
    data = await poll(client)
    assert data.history is not None
    october = [stub for stub in data.history.paystubs if stub.period == "2026-10"]
    history = replace(
        data.history,
        periods=data.history.periods[2:],
        paystubs=tuple(
            replace(stub, distributed=None) if stub in october[:1] else stub
            for stub in data.history.paystubs
        ),
    )
    summary = data.snapshot.summary
    stamps = tuple(
        replace(stamp, at_rest_bytes=None, interval_hours=None) for stamp in summary.storage_daily
    )
    snapshot = replace(data.snapshot, summary=replace(summary, storage_daily=stamps))
    importer = StatisticsImporter(hass, client, node.node_id, "Node 1")

    await _import(hass, importer, StorjData(snapshot=snapshot, history=history))

    distributed = statistic_id(node.node_id, "payout_distributed")
    us1_distributed = statistic_id(node.node_id, "payout_distributed", october[0].satellite_id)
    stored = statistic_id(node.node_id, "stored")
    rows = await _rows(hass, distributed, us1_distributed, stored)
    # A month with a paystub without `distributed` has no node total and no satellite row.
    assert [month for month, _, _ in _by_period(rows[distributed])] == PERIODS[2:-1]
    assert [month for month, _, _ in _by_period(rows[us1_distributed])] == PERIODS[2:-1]
    assert [state for _, state, _ in rows[stored]] == [
        round(stamp.at_rest_byte_hours / 24 / 1e12, 12) for stamp in stamps
    ]


async def test_statistic_ids_and_row_starts(hass: HomeAssistant) -> None:
    """IDs are valid external statistic IDs; rows start on the local date, on the hour."""
    node_id = "1Xf5b3xHn1ajoNRpJJJd3RebWUgZ58BVqNxKPAH2g1snSAEyNt"

    assert statistic_id(node_id, "stored") == "storj_monitor:1xf5b3xhn1_stored"
    assert statistic_id(
        node_id, "payout_paid", "12rfG3sh9NCWiX3ivPjq2HtdLmbqCrvHVEzJubnzFzosMuawymB"
    ) == ("storj_monitor:1xf5b3xhn1_europe_north_1_payout_paid")
    assert statistic_id(node_id, "payout_paid", "1ZZnewSatelliteIdThatStorjDoesNotRun") == (
        "storj_monitor:1xf5b3xhn1_1zznewsate_payout_paid"
    )
    assert local_day_start(date(2026, 7, 1)) == datetime(2026, 7, 1, 7, tzinfo=UTC)
    # India is UTC+5:30: local midnight is 18:30 UTC; the row goes to 00:30 local, same date.
    await hass.config.async_set_time_zone("Asia/Kolkata")
    assert local_day_start(date(2026, 7, 1)) == datetime(2026, 6, 30, 19, tzinfo=UTC)


async def test_an_unreadable_recorder_writes_nothing_until_the_next_update(
    recorder_mock: Recorder, hass: HomeAssistant, node: SimulatedNode, client: StorjNodeClient
) -> None:
    """The recorder stopping under an update (Home Assistant shutting down; seen in a test's
    teardown) is no crash and no blind write: the next update reads and writes everything."""
    importer = StatisticsImporter(hass, client, node.node_id, "Node 1")
    data = await poll(client)
    earned = statistic_id(node.node_id, "payout_earned")
    with (
        patch(
            "custom_components.storj_monitor.statistics.statistics_during_period",
            side_effect=RuntimeError("The database connection has not been established"),
        ),
        patch(
            "custom_components.storj_monitor.statistics.async_add_external_statistics",
            wraps=async_add_external_statistics,
        ) as writes,
    ):
        await _import(hass, importer, data)
    assert writes.call_count == 0
    assert (await _rows(hass, earned))[earned] == []

    await _import(hass, importer, data)
    stubs = all_paystubs(node.state())
    assert _by_period((await _rows(hass, earned))[earned]) == _monthly(stubs, "earned")
