"""Config, reconfigure and options flows, every branch, against the simulator."""

from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.storj_monitor.const import (
    CONF_AUDIT_CRITICAL,
    CONF_AUDIT_WARNING,
    CONF_LOG_PATH,
    CONF_LOG_SOURCE,
    CONF_SCAN_INTERVAL,
    CONF_URL,
    DEFAULT_THRESHOLDS,
    DOMAIN,
)
from custom_components.storj_monitor.coordinator import first_poll_delay
from storj_simulator import SimulatedCluster, SimulatedNode
from tests.geoip_db import build_city_db

from .conftest import setup_node


async def start_user_flow(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    return result["flow_id"]


async def test_user_flow_creates_entry(hass: HomeAssistant, node: SimulatedNode) -> None:
    """A reachable node is added with its node ID as unique ID and a default title."""
    flow_id = await start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": "127.0.0.1", "port": node.port}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == f"Storj node {node.node_id[:8]}"
    assert result["data"] == {CONF_URL: f"http://127.0.0.1:{node.port}"}
    assert result["result"].unique_id == node.node_id


async def test_user_flow_full_url_and_name(hass: HomeAssistant, node: SimulatedNode) -> None:
    """A full URL wins over the port field; a friendly name becomes the title."""
    flow_id = await start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": f"http://127.0.0.1:{node.port}/", "port": 14002, "name": "Attic"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Attic"
    assert result["data"] == {CONF_URL: f"http://127.0.0.1:{node.port}"}


async def test_user_flow_invalid_host(hass: HomeAssistant, node: SimulatedNode) -> None:
    """Junk in the host field is reported on that field."""
    flow_id = await start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": "http://exa mple/ x", "port": 14002}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"host": "invalid_host"}


@pytest.mark.parametrize(
    ("scenario", "params", "error"),
    [
        ("offline", {}, "cannot_connect"),
        ("garbage", {"kind": "html"}, "invalid_response"),
        ("garbage", {"kind": "json"}, "invalid_response"),
    ],
)
async def test_user_flow_errors_then_recovers(
    hass: HomeAssistant, node: SimulatedNode, scenario: str, params: dict[str, str], error: str
) -> None:
    """Each failure shows its error on the form; the same flow succeeds once fixed."""
    await node.set_scenario(scenario, **params)
    flow_id = await start_user_flow(hass)
    user_input = {"host": "127.0.0.1", "port": node.port}
    result = await hass.config_entries.flow.async_configure(flow_id, user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}

    await node.set_scenario("healthy")
    result = await hass.config_entries.flow.async_configure(flow_id, user_input)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_unknown_error(hass: HomeAssistant, node: SimulatedNode) -> None:
    """An unexpected exception is logged and shown as `unknown`."""
    flow_id = await start_user_flow(hass)
    with patch(
        "custom_components.storj_monitor.config_flow.StorjNodeClient.async_get_dashboard",
        side_effect=RuntimeError("boom"),
    ):
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"host": "127.0.0.1", "port": node.port}
        )
    assert result["errors"] == {"base": "unknown"}


async def test_user_flow_already_configured(
    hass: HomeAssistant, node: SimulatedNode, entry: MockConfigEntry
) -> None:
    """The same node cannot be added twice."""
    flow_id = await start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": "127.0.0.1", "port": node.port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_moves_node(hass: HomeAssistant, node: SimulatedNode) -> None:
    """Reconfigure points an entry at the node's new address."""
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id=node.node_id, data={CONF_URL: "http://127.0.0.1:1"}
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": node.port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data == {CONF_URL: f"http://127.0.0.1:{node.port}"}


@pytest.mark.parametrize("node_count", [2])
async def test_reconfigure_rejects_other_node(
    hass: HomeAssistant, cluster: SimulatedCluster, entry: MockConfigEntry
) -> None:
    """An address that answers with another node ID is refused."""
    other = cluster.nodes[1]
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": other.port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_node"
    assert entry.data[CONF_URL] == cluster.nodes[0].url


