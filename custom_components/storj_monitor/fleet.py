"""The Storj fleet: every loaded node summed up on one shared device.

Each loaded node joins the fleet, which listens to its coordinator: the totals follow
every poll without a request of their own.

A device, like an entity, belongs to exactly one config entry (Home Assistant 2026.10
no longer shares devices between entries). The first node to join owns the fleet device
and its entities; when it unloads, the next node still loaded adopts both (its sensor
platform offered its add-entities callback for that): the device moves, keeping its ID,
and the entities' unique IDs name no node, so the registry keeps their entity IDs,
names and history. The device goes when the entry owning it is removed, i.e. with the
last node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.entity import Entity
from homeassistant.util.hass_dict import HassKey

from .binary_sensor import recently_pinged
from .const import CONF_PING_MAX_AGE, DEFAULT_PING_MAX_AGE_MINUTES, DOMAIN, MANUFACTURER
from .data import StorjConfigEntry
from .device import FLEET_DEVICE
from .profit_entities import net_profit_month

FLEET_IDENTIFIER = FLEET_DEVICE
FLEET_NAME = "Storj fleet"
MODEL_FLEET = "Fleet"

type EntityAdder = Callable[[Iterable[Entity]], None]
type FleetEntitiesFactory = Callable[[FleetAggregator], list[Entity]]


@dataclass(frozen=True, slots=True)
class Lowest:
    """The lowest score in the fleet and where it is."""

    percent: float
    node: str
    satellite: str
    satellite_id: str


@dataclass(frozen=True, slots=True)
class Soonest:
    """The first disk in the fleet to fill up."""

    full_at: datetime
    node: str


@dataclass(frozen=True, slots=True)
class FleetTotals:
    """Sums and worst-ofs over the nodes' latest data (None where no node knows the value)."""

    nodes_total: int
    nodes_online: int
    nodes_reporting: int
    disk_used: int | None
    disk_free: int | None
    disk_allocated: int | None
    earnings_month: Decimal | None
    payout_month_projected: Decimal | None
    held_total: Decimal | None
    lowest_audit: Lowest | None
    lowest_suspension: Lowest | None
    lowest_online: Lowest | None
    disk_full: Soonest | None
    active_alerts: int
    net_profit_month: float | None = None
    """Summed over the nodes with costs; None when none has a value or their currencies differ."""
    net_profit_currency: str | None = None
    nodes_with_costs: int = 0


def _net_profit(entries: list[StorjConfigEntry]) -> tuple[float | None, str | None]:
    """The sum of the nodes' net profits this month, in their (one) currency."""
    values = [value for entry in entries if (value := net_profit_month(entry)) is not None]
    currencies = {currency for _, currency in values}
    if len(currencies) != 1:
        # A sum of euros and dollars means nothing: unknown rather than wrong.
        return None, None
    return round(sum(net for net, _ in values), 6), currencies.pop()


def _sum[T: (int, Decimal)](values: Iterable[T | None], zero: T) -> T | None:
    """The sum of the known values; None when none is known."""
    known = [value for value in values if value is not None]
    return sum(known, zero) if known else None


def is_online(entry: StorjConfigEntry) -> bool:
    """Answering our polls and reachable by the satellites, as its Reachable sensor says."""
    coordinator = entry.runtime_data.coordinator
    if not coordinator.last_update_success or coordinator.data is None:
        return False
    minutes = entry.options.get(CONF_PING_MAX_AGE, DEFAULT_PING_MAX_AGE_MINUTES)
    return recently_pinged(coordinator.data, timedelta(minutes=minutes))


def compute_totals(entries: Iterable[StorjConfigEntry]) -> FleetTotals:
    """Sum up the nodes' latest data (a node that stopped answering keeps its last values)."""
    entries = list(entries)
    reporting = [
        (entry.title, entry.runtime_data.coordinator.data)
        for entry in entries
        if entry.runtime_data.coordinator.data is not None
    ]
    scores: dict[str, list[Lowest]] = {"audit": [], "suspension": [], "online": []}
    full: list[Soonest] = []
    for title, data in reporting:
        names = {sat.id: sat.name for sat in data.snapshot.dashboard.satellites}
        for sat in data.snapshot.satellites.values():
            name = names.get(sat.id, sat.id)
            for kind, score in (
                ("audit", sat.audit_score),
                ("suspension", sat.suspension_score),
                ("online", sat.online_score),
            ):
                scores[kind].append(Lowest(round(score * 100, 4), title, name, sat.id))
        if data.forecast is not None and data.forecast.full_at is not None:
            full.append(Soonest(data.forecast.full_at, title))

    def lowest(kind: str) -> Lowest | None:
        return min(scores[kind], key=lambda low: low.percent, default=None)

    disks = [data.snapshot.dashboard.disk for _, data in reporting]
    net_profit, currency = _net_profit(entries)
    return FleetTotals(
        nodes_total=len(entries),
        nodes_online=sum(is_online(entry) for entry in entries),
        nodes_reporting=len(reporting),
        disk_used=_sum((disk.used_total for disk in disks), 0),
        disk_free=_sum((disk.free for disk in disks), 0),
        disk_allocated=_sum((disk.allocated_total for disk in disks), 0),
        earnings_month=_sum(
            (data.snapshot.payout.current_month.gross for _, data in reporting), Decimal(0)
        ),
        payout_month_projected=_sum(
            (data.earnings.projected_payout if data.earnings else None for _, data in reporting),
            Decimal(0),
        ),
        held_total=_sum(
            (
                sum((sat.currently_held for sat in data.history.held_history), Decimal(0))
                if data.history is not None
                else None
                for _, data in reporting
            ),
            Decimal(0),
        ),
        lowest_audit=lowest("audit"),
        lowest_suspension=lowest("suspension"),
        lowest_online=lowest("online"),
        disk_full=min(full, key=lambda soonest: soonest.full_at, default=None),
        active_alerts=sum(len(entry.runtime_data.alerts.active) for entry in entries),
        net_profit_month=net_profit,
        net_profit_currency=currency,
        nodes_with_costs=sum(entry.runtime_data.profit is not None for entry in entries),
    )


