"""Every failure reaches the caller as the right `StorjError`, over real loopback HTTP."""

from __future__ import annotations

import socket
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.storj_monitor.api import (
    StorjConnectionError,
    StorjHTTPError,
    StorjInvalidResponseError,
    StorjNodeClient,
    StorjTimeoutError,
)

from . import documents as doc
from .fake_node import FakeNode


async def test_connection_refused(session: aiohttp.ClientSession) -> None:
    """Nothing listens on the port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = StorjNodeClient(session, f"127.0.0.1:{port}")

    with pytest.raises(StorjConnectionError, match=f"cannot reach http://127.0.0.1:{port}") as err:
        await client.async_get_dashboard()
    assert not isinstance(err.value, StorjTimeoutError)
    assert isinstance(err.value.__cause__, aiohttp.ClientConnectorError)


async def test_timeout(session: aiohttp.ClientSession, node: FakeNode) -> None:
    """A node that accepts the request but never answers."""

    async def hang(_: web.Request) -> web.Response:
        await node.never.wait()
        return web.Response()

    node.serve("GET", "/api/sno/", hang)
    client = StorjNodeClient(session, node.url, request_timeout=0.05)

    with pytest.raises(StorjTimeoutError, match=r"did not answer within 0\.05 s") as err:
        await client.async_get_dashboard()
    assert isinstance(err.value, StorjConnectionError)  # callers may treat both alike


async def test_connection_dropped(client: StorjNodeClient, node: FakeNode) -> None:
    """The node closes the connection without answering (a Go handler panic does this)."""

    async def drop(request: web.Request) -> web.Response:
        assert request.transport is not None
        request.transport.close()
        return web.Response()

    node.serve("GET", "/api/heldamount/held-history", drop)

    with pytest.raises(StorjConnectionError, match="GET /api/heldamount/held-history"):
        await client.async_get_held_history()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, "consoleapi storagenode: console: trust: satellite is untrusted"),
        (500, "consoleapi storagenode: estimationservice: node was disqualified on satellite"),
        (400, "consoleapi payouts: wrong period format: period is not in the right format"),
    ],
)
async def test_http_error_with_node_message(
    client: StorjNodeClient, node: FakeNode, status: int, message: str
) -> None:
    """Error statuses carry the node's `{"error": ...}` text."""
    node.json(f"/api/sno/satellite/{doc.US1}", {"error": message}, status=status)

    with pytest.raises(StorjHTTPError) as err:
        await client.async_get_satellite(doc.US1)

    assert err.value.status == status
    assert err.value.message == message
    assert err.value.endpoint == f"GET /api/sno/satellite/{doc.US1}"
    assert str(err.value) == f"GET /api/sno/satellite/{doc.US1}: HTTP {status}: {message}"


@pytest.mark.parametrize(
    "body", ["web/storagenode unbuilt, run `npm install && npm run build`", '{"error": 7}', ""]
)
async def test_http_error_without_node_message(
    client: StorjNodeClient, node: FakeNode, body: str
) -> None:
    """Without an error text (e.g. a build without web assets) the HTTP reason is used."""

    async def not_found(_: web.Request) -> web.Response:
        return web.Response(status=404, text=body)

    node.serve("GET", "/api/sno/", not_found)

    with pytest.raises(StorjHTTPError) as err:
        await client.async_get_dashboard()
    assert (err.value.status, err.value.message) == (404, "Not Found")


async def test_html_instead_of_json(client: StorjNodeClient, node: FakeNode) -> None:
    """Unknown paths (e.g. /pricing on nodes before v1.79) get the SPA page with HTTP 200."""
    with pytest.raises(StorjInvalidResponseError, match="HTML page instead of JSON") as err:
        await client.async_get_pricing(doc.US1)
    assert err.value.endpoint == f"GET /api/sno/satellites/{doc.US1}/pricing"


