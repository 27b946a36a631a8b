"""Alerts: repair issues, events and blueprints, driven through the simulator."""

from datetime import timedelta
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
    async_mock_service,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.storj_monitor.alert_rules import (
    Condition,
    Kind,
    NodeContext,
    Severity,
    evaluate,
)
from custom_components.storj_monitor.alerts import ALERT_EVENT
from custom_components.storj_monitor.const import DOMAIN
from storj_simulator import SimulatedNode

from .conftest import setup_node


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, step: timedelta) -> None:
    """Move time on by `step` and run what became due (one poll at most)."""
    freezer.tick(step)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=5, seconds=1))
    await hass.async_block_till_done(wait_background_tasks=True)


def issues(issue_registry: ir.IssueRegistry) -> dict[str, str]:
    """Our open repair issues: translation key (+ satellite) -> severity."""
    found = {}
    for (domain, _), issue in issue_registry.issues.items():
        if domain != DOMAIN:
            continue
        name = issue.translation_key or ""
        if satellite := (issue.translation_placeholders or {}).get("satellite"):
            name += f"@{satellite}"
        found[name] = str(issue.severity)
    return found


def alerts(events: list[Event[dict[str, Any]]]) -> list[tuple[str, str, str | None]]:
    """(type, severity, satellite) of each bus event, in order."""
    return [(e.data["type"], e.data["severity"], e.data["satellite"]) for e in events]


