"""`storj_monitor.generate_report` in a real Home Assistant with a real recorder.

The PDF is read back with pypdf: its text must hold the figures of the statistics and the
entities for the period, its outline one entry per node and section, each node four charts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
import io
from pathlib import Path
import re
from typing import Any

from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from pypdf import PdfReader
import pytest

from custom_components.storj_monitor.const import DOMAIN
from custom_components.storj_monitor.reports.charts import CAPTION_PREFIX
from storj_simulator import SimulatedCluster, SimulatedNode
from storj_simulator.calendar import period
from storj_simulator.payout_bodies import all_paystubs

from .conftest import setup_with_history

NODE_CHARTS = [
    "Chart: Earnings per month",
    "Chart: Storage growth and forecast",
    "Chart: Traffic per day",
    "Chart: Reputation per satellite",
]
NODE_SECTIONS = [
    "Earnings",
    "Payout breakdown",
    "Storage",
    "Traffic",
    "Reputation",
    "Alerts and anomalies",
    "Top errors",
]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder must start before Home Assistant for these tests."""


@pytest.fixture
def report_folder(hass: HomeAssistant, tmp_path: Path) -> Path:
    """An allowed folder, not created yet."""
    hass.config.allowlist_external_dirs.add(str(tmp_path.resolve()))
    return tmp_path / "reports"


async def report(hass: HomeAssistant, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, "generate_report", data, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


def outline(reader: PdfReader) -> list[tuple[str, int, int]]:
    """(title, level, page index) of every outline entry, in order."""

    def walk(items: list[Any], level: int) -> Iterator[tuple[str, int, int]]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item, level + 1)
            else:
                yield item.title, level, reader.get_destination_page_number(item)

    return list(walk(reader.outline, 0))


def node_pages(reader: PdfReader) -> dict[str, str]:
    """Each top-level section's text (from its first page up to the next section's)."""
    top = [(title, page) for title, level, page in outline(reader) if level == 0]
    texts = [page.extract_text() for page in reader.pages]
    result = {}
    for index, (title, first) in enumerate(top):
        last = top[index + 1][1] if index + 1 < len(top) else len(texts)
        result[title] = "\n".join(texts[first:last] if last > first else [texts[first]])
    return result


def money(micro_usd: int) -> str:
    return f"${micro_usd / 1e6:.2f}"


async def test_month_report_holds_the_paystub_figures(
    hass: HomeAssistant, cluster: SimulatedCluster, node: SimulatedNode, report_folder: Path
) -> None:
    """Last month: earned, held and paid equal the paystubs (= the payout statistics)."""
    await setup_with_history(hass, cluster)
    response = await report(hass, month="2026-10", folder=str(report_folder))

    path = Path(response["path"])
    assert path.name == "storj_report_all_2026-10.pdf"
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) == response["pages"] >= 2
    october = [s for s in all_paystubs(node.state()) if period(s.period_start) == "2026-10"]
    earned = money(sum(s.earned for s in october))
    paid = money(sum(s.paid for s in october))
    held = money(sum(s.held for s in october))
    sections = node_pages(reader)
    assert list(sections) == ["Fleet", "Node 1"]
    node_text = sections["Node 1"]
    assert re.search(rf"2026-10 {re.escape(earned)} {re.escape(held)} {re.escape(paid)}", node_text)
    # The entity showing last month's payout agrees.
    last_month = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{node.node_id}_payout_last_month"
    )
    assert last_month is not None
    assert f"${float(hass.states.get(last_month).state):.2f}" == paid
    for stub in october:
        name = {"12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S": "us1"}.get(stub.satellite_id)
        if name:
            assert re.search(rf"{name} {re.escape(money(stub.earned))}", node_text)
    assert f"Fleet total {earned} {held} {paid}" in sections["Fleet"]
    assert "Chart: Fleet earnings per month" in sections["Fleet"]
    assert [line for line in node_text.splitlines() if line.startswith(CAPTION_PREFIX)] == (
        NODE_CHARTS
    )
    # Earnings chart: the 12 months up to October, Nov 2025 first.
    assert "2025-11" in node_text
    assert "2025-10" not in node_text
    node_outline = [title for title, level, _ in outline(reader) if level == 1]
    assert node_outline == NODE_SECTIONS
    assert f"Earned {earned}" in response["summary"]
    assert f"**Node 1**: earned {earned}, paid {paid}" in response["summary"]


