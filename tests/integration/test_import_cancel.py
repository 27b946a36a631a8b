"""`storj_monitor.cancel_import` stops a running import; nothing is written, nothing resumes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
import threading
from typing import Any
from unittest.mock import patch

from homeassistant.components.recorder import Recorder, get_instance
from homeassistant.components.recorder.statistics import list_statistic_ids
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.storj_monitor import log_import
from custom_components.storj_monitor.const import DOMAIN
from custom_components.storj_monitor.logs import parser
from storj_simulator import SimulatedNode

from .conftest import setup_node

WAIT = 30.0


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder must start before Home Assistant for these tests."""


async def _log_statistic_ids(hass: HomeAssistant, node_id: str) -> set[str]:
    rows = await get_instance(hass).async_add_executor_job(list_statistic_ids, hass)
    return {row["statistic_id"] for row in rows if "_log_" in row["statistic_id"]}


async def test_cancel_import_stops_the_worker_and_writes_nothing(
    hass: HomeAssistant,
    node: SimulatedNode,
    tmp_path: Path,
    hass_storage: dict[str, Any],
) -> None:
    """Cancelled mid-file: the response says so, no statistics, no checkpoint left to resume."""
    hass.config.allowlist_external_dirs.add(str(tmp_path.resolve()))
    entry = await setup_node(hass, node)
    log = tmp_path / "node.log"
    writer = node.log_writer(log, lines_per_second=5)
    writer.write_until(node.now() + timedelta(hours=2))
    writer.close()
    total_lines = len(log.read_bytes().splitlines())
    paused, release = threading.Event(), threading.Event()
    real_parse, seen = parser.parse_line_bytes, [0]

    def parse_then_pause(line: bytes) -> Any:
        seen[0] += 1
        if seen[0] == total_lines // 2:
            paused.set()
            release.wait(WAIT)
        return real_parse(line)

    progress = async_capture_events(hass, log_import.PROGRESS_EVENT)
    with (
        patch.object(log_import, "parse_line_bytes", parse_then_pause),
        patch.object(log_import, "CHECKPOINT_EVERY", 64 * 1024),
    ):
        call = hass.async_create_task(
            hass.services.async_call(
                DOMAIN,
                "import_log",
                {"config_entry_id": entry.entry_id, "path": str(log)},
                blocking=True,
                return_response=True,
            )
        )
        assert await hass.async_add_executor_job(paused.wait, WAIT)
        # A second import of the same node waits its turn.
        with pytest.raises(HomeAssistantError) as busy:
            await hass.services.async_call(
                DOMAIN,
                "import_log",
                {"config_entry_id": entry.entry_id, "path": str(log)},
                blocking=True,
            )
        assert busy.value.translation_key == "import_running"
        await hass.services.async_call(
            DOMAIN, "cancel_import", {"config_entry_id": entry.entry_id}, blocking=True
        )
        release.set()
        response = await call
    await async_wait_recording_done(hass)

    assert response is not None
    assert response["cancelled"] is True
    assert 0 < response["lines"] < total_lines
    assert seen[0] < total_lines  # the worker stopped within a few hundred lines
    assert await _log_statistic_ids(hass, node.node_id) == set()
    assert f"{DOMAIN}.import_{node.node_id}" not in hass_storage
    assert not progress or progress[-1].data["bytes_read"] < log.stat().st_size

    # Nothing running any more: cancelling again is a clear error, importing works again.
    with pytest.raises(ServiceValidationError) as idle:
        await hass.services.async_call(
            DOMAIN, "cancel_import", {"config_entry_id": entry.entry_id}, blocking=True
        )
    assert idle.value.translation_key == "no_import_running"
    response = await hass.services.async_call(
        DOMAIN,
        "import_log",
        {"config_entry_id": entry.entry_id, "path": str(log)},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["cancelled"] is False
    assert response["lines"] == total_lines
    assert response["seconds"] >= 0  # time may stand still in tests: no rate then
    assert response["lines_per_second"] is None or response["lines_per_second"] > 0


async def test_resume_at_reload_leaves_a_running_import_alone(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Saving options reloads the entry while an import still runs: the resume steps aside.

    Before, it started a second import, whose "already running" error escaped its task.
    """
    node_id = "node-under-import"
    hass_storage[f"{DOMAIN}.import_{node_id}"] = {
        "version": 1,
        "key": f"{DOMAIN}.import_{node_id}",
        "data": {"path": "/nowhere/node.log", "file": None, "counts": {}},
    }
    hass.data.setdefault(log_import.RUNNING_IMPORTS, {})[node_id] = log_import.ImportJob()
    with patch.object(log_import, "async_import_log") as second_import:
        await log_import.async_resume_import(hass, node_id, "Node 1")
    second_import.assert_not_called()
    del hass.data[log_import.RUNNING_IMPORTS][node_id]
    with patch.object(log_import, "async_import_log") as resumed:
        await log_import.async_resume_import(hass, node_id, "Node 1")
    resumed.assert_called_once()