async def test_html_answer_to_a_post(client: StorjNodeClient, node: FakeNode) -> None:
    """A POST the node has no route for falls through to the SPA page too."""
    with pytest.raises(StorjInvalidResponseError, match="HTML page"):
        await client.async_mark_all_notifications_read()


async def test_http_error_on_post(client: StorjNodeClient, node: FakeNode) -> None:
    """POST endpoints report error statuses like GET ones."""
    node.json(
        "/api/notifications/x/read",
        {"error": "consoleapi notifications: invalid id"},
        status=400,
        method="POST",
    )

    with pytest.raises(StorjHTTPError, match="invalid id") as err:
        await client.async_mark_notification_read("x")
    assert err.value.endpoint == "POST /api/notifications/x/read"


async def test_other_content_type(client: StorjNodeClient, node: FakeNode) -> None:
    """Anything but application/json is refused before parsing."""

    async def plain(_: web.Request) -> web.Response:
        return web.Response(text="{}")

    node.serve("GET", "/api/sno/", plain)

    with pytest.raises(
        StorjInvalidResponseError, match="expected application/json, got text/plain"
    ):
        await client.async_get_dashboard()


@pytest.mark.parametrize(
    "text",
    [
        '{"nodeID": ',
        '{"storageSummary": NaN}',
        b"\xff\xfe{".decode("latin-1"),
        "[" * 100_000 + "]" * 100_000,  # nesting deeper than the recursion limit
    ],
)
async def test_invalid_json(client: StorjNodeClient, node: FakeNode, text: str) -> None:
    """Truncated JSON, NaN (not JSON) and undecodable bytes."""
    node.text("/api/sno/", text)

    with pytest.raises(StorjInvalidResponseError, match="body is not valid JSON"):
        await client.async_get_dashboard()


def _without(body: dict[str, Any], *path: str | int) -> dict[str, Any]:
    target: Any = body
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return body