async def test_audit_falling_suspended_recovered(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Warning, then critical, then suspension; each once; all clear when the node heals."""
    events = async_capture_events(hass, ALERT_EVENT)
    us1 = next(s.satellite_id for s in node.state().satellites if s.address.startswith("us1"))
    await node.set_scenario("audit_failing", satellite=us1)  # -0.4 points per hour

    await advance(hass, freezer, timedelta(hours=2))  # 99.2 %: fine
    assert issues(issue_registry) == {}
    await advance(hass, freezer, timedelta(hours=1))  # 98.8 %
    assert issues(issue_registry) == {"audit_score_low@us1": "warning"}
    for _ in range(4):  # 98.4 .. 97.2 %: still a warning, no new event
        await advance(hass, freezer, timedelta(hours=1))
    assert alerts(events) == [("audit_score_low", "warning", "us1")]
    await advance(hass, freezer, timedelta(hours=1))  # 96.8 %
    assert issues(issue_registry) == {"audit_score_low@us1": "critical"}
    assert alerts(events)[-1] == ("audit_score_low", "critical", "us1")
    issue = issue_registry.async_get_issue(DOMAIN, f"{entry.entry_id}_audit_score_low_{us1}")
    assert issue is not None
    assert issue.translation_placeholders == {
        "node": "Node 1",
        "satellite": "us1",
        "value": "96.8",
        "threshold": "97",
        # 0.999^9 * 0.968 <= 0.96 < 0.999^8 * 0.968 (satellite/reputation/config.go:28-32)
        "remaining": "9",
    }
    assert issue.learn_more_url is not None

    await node.set_scenario("suspended", satellite=us1)
    await advance(hass, freezer, timedelta(minutes=5))
    assert issues(issue_registry) == {
        "audit_score_low@us1": "critical",
        "satellite_suspended@us1": "critical",
        "suspension_score_low@us1": "critical",
    }
    assert len(events) == 4

    await node.set_scenario("healthy")
    for _ in range(12):  # 3 days: audit +7.2 points, suspension +36 points
        await advance(hass, freezer, timedelta(hours=6))
    assert issues(issue_registry) == {}
    recovered = [a for a in alerts(events) if a[0] == "reputation_recovered"]
    assert recovered == [("reputation_recovered", "info", "us1")] * 3
    assert len(events) == 7


async def test_event_entity_fires(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The node's event entity carries each transition with its details."""
    state = hass.states.get("event.node_1_alerts")
    assert state is not None
    assert "disqualified" in state.attributes["event_types"]
    await node.set_scenario("quic_misconfigured")
    await advance(hass, freezer, timedelta(minutes=5))
    state = hass.states.get("event.node_1_alerts")
    assert state is not None
    assert state.attributes["event_type"] == "quic_misconfigured"
    assert state.attributes["severity"] == "warning"
    assert state.attributes["message"] == "Storj node Node 1: quic misconfigured"


async def test_disqualified_stays_until_satellite_gone(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Disqualification is permanent: no recovery, cleared silently when the satellite leaves."""
    events = async_capture_events(hass, ALERT_EVENT)
    eu1 = next(s.satellite_id for s in node.state().satellites if s.address.startswith("eu1"))
    await node.set_scenario("disqualified", satellite=eu1)
    await advance(hass, freezer, timedelta(minutes=5))
    assert issues(issue_registry) == {"satellite_disqualified@eu1": "critical"}

    await node.set_scenario("healthy")
    await advance(hass, freezer, timedelta(hours=1))
    assert issues(issue_registry) == {"satellite_disqualified@eu1": "critical"}

    node.remove_satellite(eu1)
    await advance(hass, freezer, timedelta(minutes=5))
    assert issues(issue_registry) == {}
    assert alerts(events) == [("disqualified", "critical", "eu1")]


async def test_disk_filling(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """A disk at 97 % raises a critical issue; it clears a point below the limit, not before."""
    events = async_capture_events(hass, ALERT_EVENT)
    await node.set_scenario("disk_nearly_full")
    await advance(hass, freezer, timedelta(minutes=5))
    assert issues(issue_registry) == {"disk_nearly_full": "critical"}
    node.set_api_version("1.142")  # Same pieces, but v1.142 reports trash apart: unchanged %.
    await advance(hass, freezer, timedelta(minutes=5))
    assert len(events) == 1
    assert events[0].data["type"] == "disk_nearly_full"

    # The simulator never frees space: move the threshold above the disk instead.
    issue = issue_registry.async_get_issue(DOMAIN, f"{entry.entry_id}_disk_nearly_full")
    assert issue is not None
    assert issue.translation_placeholders is not None
    used = float(issue.translation_placeholders["value"])
    await set_options(hass, entry, disk_used_critical=used + 0.5)  # within 1 point: stays
    assert issues(issue_registry) == {"disk_nearly_full": "critical"}
    # Both thresholds above the disk (the warning alone would keep a warning open).
    await set_options(hass, entry, disk_used_critical=used + 1.5, disk_used_warning=used + 1.5)
    assert issues(issue_registry) == {}
    assert alerts(events) == [("disk_nearly_full", "critical", None), ("disk_ok", "info", None)]


async def set_options(hass: HomeAssistant, entry: MockConfigEntry, **options: float) -> None:
    """Store new options and reload the node, as the options flow does."""
    hass.config_entries.async_update_entry(entry, options={**entry.options, **options})
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()


async def test_offline_and_back(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Unreachable for 30 minutes raises a fixable issue; coming back clears it."""
    events = async_capture_events(hass, ALERT_EVENT)
    await node.set_scenario("offline")
    for _ in range(5):
        await advance(hass, freezer, timedelta(minutes=5))
    assert issues(issue_registry) == {}
    for _ in range(2):
        await advance(hass, freezer, timedelta(minutes=5))
    assert issues(issue_registry) == {"node_unreachable": "error"}
    issue = issue_registry.async_get_issue(DOMAIN, f"{entry.entry_id}_node_unreachable")
    assert issue is not None
    assert issue.is_fixable
    assert issue.is_persistent  # survives a restart with its data, so it is not re-announced

    await node.set_scenario("healthy")
    await advance(hass, freezer, timedelta(minutes=5))
    assert issues(issue_registry) == {}
    assert [e.data["type"] for e in events] == ["node_offline", "node_back_online"]


async def test_offline_at_startup(
    hass: HomeAssistant,
    node: SimulatedNode,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """A node that never answers since start-up still raises the unreachable alert."""
    events = async_capture_events(hass, ALERT_EVENT)
    await node.set_scenario("offline")
    entry = await setup_node(hass, node)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    for _ in range(8):  # setup retries back off up to 10 minutes
        freezer.tick(timedelta(minutes=10))
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=10))
        await hass.async_block_till_done(wait_background_tasks=True)
    assert issues(issue_registry) == {"node_unreachable": "error"}
    assert [e.data["type"] for e in events] == ["node_offline"]

    await node.set_scenario("healthy")
    freezer.tick(timedelta(minutes=10))
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=10))
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    assert issues(issue_registry) == {}
    assert [e.data["type"] for e in events] == ["node_offline", "node_back_online"]