async def test_reconfigure_shows_errors(
    hass: HomeAssistant, node: SimulatedNode, entry: MockConfigEntry
) -> None:
    """A node that does not answer keeps the reconfigure form open with an error."""
    result = await entry.start_reconfigure_flow(hass)
    await node.set_scenario("offline")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": node.port}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}


async def open_options(hass: HomeAssistant, entry: MockConfigEntry, step: str) -> str:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == [
        "general",
        "alerts",
        "log_source",
        "performance",
        "earnings",
        "anomalies",
        "costs",
    ]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == step
    return result["flow_id"]


async def test_options_general(
    hass: HomeAssistant,
    node: SimulatedNode,
    entry: MockConfigEntry,
) -> None:
    """The polling interval is stored and applied after the reload."""
    flow_id = await open_options(hass, entry, "general")
    result = await hass.config_entries.options.async_configure(
        flow_id, {CONF_SCAN_INTERVAL: 15, "ping_max_age": 60}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.options == {CONF_SCAN_INTERVAL: 15, "ping_max_age": 60}

    # The node goes down: the old 5-minute poll would notice after 5 minutes; the new
    # interval's first poll comes at the entry's staggered point in its second half.
    first_poll = first_poll_delay(entry.entry_id, timedelta(minutes=15))
    assert timedelta(minutes=7, seconds=30) <= first_poll <= timedelta(minutes=15)
    await node.set_scenario("offline")
    for after, unavailable in (
        (timedelta(minutes=5, seconds=1), False),
        (first_poll - timedelta(seconds=1), False),
        (first_poll + timedelta(seconds=1), True),
    ):
        # Polls are scheduled on the loop clock, which freezegun leaves alone: run the timers
        # due within `after` of the reload (the frozen wall clock stays where it is).
        async_fire_time_changed(hass, dt_util.utcnow() + after)
        await hass.async_block_till_done(wait_background_tasks=True)
        state = hass.states.get("sensor.node_1_disk_used")
        assert state is not None
        assert (state.state == STATE_UNAVAILABLE) is unavailable, after
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_options_alerts_validation(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """A critical threshold above its warning is refused, then a valid set is stored."""
    flow_id = await open_options(hass, entry, "alerts")
    bad = dict(DEFAULT_THRESHOLDS) | {CONF_AUDIT_CRITICAL: 99.5, CONF_AUDIT_WARNING: 99.0}
    result = await hass.config_entries.options.async_configure(flow_id, bad)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_AUDIT_CRITICAL: "critical_above_warning"}

    good = dict(DEFAULT_THRESHOLDS) | {CONF_AUDIT_CRITICAL: 98.0}
    result = await hass.config_entries.options.async_configure(flow_id, good)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_AUDIT_CRITICAL] == 98.0


