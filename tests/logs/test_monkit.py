"""Transfer durations from the node's monkit metrics (the DEBUG-free latency source).

The bodies are written as the Go code renders them:

- the fields of ``IntDist.Stats``: ``count``, then (only if count > 0) ``sum``, ``min``, ``max``,
  ``rmin``, ``ravg``, ``r10``, ``r50``, ``r90``, ``r99``, ``rmax``, ``recent``; no ``avg``
  (spacemonkeygo/monkit intdist.go:168-184 @ a1546ad169), in nanoseconds (storj/storj
  storagenode/piecestore/endpoint.go:327,365 and :662,712 @ 5dbec64f5a);
- ``/metrics``: ``# TYPE <m> gauge`` and ``<m>{<tag>=%q,...,field=%q} %g``, tag and value
  sanitized to ``[A-Za-z0-9_]``, tags in Go map order (storj/common debug/prometheus.go:88-110,
  debug/server.go:261 @ 9f076a4a8d); the monkit scope is a tag (monkit scope.go:331);
- ``/mon/stats``: ``<m>,<sorted tags> <field>=%f`` (monkit present/stats.go:34, stats.go:56,
  tags.go writeTags).
"""

from __future__ import annotations

from aiohttp import ClientSession, web
import pytest

from custom_components.storj_monitor.logs.monkit import fetch_monkit, parse_monkit

SCOPE = "storj_io_storj_storagenode_piecestore"
STATS_SCOPE = "scope=storj.io/storj/storagenode/piecestore"

# 1200 GETs summing to 300 s. Go's shortest %g writes an exponent from 1e6 on (strconv's
# ftoa uses precision 6 for that choice): 812345 stays positional, 3e+11 does not.
GET_FIELDS = (
    ("count", "1200"),
    ("sum", "3e+11"),
    ("min", "812345"),
    ("max", "4.2e+09"),
    ("rmin", "901234"),
    ("ravg", "2.6e+08"),
    ("r10", "4.5e+07"),
    ("r50", "1.8e+08"),
    ("r90", "6e+08"),
    ("r99", "1.9e+09"),
    ("rmax", "3.5e+09"),
    ("recent", "1.234567e+08"),
)
PROMETHEUS = "\n".join(
    [
        "# TYPE download_success_duration_ns gauge",
        *(
            # Go ranges over the tag map, so action and scope come in either order.
            f'download_success_duration_ns{{action="GET",scope="{SCOPE}",field="{field}"}} {value}'
            if index % 2
            else f'download_success_duration_ns{{scope="{SCOPE}",action="GET",field="{field}"}} '
            f"{value}"
            for index, (field, value) in enumerate(GET_FIELDS)
        ),
        f'download_success_duration_ns{{action="GET_AUDIT",scope="{SCOPE}",field="count"}} 4',
        f'download_success_duration_ns{{action="GET_AUDIT",scope="{SCOPE}",field="sum"}} 2e+07',
        f'download_success_duration_ns{{action="GET_AUDIT",scope="{SCOPE}",field="r50"}} 5e+06',
        # Nothing observed yet: IntDist.Stats reports the count alone.
        f'download_failure_duration_ns{{action="GET_REPAIR",scope="{SCOPE}",field="count"}} 0',
        "# TYPE download_success_size_bytes gauge",
        f'download_success_size_bytes{{action="GET",scope="{SCOPE}",field="sum"}} 5.2e+11',
        "# TYPE upload_success_duration_ns gauge",
        f'upload_success_duration_ns{{scope="{SCOPE}",field="count"}} 77',
        f'upload_success_duration_ns{{scope="{SCOPE}",field="sum"}} 3.85e+10',
        f'upload_success_duration_ns{{scope="{SCOPE}",field="r99"}} 3e+09',
    ]
)