async def test_outdated_after_a_day(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """A node below the minimum version is reported after a day, not at once."""
    await node.set_scenario("outdated")
    await advance(hass, freezer, timedelta(minutes=5))  # first seen outdated
    await advance(hass, freezer, timedelta(hours=23))
    assert issues(issue_registry) == {}
    await advance(hass, freezer, timedelta(hours=1, minutes=5))
    assert issues(issue_registry) == {"node_outdated": "warning"}


async def test_reload_does_not_announce_again(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Alerts that were active before a reload are restored, not fired again."""
    events = async_capture_events(hass, ALERT_EVENT)
    await node.set_scenario("quic_misconfigured")
    await advance(hass, freezer, timedelta(minutes=5))
    assert len(events) == 1
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await advance(hass, freezer, timedelta(minutes=5))
    assert len(events) == 1
    assert issues(issue_registry) == {"quic_misconfigured": "warning"}


async def test_entry_removal_clears_issues(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Removing a node removes its repair issues."""
    await node.set_scenario("quic_misconfigured")
    await advance(hass, freezer, timedelta(minutes=5))
    assert issues(issue_registry)
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert issues(issue_registry) == {}


def oscillate(values: list[float], **thresholds: float) -> list[Severity | None]:
    """Feed audit scores (percent) through `evaluate`; return the severity after each."""

    class Satellite:
        def __init__(self, audit: float) -> None:
            self.audit_score = audit / 100
            self.suspension_score = self.online_score = 1.0

    severities: list[Severity | None] = []
    active: dict[Any, Condition] = {}
    for value in values:
        snapshot: Any = _fake_snapshot(Satellite(value))
        context = NodeContext(now=dt_util.utcnow(), reachable=True)
        active = evaluate(snapshot, context, thresholds, active)
        condition = active.get((Kind.AUDIT_SCORE_LOW, "sat"))
        severities.append(condition.severity if condition else None)
    return severities


def _fake_snapshot(satellite: Any) -> Any:
    """Just enough of a NodeSnapshot for the audit rule."""
    dashboard_sat = type(
        "DashSat",
        (),
        {"id": "sat", "name": "us1", "is_disqualified": False, "is_suspended": False},
    )()
    dashboard = type(
        "Dashboard",
        (),
        {
            "satellites": (dashboard_sat,),
            "disk": type("Disk", (), {"used_percent": 50.0})(),
            "quic_status": None,
            "up_to_date": True,
        },
    )()
    # No join date: the earnings/traffic drop rules see a node too young to compare.
    summary = type("Summary", (), {"earliest_joined_at": None})()
    return type(
        "Snapshot",
        (),
        {"dashboard": dashboard, "summary": summary, "satellites": {"sat": satellite}},
    )()


def test_no_flapping_around_a_threshold() -> None:
    """A score wobbling around 99 % raises one warning, which clears only at 99.5 %."""
    severities = oscillate([99.2, 98.9, 99.1, 98.95, 99.3, 99.45, 99.6, 99.1, 98.9])
    assert severities == [
        None,
        Severity.WARNING,
        Severity.WARNING,
        Severity.WARNING,
        Severity.WARNING,
        Severity.WARNING,
        None,
        None,
        Severity.WARNING,
    ]
    # Around the critical threshold: escalates once, de-escalates only at 97.5 %.
    severities = oscillate([97.5, 96.9, 97.2, 96.95, 97.4, 97.6])
    assert severities == [
        Severity.WARNING,
        Severity.CRITICAL,
        Severity.CRITICAL,
        Severity.CRITICAL,
        Severity.CRITICAL,
        Severity.WARNING,
    ]


async def test_fix_flow_leads_to_reconfigure(
    hass: HomeAssistant,
    node: SimulatedNode,
    freezer: FrozenDateTimeFactory,
    hass_client: ClientSessionGenerator,
) -> None:
    """Fixing the unreachable issue opens the reconfigure flow of that entry."""
    assert await async_setup_component(hass, "repairs", {})
    # A short delay keeps the test client's access token valid while time moves on.
    entry = await setup_node(hass, node, options={"offline_after": 5})
    await node.set_scenario("offline")
    for _ in range(2):
        await advance(hass, freezer, timedelta(minutes=5))
    client = await hass_client()
    response = await client.post(
        "/api/repairs/issues/fix",
        json={"handler": DOMAIN, "issue_id": f"{entry.entry_id}_node_unreachable"},
    )
    assert response.status == 200
    flow = await response.json()
    assert flow["step_id"] == "confirm"
    assert flow["description_placeholders"]["node"] == "Node 1"
    assert flow["description_placeholders"]["value"] == "5"  # minutes unreachable when raised
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    assert response.status == 200
    result = await response.json()
    assert result["type"] == "create_entry"
    flow_type, flow_id = result["next_flow"]
    assert flow_type == "config_flow"
    progress = hass.config_entries.flow.async_get(flow_id)
    assert progress["context"]["source"] == "reconfigure"
    hass.config_entries.flow.async_abort(flow_id)


async def test_blueprints_installed_and_valid(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """The shipped blueprints are copied to the config folder and load in Home Assistant."""
    from homeassistant.components.automation.helpers import async_get_blueprints

    folder = Path(hass.config.path("blueprints", "automation", DOMAIN))
    shipped = [
        "daily_node_summary.yaml",
        "monthly_report.yaml",
        "notify_on_alert.yaml",
        "weekly_summary.yaml",
    ]
    assert sorted(p.name for p in folder.glob("*.yaml")) == shipped
    assert await async_setup_component(hass, "automation", {})
    blueprints = async_get_blueprints(hass)
    for name in shipped:
        blueprint = await blueprints.async_get_blueprint(f"{DOMAIN}/{name}")
        assert blueprint.domain == "automation"


async def test_user_copy_is_kept(hass: HomeAssistant, node: SimulatedNode) -> None:
    """An edited blueprint is never overwritten."""
    folder = Path(hass.config.path("blueprints", "automation", DOMAIN))
    folder.mkdir(parents=True, exist_ok=True)
    edited = folder / "notify_on_alert.yaml"
    edited.write_text("# my edits\n")
    await setup_node(hass, node)
    assert edited.read_text() == "# my edits\n"
    assert (folder / "daily_node_summary.yaml").exists()


async def test_notify_blueprint_fires_on_alert(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An automation from "notify on Storj alert" runs its action when the node alerts."""
    calls = async_mock_service(hass, "notify", "test_phone")
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "use_blueprint": {
                    "path": f"{DOMAIN}/notify_on_alert.yaml",
                    "input": {
                        "alert_entities": ["event.node_1_alerts"],
                        "minimum_severity": "warning",
                        "notify_action": [
                            {
                                "action": "notify.test_phone",
                                "data": {"title": "{{ title }}", "message": "{{ message }}"},
                            }
                        ],
                    },
                }
            }
        },
    )
    await hass.async_block_till_done()
    await node.set_scenario("quic_misconfigured")
    await advance(hass, freezer, timedelta(minutes=5))
    assert len(calls) == 1
    assert calls[0].data == {
        "title": "Storj warning: Node 1",
        "message": "Storj node Node 1: quic misconfigured",
    }
    # The recovery is "info": below the chosen minimum severity, so not sent.
    await node.set_scenario("healthy")
    await advance(hass, freezer, timedelta(minutes=5))
    assert len(calls) == 1
    # A reload restores the last event; that is not a new alert.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert len(calls) == 1
    await node.set_scenario("quic_misconfigured")
    await advance(hass, freezer, timedelta(minutes=5))
    assert len(calls) == 2


def test_disk_full_forecast_levels() -> None:
    """Forecast alerts: warning under 30 days, critical under 7, clearing with a margin."""

    class Satellite:
        audit_score = suspension_score = online_score = 1.0

    severities = []
    active: dict[Any, Condition] = {}
    for days in (40, 25, 6, 9.5, 12, 31, 34, None):
        context = NodeContext(now=dt_util.utcnow(), reachable=True, days_until_full=days)
        active = evaluate(_fake_snapshot(Satellite()), context, {}, active)
        condition = active.get((Kind.DISK_FULL_SOON, None))
        severities.append(condition.severity if condition else None)
    assert severities == [
        None,
        Severity.WARNING,
        Severity.CRITICAL,
        Severity.CRITICAL,  # within 3 days of the critical threshold: stays critical
        Severity.WARNING,
        Severity.WARNING,  # within 3 days of the warning threshold: stays
        None,
        None,  # no forecast (not growing): no alert
    ]