def _with(body: dict[str, Any], value: object, *path: str | int) -> dict[str, Any]:
    target: Any = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return body


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            _without(doc.dashboard_v1_162(), "nodeID"),
            "field 'nodeID': expected a string, it is missing",
            id="missing top-level",
        ),
        pytest.param(
            _without(doc.dashboard_v1_162(), "diskSpace", "used"),
            "field 'diskSpace.used': expected an integer, it is missing",
            id="missing nested",
        ),
        pytest.param(
            _with(doc.dashboard_v1_162(), None, "satellites", 2, "url"),
            "field 'satellites[2].url': expected a string, got null",
            id="null in list item",
        ),
        pytest.param(
            _with(doc.dashboard_v1_162(), "12", "bandwidth", "used"),
            "field 'bandwidth.used': expected an integer, got string '12'",
            id="string for integer",
        ),
        pytest.param(
            _with(doc.dashboard_v1_162(), 1.5, "diskSpace", "trash"),
            "field 'diskSpace.trash': expected an integer, got number 1.5",
            id="float for integer",
        ),
        pytest.param(
            _with(doc.dashboard_v1_162(), "yes", "upToDate"),
            "field 'upToDate': expected a boolean, got string 'yes'",
            id="string for boolean",
        ),
        pytest.param(
            _with(doc.dashboard_v1_162(), "yesterday", "startedAt"),
            "field 'startedAt': expected an RFC 3339 timestamp, got string 'yesterday'",
            id="bad timestamp",
        ),
        pytest.param(
            _with(doc.dashboard_v1_162(), "2026-08-20T12:00:00", "startedAt"),
            "field 'startedAt': expected an RFC 3339 timestamp",
            id="timestamp without zone",
        ),
        pytest.param(
            _with(doc.dashboard_v1_162(), doc.ZERO_TIME, "startedAt"),
            "field 'startedAt': expected a timestamp, got string '0001-01-01T00:00:00Z'",
            id="zero time where required",
        ),
        pytest.param(
            _with(doc.dashboard_v1_162(), 5, "lastPinged"),
            "field 'lastPinged': expected a timestamp, got number 5",
            id="number for timestamp",
        ),
        pytest.param(
            _with(doc.dashboard_v1_162(), {"a": 1}, "satellites"),
            "field 'satellites': expected an array, got an object",
            id="object for list",
        ),
        pytest.param(
            _without(doc.dashboard_v1_162(), "satellites"),
            "field 'satellites': expected an array, it is missing",
            id="missing list",
        ),
        pytest.param(
            _with(doc.dashboard_v1_162(), ["x"], "satellites"),
            "field 'satellites[0]': expected an object, got string 'x'",
            id="string in object list",
        ),
        pytest.param(
            _with(doc.dashboard_v1_162(), ["zksync", True], "walletFeatures"),
            "field 'walletFeatures[1]': expected a string, got boolean true",
            id="boolean in string list",
        ),
        pytest.param(
            _with(doc.dashboard_v1_162(), [], "diskSpace"),
            "field 'diskSpace': expected an object, got an array",
            id="array for object",
        ),
        pytest.param(["not", "an", "object"], "expected a JSON object, got an array", id="root"),
    ],
)
async def test_missing_or_mistyped_field(
    client: StorjNodeClient, node: FakeNode, body: object, message: str
) -> None:
    """The message names the endpoint and the field; no bare KeyError/TypeError escapes."""
    node.json("/api/sno/", body)

    with pytest.raises(StorjInvalidResponseError) as err:
        await client.async_get_dashboard()

    assert err.value.endpoint == "GET /api/sno/"
    assert message in err.value.detail
    assert str(err.value).startswith("GET /api/sno/: ")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        pytest.param(
            lambda body: _with(body, True, "currentMonth", "payout"),
            "field 'currentMonth.payout': expected an amount of money, got boolean true",
            id="boolean for money",
        ),
        pytest.param(
            lambda body: _with(body, 10**40, "currentMonthExpectations"),
            "field 'currentMonthExpectations': amount 1" + "0" * 40 + " is out of range",
            id="money out of range",
        ),
        pytest.param(
            lambda body: _with(body, 10**400, "previousMonth", "diskSpace"),
            "field 'previousMonth.diskSpace': number 1" + "0" * 400 + " is out of range",
            id="number out of float range",
        ),
        pytest.param(
            lambda body: _with(body, None, "previousMonth", "diskSpace"),
            "field 'previousMonth.diskSpace': expected a number, got null",
            id="null for number",
        ),
    ],
)
async def test_mistyped_payout(
    client: StorjNodeClient, node: FakeNode, mutate: Any, message: str
) -> None:
    """Money and numbers are checked as strictly as the rest."""
    node.json("/api/sno/estimated-payout", mutate(doc.fixture_json("1.71.2", "payout")))

    with pytest.raises(StorjInvalidResponseError) as err:
        await client.async_get_estimated_payout()
    assert err.value.detail == message


async def test_satellite_without_any_score_object(client: StorjNodeClient, node: FakeNode) -> None:
    """Neither `audits` (v1.21+) nor `audit` (older): an invalid response."""
    node.json(f"/api/sno/satellite/{doc.US1}", _without(doc.satellite_v1_162(), "audits"))

    with pytest.raises(StorjInvalidResponseError, match="field 'audits': expected an object"):
        await client.async_get_satellite(doc.US1)


async def test_redirect_is_followed(client: StorjNodeClient, node: FakeNode) -> None:
    """StrictSlash answers the other spelling with a 301; the client follows it."""
    node.serve("GET", "/api/sno/satellites", _redirect("/api/sno/satellites/"))
    node.json("/api/sno/satellites/", doc.satellites_summary())

    summary = await client.async_get_satellites_summary()

    assert summary.egress_summary == 100
    assert node.requests == ["GET /api/sno/satellites", "GET /api/sno/satellites/"]


def _redirect(location: str) -> Any:
    async def handler(_: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently(location)

    return handler
