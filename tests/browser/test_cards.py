"""The Lovelace cards in a real browser against a real Home Assistant and the simulator.

The browser run (see conftest.py and harness.py) happens once; each test checks one aspect
of what it saw against the states Home Assistant reported over its REST and websocket APIs.
"""

from __future__ import annotations

from collections.abc import Iterator
import math
from pathlib import Path
import re
from typing import Any

import pytest
import yaml

from .conftest import PAGES
from .harness import MAP_NETWORKS, READY_DASHBOARD

pytestmark = pytest.mark.browser

CARD_TAGS = {
    "storj-node-card",
    "storj-fleet-card",
    "storj-latency-card",
    "storj-traffic-map-card",
    "storj-insights-card",
}
BYTES_PER_UNIT = {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15}
NUMBER = re.compile(r"-?\d[\d,]*(?:\.(\d+))?")
# The integration's default alert thresholds (warning, critical) per score.
THRESHOLDS = {"audit": (99, 97), "suspension": (90, 75), "online": (95, 80)}
LATENCY_KEYS = {
    f"{direction}_latency_{p}"
    for direction in ("download", "upload")
    for p in ("p50", "p95", "p99")
}


def cards(report: dict[str, Any], page: str, tag: str) -> list[dict[str, Any]]:
    return [card for card in report["pages"][page]["cards"] if card["tag"] == tag]


def registry_keys(report: dict[str, Any], device_id: str) -> dict[str, str]:
    """translation_key -> entity_id of one device's storj_monitor entities."""
    return {
        entry["translation_key"]: entry["entity_id"]
        for entry in report["api"]["entities"]
        if entry["device_id"] == device_id and entry["platform"] == "storj_monitor"
    }


def device_id(report: dict[str, Any], name: str) -> str:
    return next(device["id"] for device in report["api"]["devices"] if device["name"] == name)


def parse_number(text: str) -> tuple[float, float, str]:
    """The first number shown, half of its last shown digit (the rounding), and what follows."""
    match = NUMBER.search(text)
    assert match, f"no number in {text!r}"
    decimals = len(match[1] or "")
    return float(match[0].replace(",", "")), 0.5 * 10**-decimals, text[match.end() :].strip()


def assert_shows_state(text: str, state: dict[str, Any]) -> None:
    """The rendered text is the entity's state, rounded as shown, in any data-size unit."""
    expected = float(state["state"])
    unit = state["attributes"].get("unit_of_measurement")
    shown, rounding, shown_unit = parse_number(text)
    if unit in BYTES_PER_UNIT and shown_unit in BYTES_PER_UNIT:
        factor = BYTES_PER_UNIT[shown_unit]
        expected *= BYTES_PER_UNIT[unit] / factor
    assert math.isclose(shown, expected, abs_tol=rounding + 1e-9), (
        f"{state['entity_id']}: shows {text!r}, state {state['state']} {unit}"
    )