async def test_options_log_source(
    hass: HomeAssistant, entry: MockConfigEntry, tmp_path: Path
) -> None:
    """Each log source is validated; switching source drops the old source's fields."""
    hass.config.allowlist_external_dirs.add(str(tmp_path.resolve()))
    flow_id = await open_options(hass, entry, "log_source")
    result = await hass.config_entries.options.async_configure(
        flow_id, {CONF_LOG_SOURCE: "file", CONF_LOG_PATH: str(tmp_path / "missing.log")}
    )
    assert result["errors"] == {CONF_LOG_PATH: "file_not_readable"}
    result = await hass.config_entries.options.async_configure(
        flow_id, {CONF_LOG_SOURCE: "forwarder", "geoip_database": str(tmp_path / "x.mmdb")}
    )
    assert result["errors"] == {
        "forwarder_host": "host_required",
        "geoip_database": "file_not_readable",
    }

    log = tmp_path / "node.log"
    log.write_text("")
    not_a_database = tmp_path / "city.mmdb"
    not_a_database.write_bytes(b"not a MaxMind database")
    result = await hass.config_entries.options.async_configure(
        flow_id,
        {CONF_LOG_SOURCE: "file", CONF_LOG_PATH: str(log), "geoip_database": str(not_a_database)},
    )
    assert result["errors"] == {"geoip_database": "invalid_geoip"}
    result = await hass.config_entries.options.async_configure(
        flow_id,
        {CONF_LOG_SOURCE: "forwarder", "forwarder_host": "nas", "forwarder_fingerprint": "xyz"},
    )
    assert result["errors"] == {"forwarder_fingerprint": "invalid_fingerprint"}
    result = await hass.config_entries.options.async_configure(flow_id, {CONF_LOG_SOURCE: "file"})
    assert result["errors"] == {CONF_LOG_PATH: "file_not_readable"}
    city = build_city_db(tmp_path / "real.mmdb", {"0.0.0.0/0": ("DE", 52.5, 13.4)})
    result = await hass.config_entries.options.async_configure(
        flow_id, {CONF_LOG_SOURCE: "file", CONF_LOG_PATH: str(log), "geoip_database": str(city)}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_LOG_SOURCE] == "file"
    assert entry.options[CONF_LOG_PATH] == str(log)
    assert entry.options["geoip_database"] == str(city)

    await hass.async_block_till_done()
    flow_id = await open_options(hass, entry, "log_source")
    result = await hass.config_entries.options.async_configure(flow_id, {CONF_LOG_SOURCE: "none"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert CONF_LOG_PATH not in entry.options


async def test_options_keep_other_sections(hass: HomeAssistant, node: SimulatedNode) -> None:
    """Saving one section keeps the options of the others."""
    entry = await setup_node(hass, node, options={CONF_SCAN_INTERVAL: 10})
    flow_id = await open_options(hass, entry, "alerts")
    result = await hass.config_entries.options.async_configure(flow_id, dict(DEFAULT_THRESHOLDS))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_SCAN_INTERVAL] == 10
    assert entry.options[CONF_AUDIT_WARNING] == 99.0


async def test_options_log_source_outside_the_allow_list(
    hass: HomeAssistant, entry: MockConfigEntry, tmp_path: Path
) -> None:
    """Files outside `allowlist_external_dirs` are refused, readable or not; allowed, they pass."""
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    hass.config.allowlist_external_dirs.add(str(allowed.resolve()))
    for directory in (allowed, outside):
        (directory / "node.log").write_text("")
        build_city_db(directory / "city.mmdb", {"0.0.0.0/0": ("DE", 52.5, 13.4)})
    flow_id = await open_options(hass, entry, "log_source")

    for log, city in (
        (outside / "node.log", outside / "city.mmdb"),  # readable, but not allowed
        (outside / "missing.log", outside / "missing.mmdb"),  # existence is not revealed
        (allowed / ".." / "outside" / "node.log", allowed / ".." / "outside" / "city.mmdb"),
    ):
        result = await hass.config_entries.options.async_configure(
            flow_id,
            {CONF_LOG_SOURCE: "file", CONF_LOG_PATH: str(log), "geoip_database": str(city)},
        )
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == {
            CONF_LOG_PATH: "path_not_allowed",
            "geoip_database": "path_not_allowed",
        }
    # The forwarder source has no log path, but its GeoIP file is checked just the same.
    result = await hass.config_entries.options.async_configure(
        flow_id,
        {
            CONF_LOG_SOURCE: "forwarder",
            "forwarder_host": "nas",
            "geoip_database": str(outside / "city.mmdb"),
        },
    )
    assert result["errors"] == {"geoip_database": "path_not_allowed"}

    result = await hass.config_entries.options.async_configure(
        flow_id,
        {
            CONF_LOG_SOURCE: "file",
            CONF_LOG_PATH: str(allowed / "node.log"),
            "geoip_database": str(allowed / "city.mmdb"),
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_LOG_PATH] == str(allowed / "node.log")
    await hass.async_block_till_done()


async def test_allow_list_error_tells_how_to_allow(hass: HomeAssistant) -> None:
    """The form error names the configuration.yaml option that fixes it."""
    from homeassistant.helpers.translation import async_get_translations

    translations = await async_get_translations(hass, "en", "options", [DOMAIN])
    message = translations[f"component.{DOMAIN}.options.error.path_not_allowed"]
    assert "allowlist_external_dirs" in message
    assert "configuration.yaml" in message
