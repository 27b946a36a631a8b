"""A loopback HTTP server that answers like a storage node's dashboard, request by request."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import json
from typing import Any

from aiohttp import web

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# What a real node serves for every path that matches no API route (storj_api.md §0).
SPA_PAGE = "<!DOCTYPE html><html><head><title>Node Dashboard</title></head><body></body></html>"


def go_json(body: Any, status: int = 200) -> web.Response:
    """A response the way Go's json.Encoder writes it: compact JSON plus a newline."""
    return raw_json(json.dumps(body, separators=(",", ":")) + "\n", status)


def raw_json(text: str, status: int = 200) -> web.Response:
    """A JSON body sent verbatim (real captures keep the node's number formats)."""
    return web.Response(text=text, status=status, content_type="application/json")


class FakeNode:
    """Routes by (method, path); counts requests and how many are in flight at once."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Handler] = {}
        self.requests: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.never = asyncio.Event()  # awaited by "hanging" handlers; set at teardown
        self.gate: asyncio.Event | None = None
        self.gate_at = 0
        self.url = ""
        self.serve("GET", "/api/sno", self._redirect_to_slash)

    def serve(self, method: str, path: str, handler: Handler) -> None:
        """Answer `method path` with `handler`."""
        self.routes[(method, path)] = handler

    def json(self, path: str, body: Any, status: int = 200, method: str = "GET") -> None:
        """Answer `GET path` with `body` as Go-encoded JSON."""

        async def handler(_: web.Request) -> web.Response:
            return go_json(body, status)

        self.serve(method, path, handler)

    def text(self, path: str, text: str) -> None:
        """Answer `GET path` with a verbatim JSON body."""

        async def handler(_: web.Request) -> web.Response:
            return raw_json(text)

        self.serve("GET", path, handler)

    def hold_until(self, concurrent: int) -> None:
        """Hold every request until `concurrent` requests are in flight together."""
        self.gate = asyncio.Event()
        self.gate_at = concurrent

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        """The single aiohttp route: count, optionally hold, then answer."""
        self.requests.append(f"{request.method} {request.path_qs}")
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.gate is not None:
                if self.in_flight >= self.gate_at:
                    self.gate.set()
                await self.gate.wait()
            handler = self.routes.get((request.method, request.path), self._spa)
            return await handler(request)
        finally:
            self.in_flight -= 1

    @staticmethod
    async def _spa(_: web.Request) -> web.Response:
        return web.Response(text=SPA_PAGE, content_type="text/html", charset="utf-8")

    @staticmethod
    async def _redirect_to_slash(_: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently("/api/sno/")
