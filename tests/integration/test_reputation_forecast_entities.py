"""Reputation forecast sensors, the remaining failures in alerts, and the disk-use warning.

Expected values are computed by hand from the satellite's model (storj/storj @ 5dbec64f5a):
`satellite/reputation/config.go:28-32` (audit λ 0.999, disqualified at <= 0.96; unknown-audit
λ 0.95, suspended at <= 0.6) and `satellite/reputation/audithistory.go:36-94` (12-hour windows
over 720 h; the online score is the mean of the closed windows, the newest one left out).
"""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
import time

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.storj_monitor import log_coordinator
from custom_components.storj_monitor.alerts import ALERT_EVENT
from custom_components.storj_monitor.const import DEFAULT_THRESHOLDS, DOMAIN
from storj_simulator import SimulatedNode, run_simulator
from storj_simulator.loglines import Action, LogStyle, Outcome, TransferFinished, format_event
from storj_simulator.state import OnlineWindow

from .conftest import START_TIME, setup_node
from .test_alerts import advance, alerts, issues, set_options
from .test_config_flow import open_options

START = datetime.fromisoformat(START_TIME)
WINDOW = timedelta(hours=12)


def value(hass: HomeAssistant, entity_id: str) -> str:
    """The state of an entity that must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def satellite_id(node: SimulatedNode, prefix: str) -> str:
    """The ID of the node's satellite whose address starts with `prefix`."""
    return next(s.satellite_id for s in node.state().satellites if s.address.startswith(prefix))


def windows_of(node: SimulatedNode, prefix: str) -> tuple[OnlineWindow, ...]:
    """The audit history windows the simulated node reports for one satellite now."""
    state = node.state()
    satellite = next(s for s in state.satellites if s.address.startswith(prefix))
    return state.scores(satellite).windows


