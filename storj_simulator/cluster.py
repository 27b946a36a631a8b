"""A set of simulated nodes plus the admin API, as a library or behind the program."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from .admin import build_admin_app
from .calendar import as_utc
from .model import default_profile, default_satellites
from .node import SHUTDOWN_TIMEOUT, Clock, SimulatedNode, utc_now
from .node_app import build_app
from .versions import DEFAULT_API_VERSION


class SimulatedCluster:
    """Nodes that each listen on their own port, and one admin port for all."""

    def __init__(
        self,
        nodes: int = 1,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        admin_port: int = 0,
        api_version: str = DEFAULT_API_VERSION,
        clock: Clock | None = None,
        seed: int = 0,
        fill_rate_bytes_per_day: int | None = None,
    ) -> None:
        """Describe the cluster; nothing listens until `start()`.

        `port` is the first node's port (the others follow); 0 picks ephemeral ports.
        """
        self.host = host
        self.admin_port = admin_port
        tick = clock or utc_now
        start = as_utc(tick())
        self.nodes: list[SimulatedNode] = []
        for index in range(nodes):
            profile = default_profile(index, seed, start, fill_rate_bytes_per_day)
            self.nodes.append(
                SimulatedNode(
                    profile,
                    default_satellites(profile),
                    clock=tick,
                    api_version=api_version,
                    host=host,
                    port=port + index if port else 0,
                )
            )
        self._admin_runner: web.AppRunner | None = None

    @property
    def admin_url(self) -> str:
        """Base URL of the admin API."""
        return f"http://{self.host}:{self.admin_port}"

    async def start(self) -> None:
        """Open every node's port and the admin port."""
        try:
            for node in self.nodes:
                await node.start(build_app)
            runner = web.AppRunner(
                build_admin_app(self.nodes), access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT
            )
            self._admin_runner = runner
            await runner.setup()
            await web.TCPSite(runner, self.host, self.admin_port, reuse_address=True).start()
            self.admin_port = int(runner.addresses[0][1])
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Close every port and connection."""
        for node in self.nodes:
            await node.stop()
        runner, self._admin_runner = self._admin_runner, None
        if runner is not None:
            await runner.cleanup()


@asynccontextmanager
async def run_simulator(
    nodes: int = 1,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    admin_port: int = 0,
    api_version: str = DEFAULT_API_VERSION,
    clock: Clock | None = None,
    seed: int = 0,
    fill_rate_bytes_per_day: int | None = None,
) -> AsyncIterator[SimulatedCluster]:
    """Run a cluster for the duration of the `async with` block (no background timers)."""
    cluster = SimulatedCluster(
        nodes,
        host=host,
        port=port,
        admin_port=admin_port,
        api_version=api_version,
        clock=clock,
        seed=seed,
        fill_rate_bytes_per_day=fill_rate_bytes_per_day,
    )
    await cluster.start()
    try:
        yield cluster
    finally:
        await cluster.stop()
