"""Async client of a Storj storage node's local dashboard API (default port 14002)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
import re
from types import MappingProxyType
from urllib.parse import quote, urlencode

import aiohttp

from ._json import decode_json
from .exceptions import (
    StorjConnectionError,
    StorjError,
    StorjHTTPError,
    StorjInvalidResponseError,
    StorjTimeoutError,
)
from .models import (
    Dashboard,
    EstimatedPayout,
    NodeHistory,
    NodeSnapshot,
    NotificationsPage,
    Paystub,
    Pricing,
    SatelliteDetails,
    SatelliteHeldHistory,
    SatellitePayout,
    SatellitesSummary,
)
from .parsers import (
    parse_dashboard,
    parse_estimated_payout,
    parse_held_history,
    parse_notifications_page,
    parse_payout_history,
    parse_paystubs,
    parse_periods,
    parse_pricing,
    parse_satellite,
    parse_satellites_summary,
)
from .url import normalize_base_url

PRICING_MIN_VERSION = (1, 79, 0)
"""First node version with `/api/sno/satellites/{id}/pricing`; older ones answer HTML."""
RECENT_PERIODS = 12
"""Months of paystubs `async_poll_slow` fetches."""

_PERIOD = re.compile(r"\d{4}-\d{1,2}")
_HTML_DETAIL = (
    "got an HTML page instead of JSON: the node does not serve this endpoint "
    "(too old a version?) or the address is not a Storj node's dashboard"
)


@dataclass(frozen=True, slots=True)
class _Response:
    status: int
    reason: str
    content_type: str
    body: bytes


class StorjNodeClient:
    """Typed access to one node's dashboard API over an injected `aiohttp.ClientSession`.

    Every request is bounded by `request_timeout` seconds and at most `max_concurrency`
    requests are in flight at once, across all calls on this client (nodes often run on
    small single-board computers). Errors are always `StorjError` subclasses.

    Requests per poll, with N = number of satellites on the dashboard (typically 4):
    - `async_poll`: 3 + N (dashboard, satellites summary, estimated payout, one per satellite);
    - `async_poll_slow`: 1 (periods) + 1 (held history) + N (pricing, v1.79+ only)
      + 2 when the node has paystubs (paystub range, payout history)
      + 1 (dashboard) unless the caller passes the dashboard it already has.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        *,
        request_timeout: float = 10.0,
        max_concurrency: int = 4,
    ) -> None:
        """Create a client for the node at `base_url` (anything `normalize_base_url` takes)."""
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self._session = session
        self.base_url = normalize_base_url(base_url)
        self._request_timeout = request_timeout
        self._slots = asyncio.Semaphore(max_concurrency)
        self._last_payloads: dict[str, object] = {}

    @property
    def last_payloads(self) -> Mapping[str, object]:
        """The latest decoded JSON body of each endpoint called (for diagnostics)."""
        return MappingProxyType(self._last_payloads)

    # --- single endpoints -----------------------------------------------------------------

    async def async_get_dashboard(self) -> Dashboard:
        """`GET /api/sno/`: node overview, disk, bandwidth, satellites."""
        return await self._get("/api/sno/", parse_dashboard)

    async def async_get_satellites_summary(self) -> SatellitesSummary:
        """`GET /api/sno/satellites`: this month's usage and scores, all satellites."""
        return await self._get("/api/sno/satellites", parse_satellites_summary)

    async def async_get_satellite(self, sat_id: str) -> SatelliteDetails:
        """`GET /api/sno/satellite/{id}`: this month's usage and scores on one satellite."""
        return await self._get(f"/api/sno/satellite/{_segment(sat_id)}", parse_satellite)

    async def async_get_estimated_payout(self, sat_id: str | None = None) -> EstimatedPayout:
        """`GET /api/sno/estimated-payout`: estimated earnings, all satellites or one.

        The node answers HTTP 500 (`StorjHTTPError`) for a satellite that disqualified it.
        """
        params = _satellite_param(sat_id)
        return await self._get("/api/sno/estimated-payout", parse_estimated_payout, params)

    async def async_get_pricing(self, sat_id: str) -> Pricing:
        """`GET /api/sno/satellites/{id}/pricing` (node v1.79+)."""
        return await self._get(f"/api/sno/satellites/{_segment(sat_id)}/pricing", parse_pricing)

    async def async_get_notifications(self, limit: int = 10, page: int = 1) -> NotificationsPage:
        """`GET /api/notifications/list`: one page of notifications, newest first."""
        params = {"limit": str(limit), "page": str(page)}
        return await self._get("/api/notifications/list", parse_notifications_page, params)

    async def async_mark_notification_read(self, notification_id: str) -> None:
        """`POST /api/notifications/{id}/read`."""
        await self._post(f"/api/notifications/{_segment(notification_id)}/read")

    async def async_mark_all_notifications_read(self) -> None:
        """`POST /api/notifications/readall`."""
        await self._post("/api/notifications/readall")

    async def async_get_paystubs(
        self, period: str, sat_id: str | None = None
    ) -> tuple[Paystub, ...]:
        """`GET /api/heldamount/paystubs/{period}`; `period` is `YYYY-MM`."""
        path = f"/api/heldamount/paystubs/{_period(period)}"
        return await self._get(path, parse_paystubs, _satellite_param(sat_id))

    async def async_get_paystubs_range(
        self, start: str, end: str, sat_id: str | None = None
    ) -> tuple[Paystub, ...]:
        """`GET /api/heldamount/paystubs/{start}/{end}`: every month from start to end."""
        path = f"/api/heldamount/paystubs/{_period(start)}/{_period(end)}"
        return await self._get(path, parse_paystubs, _satellite_param(sat_id))

    async def async_get_held_history(self) -> tuple[SatelliteHeldHistory, ...]:
        """`GET /api/heldamount/held-history`: held-back amounts per satellite."""
        return await self._get("/api/heldamount/held-history", parse_held_history)

    async def async_get_periods(self, sat_id: str | None = None) -> tuple[str, ...]:
        """`GET /api/heldamount/periods`: months with paystubs, ascending."""
        return await self._get("/api/heldamount/periods", parse_periods, _satellite_param(sat_id))

    async def async_get_payout_history(self, period: str) -> tuple[SatellitePayout, ...]:
        """`GET /api/heldamount/payout-history/{period}`: what each satellite paid."""
        path = f"/api/heldamount/payout-history/{_period(period)}"
        return await self._get(path, parse_payout_history)

    # --- polls ----------------------------------------------------------------------------

    async def async_poll(self) -> NodeSnapshot:
        """Everything that changes within minutes, fetched concurrently (3 + N requests).

        Summary and payout are requested alongside the dashboard; the per-satellite
        details start as soon as the dashboard names the satellites.
        """

        async def dashboard_and_details() -> tuple[Dashboard, list[SatelliteDetails]]:
            dashboard = await self.async_get_dashboard()
            async with _task_group() as group:
                tasks = [
                    group.create_task(self.async_get_satellite(satellite.id))
                    for satellite in dashboard.satellites
                ]
            return dashboard, [task.result() for task in tasks]

        async with _task_group() as group:
            main = group.create_task(dashboard_and_details())
            summary = group.create_task(self.async_get_satellites_summary())
            payout = group.create_task(self.async_get_estimated_payout())
        dashboard, details = main.result()
        return NodeSnapshot(
            dashboard=dashboard,
            summary=summary.result(),
            payout=payout.result(),
            satellites=MappingProxyType({satellite.id: satellite for satellite in details}),
            fetched_at=datetime.now(UTC),
        )

    async def async_poll_slow(
        self, dashboard: Dashboard | None = None, *, months: int = RECENT_PERIODS
    ) -> NodeHistory:
        """Payout data that changes monthly: paystubs of the last `months` periods,
        held history, payout history of the latest period and pricing per satellite.

        Pass the `dashboard` of the latest `async_poll` to save one request.
        """
        if months < 1:
            raise ValueError("months must be at least 1")
        async with _task_group() as group:
            periods_task = group.create_task(self.async_get_periods())
            if dashboard is None:
                dashboard = await self.async_get_dashboard()
        periods = periods_task.result()
        recent = periods[-months:]
        version = dashboard.version_info
        priced = () if version and version < PRICING_MIN_VERSION else dashboard.satellites
        async with _task_group() as group:
            held = group.create_task(self.async_get_held_history())
            pricing = [group.create_task(self.async_get_pricing(sat.id)) for sat in priced]
            stubs = (
                group.create_task(self.async_get_paystubs_range(recent[0], recent[-1]))
                if recent
                else None
            )
            payouts = (
                group.create_task(self.async_get_payout_history(recent[-1])) if recent else None
            )
        return NodeHistory(
            periods=periods,
            paystubs=stubs.result() if stubs else (),
            held_history=held.result(),
            payout_history_period=recent[-1] if recent else None,
            payout_history=payouts.result() if payouts else (),
            pricing=MappingProxyType(
                {sat.id: task.result() for sat, task in zip(priced, pricing, strict=True)}
            ),
            fetched_at=datetime.now(UTC),
        )

    # --- transport ------------------------------------------------------------------------

    async def _get[T](
        self,
        path: str,
        parser: Callable[[object, str], T],
        params: Mapping[str, str] | None = None,
    ) -> T:
        endpoint = f"GET {path}?{urlencode(params)}" if params else f"GET {path}"
        response = await self._request("GET", path, endpoint, params)
        if response.content_type != "application/json":
            raise StorjInvalidResponseError(endpoint, _unexpected_content(response.content_type))
        document = decode_json(endpoint, response.body)
        self._last_payloads[endpoint] = document
        return parser(document, endpoint)

    async def _post(self, path: str) -> None:
        endpoint = f"POST {path}"
        response = await self._request("POST", path, endpoint, None)
        # Success is an empty body; the HTML page means no such route on this node.
        if response.content_type == "text/html":
            raise StorjInvalidResponseError(endpoint, _HTML_DETAIL)

    async def _request(
        self, method: str, path: str, endpoint: str, params: Mapping[str, str] | None
    ) -> _Response:
        try:
            async with (
                self._slots,
                asyncio.timeout(self._request_timeout),
                self._session.request(
                    method,
                    f"{self.base_url}{path}",
                    params=params,
                    headers={"Accept": "application/json"},
                ) as http,
            ):
                response = _Response(
                    http.status, http.reason or "", http.content_type, await http.read()
                )
        except TimeoutError as err:
            raise StorjTimeoutError(
                f"{endpoint}: {self.base_url} did not answer within {self._request_timeout} s"
            ) from err
        except aiohttp.ClientError as err:
            raise StorjConnectionError(f"{endpoint}: cannot reach {self.base_url}: {err}") from err
        if not 200 <= response.status < 300:
            raise StorjHTTPError(response.status, _error_message(response), endpoint=endpoint)
        return response


