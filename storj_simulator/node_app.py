"""The node's HTTP server: the dashboard API routes with gorilla/mux's quirks.

A hand-rolled dispatcher instead of aiohttp's router because the node answers in ways
a normal router does not: a wrong method or unknown path gets the SPA page with 200,
and a path that differs only by its trailing slash is redirected with 301.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import html
import re
import uuid

from aiohttp import web

from . import payout_bodies, sno_bodies
from .calendar import parse_period
from .gojson import GoValue, encode_body
from .identity import InvalidNodeIDError, decode_node_id
from .model import NodeSatellite
from .node import SimulatedNode
from .notifications import Notification, notifications, page_json
from .scenarios import Scenario
from .state import NodeState

SNO = "consoleapi storagenode"
PAYOUTS = "consoleapi payouts"
NOTIFICATIONS = "consoleapi notifications"
# notificationDB.List caps the page size (storagenode/storagenodedb/notifications.go:70).
NOTIFICATION_PAGE_LIMIT = 50

SPA_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width,initial-scale=1">'
    "<title>Node Dashboard</title>"
    '<script type="module" crossorigin src="/static/dist/assets/index.js"></script>'
    '</head><body><div id="app"></div></body></html>'
)
# What a garbled reply looks like: JSON cut off mid-value.
TRUNCATED_JSON = '{"nodeID":"1Xf5b3xHn1aj","wallet":"0x18","satellites":[{"id":"12Eay'


class ApiError(Exception):
    """Answered as `{"error": message}` with `status`."""

    def __init__(self, status: int, message: str) -> None:
        """Keep the HTTP status next to the message."""
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Call:
    """What a handler gets."""

    node: SimulatedNode
    state: NodeState
    request: web.Request
    path_params: dict[str, str]


type Handler = Callable[[Call], GoValue | web.Response]


@dataclass(frozen=True, slots=True)
class Route:
    """One API route."""

    method: str
    pattern: re.Pattern[str]
    handler: Handler
    available: Callable[[SimulatedNode], bool] = lambda _node: True


def json_response(body: GoValue, status: int = 200) -> web.Response:
    """A response as the Go handlers write it."""
    return web.Response(
        body=encode_body(body), status=status, headers={"Content-Type": "application/json"}
    )


def spa_response() -> web.Response:
    """The web dashboard's index page, served for every path that is not an API route."""
    return web.Response(
        text=SPA_PAGE, headers={"Content-Type": "text/html; charset=UTF-8"}, charset=None
    )


def redirect_response(location: str) -> web.Response:
    """gorilla/mux's StrictSlash redirect, with the body Go's `http.Redirect` writes."""
    return web.Response(
        status=301,
        text=f'<a href="{html.escape(location)}">Moved Permanently</a>.\n\n',
        headers={"Location": location, "Content-Type": "text/html; charset=utf-8"},
        charset=None,
    )


def _drop_connection(call: Call) -> web.Response:
    if call.request.transport is not None:
        call.request.transport.abort()
    return web.Response()


def _trusted(call: Call, raw_id: str, error_class: str) -> NodeSatellite:
    try:
        decode_node_id(raw_id)
    except InvalidNodeIDError as err:
        raise ApiError(400, f"{error_class}: node ID error: {err}") from None
    satellite = call.state.satellite(raw_id)
    if satellite is None:
        raise ApiError(404, f"{error_class}: console: trust: satellite is untrusted")
    return satellite


def _query_id(call: Call, error_class: str) -> str | None:
    raw = call.request.query.get("id")
    if raw is None:
        return None
    try:
        decode_node_id(raw)
    except InvalidNodeIDError as err:
        raise ApiError(400, f"{error_class}: node ID error: {err}") from None
    return raw


def _dashboard(call: Call) -> GoValue:
    return sno_bodies.dashboard(call.state, call.node.api)


def _satellites(call: Call) -> GoValue:
    return sno_bodies.satellites_summary(call.state, call.node.api)


def _satellite(call: Call) -> GoValue:
    satellite = _trusted(call, call.path_params["id"], SNO)
    return sno_bodies.satellite_detail(call.state, call.node.api, satellite)