@dataclass
class FleetAggregator:
    """The loaded nodes, the owner of the fleet's entities, and who listens to the totals."""

    hass: HomeAssistant
    entities_factory: FleetEntitiesFactory | None = None
    members: dict[str, StorjConfigEntry] = field(default_factory=dict)
    adders: dict[str, EntityAdder] = field(default_factory=dict)
    owner: str | None = None
    totals: FleetTotals = field(default_factory=lambda: compute_totals(()))
    _listeners: list[CALLBACK_TYPE] = field(default_factory=list)
    _unsubscribe: dict[str, CALLBACK_TYPE] = field(default_factory=dict)

    @callback
    def async_offer_platform(
        self, entry: StorjConfigEntry, factory: FleetEntitiesFactory, adder: EntityAdder
    ) -> None:
        """A node's sensor platform is ready to hold the fleet's entities if asked."""
        self.entities_factory = factory
        self.adders[entry.entry_id] = adder

    @callback
    def async_join(self, entry: StorjConfigEntry) -> CALLBACK_TYPE:
        """Add a loaded node; returns how it leaves (on unload)."""
        self.members[entry.entry_id] = entry
        unsubscribe = [entry.runtime_data.coordinator.async_add_listener(self._async_refresh)]
        if (profit := entry.runtime_data.profit) is not None:
            # Energy readings change the net profit between polls.
            unsubscribe.append(profit.async_add_listener(self._async_refresh))

        @callback
        def stop_listening() -> None:
            for remove in unsubscribe:
                remove()

        self._unsubscribe[entry.entry_id] = stop_listening
        self._async_refresh()
        if self.owner is None:
            self._async_adopt()

        @callback
        def leave() -> None:
            self._async_leave(entry.entry_id)

        return leave

    @callback
    def _async_leave(self, entry_id: str) -> None:
        self.members.pop(entry_id, None)
        self.adders.pop(entry_id, None)
        if (unsubscribe := self._unsubscribe.pop(entry_id, None)) is not None:
            unsubscribe()
        if self.owner == entry_id:
            # Its platform has removed the entities already: the next node adds them again.
            self.owner = None
            self._async_adopt()
        self._async_refresh()

    @callback
    def _async_adopt(self) -> None:
        """Let the first loaded node with a sensor platform own the device and its entities."""
        if self.entities_factory is None:
            return
        for entry_id, entry in self.members.items():
            if (adder := self.adders.get(entry_id)) is not None:
                self.owner = entry_id
                self._async_own_device(entry)
                adder(self.entities_factory(self))
                return

    @callback
    def _async_own_device(self, entry: StorjConfigEntry) -> None:
        """Give the fleet device to `entry`, created if none is left.

        A device belongs to one config entry: it moves (keeping its ID, so automations
        that name it still work) rather than being created anew, and the registry
        deletes it with the config entry that owns it when that entry is removed.
        """
        registry = dr.async_get(self.hass)
        devices = registry.async_get_devices(identifiers={FLEET_IDENTIFIER})
        if not devices:
            registry.async_get_or_create(
                config_entry_id=entry.entry_id,
                identifiers={FLEET_IDENTIFIER},
                manufacturer=MANUFACTURER,
                model=MODEL_FLEET,
                name=FLEET_NAME,
            )
            return
        device, *extra = devices
        for stale in extra:
            registry.async_remove_device(stale.id)
        if device.config_entry_id != entry.entry_id:
            registry.async_update_device(device.id, new_config_entry_id=entry.entry_id)

    @callback
    def async_add_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `update` whenever the totals change; returns how to stop."""
        self._listeners.append(update)

        @callback
        def remove() -> None:
            self._listeners.remove(update)

        return remove

    @callback
    def _async_refresh(self) -> None:
        self.totals = compute_totals(self.members.values())
        for update in list(self._listeners):
            update()


FLEET: HassKey[FleetAggregator] = HassKey(f"{DOMAIN}_fleet")


@callback
def async_get_fleet(hass: HomeAssistant) -> FleetAggregator:
    """The fleet of this Home Assistant, created on first use."""
    if (fleet := hass.data.get(FLEET)) is None:
        fleet = hass.data[FLEET] = FleetAggregator(hass)
    return fleet
