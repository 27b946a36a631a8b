"""The earnings and reputation cards, and the fleet table's status, in the real browser run.

The earnings card's bars and labels are compared with `recorder/statistics_during_period`
as the driver read it itself; the reputation card's scores and forecasts with the entity
states; the fleet table with node 3, which the simulator's "suspended" scenario has
suspended on us1 (suspension score 55 %).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import math
from typing import Any

import pytest

from .conftest import INJECTED
from .test_cards import (
    assert_shows_state,
    cards,
    device_id,
    expected_level,
    numeric_values,
    parse_number,
    registry_keys,
)

pytestmark = pytest.mark.browser

NEW_TAGS = {"storj-earnings-card", "storj-reputation-card"}
FIELDS = {
    "earned": "earned",
    "storage": "earned_storage",
    "egress": "earned_egress",
    "repairAudit": "earned_repair_audit",
    "held": "held",
    "paid": "paid",
}
# satellite/reputation/config.go:30,32,60 @5dbec64f5a22d789f5bc858acc440844950eecc4.
LIMITS = {"audit": 96.0, "suspension": 60.0, "online": 60.0}
CENT = 0.005


def node_id_of(report: dict[str, Any], name: str) -> str:
    device = next(device for device in report["api"]["devices"] if device["name"] == name)
    return next(value for domain, value in device["identifiers"] if domain == "storj_monitor")


def period(start_ms: float) -> str:
    """The month of a row: rows start at local midnight of the 1st."""
    return f"{datetime.fromtimestamp(start_ms / 1000, UTC) + timedelta(days=15):%Y-%m}"


def monthly(report: dict[str, Any], name: str) -> dict[str, dict[str, float]]:
    """field -> period -> change, from the statistics the driver read itself."""
    statistics = report["pages"]["earnings"]["statistics"]
    slug = node_id_of(report, name)[:10].lower()
    return {
        field: {
            period(row["start"]): row["change"]
            for row in statistics.get(f"storj_monitor:{slug}_payout_{key}", [])
        }
        for field, key in FIELDS.items()
    }


def money(text: str) -> float:
    return parse_number(text)[0]


@pytest.mark.parametrize(("index", "name", "months"), [(0, "Node 1", 12), (1, "Node 2", 6)])
def test_earnings_card_bars_equal_the_statistics(
    report: dict[str, Any], index: int, name: str, months: int
) -> None:
    card = cards(report, "earnings", "storj-earnings-card")[index]
    assert card["header"] == f"{name} earnings"
    assert card["messages"] == []
    expected = monthly(report, name)
    shown_periods = sorted(expected["earned"])[-months:]
    # Node 1 has 14 paid months (12 shown), Node 2 joined later and has 4.
    assert len(shown_periods) == min(months, len(expected["earned"])) >= 4
    bars = [bar for bar in card["bars"] if bar["bar"] not in {"estimate", "pending"}]
    assert [bar["bar"] for bar in bars] == shown_periods
    # Months whose paystubs are not out yet (before the 15th) come after, empty.
    pending = [bar["month"] for bar in card["bars"] if bar["bar"] == "pending"]
    assert all(month > shown_periods[-1] for month in pending)
    assert card["bars"][-1]["bar"] == "estimate"
    for bar in bars:
        month = bar["bar"]
        for field in FIELDS:  # data-repair-audit is `repairAudit` in the dataset
            assert float(bar[field]) == expected[field][month], (month, field)
        parts = sum(float(bar[part]) for part in ("storage", "egress", "repairAudit"))
        assert math.isclose(parts, float(bar["earned"]), abs_tol=2e-6)
    # The table: newest month first, earned / held back / paid to the cent.
    assert [row["cells"][0] for row in card["rows"]] == [
        f"{datetime.strptime(month, '%Y-%m'):%B %Y}" for month in reversed(shown_periods)
    ]
    for row, month in zip(card["rows"], reversed(shown_periods), strict=True):
        for cell, field in zip(row["cells"][1:], ("earned", "held", "paid"), strict=True):
            assert math.isclose(money(cell), expected[field][month], abs_tol=CENT), (month, field)
    for field in FIELDS:
        total = sum(expected[field][month] for month in shown_periods)
        assert math.isclose(money(card["totals"][field]), total, abs_tol=CENT), field


def test_earnings_card_this_month(report: dict[str, Any]) -> None:
    """The estimate bar and figures are the node's sensors; profit only where it exists."""
    page = report["pages"]["earnings"]
    first, second = cards(report, "earnings", "storj-earnings-card")
    for card, name in ((first, "Node 1"), (second, "Node 2")):
        keys = registry_keys(report, device_id(report, name))
        estimate = page["states"][keys["earnings_month"]]
        (bar,) = [bar for bar in card["bars"] if bar["bar"] == "estimate"]
        assert float(bar["estimate"]) == float(estimate["state"])
        shown = {value["entity"] for value in card["values"]}
        assert {keys["earnings_month"], keys["payout_month_projected"]} <= shown
        compared = 0
        for text, state in numeric_values(card, page["states"]):
            assert_shows_state(text, state)
            compared += 1
        assert compared >= 2
    # Node 1 has no costs configured: no profit figures. Node 2's are injected.
    assert "Net profit" not in first["text"]
    injected = {
        key: INJECTED["states"][key] for key in ("net_profit_month", "electricity_cost_month")
    }
    values = {value["entity"]: value["text"] for value in second["values"]}
    assert "0.42" in values[injected["net_profit_month"]["entity_id"]]
    assert "1.87" in values[injected["electricity_cost_month"]["entity_id"]]
    assert "Net profit this month" in second["text"]