def _pricing(call: Call) -> GoValue:
    raw = call.path_params["id"]
    try:
        decode_node_id(raw)
    except InvalidNodeIDError as err:
        raise ApiError(400, f"{SNO}: node ID error: {err}") from None
    return sno_bodies.pricing(call.state, raw)


def _estimated_payout(call: Call) -> GoValue:
    raw = call.request.query.get("id")
    satellite = None if raw is None else _trusted(call, raw, SNO)
    if satellite is not None and sno_bodies.is_disqualified(call.state, satellite):
        raise ApiError(500, f"{SNO}: estimationservice: node was disqualified on satellite")
    return sno_bodies.estimated_payout(call.state, call.node.api, satellite)


def _uint_query(call: Call, name: str) -> int:
    # strconv.ParseUint(raw, 10, 32) (consoleapi/notifications.go:98 @ 5dbec64f5a).
    raw = call.request.query.get(name, "")
    parsing = f'{NOTIFICATIONS}: strconv.ParseUint: parsing "{raw}"'
    if not (raw.isascii() and raw.isdigit()):
        raise ApiError(400, f"{parsing}: invalid syntax")
    if int(raw) >= 1 << 32:
        raise ApiError(400, f"{parsing}: value out of range")
    return int(raw)


def _notifications(call: Call) -> list[Notification]:
    """The node's notifications; a 500 while the `notifications` scenario breaks its database."""
    change = call.node.scenario
    if change.scenario is Scenario.NOTIFICATIONS and change.params["broken"]:
        # Every handler answers 500 on a database error (consoleapi/notifications.go:69,84,117).
        raise ApiError(500, f"{NOTIFICATIONS}: notificationsdb: database disk image is malformed")
    return notifications(call.state, call.node.api, call.node.added_notifications)


def _notification_list(call: Call) -> GoValue | web.Response:
    # As notificationDB.List checks (storagenode/storagenodedb/notifications.go:67 @ 5dbec64f5a).
    limit = min(_uint_query(call, "limit"), NOTIFICATION_PAGE_LIMIT)
    page = _uint_query(call, "page")
    if page == 0:
        raise ApiError(500, f"{NOTIFICATIONS}: notificationsdb: page can not be 0")
    found = _notifications(call)
    if found and limit * (page - 1) > len(found) - 1:
        raise ApiError(500, f"{NOTIFICATIONS}: notificationsdb: page is out of range")
    if found and limit == 0:
        # The page count divides by the limit; net/http recovers the panic by hanging up.
        return _drop_connection(call)
    return page_json(found, call.node.read_notifications, limit, page)


def _go_uuid(raw: str) -> str:
    """The canonical form of `raw` if storj's `uuid.FromString` accepts it."""
    size = len(raw.encode())
    if size not in (32, 36):
        raise ValueError(
            f"uuid: invalid string length {size} expected 32 or 36 depending if it's "
            "formatted with dashes"
        )
    digits = raw
    if size == 36:
        if not raw.isascii() or any(raw[i] != "-" for i in (8, 13, 18, 23)):
            raise ValueError("uuid: invalid string")
        digits = raw[:8] + raw[9:13] + raw[14:18] + raw[19:23] + raw[24:]
    if re.fullmatch("[0-9a-fA-F]{32}", digits) is None:
        raise ValueError("uuid: invalid string")
    return str(uuid.UUID(hex=digits))


def _notification_read(call: Call) -> web.Response:
    # Every failure here is a 500 (consoleapi/notifications.go:62-71 @ 5dbec64f5a).
    try:
        notification_id = _go_uuid(call.path_params["id"])
    except ValueError as err:
        raise ApiError(500, f"{NOTIFICATIONS}: {err}") from None
    known = {item.notification_id for item in _notifications(call)}
    if notification_id not in known:
        raise ApiError(500, f"{NOTIFICATIONS}: notificationsdb: no rows affected")
    # UPDATE ... SET read_at = now: reading again moves the time.
    call.node.read_notifications[notification_id] = call.state.now
    return web.Response()


