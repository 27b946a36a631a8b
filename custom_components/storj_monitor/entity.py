"""Base entities: one device per node, one per satellite of that node.

Both bases serve the API coordinator and the log coordinator alike: they only need the
node's ID, which is the unique ID of the coordinator's config entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity, DataUpdateCoordinator

from .api import DashboardSatellite, SatelliteDetails
from .const import DOMAIN
from .coordinator import StorjCoordinator
from .data import StorjConfigEntry
from .device import satellite_identifier


@callback
def async_follow_satellites(
    entry: StorjConfigEntry,
    coordinator: StorjCoordinator,
    create: Callable[[str], Iterable[Entity]],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add `create(satellite_id)` for each satellite now and for each that appears later.

    Satellites that left are forgotten, so their entities come back if they return.
    """
    known: set[str] = set()

    @callback
    def add_new_satellites() -> None:
        nonlocal known
        current = set(coordinator.data.snapshot.satellites)
        async_add_entities(
            entity for satellite_id in current - known for entity in create(satellite_id)
        )
        known = current

    add_new_satellites()
    entry.async_on_unload(coordinator.async_add_listener(add_new_satellites))


def node_id_of(coordinator: DataUpdateCoordinator[Any]) -> str:
    """The node a coordinator serves: its config entry's unique ID."""
    entry = coordinator.config_entry
    assert entry is not None
    assert entry.unique_id is not None
    return entry.unique_id


class StorjNodeEntity[CoordinatorT: DataUpdateCoordinator[Any]](CoordinatorEntity[CoordinatorT]):
    """An entity of the node device."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: CoordinatorT, description: EntityDescription) -> None:
        """Attach the entity to the node's device."""
        super().__init__(coordinator)
        node_id = node_id_of(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{node_id}_{description.key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, node_id)})


class StorjSatelliteEntity[CoordinatorT: DataUpdateCoordinator[Any]](
    CoordinatorEntity[CoordinatorT]
):
    """An entity of one satellite's device (registered by `device.async_sync_devices`)."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: CoordinatorT, description: EntityDescription, satellite_id: str
    ) -> None:
        """Attach the entity to the satellite's device."""
        super().__init__(coordinator)
        node_id = node_id_of(coordinator)
        self.entity_description = description
        self.satellite_id = satellite_id
        self._attr_unique_id = f"{node_id}_{satellite_id}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={satellite_identifier(node_id, satellite_id)}
        )


class StorjApiSatelliteEntity(StorjSatelliteEntity[StorjCoordinator]):
    """A satellite entity read from the node's API: unavailable once the node drops it."""

    @property
    def satellite(self) -> SatelliteDetails | None:
        """This satellite's latest details, None once the node no longer lists it."""
        return self.coordinator.data.snapshot.satellites.get(self.satellite_id)

    @property
    def dashboard_satellite(self) -> DashboardSatellite | None:
        """This satellite's dashboard entry (suspension and disqualification times)."""
        for satellite in self.coordinator.data.snapshot.dashboard.satellites:
            if satellite.id == self.satellite_id:
                return satellite
        return None

    @property
    def available(self) -> bool:
        """Unavailable while the node is unreachable or no longer reports this satellite."""
        return super().available and self.satellite is not None
