"""The admin HTTP API: inspect nodes and switch scenarios while the simulator runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from aiohttp import web

from .node import SimulatedNode
from .scenarios import SCENARIO_PARAMETERS


def node_summary(node: SimulatedNode) -> dict[str, Any]:
    """What the admin API reports about one node."""
    change = node.scenario
    return {
        "index": node.index,
        "node_id": node.node_id,
        "url": node.url,
        "listening": node.listening,
        "api_version": node.api.name,
        "scenario": change.scenario.value,
        "params": dict(change.params),
        "requests": node.requests,
        "satellites": [
            {
                "id": satellite.satellite_id,
                "address": satellite.address,
                "joined_at": satellite.joined_at.isoformat(),
                "removed": satellite.removed_at is not None,
            }
            for satellite in node.satellites
        ],
    }


class AdminApi:
    """Handlers bound to the cluster's nodes."""

    def __init__(self, nodes: Sequence[SimulatedNode]) -> None:
        """Serve the given nodes."""
        self.nodes = nodes

    def _node(self, request: web.Request) -> SimulatedNode:
        raw = request.match_info["index"]
        if not raw.isdigit() or int(raw) >= len(self.nodes):
            raise web.HTTPNotFound(text=f"no node {raw}")
        return self.nodes[int(raw)]

    @staticmethod
    async def _json_object(request: web.Request) -> dict[str, Any]:
        try:
            body = await request.json()
        except ValueError:
            raise web.HTTPBadRequest(text="body must be JSON") from None
        if not isinstance(body, dict):
            raise web.HTTPBadRequest(text="body must be a JSON object")
        return body

    async def list_nodes(self, _request: web.Request) -> web.Response:
        """GET /admin/nodes."""
        return web.json_response([node_summary(node) for node in self.nodes])

    async def get_node(self, request: web.Request) -> web.Response:
        """GET /admin/nodes/{index}."""
        return web.json_response(node_summary(self._node(request)))

    async def list_scenarios(self, _request: web.Request) -> web.Response:
        """GET /admin/scenarios: names and parameter defaults."""
        return web.json_response(
            {
                scenario.value: {name: default for name, (_kind, default) in params.items()}
                for scenario, params in SCENARIO_PARAMETERS.items()
            }
        )

    async def set_scenario(self, request: web.Request) -> web.Response:
        """POST /admin/nodes/{index}/scenario {"scenario": name, **params}."""
        node = self._node(request)
        body = await self._json_object(request)
        name = body.pop("scenario", None)
        if not isinstance(name, str):
            raise web.HTTPBadRequest(text='"scenario" is required')
        try:
            await node.set_scenario(name, **body)
        except ValueError as err:
            raise web.HTTPBadRequest(text=str(err)) from None
        return web.json_response(node_summary(node))

    async def add_satellite(self, request: web.Request) -> web.Response:
        """POST /admin/nodes/{index}/satellites {"id"?, "address"?, "joined_at"?}."""
        node = self._node(request)
        body = await self._json_object(request)
        try:
            joined = body.get("joined_at")
            satellite = node.add_satellite(
                body.get("id"),
                body.get("address"),
                joined_at=datetime.fromisoformat(joined) if joined else None,
            )
        except (TypeError, ValueError) as err:
            raise web.HTTPBadRequest(text=str(err)) from None
        return web.json_response({"id": satellite.satellite_id, "address": satellite.address})

    async def remove_satellite(self, request: web.Request) -> web.Response:
        """DELETE /admin/nodes/{index}/satellites/{satellite_id}."""
        node = self._node(request)
        try:
            node.remove_satellite(request.match_info["satellite_id"])
        except KeyError:
            raise web.HTTPNotFound(text="satellite not trusted by this node") from None
        return web.json_response(node_summary(node))

    async def set_api_version(self, request: web.Request) -> web.Response:
        """POST /admin/nodes/{index}/api-version {"api_version": "1.71"}."""
        node = self._node(request)
        body = await self._json_object(request)
        try:
            node.set_api_version(str(body.get("api_version")))
        except ValueError as err:
            raise web.HTTPBadRequest(text=str(err)) from None
        return web.json_response(node_summary(node))

    async def add_notification(self, request: web.Request) -> web.Response:
        """POST /admin/nodes/{index}/notifications {"type"?, "title"?, "message"?, "sender_id"?}."""
        node = self._node(request)
        body = await self._json_object(request)
        try:
            added = node.add_notification(**body)
        except ValueError as err:
            raise web.HTTPBadRequest(text=str(err)) from None
        return web.json_response(
            {
                "id": added.notification_id,
                "sender_id": added.sender_id,
                "type": added.type,
                "title": added.title,
                "message": added.message,
                "created_at": added.created_at.isoformat(),
            }
        )


def build_admin_app(nodes: Sequence[SimulatedNode]) -> web.Application:
    """The admin application for a cluster."""
    api = AdminApi(nodes)
    app = web.Application()
    app.router.add_get("/admin/nodes", api.list_nodes)
    app.router.add_get("/admin/scenarios", api.list_scenarios)
    app.router.add_get("/admin/nodes/{index}", api.get_node)
    app.router.add_post("/admin/nodes/{index}/scenario", api.set_scenario)
    app.router.add_post("/admin/nodes/{index}/satellites", api.add_satellite)
    app.router.add_delete("/admin/nodes/{index}/satellites/{satellite_id}", api.remove_satellite)
    app.router.add_post("/admin/nodes/{index}/api-version", api.set_api_version)
    app.router.add_post("/admin/nodes/{index}/notifications", api.add_notification)
    return app