@asynccontextmanager
async def _task_group() -> AsyncIterator[asyncio.TaskGroup]:
    """A TaskGroup that cancels the siblings of a failed request and re-raises its error
    unwrapped, so callers see a `StorjError`, not an ExceptionGroup."""
    try:
        async with asyncio.TaskGroup() as group:
            yield group
    except* StorjError as errors:
        raise errors.exceptions[0] from None


def _segment(value: str) -> str:
    """One URL path segment, so an ID can never change the path."""
    return quote(value, safe="")


def _period(value: str) -> str:
    # The node drops the connection (a Go panic) on some malformed periods: refuse them here.
    if not _PERIOD.fullmatch(value):
        raise ValueError(f"period must look like YYYY-MM, got {value!r}")
    return value


def _satellite_param(sat_id: str | None) -> dict[str, str]:
    return {"id": sat_id} if sat_id is not None else {}


def _unexpected_content(content_type: str) -> str:
    if content_type == "text/html":
        return _HTML_DETAIL
    return f"expected application/json, got {content_type or 'no content type'}"


def _error_message(response: _Response) -> str:
    """The node's `{"error": "..."}` text if it sent one, else the HTTP reason."""
    try:
        error = decode_json("", response.body)
    except StorjError:
        error = None
    if isinstance(error, dict) and isinstance(message := error.get("error"), str):
        return message
    return response.reason
