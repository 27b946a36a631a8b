"""Performance and earnings/traffic drop alerts with a real hass, the simulator and frozen time.

Transfers are fed into the node's log statistics with chosen durations and outcomes (the
live pipeline times lines by their arrival, which frozen time would make all equal).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
import time

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.storj_monitor.alerts import ALERT_EVENT
from custom_components.storj_monitor.const import DOMAIN, PERFORMANCE_DEFAULTS
from custom_components.storj_monitor.logs.records import Transfer, TransferStatus
from storj_simulator import SimulatedNode

from .conftest import setup_node
from .test_alerts import advance, alerts, issues
from .test_config_flow import open_options


async def log_entry(hass: HomeAssistant, node: SimulatedNode, tmp_path: Path) -> MockConfigEntry:
    """A node whose log source is an (idle) file: records are fed in directly."""
    log = tmp_path / "node.log"
    log.write_text("")
    hass.config.allowlist_external_dirs.add(str(tmp_path.resolve()))
    return await setup_node(hass, node, options={"log_source": "file", "log_path": str(log)})


async def feed(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    action: str,
    *,
    count: int,
    seconds: float = 0.5,
    failed: int = 0,
) -> None:
    """`count` transfers finishing now after `seconds` (`failed` of them failed); re-check."""
    logs = entry.runtime_data.logs
    assert logs is not None
    now = time.time()
    for index in range(count):
        piece = f"P{now}-{index}"
        status = TransferStatus.FAILED if index < failed else TransferStatus.SUCCESS
        for when, state in ((now - seconds, TransferStatus.STARTED), (now, status)):
            record = Transfer(when, action, state, "sat", piece, "1.2.3.4:5", 1000, "", "DEBUG")
            logs.statistics.add(record, when)
    await logs.async_refresh()
    entry.runtime_data.alerts.async_check()
    await hass.async_block_till_done()


async def test_slow_uploads_sustained_escalated_cleared(
    hass: HomeAssistant,
    node: SimulatedNode,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    tmp_path: Path,
) -> None:
    """12 s uploads: critical only after 15 minutes; cleared once under 4.5 s; events once."""
    entry = await log_entry(hass, node, tmp_path)
    events = async_capture_events(hass, ALERT_EVENT)
    for _ in range(3):  # 0, 5, 10 minutes above 10 s: not yet sustained
        await feed(hass, entry, "PUT", count=30, seconds=12)
        assert issues(issue_registry) == {}
        freezer.tick(timedelta(minutes=5))
    await feed(hass, entry, "PUT", count=30, seconds=12)
    assert issues(issue_registry) == {"upload_latency_high": "critical"}
    issue = issue_registry.async_get_issue(DOMAIN, f"{entry.entry_id}_upload_latency_high")
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["threshold"] == "10"
    freezer.tick(timedelta(minutes=5))
    await feed(hass, entry, "PUT", count=30, seconds=9.5)  # within 10 % of 10 s: stays
    assert issues(issue_registry) == {"upload_latency_high": "critical"}
    freezer.tick(timedelta(minutes=5))
    await feed(hass, entry, "PUT", count=30, seconds=7)  # eases to a warning, quietly
    assert issues(issue_registry) == {"upload_latency_high": "warning"}
    freezer.tick(timedelta(minutes=5))
    await feed(hass, entry, "PUT", count=30, seconds=0.5)
    assert issues(issue_registry) == {}
    assert alerts(events) == [
        ("upload_latency_high", "critical", None),
        ("latency_ok", "info", None),
    ]


async def test_quiet_node_never_alerts(
    hass: HomeAssistant,
    node: SimulatedNode,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    tmp_path: Path,
) -> None:
    """19 slow uploads and 19 failed audits are below the minimum of 20 samples."""
    entry = await log_entry(hass, node, tmp_path)
    for _ in range(5):
        await feed(hass, entry, "PUT", count=19, seconds=30)
        freezer.tick(timedelta(minutes=5))
    await feed(hass, entry, "GET_AUDIT", count=19, failed=19)
    assert issues(issue_registry) == {}


async def test_audit_success_rate_over_the_hour(
    hass: HomeAssistant,
    node: SimulatedNode,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    tmp_path: Path,
) -> None:
    """Warning under 90 %, critical under 75 %, cleared when the hour is healthy again."""
    entry = await log_entry(hass, node, tmp_path)
    events = async_capture_events(hass, ALERT_EVENT)
    await feed(hass, entry, "GET_AUDIT", count=40, failed=6)  # 85 %
    assert issues(issue_registry) == {"audit_success_low": "warning"}
    await feed(hass, entry, "GET_AUDIT", count=40, failed=30)  # 36 of 80 failed: 55 %
    assert issues(issue_registry) == {"audit_success_low": "critical"}
    freezer.tick(timedelta(minutes=61))  # the failures leave the rolling hour
    await feed(hass, entry, "GET_AUDIT", count=40)
    assert issues(issue_registry) == {}
    assert alerts(events) == [
        ("audit_success_low", "warning", None),
        ("audit_success_low", "critical", None),
        ("success_rate_ok", "info", None),
    ]


async def test_earnings_and_traffic_drop(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Yesterday (14 Nov) 40 % below the baseline: warnings; 95 %: critical; then cleared."""
    events = async_capture_events(hass, ALERT_EVENT)
    await advance(hass, freezer, timedelta(minutes=5))
    assert issues(issue_registry) == {}
    await node.set_scenario("earnings_drop", fraction=0.42, since="2026-11-14")
    await advance(hass, freezer, timedelta(minutes=5))
    found = issues(issue_registry)
    # Daily traffic is noisy (±30 %): the three drops are there, earnings (mostly storage) warn.
    assert set(found) == {"earnings_drop", "ingress_drop", "egress_drop"}
    assert found["earnings_drop"] == "warning"
    issue = issue_registry.async_get_issue(DOMAIN, f"{entry.entry_id}_earnings_drop")
    assert issue is not None
    placeholders = issue.translation_placeholders or {}
    assert 35 < float(placeholders["percent"]) < 50
    assert float(placeholders["value"]) < float(placeholders["baseline"])
    await node.set_scenario("earnings_drop", fraction=0.55, since="2026-11-14")
    await advance(hass, freezer, timedelta(minutes=5))
    assert set(issues(issue_registry).values()) == {"critical"}
    await node.set_scenario("healthy")
    await advance(hass, freezer, timedelta(days=2))  # 16 Nov partly, 17 Nov not dropped
    await advance(hass, freezer, timedelta(days=1))
    assert issues(issue_registry) == {}
    kinds = [event[0] for event in alerts(events)]
    assert kinds.count("earnings_drop") == 2  # warning, then critical
    assert kinds.count("earnings_recovered") == 1
    assert kinds.count("traffic_recovered") == 2