def _notification_read_all(call: Call) -> web.Response:
    found = _notifications(call)
    call.node.mark_all_read([item.notification_id for item in found])
    return web.Response()


def _paystubs_period(call: Call) -> GoValue:
    satellite_id = _query_id(call, PAYOUTS)
    return payout_bodies.paystubs_of_period(call.state, call.path_params["period"], satellite_id)


def _paystubs_range(call: Call) -> GoValue | web.Response:
    start_text, end_text = call.path_params["start"], call.path_params["end"]
    if "-" not in end_text:
        # The node's parser panics here; net/http recovers by dropping the connection.
        return _drop_connection(call)
    try:
        start, end = parse_period(start_text), parse_period(end_text)
    except ValueError as err:
        raise ApiError(400, f"{PAYOUTS}: {err}") from None
    if start > end:
        raise ApiError(400, f"{PAYOUTS}: wrong period format: period start is after end")
    satellite_id = _query_id(call, PAYOUTS)
    return payout_bodies.paystubs_in_range(call.state, start, end, satellite_id)


def _held_history(call: Call) -> GoValue:
    return payout_bodies.held_history(call.state)


def _periods(call: Call) -> GoValue:
    return payout_bodies.periods(call.state, _query_id(call, PAYOUTS))


def _payout_history(call: Call) -> GoValue:
    return payout_bodies.payout_history(call.state, call.path_params["period"])


def _route(
    method: str, path: str, handler: Handler, available: Callable[[SimulatedNode], bool] | None
) -> Route:
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path)
    return Route(method, re.compile(regex), handler, available or (lambda _node: True))


ROUTES: tuple[Route, ...] = (
    _route("GET", "/api/sno/", _dashboard, None),
    _route("GET", "/api/sno/satellites", _satellites, None),
    _route("GET", "/api/sno/satellite/{id}", _satellite, None),
    _route("GET", "/api/sno/satellites/{id}/pricing", _pricing, lambda n: n.api.pricing_endpoint),
    _route("GET", "/api/sno/estimated-payout", _estimated_payout, None),
    _route("GET", "/api/notifications/list", _notification_list, None),
    _route("POST", "/api/notifications/{id}/read", _notification_read, None),
    _route("POST", "/api/notifications/readall", _notification_read_all, None),
    _route("GET", "/api/heldamount/paystubs/{period}", _paystubs_period, None),
    _route("GET", "/api/heldamount/paystubs/{start}/{end}", _paystubs_range, None),
    _route("GET", "/api/heldamount/held-history", _held_history, None),
    _route("GET", "/api/heldamount/periods", _periods, None),
    _route("GET", "/api/heldamount/payout-history/{period}", _payout_history, None),
)


def _find(node: SimulatedNode, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    for route in ROUTES:
        match = route.pattern.fullmatch(path)
        if match and route.method == method and route.available(node):
            return route, match.groupdict()
    return None


class NodeApi:
    """Serves one node's dashboard API."""

    def __init__(self, node: SimulatedNode) -> None:
        """Bind to the node whose state is served."""
        self.node = node

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer any request the way the node's router would."""
        self.node.requests += 1
        change = self.node.scenario
        if change.scenario is Scenario.SLOW:
            await asyncio.sleep(change.params["delay"])
        path = request.path
        if change.scenario is Scenario.GARBAGE and path.startswith("/api/"):
            if change.params["kind"] == "html":
                return spa_response()
            return web.Response(text=TRUNCATED_JSON, content_type="application/json")
        found = _find(self.node, request.method, path)
        if found is None:
            toggled = path.removesuffix("/") if path.endswith("/") else path + "/"
            if _find(self.node, request.method, toggled) is not None:
                location = toggled + (f"?{request.query_string}" if request.query_string else "")
                return redirect_response(location)
            return spa_response()
        route, params = found
        call = Call(self.node, self.node.state(), request, params)
        try:
            result = route.handler(call)
        except ApiError as err:
            return json_response({"error": str(err)}, err.status)
        if isinstance(result, web.Response):
            return result
        return json_response(result)


def build_app(node: SimulatedNode) -> web.Application:
    """A fresh application for one listening period of `node`."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", NodeApi(node).handle)
    return app