@pytest.mark.parametrize(("index", "name"), [(0, "Node 1"), (1, "Node 3")])
def test_reputation_card_scores_and_forecasts_equal_the_states(
    report: dict[str, Any], index: int, name: str
) -> None:
    page = report["pages"]["reputation"]
    states = page["states"]
    card = cards(report, "reputation", "storj-reputation-card")[index]
    assert card["header"] == f"{name} reputation"
    values = {value["entity"]: value for value in card["values"]}
    satellites = [
        device
        for device in report["api"]["devices"]
        if device["via_device_id"] == device_id(report, name)
    ]
    assert satellites
    for satellite in satellites:
        keys = registry_keys(report, satellite["id"])
        for kind, limit in LIMITS.items():
            entity = keys[f"{kind}_score"]
            score = float(states[entity]["state"])
            assert_shows_state(values[entity]["text"], states[entity])
            level = "critical" if score <= limit else expected_level(kind, score)
            assert values[entity]["level"] == level, entity
        failures = states[keys["audit_failures_until_disqualification"]]["state"]
        assert values[keys["audit_failures_until_disqualification"]]["text"] == (
            f"{int(failures):,} {'failure' if failures == '1' else 'failures'} to DQ"
        )
        unknown = states[keys["unknown_failures_until_suspension"]]["state"]
        assert values[keys["unknown_failures_until_suspension"]]["text"] == (
            f"{int(unknown):,} unknown {'error' if unknown == '1' else 'errors'} to suspension"
        )
        offline = keys["online_score_if_offline_24h"]
        assert values[offline]["text"].endswith("if offline 24 h")
        assert_shows_state(values[offline]["text"], states[offline])
    if name == "Node 3":
        assert card["flags"] == ["suspended"]
        assert values["sensor.node_3_us1_suspension_score"]["level"] == "critical"
        # 55 % suspension score: already past the limit, no unknown errors left.
        us1 = next(sat for sat in satellites if sat["name"] == "Node 3 us1")
        unknown_us1 = registry_keys(report, us1["id"])["unknown_failures_until_suspension"]
        assert values[unknown_us1]["text"].startswith("0 ")
    else:
        assert card["flags"] == []


def test_fleet_status_shows_a_suspension_before_online(report: dict[str, Any]) -> None:
    """Node 3 answers (reachable) but us1 suspended it: "Suspended (us1)", not "Online"."""
    page = report["pages"]["fleet"]
    (card,) = cards(report, "fleet", "storj-fleet-card")
    rows = {row["node"]: row for row in card["rows"]}
    troubled = registry_keys(report, device_id(report, "Node 3"))
    assert page["states"][troubled["reachable"]]["state"] == "on"
    problem = page["states"][troubled["satellite_problem"]]
    assert problem["state"] == "on"
    assert problem["attributes"]["suspended"] == ["us1"]
    assert rows[device_id(report, "Node 3")]["cells"][1] == "Suspended (us1)"
    status = next(v for v in card["values"] if v["entity"] == troubled["satellite_problem"])
    assert status["level"] == "critical"
    assert rows[device_id(report, "Node 1")]["cells"][1] == "Online"
    # On a phone the status is a coloured dot: the words are hidden, not wrapped.
    phone = report["pages"]["fleet/light/phone"]["cards"][0]
    assert phone["overflowing"] == []


def test_new_cards_in_the_ready_dashboard_and_editors(report: dict[str, Any]) -> None:
    ready = report["pages"]["ready-earnings"]
    assert {card["tag"] for card in ready["cards"]} == NEW_TAGS
    assert all(card["messages"] == [] for card in ready["cards"])
    assert set(report["editor"]["customCards"]) >= NEW_TAGS
    editors = report["editor"]["editors"]
    first_node = device_id(report, "Node 1")
    for tag in NEW_TAGS:
        assert editors[tag]["stub"] == {"device_id": first_node}
        assert editors[tag]["selectors"][0] == "device"
        assert editors[tag]["emitted"]["title"] == "Edited"
    assert "months" in editors["storj-earnings-card"]["fields"]
    assert "expandable" in editors["storj-reputation-card"]["fields"]