def numeric_values(card: dict[str, Any], states: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for value in card["values"]:
        state = states.get(value["entity"])
        if state is None or not value["text"] or value["text"] == "—":
            continue
        try:
            float(state["state"])
        except ValueError:
            continue
        yield value["text"], state


def expected_level(kind: str, value: float) -> str:
    warning, critical = THRESHOLDS[kind]
    return "critical" if value < critical else "warning" if value < warning else "ok"


def test_cards_are_loaded_by_the_integration(report: dict[str, Any]) -> None:
    """No manual resource: the integration's static URL (with a content hash) loads them."""
    urls = report["editor"]["bundleUrls"]
    assert urls
    assert all(
        re.fullmatch(r"/storj_monitor/storj-monitor-cards\.js\?v=[0-9a-f]{12}", u) for u in urls
    )
    assert set(report["editor"]["customCards"]) >= CARD_TAGS


def test_node_card_shows_its_nodes_states(report: dict[str, Any]) -> None:
    page = report["pages"]["node"]
    first, third = cards(report, "node", "storj-node-card")
    assert first["header"] == "Node 1"  # no device configured: the first node
    assert third["header"] == "Node 3"
    assert third["config"]["device_id"] == device_id(report, "Node 3")
    for card, name in ((first, "Node 1"), (third, "Node 3")):
        keys = registry_keys(report, device_id(report, name))
        shown = {value["entity"] for value in card["values"]}
        for key in ("disk_allocated", "earnings_month", "payout_month_expected", "disk_free"):
            assert keys[key] in shown, key
        compared = 0
        for text, state in numeric_values(card, page["states"]):
            assert_shows_state(text, state)
            compared += 1
        assert compared >= 15
        version = page["states"][keys["version"]]["state"]
        assert f"v{version}" in card["text"]
        assert (
            "Reachable" if page["states"][keys["reachable"]]["state"] == "on" else "Unreachable"
        ) in card["text"]


def test_node_card_reputation_colours_follow_the_alert_thresholds(report: dict[str, Any]) -> None:
    page = report["pages"]["node"]
    for card in cards(report, "node", "storj-node-card"):
        satellites = [
            device
            for device in report["api"]["devices"]
            if device["via_device_id"] == device_id(report, card["header"])
        ]
        assert len(card["rows"]) == len(satellites) > 0
        levels = []
        for value in card["values"]:
            kind = next((k for k in THRESHOLDS if value["entity"].endswith(f"_{k}_score")), None)
            if kind is None or value["level"] is None:
                continue
            score = float(page["states"][value["entity"]]["state"])
            assert value["level"] == expected_level(kind, score), value
            levels.append(value["level"])
        assert len(levels) == 3 * len(satellites)
    troubled = cards(report, "node", "storj-node-card")[1]
    # The simulator's "suspended" scenario: one satellite at 55 % suspension score.
    assert any(value["level"] == "critical" for value in troubled["values"])
    assert any("suspended" in row["cells"][0] for row in troubled["rows"])


def test_node_card_trend_arrows_from_recorder_statistics(report: dict[str, Any]) -> None:
    """Arrows compare each score with its recorded mean days ago; no history, no arrow."""
    trends = {
        value["entity"]: value["trend"]
        for card in cards(report, "node", "storj-node-card")
        for value in card["values"]
        if value["entity"].endswith("_score")
    }
    assert trends.pop("sensor.node_3_us1_suspension_score") == "down"
    assert trends.pop("sensor.node_1_eu1_online_score") == "up"
    assert trends.pop("sensor.node_1_us1_audit_score") == "flat"
    assert set(trends.values()) == {None}


def test_node_card_shows_the_reputation_forecast(report: dict[str, Any]) -> None:
    """Under each satellite: failed audits left before disqualification, offline-24 h score."""
    for card in cards(report, "node", "storj-node-card"):
        failures = [
            value
            for value in card["values"]
            if value["entity"].endswith("_failed_audits_until_disqualification")
        ]
        offline = [
            value
            for value in card["values"]
            if value["entity"].endswith("_online_score_if_offline_for_24_h")
        ]
        assert len(failures) == len(offline) == len(card["rows"]) > 0
        assert all(value["text"].endswith(" to DQ") for value in failures)
        assert all(value["text"].endswith("if offline 24 h") for value in offline)


def test_node_card_shows_the_forecast(report: dict[str, Any]) -> None:
    card = cards(report, "node", "storj-node-card")[0]
    keys = registry_keys(report, device_id(report, "Node 1"))
    assert "days_until_full" in keys
    assert "Full in" in card["text"]
    assert "days_until_full" not in card["missing"]


def test_fleet_card_rows_totals_and_sorting(report: dict[str, Any]) -> None:
    page = report["pages"]["fleet"]
    (card,) = cards(report, "fleet", "storj-fleet-card")
    ids = {name: device_id(report, name) for name in ("Node 1", "Node 2", "Node 3")}
    assert [row["node"] for row in card["rows"]] == [ids["Node 1"], ids["Node 2"], ids["Node 3"]]
    for text, state in numeric_values(card, page["states"]):
        assert_shows_state(text, state)
    states = page["states"]
    keys = {name: registry_keys(report, node) for name, node in ids.items()}
    earnings = sum(float(states[k["earnings_month"]]["state"]) for k in keys.values())
    online = sum(states[k["reachable"]]["state"] == "on" for k in keys.values())
    assert card["totals"]["online"] == f"{online} / 3 online"
    shown, rounding, _ = parse_number(card["totals"]["earnings"])
    assert math.isclose(shown, earnings, abs_tol=rounding + 0.015)  # sum of rounded states
    used = sum(
        float(states[k["disk_used"]]["state"])
        * BYTES_PER_UNIT[states[k["disk_used"]]["attributes"]["unit_of_measurement"]]
        for k in keys.values()
    )
    allocated = sum(
        float(states[k["disk_allocated"]]["state"])
        * BYTES_PER_UNIT[states[k["disk_allocated"]]["attributes"]["unit_of_measurement"]]
        for k in keys.values()
    )
    shown, rounding, _ = parse_number(card["totals"]["disk"])
    assert math.isclose(shown, used / allocated * 100, abs_tol=rounding + 0.05)
    assert card["totals"]["score"] == "critical"  # node 3 is suspended on one satellite

    sort = report["fleetSort"]
    assert sort["name"] == sort["initial"]
    assert sort["name_descending"] == list(reversed(sort["initial"]))
    assert sort["score"][0] == ids["Node 3"]  # most alarming first
    assert sort["score_descending"][-1] == ids["Node 3"]
    disk = {
        node: float(states[keys[name]["disk_used_percent"]]["state"]) for name, node in ids.items()
    }
    assert sort["disk"] == sorted(disk, key=disk.__getitem__)


def test_latency_card(report: dict[str, Any]) -> None:
    """Node 1 reads a DEBUG log: percentiles and rates from states, histograms from the socket."""
    page = report["pages"]["latency"]
    (card,) = cards(report, "latency", "storj-latency-card")
    assert card["messages"] == []
    keys = registry_keys(report, device_id(report, "Node 1"))
    shown = {value["entity"] for value in card["values"]}
    assert shown >= {keys[key] for key in LATENCY_KEYS}
    compared = list(numeric_values(card, page["states"]))
    assert len(compared) >= 6, card["values"]
    for text, state in compared:
        assert_shows_state(text, state)
    latency = page["live"]["log"]["latency"]
    assert card["histograms"] == {
        direction: [bucket["count"] for bucket in latency[direction]["histogram"]]
        for direction in ("download", "upload")
    }
    assert sum(card["histograms"]["download"]) == latency["download"]["samples"] > 0
    # The histogram is no longer an attribute: it reached the card over the websocket only.
    p50 = page["states"][keys["download_latency_p50"]]
    assert "histogram" not in p50["attributes"]


def test_traffic_map_card(report: dict[str, Any]) -> None:
    """Countries, points and the top list are the websocket's, placed by a real .mmdb."""
    page = report["pages"]["map"]
    (card,) = cards(report, "map", "storj-traffic-map-card")
    assert card["mapCountries"] > 150  # the offline world outline is drawn in every case
    assert card["messages"] == []
    traffic = page["live"]["log"]["traffic"]
    assert traffic["geoip"] is True
    countries = traffic["countries"]
    assert countries
    assert set(countries) <= {country for country, _, _ in MAP_NETWORKS.values()}
    assert sorted(card["mapFilled"]) == sorted(countries)
    assert card["mapPoints"] == len(traffic["points"]) > 0
    top = sorted(countries.items(), key=lambda item: (-item[1], item[0]))[:8]
    assert [row["country"] for row in card["rows"]] == [code for code, _ in top]
    total = sum(countries.values())
    for row, (_, count) in zip(card["rows"], top, strict=True):
        assert row["cells"][1] == f"{count:,}"
        share, rounding, unit = parse_number(row["cells"][2])
        assert unit == "%"
        assert math.isclose(share, count / total * 100, abs_tol=rounding + 1e-9)
    keys = registry_keys(report, device_id(report, "Node 1"))
    entity = page["states"][keys["traffic_map"]]
    assert int(entity["state"]) == len(countries)
    assert not {"countries", "points"} & entity["attributes"].keys()


def test_map_pulses_where_transfers_arrive(report: dict[str, Any]) -> None:
    """A push that adds transfers to an origin draws an arrival ring there."""
    (card,) = cards(report, "map", "storj-traffic-map-card")
    assert 0 < card["arrived"] <= card["mapPoints"]


def test_cards_without_a_log_source_say_so(report: dict[str, Any]) -> None:
    """Node 2 reads no log: latency, map and insights cards explain what is missing."""
    for page, tag in (
        ("no-log", "storj-latency-card"),
        ("no-log", "storj-traffic-map-card"),
        ("insights", "storj-insights-card"),
    ):
        card = next(c for c in cards(report, page, tag) if c["header"].startswith("Node 2"))
        assert any("log source" in message["text"] for message in card["messages"]), card


def test_insights_card(report: dict[str, Any]) -> None:
    """Error types, piece sizes, hot pieces and satellites equal `storj_monitor/get`."""
    page = report["pages"]["insights"]
    card = next(c for c in cards(report, "insights", "storj-insights-card") if c["lines"])
    log = page["live"]["log"]
    assert card["header"] == "Node 1 insights"
    assert card["messages"] == []
    assert card["anomalies"] == ("none" if page["live"]["insights"] == [] else None)
    assert card["distinct"] == str(log["errors"]["distinct_last_hour"])
    errors = [row for row in card["rows"] if (row["row"] or "").startswith("error-")]
    assert len(errors) == min(5, len(log["errors"]["top"])) > 0
    for row, error in zip(errors, log["errors"]["top"], strict=False):
        assert row["cells"] == [error["text"], f"{error['last_hour']:,}", f"{error['total']:,}"]
    assert not any(re.search(r"\d+\.\d+\.\d+\.\d+", row["cells"][0]) for row in errors)
    assert card["histograms"] == {
        "upload": log["piece_sizes"]["upload"],
        "download": log["piece_sizes"]["download"],
    }
    # The simulator downloads a few popular pieces again and again.
    hot = [row for row in card["rows"] if (row["row"] or "").startswith("piece-")]
    assert [row["row"] for row in hot] == [
        f"piece-{piece['piece']}" for piece in log["hot_pieces"]["pieces"][:5]
    ]
    assert hot
    for row, piece in zip(hot, log["hot_pieces"]["pieces"], strict=False):
        low, high = piece["at_least"], piece["downloads"]
        assert row["cells"][1] == (f"{high:,}" if low == high else f"{low:,}\u2013{high:,}")
    satellites = [row for row in card["rows"] if row["satellite"]]
    assert [row["satellite"] for row in satellites] == [sat["id"] for sat in log["satellites"]]
    for row, satellite in zip(satellites, log["satellites"], strict=True):
        assert row["cells"][0] == satellite["name"]
        for cell, action in ((row["cells"][1], "GET"), (row["cells"][2], "PUT")):
            rate = satellite["actions"].get(action, {}).get("success_rate")
            if rate is None:
                assert cell == "—"
                continue
            shown, rounding, unit = parse_number(cell)
            assert unit == "%"
            assert math.isclose(shown, rate, abs_tol=rounding + 1e-9), (cell, rate)


def test_cards_read_the_websocket(report: dict[str, Any]) -> None:
    """The cards subscribed per node and got pushes; every subscription named a node.

    Lovelace may move a card (disconnect, connect) before its first push arrives: that
    subscription ends unanswered, so pushes need not outnumber subscriptions.
    """
    websocket = report["websocket"]
    assert websocket["subscribes"] > 0
    assert websocket["events"] > 0
    node_ids = {device_id(report, name) for name in ("Node 1", "Node 2", "Node 3")}
    assert set(websocket["devices"]) <= node_ids


def test_ready_dashboard_renders_every_card(report: dict[str, Any]) -> None:
    overview = report["pages"]["ready"]
    assert {card["tag"] for card in overview["cards"]} == CARD_TAGS
    assert overview["builtinCards"].count("hui-history-graph-card") == 2
    trends = report["pages"]["ready-trends"]
    assert trends["builtinCards"].count("hui-statistics-graph-card") == 4
    for name in ("ready", "ready-trends"):
        assert report["pages"][name]["errorCards"] == []


def test_ready_dashboard_names_existing_entities(report: dict[str, Any]) -> None:
    """The built-in graphs name Node 1's entities; a renamed sensor would break them."""

    def entities(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            if isinstance(node.get("entity"), str):
                yield node["entity"]
            for value in node.values():
                yield from entities(value)
        elif isinstance(node, list):
            for item in node:
                yield from entities(item)

    named = set(entities(yaml.safe_load(READY_DASHBOARD.read_text())))
    assert len(named) >= 8
    states = report["pages"]["ready"]["states"]
    assert sorted(named - states.keys()) == []


def test_no_console_errors(report: dict[str, Any]) -> None:
    assert report["consoleErrors"] == []


def test_no_error_cards_anywhere(report: dict[str, Any]) -> None:
    for name, page in report["pages"].items():
        assert page["errorCards"] == [], name


def test_cards_follow_the_theme(report: dict[str, Any]) -> None:
    """Dark mode gives the cards a dark background: they use the theme's variables."""

    def luminance(color: str) -> float:
        red, green, blue = (int(part) for part in re.findall(r"\d+", color)[:3])
        return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255

    for page in PAGES:
        light = report["pages"][f"{page['name']}/light/phone"]["cards"]
        dark = report["pages"][f"{page['name']}/dark/phone"]["cards"]
        for light_card, dark_card in zip(light, dark, strict=True):
            assert luminance(light_card["background"]) > 0.8
            assert luminance(dark_card["background"]) < 0.3
            assert luminance(dark_card["color"]) > 0.7


def test_cards_fit_a_phone(report: dict[str, Any]) -> None:
    for page in PAGES:
        for theme in ("light", "dark"):
            seen = report["pages"][f"{page['name']}/{theme}/phone"]
            assert seen["viewportWidth"] == 390
            for card in seen["cards"]:
                assert card["width"] <= seen["viewportWidth"]
                assert card["overflowing"] == [], (page["name"], card["tag"])


def test_visual_editors(report: dict[str, Any]) -> None:
    editors = report["editor"]["editors"]
    assert set(editors) >= CARD_TAGS
    first_node = device_id(report, "Node 1")
    for tag, editor in editors.items():
        assert editor["emitted"]["title"] == "Edited"
        assert editor["emitted"]["type"] == f"custom:{tag}"
        if tag == "storj-fleet-card":
            assert "device" not in editor["selectors"]
            continue
        # The user picks a node (a device), not entities.
        assert editor["selectors"][0] == "device"
        assert editor["stub"] == {"device_id": first_node}
    assert "expandable" in editors["storj-node-card"]["fields"]  # the thresholds


def test_screenshots_saved(report: dict[str, Any]) -> None:
    expected = {
        f"{page['name']}-{theme}-{size}.png"
        for page in PAGES
        for theme in ("light", "dark")
        for size in ("desktop", "phone")
    }
    files = [Path(path) for path in report["screenshots"]]
    assert {file.name for file in files} == expected
    for file in files:
        assert file.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert file.stat().st_size > 10_000
