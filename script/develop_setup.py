"""Prepare, onboard and populate the development Home Assistant of `script/develop`."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
import json
from pathlib import Path
import shutil
import sys
import time
from typing import Any

import aiohttp
from homeassistant.components.http.config import (
    HTTP_STORAGE_SCHEMA,
    STORAGE_KEY,
    STORAGE_MINOR_VERSION,
    STORAGE_VERSION,
)

USERNAME = "dev"
PASSWORD = "storj-dev"  # noqa: S105 - documented login of the local development instance
CLIENT_ID = "http://127.0.0.1:8123/"
READY_DASHBOARD = Path(__file__).resolve().parents[1] / "dashboards" / "storj.yaml"

CONFIGURATION_YAML = """\
# Development instance of storj_monitor (written by script/develop).
homeassistant:
  name: Storj Monitor (development)
  time_zone: UTC
  unit_system: metric
  currency: USD
  country: US
  latitude: 52.37
  longitude: 4.89
frontend:
config:
history:
recorder:
  purge_keep_days: 30
system_health:
automation: []
lovelace:
  dashboards:
    storj-monitor:
      mode: yaml
      title: Storj
      icon: mdi:server-network
      show_in_sidebar: true
      filename: dashboards/storj.yaml
logger:
  default: warning
  logs:
    custom_components.storj_monitor: {log_level}
    storj_simulator: info