async def test_no_drop_alert_at_a_month_boundary(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """On 3 Dec the API has two December days: traffic fell, but there is no baseline."""
    await node.set_scenario("earnings_drop", fraction=0.9, since="2026-12-01")
    freezer.move_to("2026-12-03T12:00:00+00:00")
    await advance(hass, freezer, timedelta(minutes=5))
    assert entry.runtime_data.coordinator.last_update_success
    assert issues(issue_registry) == {}


async def test_options_steps_validate(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Critical must be stricter: longer latency, lower success rate, larger drop."""
    flow_id = await open_options(hass, entry, "performance")
    defaults = {k: v for k, v in PERFORMANCE_DEFAULTS.items() if not k.startswith("drop_")}
    bad = defaults | {"latency_critical": 4, "success_rate_critical": 95}
    result = await hass.config_entries.options.async_configure(flow_id, bad)
    assert result["errors"] == {
        "latency_critical": "critical_below_warning",
        "success_rate_critical": "critical_above_warning",
    }
    result = await hass.config_entries.options.async_configure(
        flow_id, defaults | {"latency_critical": 20}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["latency_critical"] == 20
    await hass.async_block_till_done()
    flow_id = await open_options(hass, entry, "earnings")
    result = await hass.config_entries.options.async_configure(
        flow_id, {"drop_warning": 40, "drop_critical": 30}
    )
    assert result["errors"] == {"drop_critical": "critical_below_warning"}
