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
        # Node 1 reads a real log; Node 2 has no log source and gets injected entities, so
        # every data view of these cards is checked with known numbers too.
        {
            "title": "Latency (injected)",
            "path": "latency-injected",
            "cards": [{"type": "custom:storj-latency-card", "device_name": "Node 2"}],
        },
        {
            "title": "Map (injected)",
            "path": "map-injected",
            "cards": [{"type": "custom:storj-traffic-map-card", "device_name": "Node 2"}],
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
# Each page, how many Storj cards and built-in graph cards it shows.
PAGES = [
    {"name": "node", "path": "/storj-test/node", "cards": 2, "builtin": 0},
    {"name": "fleet", "path": "/storj-test/fleet", "cards": 1, "builtin": 0},
    {"name": "latency", "path": "/storj-test/latency", "cards": 1, "builtin": 0},
    {"name": "map", "path": "/storj-test/map", "cards": 1, "builtin": 0},
    {
        "name": "latency-data",
        "path": "/storj-test/latency-injected",
        "cards": 1,
        "builtin": 0,
        "inject": True,
    },
    {
        "name": "map-data",
        "path": "/storj-test/map-injected",
        "cards": 1,
        "builtin": 0,
        "inject": True,
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
    {"name": "ready", "path": "/storj-monitor/overview", "cards": 4, "builtin": 2},
    {"name": "ready-trends", "path": "/storj-monitor/trends", "cards": 0, "builtin": 4},
    {"name": "ready-earnings", "path": "/storj-monitor/earnings", "cards": 2, "builtin": 0},
]


def _sensor(key: str, state: str, **attributes: Any) -> dict[str, Any]:
    return {"entity_id": f"sensor.node_2_{key}", "state": state, "attributes": attributes}


HISTOGRAM = [
    {"le": 0.1, "count": 40},
    {"le": 0.25, "count": 120},
    {"le": 0.5, "count": 300},
    {"le": 1, "count": 180},
    {"le": 2.5, "count": 60},
    {"le": 5, "count": 9},
]
COUNTRIES = {
    "DE": 420,
    "US": 310,
    "FR": 120,
    "NL": 90,
    "JP": 40,
    "BR": 12,
    "AU": 7,
    "ZA": 3,
    "IN": 2,
}
POINTS = [
    [50.1, 8.7, 300],
    [40.7, -74.0, 200],
    [48.9, 2.35, 100],
    [35.7, 139.7, 40],
    [-23.5, -46.6, 12],
]
# Entities of the log pipeline, which the integration does not create yet: injected into
# the cards' `hass` on the "-data" pages so their data views are exercised in the browser.
INJECTED = {
    "deviceName": "Node 2",
    "states": {
        "download_latency_p50": _sensor(
            "download_latency_p50", "0.42", unit_of_measurement="s", histogram=HISTOGRAM
        ),
        "download_latency_p95": _sensor("download_latency_p95", "1.9", unit_of_measurement="s"),
        "download_latency_p99": _sensor("download_latency_p99", "3.75", unit_of_measurement="s"),
        "upload_latency_p50": _sensor(
            "upload_latency_p50", "0.61", unit_of_measurement="s", histogram=HISTOGRAM[1:]
        ),
        "upload_latency_p95": _sensor("upload_latency_p95", "2.2", unit_of_measurement="s"),
        "upload_latency_p99": _sensor("upload_latency_p99", "4.8", unit_of_measurement="s"),
        "success_rate_download": _sensor("success_rate_download", "99.2", unit_of_measurement="%"),
        "success_rate_upload": _sensor("success_rate_upload", "97.5", unit_of_measurement="%"),
        "success_rate_audit": _sensor("success_rate_audit", "100", unit_of_measurement="%"),
        "success_rate_repair_download": _sensor(
            "success_rate_repair_download", "98.1", unit_of_measurement="%"
        ),
        "success_rate_repair_upload": _sensor(
            "success_rate_repair_upload", "96.4", unit_of_measurement="%"
        ),
        "traffic_map": _sensor(
            "traffic_map", "1004", countries=COUNTRIES, points=POINTS, geoip=True
        ),
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
