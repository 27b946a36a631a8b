"""Long-term statistics through a real recorder: backfill at setup and the log import action."""

from datetime import timedelta
from pathlib import Path
from typing import Any

from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import list_statistic_ids
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.storj_monitor.const import DOMAIN
from custom_components.storj_monitor.log_import import PROGRESS_EVENT
from custom_components.storj_monitor.statistics import statistic_id
from storj_simulator import SimulatedNode
from tests.databases import recorder_db_url  # noqa: F401  (sqlite, postgresql, mysql)

from .conftest import setup_node


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder must start before Home Assistant for these tests."""


async def statistics(
    hass: HomeAssistant, client_factory: WebSocketGenerator, ids: list[str], period: str
) -> dict[str, list[dict[str, Any]]]:
    client = await client_factory(hass)
    await client.send_json_auto_id(
        {
            "type": "recorder/statistics_during_period",
            "start_time": "2024-01-01T00:00:00+00:00",
            "statistic_ids": ids,
            "period": period,
            "types": ["state", "sum", "change"],
        }
    )
    response = await client.receive_json()
    assert response["success"], response
    result: dict[str, list[dict[str, Any]]] = response["result"]
    return result


async def test_history_visible_after_setup(
    hass: HomeAssistant, node: SimulatedNode, hass_ws_client: WebSocketGenerator
) -> None:
    """Right after setup the payout history and daily traffic are in the statistics API."""
    entry = await setup_node(hass, node)
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)
    paid = statistic_id(node.node_id, "payout_paid")
    egress = statistic_id(node.node_id, "egress_usage")
    ids = {item["statistic_id"] for item in await list_statistic_ids_async(hass)}
    assert {paid, egress} <= ids
    months = await statistics(hass, hass_ws_client, [paid], "month")
    assert len(months[paid]) >= 12
    # Once the backfill has every paystub, the lifetime sensor agrees with the statistic.
    coordinator = entry.runtime_data.coordinator
    await coordinator.async_refresh()
    earnings = coordinator.data.earnings
    assert earnings is not None
    assert earnings.lifetime_paid is not None
    assert months[paid][-1]["sum"] == pytest.approx(float(earnings.lifetime_paid), abs=0.01)
    days = await statistics(hass, hass_ws_client, [egress], "day")
    assert len(days[egress]) >= 14


async def list_statistic_ids_async(hass: HomeAssistant) -> list[dict[str, Any]]:
    from homeassistant.components.recorder import get_instance

    return await get_instance(hass).async_add_executor_job(list_statistic_ids, hass)


async def test_import_log_action(
    hass: HomeAssistant,
    node: SimulatedNode,
    tmp_path: Path,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A whole old log becomes hourly transfer statistics; a second import changes nothing."""
    hass.config.allowlist_external_dirs.add(str(tmp_path.resolve()))
    entry = await setup_node(hass, node)
    log = tmp_path / "old.log"
    writer = node.log_writer(log, lines_per_second=5)
    start = node.now()
    writer.write_until(start + timedelta(hours=3))
    writer.close()
    # Independent count of successful downloads, by the message column.
    expected = sum(
        1
        for line in log.read_text().splitlines()
        if "\tdownloaded\t" in line and '"action": "GET"' in line
    )
    progress = async_capture_events(hass, PROGRESS_EVENT)

    for _ in range(2):
        response = await hass.services.async_call(
            DOMAIN,
            "import_log",
            {"config_entry_id": entry.entry_id, "path": str(log)},
            blocking=True,
            return_response=True,
        )
        await async_wait_recording_done(hass)
        assert response is not None
        assert response["lines"] == len(log.read_text().splitlines())
        assert response["hours"] in (3, 4)
        downloads = statistic_id(node.node_id, "log_download_success")
        rows = (await statistics(hass, hass_ws_client, [downloads], "hour"))[downloads]
        assert sum(row["change"] for row in rows) == expected
        assert rows[-1]["sum"] == expected
    assert progress
    assert progress[-1].data["bytes_read"] == log.stat().st_size

    # The next, rotated log continues the series: earlier hours stay, the sum carries on.
    full = tmp_path / "full.log"
    writer = node.log_writer(full, lines_per_second=5)
    writer.write_until(start + timedelta(hours=5))
    writer.close()
    boundary = (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H")
    newer = tmp_path / "newer.log"
    newer.write_text(
        "".join(line + "\n" for line in full.read_text().splitlines() if line[:13] >= boundary)
    )
    more = sum(
        1
        for line in newer.read_text().splitlines()
        if "\tdownloaded\t" in line and '"action": "GET"' in line
    )
    assert more > 0
    await hass.services.async_call(
        DOMAIN,
        "import_log",
        {"config_entry_id": entry.entry_id, "path": str(newer)},
        blocking=True,
    )
    await async_wait_recording_done(hass)
    rows = (await statistics(hass, hass_ws_client, [downloads], "hour"))[downloads]
    assert rows[-1]["sum"] == expected + more
    assert all(row["change"] >= 0 for row in rows)


async def test_import_log_rejects_bad_input(
    hass: HomeAssistant, node: SimulatedNode, tmp_path: Path
) -> None:
    """A missing file or an unknown node is a clear, translated error."""
    hass.config.allowlist_external_dirs.add(str(tmp_path.resolve()))
    entry = await setup_node(hass, node)
    with pytest.raises(ServiceValidationError) as missing:
        await hass.services.async_call(
            DOMAIN,
            "import_log",
            {"config_entry_id": entry.entry_id, "path": str(tmp_path / "nope.log")},
            blocking=True,
        )
    assert missing.value.translation_key == "log_not_readable"
    with pytest.raises(ServiceValidationError) as unknown:
        await hass.services.async_call(
            DOMAIN,
            "import_log",
            {"config_entry_id": "nope", "path": str(tmp_path)},
            blocking=True,
        )
    assert unknown.value.translation_key == "entry_not_found"


async def test_import_log_only_reads_allowed_paths(
    hass: HomeAssistant, node: SimulatedNode, tmp_path: Path
) -> None:
    """A path outside `allowlist_external_dirs` is refused with how to allow it; inside, read."""
    from homeassistant.helpers.translation import async_get_translations

    allowed = tmp_path / "allowed"
    allowed.mkdir()
    hass.config.allowlist_external_dirs.add(str(allowed.resolve()))
    entry = await setup_node(hass, node)
    log = tmp_path / "outside.log"
    log.write_text("2026-01-01T00:00:00Z\tINFO\tpiecestore\tdownloaded\n")
    for path in (log, tmp_path / "missing.log", allowed / ".." / "outside.log"):
        with pytest.raises(ServiceValidationError) as refused:
            await hass.services.async_call(
                DOMAIN,
                "import_log",
                {"config_entry_id": entry.entry_id, "path": str(path)},
                blocking=True,
            )
        assert refused.value.translation_key == "log_path_not_allowed"
        assert refused.value.translation_placeholders == {"path": str(path)}
    translations = await async_get_translations(hass, "en", "exceptions", [DOMAIN])
    message = translations[f"component.{DOMAIN}.exceptions.log_path_not_allowed.message"]
    assert "allowlist_external_dirs" in message

    inside = allowed / "node.log"
    inside.write_text(log.read_text())
    response = await hass.services.async_call(
        DOMAIN,
        "import_log",
        {"config_entry_id": entry.entry_id, "path": str(inside)},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["lines"] == 1
