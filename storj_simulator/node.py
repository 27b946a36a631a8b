"""One simulated storage node: its state inputs, its controls and its listening socket."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .calendar import DAY, as_utc
from .identity import is_node_id, new_node_id
from .model import NodeProfile, NodeSatellite
from .notifications import Notification, new_notification
from .satellites import KNOWN_SATELLITES
from .scenarios import Scenario, ScenarioChange, Timeline, validate_params
from .state import NodeState
from .versions import ApiProfile, profile_for

if TYPE_CHECKING:
    from .loglines import LogStyle
    from .logwriter import LogTarget, LogWriter

type Clock = Callable[[], datetime]
# A request still waiting in the `slow` scenario is cut off this soon on shutdown.
SHUTDOWN_TIMEOUT = 0.2
NEW_SATELLITE_WEIGHT = 0.05


def utc_now() -> datetime:
    """The default clock (read at call time, so freezegun can freeze it)."""
    return datetime.now(UTC)


class SimulatedNode:
    """A storage node whose dashboard API listens on its own port."""

    def __init__(
        self,
        profile: NodeProfile,
        satellites: list[NodeSatellite],
        *,
        clock: Clock = utc_now,
        api_version: str,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        """Create the node; it starts at `clock()` as healthy and does not listen yet."""
        self.profile = profile
        self.satellites = satellites
        self.host = host
        self.port = port
        self.api: ApiProfile = profile_for(api_version)
        self.read_notifications: dict[str, datetime] = {}
        # Every HTTP request answered, API or not: a fleet benchmark's requests per hour.
        self.requests = 0
        self.added_notifications: list[Notification] = []
        self._clock = clock
        self._timeline = Timeline(
            ScenarioChange(self.now(), Scenario.HEALTHY, validate_params(Scenario.HEALTHY, {}))
        )
        self._runner: web.AppRunner | None = None
        self._app_factory: Callable[[SimulatedNode], web.Application] | None = None
        self._added = 0

    # --- identity -----------------------------------------------------------------

    @property
    def index(self) -> int:
        """Position of the node in its cluster."""
        return self.profile.index

    @property
    def node_id(self) -> str:
        """The node ID (base58)."""
        return self.profile.node_id

    @property
    def url(self) -> str:
        """Base URL of the dashboard API, e.g. `http://127.0.0.1:14002`."""
        return f"http://{self.host}:{self.port}"

    @property
    def listening(self) -> bool:
        """Whether the API accepts connections (False while `offline`)."""
        return self._runner is not None

    # --- state --------------------------------------------------------------------

    def now(self) -> datetime:
        """The simulation time (the injected clock, as aware UTC)."""
        return as_utc(self._clock())

    def state(self, now: datetime | None = None) -> NodeState:
        """The node's state at `now` (default: the clock)."""
        moment = self.now() if now is None else as_utc(now)
        return NodeState(self.profile, self.satellites, self._timeline, moment)

    @property
    def scenario(self) -> ScenarioChange:
        """The scenario in effect now, with its parameters."""
        return self._timeline.current(self.now())

    def timeline(self) -> list[ScenarioChange]:
        """Every scenario change so far, oldest first."""
        return self._timeline.changes()

    # --- controls -----------------------------------------------------------------

    async def set_scenario(self, name: str | Scenario, **params: Any) -> None:
        """Switch scenario now; `offline` closes the socket, leaving it reopens the port.

        Raises ValueError for an unknown scenario, parameter or satellite.
        """
        try:
            scenario = Scenario(name)
        except ValueError:
            known = ", ".join(Scenario)
            raise ValueError(f"unknown scenario {name!r} (known: {known})") from None
        checked = validate_params(scenario, params)
        wanted = checked.get("satellite")
        if wanted not in (None, "all") and not any(
            sat.satellite_id == wanted for sat in self.satellites if sat.removed_at is None
        ):
            raise ValueError(f"satellite {wanted} is not in the node's trust list")
        self._timeline.change(self.now(), scenario, checked)
        if scenario is Scenario.OFFLINE:
            await self.stop()
        elif self._app_factory is not None and not self.listening:
            await self.start(self._app_factory)

    def add_satellite(
        self,
        satellite_id: str | None = None,
        address: str | None = None,
        *,
        joined_at: datetime | None = None,
    ) -> NodeSatellite:
        """Trust a satellite from now on (a known production ID needs no address).

        Without an ID a new test satellite is made up. Re-adding a removed satellite
        restores it with its history.
        """
        now = self.now()
        if satellite_id is None:
            self._added += 1
            satellite_id = new_node_id(self.profile.seed, self.index, "satellite", self._added)
        if not is_node_id(satellite_id):
            raise ValueError(f"{satellite_id!r} is not a node ID")
        for existing in self.satellites:
            if existing.satellite_id == satellite_id:
                if existing.removed_at is None:
                    raise ValueError(f"satellite {satellite_id} is already trusted")
                existing.removed_at = None
                return existing
        known = KNOWN_SATELLITES.get(satellite_id)
        if address is None:
            address = known.address if known else f"{satellite_id[:12].lower()}.invalid:7777"
        joined = now if joined_at is None else as_utc(joined_at)
        satellite = NodeSatellite(
            satellite_id=satellite_id,
            address=address,
            weight=known.weight if known else NEW_SATELLITE_WEIGHT,
            joined_at=joined,
            vetted_at=joined + DAY * 30,
        )
        self.satellites.append(satellite)
        return satellite

    def remove_satellite(self, satellite_id: str) -> None:
        """Drop a satellite from the trust list (its paystubs stay, as on a real node)."""
        for satellite in self.satellites:
            if satellite.satellite_id == satellite_id and satellite.removed_at is None:
                satellite.removed_at = self.now()
                return
        raise KeyError(satellite_id)

    def set_api_version(self, api_version: str) -> None:
        """Serve the shapes of another storagenode release from now on."""
        self.api = profile_for(api_version)

    def mark_read(self, notification_id: str) -> None:
        """Mark one notification read (unknown IDs are ignored, as by the node)."""
        self.read_notifications.setdefault(notification_id, self.now())

    def add_notification(self, **fields: object) -> Notification:
        """Create a notification now, as a satellite or the node would (ValueError if bad)."""
        added = new_notification(self.node_id, self.now(), len(self.added_notifications), fields)
        self.added_notifications.append(added)
        return added

    def mark_all_read(self, notification_ids: list[str]) -> None:
        """Mark the given notifications read."""
        for notification_id in notification_ids:
            self.mark_read(notification_id)

    def log_writer(
        self,
        target: LogTarget,
        *,
        style: LogStyle | None = None,
        lines_per_second: float = 10.0,
    ) -> LogWriter:
        """A writer of this node's log lines (use `async with` or call `write_until()`).

        `style` defaults to the encoding and key names of the served API version.
        """
        from .logwriter import LogWriter

        return LogWriter(self, target, style=style, lines_per_second=lines_per_second)

    # --- listening ----------------------------------------------------------------

    async def start(self, app_factory: Callable[[SimulatedNode], web.Application]) -> None:
        """Listen on the node's port (an ephemeral one is kept for later restarts)."""
        self._app_factory = app_factory
        if self.listening or self.scenario.scenario is Scenario.OFFLINE:
            return
        # Cancelling handlers when the peer goes away ends `slow` delays with the request.
        runner = web.AppRunner(
            app_factory(self),
            access_log=None,
            shutdown_timeout=SHUTDOWN_TIMEOUT,
            handler_cancellation=True,
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        if self.port == 0:
            self.port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Close the socket and every open connection, like a stopped process."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