async def test_failures_left_at_98_8_percent_audit_and_70_percent_suspension(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """us1 at 98.8 % audit: 29 failed audits left; at 70 % suspension: 4 unknown ones left.

    Long-audited nodes (alpha + beta = 1/(1-λ)) score λⁿ·score after n failures:
    0.999^28 * 0.988 = 0.9607 > 0.96 >= 0.999^29 * 0.988 = 0.9597, and
    0.95^3 * 0.70 = 0.6002 > 0.6 >= 0.95^4 * 0.70 = 0.5701. A perfect score needs 41 and 10.
    """
    events = async_capture_events(hass, ALERT_EVENT)
    # Before anything fails: every satellite at 100 %.
    assert value(hass, "sensor.node_1_us1_failed_audits_until_disqualification") == "41"
    assert value(hass, "sensor.node_1_us1_unknown_error_audits_until_suspension") == "10"

    us1 = satellite_id(node, "us1")
    await node.set_scenario("audit_failing", satellite=us1)  # -0.4 points per hour
    await advance(hass, freezer, timedelta(hours=3))  # 98.8 %
    assert value(hass, "sensor.node_1_us1_audit_score") == "98.8"
    assert value(hass, "sensor.node_1_us1_failed_audits_until_disqualification") == "29"
    worst = hass.states.get("sensor.node_1_fewest_failed_audits_until_disqualification")
    assert worst is not None
    assert (worst.state, worst.attributes["satellite"]) == ("29", "us1")
    # Other satellites recovered while us1 failed: still 41 each.
    assert value(hass, "sensor.node_1_eu1_failed_audits_until_disqualification") == "41"

    # The warning carries the remaining failures, in the issue and in the event.
    issue = issue_registry.async_get_issue(DOMAIN, f"{entry.entry_id}_audit_score_low_{us1}")
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["remaining"] == "29"
    assert alerts(events) == [("audit_score_low", "warning", "us1")]
    assert events[0].data["remaining_failures"] == 29
    assert events[0].data["message"] == (
        "Storj node Node 1: audit score low on us1 (98.8)"
        "; us1: 29 more failed audits would disqualify this node"
    )

    await node.set_scenario("suspended", satellite=us1, score=0.7)
    await advance(hass, freezer, timedelta(minutes=5))
    assert value(hass, "sensor.node_1_us1_unknown_error_audits_until_suspension") == "4"
    worst = hass.states.get("sensor.node_1_fewest_unknown_error_audits_until_suspension")
    assert worst is not None
    assert (worst.state, worst.attributes["satellite"]) == ("4", "us1")
    suspension = next(e for e in events if e.data["type"] == "suspension_score_low")
    assert suspension.data["remaining_failures"] == 4
    assert suspension.data["message"].endswith(
        "; us1: 4 more unknown-error audits would suspend this node"
    )
    issue = issue_registry.async_get_issue(DOMAIN, f"{entry.entry_id}_suspension_score_low_{us1}")
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["remaining"] == "4"


async def test_online_forecasts_of_a_healthy_node_at_the_start_time(
    hass: HomeAssistant, node: SimulatedNode, entry: MockConfigEntry
) -> None:
    """At 12:00, a window boundary: offline for 24 h adds two empty windows (12:00, 00:00).

    The window starting at 12:00 tomorrow is the newest then and does not count; the oldest
    window reported today (12:00 - 29.5 days) has left the 720 h period by then.
    """
    windows = windows_of(node, "us1")
    kept = [w.online / w.total for w in windows if w.start >= START - timedelta(days=29)]
    expected = sum(kept) / (len(kept) + 2)
    state = float(value(hass, "sensor.node_1_us1_online_score_if_offline_for_24_h"))
    assert state == round(expected * 100, 1)  # rounded to 0.1 %: a state per real change
    assert 90 < state < 97  # two empty windows of sixty cost 3.3 points

    # Downtime: each window's offline share of its 12 hours.
    downtime = sum((w.total - w.online) / w.total * 12 for w in windows)
    assert float(value(hass, "sensor.node_1_us1_downtime_in_the_last_30_days")) == round(
        downtime, 1
    )
    # Already above the 95 % warning: no recovery date.
    assert value(hass, "sensor.node_1_us1_online_score_recovery") == "unknown"


async def test_online_recovery_after_three_days_offline(
    hass: HomeAssistant,
    node: SimulatedNode,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Six empty windows (Nov 15 12:00 - Nov 18 00:00) against a 92.5 % warning.

    Of sixty closed windows the score reaches 92.5 % (55.5/60) with four empty ones left, i.e.
    once Nov 15 12:00 and Nov 16 00:00 have left the 720 h period: from the window starting
    Dec 16 12:00 on (Nov 16 00:00 + 720 h + 12 h).
    """
    entry = await setup_node(hass, node, options={"online_warning": 92.5, "online_critical": 80})
    await node.set_scenario("offline")
    for _ in range(12):
        await advance(hass, freezer, timedelta(hours=6))
    await node.set_scenario("healthy")
    await advance(hass, freezer, timedelta(minutes=5))
    assert entry.runtime_data.coordinator.last_update_success

    recovery = "2026-12-16T12:00:00+00:00"
    assert value(hass, "sensor.node_1_us1_online_score_recovery") == recovery
    latest = hass.states.get("sensor.node_1_latest_online_score_recovery")
    assert latest is not None
    assert latest.state == recovery
    # 72 h offline on top of the rare missed checks before.
    windows = windows_of(node, "us1")
    downtime = sum((w.total - w.online) / w.total * 12 for w in windows)
    assert 72 <= downtime < 76
    assert float(value(hass, "sensor.node_1_us1_downtime_in_the_last_30_days")) == round(
        downtime, 1
    )
    most = hass.states.get("sensor.node_1_most_downtime_in_the_last_30_days")
    assert most is not None
    assert float(most.state) >= downtime


async def test_disqualified_satellite_left_out_of_the_worst(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A satellite that disqualified the node (95 %: 0 left) no longer sets the node's worst."""
    await node.set_scenario("disqualified", satellite=satellite_id(node, "eu1"))
    await advance(hass, freezer, timedelta(minutes=5))
    assert value(hass, "sensor.node_1_eu1_failed_audits_until_disqualification") == "0"
    worst = hass.states.get("sensor.node_1_fewest_failed_audits_until_disqualification")
    assert worst is not None
    assert worst.state == "41"
    assert worst.attributes["satellite"] != "eu1"


async def test_disk_warning_then_critical_then_cleared_with_hysteresis(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """85 % used: a warning (default 80 %), once; 97 %: critical; it clears a point below."""
    events = async_capture_events(hass, ALERT_EVENT)
    await node.set_scenario("disk_nearly_full", fraction=0.85)
    await advance(hass, freezer, timedelta(minutes=5))
    assert issues(issue_registry) == {"disk_nearly_full": "warning"}
    await advance(hass, freezer, timedelta(minutes=5))
    assert alerts(events) == [("disk_nearly_full", "warning", None)]
    issue = issue_registry.async_get_issue(DOMAIN, f"{entry.entry_id}_disk_nearly_full")
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["threshold"] == "80"

    await node.set_scenario("disk_nearly_full", fraction=0.97)
    await advance(hass, freezer, timedelta(minutes=5))
    assert issues(issue_registry) == {"disk_nearly_full": "critical"}
    assert alerts(events)[-1] == ("disk_nearly_full", "critical", None)
    issue = issue_registry.async_get_issue(DOMAIN, f"{entry.entry_id}_disk_nearly_full")
    assert issue is not None
    assert issue.translation_placeholders is not None
    used = float(issue.translation_placeholders["value"])

    # The simulator never frees space: move the thresholds above the disk instead.
    await set_options(hass, entry, disk_used_critical=used + 0.5, disk_used_warning=used - 5)
    assert issues(issue_registry) == {"disk_nearly_full": "critical"}  # within a point
    await set_options(hass, entry, disk_used_critical=used + 1.5, disk_used_warning=used + 0.5)
    assert issues(issue_registry) == {"disk_nearly_full": "warning"}  # eased off, quietly
    await set_options(hass, entry, disk_used_warning=used + 1.5)
    assert issues(issue_registry) == {}
    assert alerts(events) == [
        ("disk_nearly_full", "warning", None),
        ("disk_nearly_full", "critical", None),
        ("disk_ok", "info", None),
    ]


@pytest.fixture
async def live_node(hass: HomeAssistant, socket_enabled: None) -> AsyncIterator[SimulatedNode]:
    """A simulated node on real time (the log tailer's polling needs a running clock)."""
    async with run_simulator(nodes=1) as simulated:
        yield simulated.nodes[0]


async def test_time_until_disqualification_at_two_critical_failures_within_the_first_hour(
    hass: HomeAssistant,
    live_node: SimulatedNode,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two missing pieces on a 100 % satellite within the first hour: 41 left at 2 per hour.

    The rate's span is at least an hour, so 2 failures make 48 a day: 41 / 48 = 0.85 days.
    """
    monkeypatch.setattr(log_coordinator, "TAIL_POLL_INTERVAL", 0.02)
    log = tmp_path / "node.log"
    log.write_text("")
    entry = await setup_node(hass, live_node, options={"log_source": "file", "log_path": str(log)})
    logs = entry.runtime_data.logs
    assert logs is not None
    sensor = "sensor.node_1_time_until_disqualification_at_the_current_failure_rate"
    await logs.async_refresh()
    await hass.async_block_till_done()
    assert value(hass, sensor) == "unknown"

    events = async_capture_events(hass, ALERT_EVENT)
    satellite = live_node.state().satellites[0]
    lines = [
        format_event(
            TransferFinished(
                time=datetime.now(UTC),
                action=Action.GET_AUDIT,
                outcome=Outcome.FAILED,
                piece_id=f"ZQXWJVCFKQ3EXAMPLEPIECEID2SNVQFRKX7UUJ2ZW3GDXDHQBUUQ{n}",
                satellite_id=satellite.satellite_id,
                remote_address="34.150.12.1:41204",
                size=0,
                error="file does not exist",
            ),
            LogStyle.for_version("1.162.3"),
        )
        for n in range(2)
    ]
    with log.open("a") as handle:
        handle.write("\n".join(lines) + "\n")
    deadline = time.monotonic() + 10
    while len(events) < 2:
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)
    await logs.async_refresh()
    await hass.async_block_till_done()

    state = hass.states.get(sensor)
    assert state is not None
    assert state.state == "0.85"
    name = entry.runtime_data.coordinator.data.snapshot.satellites[satellite.satellite_id].name
    assert state.attributes["satellites"] == {name: 0.85}


async def test_options_disk_warning_must_be_below_critical(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """The alert thresholds form offers the disk warning (80 %) and refuses it at critical."""
    flow_id = await open_options(hass, entry, "alerts")
    refused = dict(DEFAULT_THRESHOLDS) | {"disk_used_warning": 95.0, "disk_used_critical": 95.0}
    result = await hass.config_entries.options.async_configure(flow_id, refused)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"disk_used_warning": "disk_warning_not_below_critical"}
    result = await hass.config_entries.options.async_configure(
        flow_id, refused | {"disk_used_warning": 90.0}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["disk_used_warning"] == 90.0
    assert DEFAULT_THRESHOLDS["disk_used_warning"] == 80.0
