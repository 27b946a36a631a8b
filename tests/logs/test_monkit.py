"""Transfer durations from the node's monkit metrics (the DEBUG-free latency source)."""

from __future__ import annotations

from aiohttp import ClientSession, web
import pytest

from custom_components.storj_monitor.logs.monkit import fetch_monkit, parse_monkit

SCOPE = "storj_io_storj_storagenode_piecestore"
PROMETHEUS = "\n".join(
    [
        "# TYPE download_success_duration_ns gauge",
        f'download_success_duration_ns{{action="GET",scope="{SCOPE}",field="count"}} 1200',
        f'download_success_duration_ns{{action="GET",scope="{SCOPE}",field="avg"}} 2.5e+08',
        f'download_success_duration_ns{{action="GET",scope="{SCOPE}",field="r50"}} 1.8e+08',
        f'download_success_duration_ns{{action="GET",scope="{SCOPE}",field="r90"}} 6e+08',
        f'download_success_duration_ns{{action="GET_AUDIT",scope="{SCOPE}",field="r50"}} 5e+06',
        f'download_success_size_bytes{{action="GET",scope="{SCOPE}",field="sum"}} 5.2e+11',
        f'upload_success_duration_ns{{scope="{SCOPE}",field="r99"}} 3e+09',
        f'upload_success_duration_ns{{scope="{SCOPE}",field="count"}} 77',
    ]
)

STATS_SCOPE = "scope=storj.io/storj/storagenode/piecestore"
STATS_TEXT = "\n".join(
    [
        f"upload_success_duration_ns,{STATS_SCOPE} count=77.000000",
        f"upload_success_duration_ns,{STATS_SCOPE} r50=120000000.000000",
        f"download_failure_duration_ns,action=GET_REPAIR,{STATS_SCOPE} max=2000000000.000000",
        "garbage line without value",
        f"upload_started_count,{STATS_SCOPE} total=100.000000",
    ]
)


def test_prometheus_format() -> None:
    """/metrics: nanoseconds become seconds, per action tag."""
    timings = parse_monkit(PROMETHEUS)
    get = timings.get("download", "success", "GET")
    assert get is not None
    assert (get.count, get.average, get.p50, get.p90) == (1200, 0.25, 0.18, 0.6)
    assert get.p99 is None
    audit = timings.get("download", "success", "GET_AUDIT")
    assert audit is not None
    assert audit.p50 == pytest.approx(0.005)
    upload = timings.get("upload", "success")
    assert upload is not None
    assert (upload.count, upload.p99) == (77, 3.0)
    assert len(timings.distributions) == 3  # the size metric is not a duration


def test_stats_text_format() -> None:
    """/mon/stats: ``key,tag=value field=value`` lines."""
    timings = parse_monkit(STATS_TEXT)
    upload = timings.get("upload", "success")
    assert upload is not None
    assert (upload.count, upload.p50) == (77, 0.12)
    repair = timings.get("download", "failed", "GET_REPAIR")
    assert repair is not None
    assert repair.maximum == 2.0
    assert parse_monkit("").distributions == {}


async def test_fetch_from_a_real_debug_server() -> None:
    """GET /metrics over loopback with an injected aiohttp session."""

    async def metrics(_request: web.Request) -> web.Response:
        return web.Response(text=PROMETHEUS)

    app = web.Application()
    app.router.add_get("/metrics", metrics)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with ClientSession() as session:
            timings = await fetch_monkit(session, f"http://127.0.0.1:{port}/metrics")
    finally:
        await runner.cleanup()
    assert timings.get("download", "success", "GET") is not None
