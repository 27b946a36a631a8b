"""Run a real Home Assistant with the integration and the simulator, then the browser driver.

Everything listens on 127.0.0.1 only, in a temporary config dir, and is stopped at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
import importlib.util
import json
from pathlib import Path
import shutil
import socket
import subprocess
import sys
import time
from types import ModuleType
from typing import Any

from tests.geoip_db import build_city_db

REPO_ROOT = Path(__file__).resolve().parents[2]
READY_DASHBOARD = REPO_ROOT / "dashboards" / "storj.yaml"
FRONTEND = REPO_ROOT / "frontend"
DRIVER = FRONTEND / "scripts" / "browser-run.mjs"
ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
STOP_TIMEOUT = 20
DRIVER_TIMEOUT = 360

# Nodes 1 and 2 are healthy; node 3 (its own simulator, another seed) is suspended on one
# satellite, so the cards show critical colours and flags next to healthy ones.
HEALTHY_NODES = 2
TROUBLED_SCENARIO = "suspended"


def load_develop_setup() -> ModuleType:
    """`script/develop_setup.py` (not a package): prepare and onboard like `script/develop`."""
    spec = importlib.util.spec_from_file_location(
        "develop_setup", REPO_ROOT / "script" / "develop_setup.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def missing_prerequisite() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"no browser at {CHROMIUM}: apt-get install -y chromium"
    if shutil.which("node") is None:
        return "no Node.js on PATH"
    if not (FRONTEND / "node_modules" / "playwright-core").is_dir():
        return "frontend dependencies missing: run script/build-cards"
    return None


def free_ports(count: int) -> list[int]:
    """Ports free on 127.0.0.1 right now (consecutive ones are not needed by the caller)."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def consecutive_free_ports(count: int) -> int:
    """The first of ``count`` consecutive ports free on 127.0.0.1."""
    for _ in range(50):
        (first,) = free_ports(1)
        try:
            probes = []
            for port in range(first, first + count):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                probes.append(sock)
                sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for sock in probes:
                sock.close()
        return first
    raise RuntimeError("no consecutive free ports on 127.0.0.1")


@contextmanager
def running(args: list[str], log: Path, cwd: Path = REPO_ROOT) -> Iterator[subprocess.Popen[bytes]]:
    """A child process, its output in ``log``; terminated (then killed) on exit."""
    with log.open("wb") as output:
        process = subprocess.Popen(args, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT)


def prepare_config(setup: ModuleType, config: Path, port: int) -> None:
    """A fresh config dir: develop_setup's configuration (with the ready dashboard) + the code.

    Node 1's log and GeoIP file lie beside the config dir: that folder is on the allow-list.
    """
    setup.prepare(config, port, [config.parent])
    (config / "custom_components").mkdir()
    (config / "custom_components" / "storj_monitor").symlink_to(
        REPO_ROOT / "custom_components" / "storj_monitor"
    )


# Every IPv4 address in one of eight countries, so the simulator's random peers all land.
MAP_NETWORKS = {
    "0.0.0.0/3": ("US", 39.0, -77.5),
    "32.0.0.0/3": ("DE", 50.1, 8.7),
    "64.0.0.0/3": ("FR", 48.9, 2.4),
    "96.0.0.0/3": ("JP", 35.7, 139.7),
    "128.0.0.0/3": ("BR", -23.5, -46.6),
    "160.0.0.0/3": ("AU", -33.9, 151.2),
    "192.0.0.0/3": ("NL", 52.4, 4.9),
    "224.0.0.0/3": ("ZA", -26.2, 28.0),
}


def run_browser(workdir: Path, plan: dict[str, Any]) -> dict[str, Any]:
    """Start the simulator and Home Assistant, onboard, run the browser driver; its report."""
    python = sys.executable
    config = workdir / "config"
    ha_port, admin_port, troubled_admin_port = free_ports(3)
    node_port = consecutive_free_ports(HEALTHY_NODES + 1)
    url = f"http://127.0.0.1:{ha_port}"
    setup = load_develop_setup()
    prepare_config(setup, config, ha_port)
    simulator = [python, "-m", "storj_simulator", "--host", "127.0.0.1"]
    # Node 1 reads a DEBUG log (real latency pairs) and places transfers with a real .mmdb.
    node_log = workdir / "node{node}.log"
    healthy = [
        *simulator,
        *("--port", str(node_port), "--nodes", str(HEALTHY_NODES)),
        *("--log-file", str(node_log), "--log-rate", "40", "--log-level", "debug"),
    ]
    geoip = build_city_db(workdir / "city.mmdb", MAP_NETWORKS)
    troubled = [
        *simulator,
        *("--port", str(node_port + HEALTHY_NODES), "--nodes", "1", "--seed", "7"),
        *("--scenario", TROUBLED_SCENARIO),
    ]
    onboard = [
        *(python, str(REPO_ROOT / "script" / "develop_setup.py"), "onboard", "--url", url),
        *("--nodes", str(HEALTHY_NODES + 1), "--node-port", str(node_port)),
        *("--log-file", str(workdir / "node0.log"), "--geoip-database", str(geoip)),
        *("--wait-for", "sensor.node_1_download_duration_p50"),
    ]
    hass = REPO_ROOT / ".venv" / "bin" / "hass"
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # no stale screenshots from an earlier run
    ARTIFACTS.mkdir(parents=True)
    started = time.monotonic()
    with ExitStack() as stack:
        # Keep Home Assistant's log beside the screenshots, whatever happens.
        stack.callback(shutil.copy, workdir / "home-assistant.log", ARTIFACTS)
        stack.enter_context(
            running([*healthy, "--admin-port", str(admin_port)], workdir / "simulator.log")
        )
        stack.enter_context(
            running(
                [*troubled, "--admin-port", str(troubled_admin_port)],
                workdir / "simulator-troubled.log",
            )
        )
        stack.enter_context(running([str(hass), "-c", str(config)], workdir / "home-assistant.log"))
        onboarding = subprocess.run(
            onboard, timeout=180, capture_output=True, text=True, check=False
        )
        if onboarding.returncode != 0:
            raise AssertionError(f"onboarding failed:\n{onboarding.stdout}\n{onboarding.stderr}")
        onboarded = time.monotonic()
        plan_file = workdir / "plan.json"
        report_file = workdir / "report.json"
        plan_file.write_text(
            json.dumps(
                plan
                | {
                    "url": url,
                    "username": setup.USERNAME,
                    "password": setup.PASSWORD,
                    "chromium": str(CHROMIUM),
                    "artifacts": str(ARTIFACTS),
                    "nodes": HEALTHY_NODES + 1,
                }
            )
        )
        driver = subprocess.run(
            ["node", str(DRIVER), str(plan_file), str(report_file)],
            cwd=FRONTEND,
            timeout=DRIVER_TIMEOUT,
            capture_output=True,
            text=True,
            check=False,
        )
        finished = time.monotonic()
    if driver.returncode != 0:
        raise AssertionError(
            f"browser driver failed:\n{driver.stdout}\n{driver.stderr}\n"
            f"(Home Assistant's log: {ARTIFACTS / 'home-assistant.log'})"
        )
    report: dict[str, Any] = json.loads(report_file.read_text())
    report["timings"] = {
        "home_assistant_ready_s": round(onboarded - started, 1),
        "browser_s": round(finished - onboarded, 1),
    }
    (ARTIFACTS / "report.json").write_text(json.dumps(report, indent=1))
    return report