async def test_date_range_report_storage_traffic_and_scores(
    hass: HomeAssistant, cluster: SimulatedCluster, node: SimulatedNode, report_folder: Path
) -> None:
    """This month so far: stored TB and traffic from the statistics, scores = the sensors."""
    entries = await setup_with_history(hass, cluster)
    response = await report(
        hass, start_date="2026-11-01", end_date="2026-11-15", folder=str(report_folder)
    )
    assert Path(response["path"]).name == "storj_report_all_2026-11-01_2026-11-15.pdf"
    text = node_pages(PdfReader(response["path"]))["Node 1"]
    coordinator = entries[0].runtime_data.coordinator
    summary = coordinator.data.snapshot.summary
    last = max(summary.storage_daily, key=lambda row: row.interval_start)
    stored = f"{(last.at_rest_bytes or 0) / 1e12:.3f} TB"
    assert f"Stored on {last.interval_start.date().isoformat()}: {stored}" in text
    egress = sum(day.egress_usage for day in summary.bandwidth_daily) / 1e9
    assert f"{egress:.2f} GB" in text
    registry = er.async_get(hass)
    for sat_id, sat in coordinator.data.snapshot.satellites.items():
        entity_id = registry.async_get_entity_id(
            "sensor", DOMAIN, f"{node.node_id}_{sat_id}_online_score"
        )
        assert entity_id is not None
        online = f"{float(hass.states.get(entity_id).state):.2f} %"
        assert re.search(rf"{sat.name} [\d.]+ % [\d.]+ % {re.escape(online)}", text)
    assert "No alerts or anomalies in this period." in text
    assert "No log source configured for this node." in text


@pytest.mark.parametrize("node_count", [2])
async def test_fleet_of_two_and_one_node_only(
    hass: HomeAssistant, cluster: SimulatedCluster, report_folder: Path
) -> None:
    """The fleet page totals both nodes; a device selects one node, named in the file."""
    entries = await setup_with_history(hass, cluster)
    both = await report(hass, month="2026-10", write_file=False)
    assert both["path"] is None
    assert both["pages"] >= 3
    sums = re.findall(r"[Ee]arned \$([\d.]+)", both["summary"])
    fleet, first, second = (float(value) for value in sums)
    assert fleet == pytest.approx(first + second, abs=0.011)
    one = await report(
        hass, month="2026-10", config_entry_id=entries[1].entry_id, folder=str(report_folder)
    )
    assert Path(one["path"]).name == "storj_report_Node_2_2026-10.pdf"
    assert "Node 1" not in one["summary"]


async def test_default_period_is_last_month_and_bad_input(
    hass: HomeAssistant, cluster: SimulatedCluster, report_folder: Path
) -> None:
    """No period: the previous month; a period ending before it starts, an unknown device
    or a folder outside the allow-list: clear errors, nothing written."""
    await setup_with_history(hass, cluster)
    response = await report(hass, write_file=False)
    assert response["summary"].startswith(
        f"**Storj report 2026-10** ({date(2026, 10, 1)} to {date(2026, 10, 31)})"
    )
    open_start = await report(hass, end_date="2026-11-10", write_file=False)
    assert open_start["summary"].startswith("**Storj report 2026-11-01 to 2026-11-10**")
    open_end = await report(hass, start_date="2026-09-01", write_file=False)
    assert open_end["summary"].startswith("**Storj report 2026-09**")
    with pytest.raises(ServiceValidationError) as err:
        await report(hass, start_date="2026-10-10", end_date="2026-10-01")
    assert err.value.translation_key == "invalid_period"
    with pytest.raises(ServiceValidationError) as err:
        await report(hass, device_id=["nope"])
    assert err.value.translation_key == "device_not_found"
    with pytest.raises(ServiceValidationError) as err:
        await report(hass, folder="/etc")
    assert err.value.translation_key == "path_not_allowed"
    assert not report_folder.exists()
