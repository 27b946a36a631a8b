"""The report blueprints in a real Home Assistant: valid, and sending the report when due."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import models
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util, yaml as yaml_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.storj_monitor.blueprint_install import SHIPPED
from custom_components.storj_monitor.const import DOMAIN
from storj_simulator import SimulatedCluster

from .conftest import setup_with_history

NOTIFY_WITH_ATTACHMENT = [
    {
        "action": "notify.test_mail",
        "data": {
            "title": "{{ title }}",
            "message": "{{ message }}",
            "data": {"images": ["{{ report_path }}"]},
        },
    }
]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder must start before Home Assistant for these tests."""


@pytest.mark.parametrize("name", ["monthly_report.yaml", "weekly_summary.yaml"])
def test_blueprint_schema(name: str) -> None:
    """Each file passes Home Assistant's blueprint schema."""
    blueprint = models.Blueprint(
        yaml_util.load_yaml(SHIPPED / name),
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )
    assert blueprint.domain == "automation"
    assert "notify_action" in blueprint.inputs


async def run_at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, local: datetime) -> None:
    """Jump to a local time and let every timer that became due run."""
    freezer.move_to(local)
    async_fire_time_changed(hass, dt_util.utcnow())
    await hass.async_block_till_done(wait_background_tasks=True)


async def turn_off_automations(hass: HomeAssistant) -> None:
    """Stop the time triggers, so no timer outlives the test."""
    await hass.services.async_call("automation", "turn_off", {"entity_id": "all"}, blocking=True)


async def nodes_and_mailer(
    hass: HomeAssistant, cluster: SimulatedCluster, folder: Path
) -> list[ServiceCall]:
    """The node with its history, `folder` allowed, and a mail notifier that records calls."""
    hass.config.allowlist_external_dirs.add(str(folder))
    await setup_with_history(hass, cluster)
    return async_mock_service(hass, "notify", "test_mail")


async def use_blueprint(hass: HomeAssistant, name: str, folder: Path, **inputs: object) -> None:
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "use_blueprint": {
                    "path": f"{DOMAIN}/{name}",
                    "input": {
                        "folder": str(folder),
                        "notify_action": NOTIFY_WITH_ATTACHMENT,
                        **inputs,
                    },
                }
            }
        },
    )
    await hass.async_block_till_done()


async def test_monthly_report_sent_on_the_first(
    hass: HomeAssistant, cluster: SimulatedCluster, freezer: FrozenDateTimeFactory, tmp_path: Path
) -> None:
    """Nothing on other days; on the 1st at the chosen time, last month's PDF is attached."""
    mails = await nodes_and_mailer(hass, cluster, tmp_path)
    await use_blueprint(hass, "monthly_report.yaml", tmp_path / "reports", time="07:00:00")

    zone = dt_util.get_default_time_zone()
    await run_at(hass, freezer, datetime(2026, 11, 30, 7, 0, 1, tzinfo=zone))
    assert mails == []
    await run_at(hass, freezer, datetime(2026, 12, 1, 7, 0, 1, tzinfo=zone))

    assert len(mails) == 1
    data = mails[0].data
    assert data["title"] == "Storj report 2026-11"
    assert data["message"].startswith("**Storj report 2026-11** (2026-11-01 to 2026-11-30)")
    (attachment,) = data["data"]["images"]
    assert attachment == str(tmp_path / "reports" / "storj_report_all_2026-11.pdf")
    assert Path(attachment).read_bytes().startswith(b"%PDF-")
    await turn_off_automations(hass)


async def test_weekly_summary_sent_on_the_weekday(
    hass: HomeAssistant, cluster: SimulatedCluster, freezer: FrozenDateTimeFactory, tmp_path: Path
) -> None:
    """On the chosen weekday: the last seven days, summary as the message."""
    mails = await nodes_and_mailer(hass, cluster, tmp_path)
    await use_blueprint(hass, "weekly_summary.yaml", tmp_path, weekday="mon", time="08:00:00")

    zone = dt_util.get_default_time_zone()
    # 2026-11-16 is a Monday.
    await run_at(hass, freezer, datetime(2026, 11, 16, 8, 0, 1, tzinfo=zone))
    assert len(mails) == 1
    assert mails[0].data["title"] == "Storj week to 2026-11-15"
    assert (
        mails[0]
        .data["message"]
        .startswith("**Storj report 2026-11-09 to 2026-11-15** (2026-11-09 to 2026-11-15)")
    )
    assert "**Node 1**" in mails[0].data["message"]
    await run_at(hass, freezer, datetime(2026, 11, 17, 8, 0, 1, tzinfo=zone))
    assert len(mails) == 1
    await turn_off_automations(hass)
