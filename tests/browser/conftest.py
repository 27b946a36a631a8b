"""One real Home Assistant + simulator + Chromium run, shared by every test of this folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import pytest_socket

from .harness import missing_prerequisite, run_browser

# The test dashboard: one view per card, named nodes resolved to device ids by the driver.
DASHBOARD = {
    "url_path": "storj-test",
    "title": "Storj test",
    "views": [
        {
            "title": "Node",
            "path": "node",
            "cards": [
                {"type": "custom:storj-node-card"},
                {"type": "custom:storj-node-card", "device_name": "Node 3"},
            ],
        },
        {"title": "Fleet", "path": "fleet", "cards": [{"type": "custom:storj-fleet-card"}]},
        {"title": "Latency", "path": "latency", "cards": [{"type": "custom:storj-latency-card"}]},
        {"title": "Map", "path": "map", "cards": [{"type": "custom:storj-traffic-map-card"}]},
        # Node 1 reads a real DEBUG log placed by a real .mmdb: its maps, histograms and
        # insights come over the websocket and are compared with `storj_monitor/get`. Node 2
        # has no log source: the same cards say so.
        {
            "title": "Insights",
            "path": "insights",
            "cards": [
                {"type": "custom:storj-insights-card"},
                {"type": "custom:storj-insights-card", "device_name": "Node 2"},
            ],
        },
        {
            "title": "No log",
            "path": "no-log",
            "cards": [
                {"type": "custom:storj-latency-card", "device_name": "Node 2"},
                {"type": "custom:storj-traffic-map-card", "device_name": "Node 2"},
            ],
        },
        # Node 2 gets injected profit entities (they need costs configured).
        {
            "title": "Earnings",
            "path": "earnings",
            "cards": [
                {"type": "custom:storj-earnings-card"},
                {"type": "custom:storj-earnings-card", "device_name": "Node 2", "months": 6},
            ],
        },
        {
            "title": "Reputation",
            "path": "reputation",
            "cards": [
                {"type": "custom:storj-reputation-card"},
                {"type": "custom:storj-reputation-card", "device_name": "Node 3"},
            ],
        },
    ],
}
# Each page, how many Storj cards and built-in graph cards it shows; `live`: the node whose
# websocket data the page is read with; `arrivals`: wait for the map's arrival rings.
PAGES = [
    {"name": "node", "path": "/storj-test/node", "cards": 2, "builtin": 0},
    {"name": "fleet", "path": "/storj-test/fleet", "cards": 1, "builtin": 0},
    {"name": "latency", "path": "/storj-test/latency", "cards": 1, "builtin": 0, "live": "Node 1"},
    {
        "name": "map",
        "path": "/storj-test/map",
        "cards": 1,
        "builtin": 0,
        "live": "Node 1",
        "arrivals": True,
    },
    {
        "name": "insights",
        "path": "/storj-test/insights",
        "cards": 2,
        "builtin": 0,
        "live": "Node 1",
    },
    {
        "name": "earnings",
        "path": "/storj-test/earnings",
        "cards": 2,
        "builtin": 0,
        "inject": True,
        "monthly": True,
    },
    {"name": "reputation", "path": "/storj-test/reputation", "cards": 2, "builtin": 0},
    {"name": "no-log", "path": "/storj-test/no-log", "cards": 2, "builtin": 0},
    {"name": "ready", "path": "/storj-monitor/overview", "cards": 5, "builtin": 2},
    {"name": "ready-trends", "path": "/storj-monitor/trends", "cards": 0, "builtin": 4},
    {"name": "ready-earnings", "path": "/storj-monitor/earnings", "cards": 2, "builtin": 0},
]


def _sensor(key: str, state: str, **attributes: Any) -> dict[str, Any]:
    return {"entity_id": f"sensor.node_2_{key}", "state": state, "attributes": attributes}


# Entities that need options the harness does not set (costs): injected into the earnings
# cards' `hass` on the pages with `inject`.
INJECTED = {
    "deviceName": "Node 2",
    "states": {
        "electricity_cost_month": _sensor(
            "electricity_cost_this_month", "1.87", unit_of_measurement="USD"
        ),
        "net_profit_month": _sensor("net_profit_this_month", "-0.42", unit_of_measurement="USD"),
    },
}

# Score means three days ago, imported into the recorder: the trend arrows' baselines.
STATISTICS = [
    {"statistic_id": "sensor.node_3_us1_suspension_score", "mean": 100.0},  # now 55 %: down
    {"statistic_id": "sensor.node_1_eu1_online_score", "mean": 97.0},  # now higher: up
    {"statistic_id": "sensor.node_1_us1_audit_score", "mean": 100.0},  # still 100 %: flat
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Everything the browser saw; the run is skipped where no browser can be installed."""
    if reason := missing_prerequisite():
        pytest.skip(f"browser tests skipped: {reason}")
    # Picking free loopback ports needs real sockets; every connection stays on 127.0.0.1
    # (the child processes are outside pytest-socket anyway).
    pytest_socket.enable_socket()
    workdir: Path = tmp_path_factory.mktemp("browser")
    return run_browser(
        workdir,
        {"dashboard": DASHBOARD, "pages": PAGES, "injected": INJECTED, "statistics": STATISTICS},
    )
