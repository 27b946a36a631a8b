"""`storj_monitor.export` in a real Home Assistant with a real recorder and simulated nodes.

The simulated nodes joined 14 months before the frozen start; their paystubs (every one the
simulator serves) are the reference for the payout export.
"""

from __future__ import annotations

from collections import defaultdict
import csv
from datetime import date
from decimal import Decimal
import errno
import io
import os
from pathlib import Path
from typing import Any
from unittest.mock import patch

from homeassistant.components.recorder import Recorder
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError, Unauthorized
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.storj_monitor.alert_publish import ALERT_EVENT
from custom_components.storj_monitor.const import DOMAIN
from custom_components.storj_monitor.report_files import MEDIA_FOLDER, default_folder, local_url
from storj_simulator import SimulatedCluster, SimulatedNode
from storj_simulator.calendar import period
from storj_simulator.payout_bodies import all_paystubs

from .conftest import setup_with_history


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder must start before Home Assistant for these tests."""


@pytest.fixture
def export_folder(hass: HomeAssistant, tmp_path: Path) -> Path:
    """An allowed folder (not created yet: the action creates it)."""
    hass.config.allowlist_external_dirs.add(str(tmp_path.resolve()))
    return tmp_path / "exports"


async def export(hass: HomeAssistant, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, "export", data, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def micro(value: int) -> Decimal:
    return Decimal(value) / 1_000_000


async def test_payouts_row_by_row_equal_the_paystubs(
    hass: HomeAssistant, cluster: SimulatedCluster, node: SimulatedNode, export_folder: Path
) -> None:
    """One row per paystub, value by value; the CSV's totals equal the paystubs' sums."""
    await setup_with_history(hass, cluster)
    response = await export(hass, kind="payouts", folder=str(export_folder))

    path = Path(response["path"])
    assert path.parent == export_folder
    text = path.read_text()
    assert text.splitlines()[0] == (
        "node,node_id,period,satellite,satellite_id,earned_usd,earned_without_surge_usd,"
        "surge_percent,held_usd,paid_usd,distributed_usd,receipt"
    )
    rows = parse(text)
    stubs = all_paystubs(node.state())
    assert response["rows"] == len(rows) == len(stubs)
    assert "csv" not in response
    by_key = {(row["period"], row["satellite_id"]): row for row in rows}
    for stub in stubs:
        row = by_key[(period(stub.period_start), stub.satellite_id)]
        assert row["node"] == "Node 1"
        assert row["node_id"] == node.node_id
        assert Decimal(row["earned_usd"]) == micro(stub.earned)
        assert Decimal(row["earned_without_surge_usd"]) == micro(stub.earned)
        assert row["surge_percent"] == "100"
        assert Decimal(row["held_usd"]) == micro(stub.held)
        assert Decimal(row["paid_usd"]) == micro(stub.paid)
        assert Decimal(row["distributed_usd"]) == micro(stub.paid)
        assert row["receipt"] == stub.receipt
    for column, field in (("earned_usd", "earned"), ("held_usd", "held"), ("paid_usd", "paid")):
        assert sum(Decimal(row[column]) for row in rows) == micro(
            sum(getattr(stub, field) for stub in stubs)
        )
    assert len({row["period"] for row in rows}) == 14


async def test_payouts_of_a_period_and_csv_in_the_response(
    hass: HomeAssistant, cluster: SimulatedCluster, node: SimulatedNode, export_folder: Path
) -> None:
    """Dates pick whole months; without a file the CSV comes back in the response."""
    await setup_with_history(hass, cluster)
    response = await export(
        hass,
        kind="payouts",
        start_date="2026-01-15",
        end_date="2026-03-02",
        write_file=False,
    )
    assert response["path"] is None
    rows = parse(response["csv"])
    assert {row["period"] for row in rows} == {"2026-01", "2026-02", "2026-03"}
    wanted = [
        s
        for s in all_paystubs(node.state())
        if period(s.period_start) in {"2026-01", "2026-02", "2026-03"}
    ]
    assert sum(Decimal(row["paid_usd"]) for row in rows) == micro(sum(s.paid for s in wanted))
    assert not export_folder.exists()


@pytest.mark.parametrize("node_count", [3])
async def test_several_or_all_nodes(
    hass: HomeAssistant, cluster: SimulatedCluster, export_folder: Path
) -> None:
    """No selection: every node; by entry or device: only those, each row tagged."""
    entries = await setup_with_history(hass, cluster)
    everything = parse((await export(hass, kind="payouts", write_file=False))["csv"])
    assert {row["node"] for row in everything} == {"Node 1", "Node 2", "Node 3"}
    per_node: dict[str, Decimal] = defaultdict(Decimal)
    for row in everything:
        per_node[row["node_id"]] += Decimal(row["paid_usd"])
    for simulated in cluster.nodes:
        assert per_node[simulated.node_id] == micro(
            sum(s.paid for s in all_paystubs(simulated.state()))
        )

    (device,) = dr.async_get(hass).async_get_devices(
        identifiers={(DOMAIN, cluster.nodes[2].node_id)}
    )
    chosen = await export(
        hass,
        kind="storage",
        config_entry_id=entries[0].entry_id,
        device_id=[device.id],
        folder=str(export_folder),
    )
    assert Path(chosen["path"]).name == "storj_storage_2_nodes_start_now.csv"
    assert {row["node"] for row in parse(Path(chosen["path"]).read_text())} == {"Node 1", "Node 3"}
    single = await export(hass, kind="fleet", config_entry_id=entries[1].entry_id, write_file=False)
    assert [row["node"] for row in parse(single["csv"])] == ["Node 2"]


async def test_storage_and_traffic_equal_the_statistics(
    hass: HomeAssistant, cluster: SimulatedCluster, node: SimulatedNode
) -> None:
    """Daily rows: the stored TB and traffic GB the node reports for each day so far."""
    await setup_with_history(hass, cluster)
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    summary = entry.runtime_data.coordinator.data.snapshot.summary
    storage = parse((await export(hass, kind="storage", write_file=False))["csv"])
    expected_storage = {
        row.interval_start.date().isoformat(): (row.at_rest_bytes or 0) / 1e12
        for row in summary.storage_daily
    }
    assert {row["date"]: float(row["stored_tb"]) for row in storage} == pytest.approx(
        expected_storage, abs=1e-12
    )
    traffic = parse((await export(hass, kind="traffic", write_file=False))["csv"])
    assert list(traffic[0]) == [
        "node",
        "node_id",
        "date",
        "egress_gb",
        "egress_repair_gb",
        "egress_audit_gb",
        "ingress_gb",
        "ingress_repair_gb",
    ]
    expected = {day.interval_start.date().isoformat(): day for day in summary.bandwidth_daily}
    assert [row["date"] for row in traffic] == sorted(expected)
    for row in traffic:
        day = expected[row["date"]]
        assert float(row["egress_gb"]) == pytest.approx(day.egress_usage / 1e9, abs=1e-9)
        assert float(row["egress_repair_gb"]) == pytest.approx(day.egress_repair / 1e9, abs=1e-9)
        assert float(row["ingress_gb"]) == pytest.approx(day.ingress_usage / 1e9, abs=1e-9)
    # A period: only its days.
    one_day = sorted(expected)[3]
    limited = parse(
        (
            await export(
                hass, kind="traffic", start_date=one_day, end_date=one_day, write_file=False
            )
        )["csv"]
    )
    assert [row["date"] for row in limited] == [one_day]


async def test_reputation_and_alerts(
    hass: HomeAssistant, cluster: SimulatedCluster, node: SimulatedNode
) -> None:
    """Scores over time from the recorder; alert events read back from the events table."""
    entries = await setup_with_history(hass, cluster)
    reputation = parse((await export(hass, kind="reputation", write_file=False))["csv"])
    satellites = entries[0].runtime_data.coordinator.data.snapshot.satellites.values()
    assert {row["satellite"] for row in reputation} == {sat.name for sat in satellites}
    for sat in satellites:
        latest = [row for row in reputation if row["satellite"] == sat.name][-1]
        assert float(latest["audit_score_percent"]) == pytest.approx(sat.audit_score * 100)
        assert float(latest["online_score_percent"]) == pytest.approx(sat.online_score * 100)

    hass.bus.async_fire(
        ALERT_EVENT,
        {
            "type": "alert_started",
            "entry_id": entries[0].entry_id,
            "condition": "online_score_low",
            "severity": "warning",
            "satellite": "us1",
            "message": "Storj node Node 1: online score low",
        },
    )
    hass.bus.async_fire(ALERT_EVENT, {"type": "alert_started", "entry_id": "someone_else"})
    await async_wait_recording_done(hass)
    alerts = parse((await export(hass, kind="alerts", write_file=False))["csv"])
    assert [
        (r["event"], r["type"], r["severity"], r["subject"], r["satellite"]) for r in alerts
    ] == [("alert", "alert_started", "warning", "online_score_low", "us1")]
    assert alerts[0]["message"] == "Storj node Node 1: online score low"
    assert alerts[0]["time"].startswith("2026-11-15T12:")


async def test_outside_the_allow_list_nothing_is_written(
    hass: HomeAssistant, cluster: SimulatedCluster, tmp_path: Path
) -> None:
    """A folder Home Assistant does not allow, or a name leading out of it: refused."""
    await setup_with_history(hass, cluster)
    outside = tmp_path / "not_allowed"
    with pytest.raises(ServiceValidationError) as err:
        await export(hass, kind="fleet", folder=str(outside))
    assert err.value.translation_key == "path_not_allowed"
    assert not outside.exists()
    hass.config.allowlist_external_dirs.add(str(tmp_path / "allowed"))
    with pytest.raises(ServiceValidationError):
        await export(hass, kind="fleet", folder=str(tmp_path / "allowed"), filename="../x.csv")
    assert not (tmp_path / "x.csv").exists()


async def test_unwritable_target_is_a_clear_error(
    hass: HomeAssistant, cluster: SimulatedCluster, export_folder: Path
) -> None:
    """A folder that is a file (the tests run as root: modes do not stop root), or a full
    disk: an error naming the path, and no partial file left behind."""
    await setup_with_history(hass, cluster)
    export_folder.write_text("a file, not a folder")
    with pytest.raises(HomeAssistantError) as err:
        await export(hass, kind="fleet", folder=str(export_folder), filename="fleet.csv")
    assert err.value.translation_key == "file_not_written"
    assert err.value.translation_placeholders["path"] == str(export_folder / "fleet.csv")

    folder = export_folder.with_name("full")
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    with (
        patch.object(Path, "write_bytes", side_effect=full),
        pytest.raises(HomeAssistantError) as err,
    ):
        await export(hass, kind="fleet", folder=str(folder), filename="fleet.csv")
    assert err.value.translation_placeholders["error"] == os.strerror(errno.ENOSPC)
    assert list(folder.iterdir()) == []


async def test_default_folder_is_the_www_folder(
    hass: HomeAssistant, cluster: SimulatedCluster
) -> None:
    """Without /media allowed, files go to `<config>/www/storj_monitor/`, served at /local/."""
    await setup_with_history(hass, cluster)
    hass.config.allowlist_external_dirs.add(hass.config.path("www"))
    response = await export(hass, kind="fleet", end_date=str(date(2026, 11, 15)))
    assert response["path"] == hass.config.path(
        "www", DOMAIN, "storj_fleet_all_start_2026-11-15.csv"
    )
    assert response["url"] == "/local/storj_monitor/storj_fleet_all_start_2026-11-15.csv"
    rows = parse(Path(response["path"]).read_text())
    assert rows[0]["rank_earnings_month"] == "1"


async def test_node_answering_garbage_is_a_clear_error(
    hass: HomeAssistant, cluster: SimulatedCluster, node: SimulatedNode
) -> None:
    """Paystubs the node cannot give: an error naming the node, no half export."""
    await setup_with_history(hass, cluster)
    await node.set_scenario("garbage")
    with pytest.raises(HomeAssistantError) as err:
        await export(hass, kind="payouts", write_file=False)
    assert err.value.translation_key == "export_node_failed"
    assert err.value.translation_placeholders["node"] == "Node 1"


async def test_node_selection_errors(
    hass: HomeAssistant, cluster: SimulatedCluster, export_folder: Path
) -> None:
    """Unknown or unloaded entries, no node loaded at all, or no recorder: refused."""
    (entry,) = await setup_with_history(hass, cluster)
    with pytest.raises(ServiceValidationError) as err:
        await export(hass, kind="fleet", config_entry_id="nope")
    assert err.value.translation_key == "entry_not_found"
    hass.config.components.remove("recorder")
    try:
        with pytest.raises(HomeAssistantError) as err:
            await export(hass, kind="storage", write_file=False)
        assert err.value.translation_key == "no_recorder"
    finally:
        hass.config.components.add("recorder")
    assert await hass.config_entries.async_unload(entry.entry_id)
    with pytest.raises(ServiceValidationError) as err:
        await export(hass, kind="fleet", config_entry_id=entry.entry_id)
    assert err.value.translation_key == "entry_not_loaded"
    with pytest.raises(ServiceValidationError) as err:
        await export(hass, kind="fleet")
    assert err.value.translation_key == "no_nodes"
    assert not export_folder.exists()


async def test_media_folder_is_the_default_where_allowed(hass: HomeAssistant) -> None:
    """On Home Assistant OS /media is allowed: files go to /media/storj_monitor/."""
    assert default_folder(hass) == Path(hass.config.path("www", DOMAIN))
    hass.config.allowlist_external_dirs.add("/media")
    assert default_folder(hass) == MEDIA_FOLDER == Path("/media/storj_monitor")
    assert local_url(hass, MEDIA_FOLDER / "x.csv") is None


async def test_a_media_folder_comes_before_www(hass: HomeAssistant, tmp_path: Path) -> None:
    """www/ is served to anyone at /local/: a media folder (behind the login) is preferred."""
    media = tmp_path / "media"
    hass.config.media_dirs = {"local": str(media)}
    hass.config.allowlist_external_dirs.update({str(media), hass.config.path("www")})
    assert default_folder(hass) == media / DOMAIN


async def test_only_an_admin_may_export_or_report(
    hass: HomeAssistant, cluster: SimulatedCluster, hass_read_only_user: Any
) -> None:
    """The answers hold every node's payouts and the files land in allowed folders."""
    await setup_with_history(hass, cluster)
    for service, data in (("export", {"kind": "fleet"}), ("generate_report", {})):
        with pytest.raises(Unauthorized):
            await hass.services.async_call(
                DOMAIN,
                service,
                {**data, "write_file": False},
                blocking=True,
                return_response=True,
                context=Context(user_id=hass_read_only_user.id),
            )


async def test_a_file_keeps_its_kind_whatever_name_is_asked(
    hass: HomeAssistant, cluster: SimulatedCluster, export_folder: Path
) -> None:
    """A name ending in .js (a frontend resource) still gets .csv: no script is replaced."""
    await setup_with_history(hass, cluster)
    response = await export(hass, kind="fleet", folder=str(export_folder), filename="card.js")
    assert Path(response["path"]) == export_folder / "card.js.csv"
    assert not (export_folder / "card.js").exists()