"""


def prepare(
    config: Path, port: int, allowed_dirs: Sequence[Path] = (), *, log_level: str = "debug"
) -> None:
    """Write configuration.yaml and the 2026.x HTTP settings (loopback only).

    `allowed_dirs` go into `allowlist_external_dirs`: the integration reads a log or a GeoIP
    file only from there (or from the config's www and media folders). `log_level` is the
    integration's: a benchmark measures it at the default level.
    """
    config.mkdir(parents=True, exist_ok=True)
    allowlist = "".join(f"    - {json.dumps(str(path.resolve()))}\n" for path in allowed_dirs)
    homeassistant = "  allowlist_external_dirs:\n" + allowlist if allowlist else ""
    text = CONFIGURATION_YAML.format(log_level=log_level)
    (config / "configuration.yaml").write_text(
        text.replace("frontend:\n", homeassistant + "frontend:\n", 1)
    )
    storage = config / ".storage"
    storage.mkdir(exist_ok=True)
    # An `http:` YAML section would become a pending setting that reverts after 5 minutes
    # to all interfaces: store it as the confirmed (stable) setting instead.
    stable = HTTP_STORAGE_SCHEMA({"server_host": ["127.0.0.1"], "server_port": port})
    stable |= {"created_at": "2026-01-01T00:00:00+00:00", "error": None, "error_message": None}
    onboarding = storage / "onboarding"
    if not onboarding.exists():
        # Onboarding's core_config step would set up met.no, radio_browser and google_translate,
        # which reach for the internet: mark all steps but the user done beforehand.
        onboarding.write_text(
            json.dumps(
                {
                    "version": 4,
                    "minor_version": 1,
                    "key": "onboarding",
                    "data": {"done": ["core_config", "analytics", "integration"]},
                }
            )
        )
    (config / "dashboards").mkdir(exist_ok=True)
    shutil.copyfile(READY_DASHBOARD, config / "dashboards" / "storj.yaml")
    (storage / STORAGE_KEY).write_text(
        json.dumps(
            {
                "version": STORAGE_VERSION,
                "minor_version": STORAGE_MINOR_VERSION,
                "key": STORAGE_KEY,
                "data": {"stable": stable, "pending": None, "yaml_migration_done": True},
            },
            indent=2,
        )
    )


async def wait_for(session: aiohttp.ClientSession, url: str, deadline: float) -> None:
    """Wait until Home Assistant answers HTTP."""
    while True:
        try:
            async with session.get(f"{url}/manifest.json") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"Home Assistant did not come up at {url}; see .dev/home-assistant.log")
        await asyncio.sleep(1)


async def token(session: aiohttp.ClientSession, url: str) -> str:
    """Onboard on first start (creating the user), else log in; return an access token."""
    async with session.get(f"{url}/api/onboarding") as response:
        # Once onboarding is complete, Home Assistant no longer serves its API.
        if response.status == 404:
            steps = dict.fromkeys(("user", "core_config", "analytics", "integration"), True)
        else:
            steps = {step["step"]: step["done"] for step in await response.json()}
    if not steps.get("user"):
        async with session.post(
            f"{url}/api/onboarding/users",
            json={
                "client_id": CLIENT_ID,
                "name": "Developer",
                "username": USERNAME,
                "password": PASSWORD,
                "language": "en",
            },
        ) as response:
            response.raise_for_status()
            code = (await response.json())["auth_code"]
    else:
        async with session.post(
            f"{url}/auth/login_flow",
            json={
                "client_id": CLIENT_ID,
                "handler": ["homeassistant", None],
                "redirect_uri": CLIENT_ID,
            },
        ) as response:
            flow_id = (await response.json())["flow_id"]
        async with session.post(
            f"{url}/auth/login_flow/{flow_id}",
            json={"client_id": CLIENT_ID, "username": USERNAME, "password": PASSWORD},
        ) as response:
            code = (await response.json())["result"]
    async with session.post(
        f"{url}/auth/token",
        data={"grant_type": "authorization_code", "code": code, "client_id": CLIENT_ID},
    ) as response:
        response.raise_for_status()
        access: str = (await response.json())["access_token"]
    headers = {"Authorization": f"Bearer {access}"}
    for step, body in (
        ("core_config", {}),
        ("analytics", {}),
        ("integration", {"client_id": CLIENT_ID, "redirect_uri": CLIENT_ID}),
    ):
        if not steps.get(step):
            async with session.post(
                f"{url}/api/onboarding/{step}", json=body, headers=headers
            ) as response:
                response.raise_for_status()
    return access


async def add_node(
    session: aiohttp.ClientSession, url: str, headers: dict[str, str], index: int, port: int
) -> dict[str, Any]:
    """Add one simulated node through the real config flow; return the flow's result."""
    async with session.post(
        f"{url}/api/config/config_entries/flow",
        json={"handler": "storj_monitor", "show_advanced_options": False},
        headers=headers,
    ) as response:
        response.raise_for_status()
        flow: dict[str, Any] = await response.json()
    async with session.post(
        f"{url}/api/config/config_entries/flow/{flow['flow_id']}",
        json={"host": "127.0.0.1", "port": port, "name": f"Node {index}"},
        headers=headers,
    ) as response:
        result: dict[str, Any] = await response.json()
    return result


async def add_nodes(
    session: aiohttp.ClientSession, url: str, headers: dict[str, str], nodes: int, port: int
) -> list[dict[str, Any]]:
    """Add nodes 1..`nodes` (on `port` and the ports after it) one by one; print each outcome."""
    results = []
    for index in range(1, nodes + 1):
        result = await add_node(session, url, headers, index, port + index - 1)
        outcome = result.get("reason") or result.get("type")
        print(f"    Node {index} (127.0.0.1:{port + index - 1}): {outcome}", flush=True)
        results.append(result)
    return results


async def set_options(
    session: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    entry_id: str,
    *,
    step: str,
    options: dict[str, Any],
) -> str:
    """Submit one form of a node's options flow menu; return the flow's result type."""
    base = f"{url}/api/config/config_entries/options/flow"
    async with session.post(base, json={"handler": entry_id}, headers=headers) as response:
        flow_id = (await response.json())["flow_id"]
    for body in ({"next_step_id": step}, options):
        async with session.post(f"{base}/{flow_id}", json=body, headers=headers) as response:
            result: dict[str, Any] = await response.json()
    return str(result.get("type"))


async def use_log_file(
    session: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    entry_id: str,
    log: str,
    *,
    geoip: str = "",
) -> str:
    """Point a node's log source at the simulator's log file through the options flow."""
    options = {"log_source": "file", "log_path": log} | ({"geoip_database": geoip} if geoip else {})
    return await set_options(session, url, headers, entry_id, step="log_source", options=options)


async def wait_for_state(
    session: aiohttp.ClientSession, url: str, headers: dict[str, str], entity_id: str
) -> None:
    """Wait (bounded) until an entity has a numeric state, e.g. the first log snapshot."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        async with session.get(f"{url}/api/states/{entity_id}", headers=headers) as response:
            if response.status == 200:
                state = (await response.json())["state"]
                try:
                    float(state)
                except ValueError:
                    pass
                else:
                    return
        await asyncio.sleep(1)
    sys.exit(f"{entity_id} got no value within 90 s")


async def onboard(
    url: str,
    nodes: int,
    node_port: int,
    log_file: str,
    *,
    geoip: str = "",
    wait_for_entity: str = "",
) -> None:
    """Wait for Home Assistant, onboard it, add the simulator's nodes, print the login."""
    deadline = time.monotonic() + 180
    async with aiohttp.ClientSession() as session:
        await wait_for(session, url, deadline)
        headers = {"Authorization": f"Bearer {await token(session, url)}"}
        added = await add_nodes(session, url, headers, nodes, node_port)
        if added and log_file and added[0].get("type") == "create_entry":
            entry_id = added[0]["result"]["entry_id"]
            done = await use_log_file(session, url, headers, entry_id, log_file, geoip=geoip)
            print(f"    Node 1 log source {log_file}: {done}")
        if wait_for_entity:
            await wait_for_state(session, url, headers, wait_for_entity)
    print(
        f"\nHome Assistant is ready: {url}\n"
        f"    login: {USERNAME} / {PASSWORD}\n"
        f"    simulator node log: {log_file}\n"
    )


def main() -> None:
    """Command line: `prepare` before Home Assistant starts, `onboard` after."""
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    prep = commands.add_parser("prepare")
    prep.add_argument("--config", type=Path, required=True)
    prep.add_argument("--port", type=int, default=8123)
    prep.add_argument(
        "--allow-dir", type=Path, action="append", default=[], help="a folder HA may read files in"
    )
    onb = commands.add_parser("onboard")
    onb.add_argument("--url", required=True)
    onb.add_argument("--nodes", type=int, default=3)
    onb.add_argument("--node-port", type=int, default=14002)
    onb.add_argument("--log-file", default="", help="node 1 reads this log")
    onb.add_argument("--geoip-database", default="", help="with --log-file: its traffic map")
    onb.add_argument("--wait-for", default="", help="an entity to wait for a numeric state of")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.config, args.port, args.allow_dir)
    else:
        asyncio.run(
            onboard(
                args.url,
                args.nodes,
                args.node_port,
                args.log_file,
                geoip=args.geoip_database,
                wait_for_entity=args.wait_for,
            )
        )


if __name__ == "__main__":
    main()