STATS_TEXT = "\n".join(
    [
        f"upload_success_duration_ns,{STATS_SCOPE} count=77.000000",
        f"upload_success_duration_ns,{STATS_SCOPE} sum=38500000000.000000",
        f"upload_success_duration_ns,{STATS_SCOPE} r50=120000000.000000",
        f"download_failure_duration_ns,action=GET_REPAIR,{STATS_SCOPE} count=2.000000",
        f"download_failure_duration_ns,action=GET_REPAIR,{STATS_SCOPE} max=2000000000.000000",
        # A tag value with a space and a comma, escaped as monkit's writeTag does.
        r"download_cancel_duration_ns,action=GET,note=a\ b\,c,"
        f"{STATS_SCOPE} r90=1500000000.000000",
        "garbage line without value",
        f"upload_started_count,{STATS_SCOPE} total=100.000000",
    ]
)


def test_prometheus_fields_as_monkit_reports_them() -> None:
    """/metrics: ns become seconds; the mean is sum/count since monkit sends no ``avg``."""
    timings = parse_monkit(PROMETHEUS)
    get = timings.get("download", "success", "GET")
    assert get is not None
    assert get.count == 1200
    assert get.average == pytest.approx(0.25)  # 300 s / 1200
    assert (get.minimum, get.maximum) == (pytest.approx(0.000812345), pytest.approx(4.2))
    assert get.recent_average == pytest.approx(0.26)
    assert (get.p10, get.p50, get.p90, get.p99) == pytest.approx((0.045, 0.18, 0.6, 1.9))
    audit = timings.get("download", "success", "GET_AUDIT")
    assert audit is not None
    assert (audit.count, audit.average, audit.p50) == (4, pytest.approx(0.005), 0.005)
    assert audit.p99 is None
    upload = timings.get("upload", "success")
    assert upload is not None
    assert (upload.count, upload.average, upload.p99) == (77, pytest.approx(0.5), 3.0)
    assert len(timings.distributions) == 4  # the size metric is not a duration


def test_empty_distribution_has_no_mean() -> None:
    """count 0 comes alone: no mean, no percentiles, and no division by zero."""
    repair = parse_monkit(PROMETHEUS).get("download", "failed", "GET_REPAIR")
    assert repair is not None
    assert repair.count == 0
    assert (repair.average, repair.p50, repair.maximum) == (None, None, None)


def test_stats_text_format() -> None:
    """/mon/stats: ``key,tag=value field=value`` lines, backslash escapes honoured."""
    timings = parse_monkit(STATS_TEXT)
    upload = timings.get("upload", "success")
    assert upload is not None
    assert (upload.count, upload.average, upload.p50) == (77, pytest.approx(0.5), 0.12)
    repair = timings.get("download", "failed", "GET_REPAIR")
    assert repair is not None
    assert (repair.count, repair.maximum, repair.average) == (2, 2.0, None)
    cancel = timings.get("download", "canceled", "GET")
    assert cancel is not None
    assert cancel.p90 == 1.5
    assert len(timings.distributions) == 3
    assert parse_monkit("").distributions == {}


def test_bad_lines_are_skipped() -> None:
    """Truncated, non-numeric or NaN lines neither crash nor poison a distribution."""
    text = "\n".join(
        [
            f'upload_success_duration_ns{{scope="{SCOPE}",field="count"}} 3',
            f'upload_success_duration_ns{{scope="{SCOPE}",field="sum"}} NaN',
            f'upload_success_duration_ns{{scope="{SCOPE}",field="r50"}} abc',
            f'upload_success_duration_ns{{scope="{SCOPE}",field="r90"',
            f'upload_success_duration_ns{{scope="{SCOPE}"}} 7',
            f"upload_success_duration_ns,{STATS_SCOPE} r99",
        ]
    )
    upload = parse_monkit(text).get("upload", "success")
    assert upload is not None
    assert (upload.count, upload.average, upload.p50, upload.p90, upload.p99) == (
        3,
        None,
        None,
        None,
        None,
    )


async def test_fetch_from_a_real_debug_server(socket_enabled: None) -> None:
    """GET /metrics over loopback, gzip as the node sends it to clients that accept it."""

    async def metrics(_request: web.Request) -> web.Response:
        response = web.Response(text=PROMETHEUS, content_type="text/plain")
        response.enable_compression()
        return response

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
    get = timings.get("download", "success", "GET")
    assert get is not None
    assert get.average == pytest.approx(0.25)
