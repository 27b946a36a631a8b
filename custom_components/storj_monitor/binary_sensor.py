"""Binary sensors: problems a node operator must act on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import DashboardSatellite, QuicStatus
from .const import CONF_PING_MAX_AGE, DEFAULT_PING_MAX_AGE_MINUTES
from .coordinator import StorjCoordinator, StorjData
from .data import StorjConfigEntry
from .entity import StorjApiSatelliteEntity, StorjNodeEntity, async_follow_satellites
from .log_entities import LOG_CONNECTED, StorjLogConnectedSensor

PARALLEL_UPDATES = 0

VETTING_REPORTED_SINCE = (1, 131, 0)


def recently_pinged(data: StorjData, max_age: timedelta) -> bool:
    """Satellites or uplinks contacted the node within `max_age`."""
    last = data.snapshot.dashboard.last_pinged
    return last is not None and data.fetched_at - last <= max_age


def quic_problem(data: StorjData) -> bool | None:
    """QUIC is misconfigured (None until the node has checked it)."""
    status = data.snapshot.dashboard.quic_status
    if status is None or status is QuicStatus.REFRESHING:
        return None
    return status is QuicStatus.MISCONFIGURED


def troubled_satellites(data: StorjData) -> list[DashboardSatellite]:
    """Satellites that suspended or disqualified the node."""
    return [
        sat for sat in data.snapshot.dashboard.satellites if sat.is_suspended or sat.is_disqualified
    ]


def reports_vetting(data: StorjData) -> bool:
    """Nodes before v1.131 do not report vetting: unknown there, not "not vetted"."""
    version = data.snapshot.dashboard.version_info
    return version is not None and version >= VETTING_REPORTED_SINCE


@dataclass(frozen=True, kw_only=True)
class StorjBinarySensorDescription(BinarySensorEntityDescription):
    """A node binary sensor; `value_fn` also gets the configured ping age."""

    value_fn: Callable[[StorjData, timedelta], bool | None]
    attributes_fn: Callable[[StorjData], dict[str, Any]] | None = None


@dataclass(frozen=True, kw_only=True)
class StorjSatelliteBinarySensorDescription(BinarySensorEntityDescription):
    """A satellite binary sensor, read from the satellite's dashboard entry."""

    value_fn: Callable[[DashboardSatellite, StorjData], bool | None]
    exists_fn: Callable[[StorjData], bool] = lambda _: True
    """Whether this node can ever report the value (decided when the satellite appears)."""


NODE_BINARY_SENSORS: tuple[StorjBinarySensorDescription, ...] = (
    StorjBinarySensorDescription(
        key="reachable",
        translation_key="reachable",
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        value_fn=recently_pinged,
    ),
    StorjBinarySensorDescription(
        key="update_required",
        translation_key="update_required",
        device_class=BinarySensorDeviceClass.UPDATE,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda data, _: not data.snapshot.dashboard.up_to_date,
    ),
    StorjBinarySensorDescription(
        key="quic_problem",
        translation_key="quic_problem",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda data, _: quic_problem(data),
    ),
    StorjBinarySensorDescription(
        key="satellite_problem",
        translation_key="satellite_problem",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda data, _: bool(troubled_satellites(data)),
        attributes_fn=lambda data: {
            "suspended": [sat.name for sat in troubled_satellites(data) if sat.is_suspended],
            "disqualified": [sat.name for sat in troubled_satellites(data) if sat.is_disqualified],
        },
    ),
)

SATELLITE_BINARY_SENSORS: tuple[StorjSatelliteBinarySensorDescription, ...] = (
    StorjSatelliteBinarySensorDescription(
        key="suspended",
        translation_key="suspended",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda sat, _: sat.is_suspended,
    ),
    StorjSatelliteBinarySensorDescription(
        key="disqualified",
        translation_key="disqualified",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda sat, _: sat.is_disqualified,
    ),
    StorjSatelliteBinarySensorDescription(
        key="vetted",
        translation_key="vetted",
        entity_category=EntityCategory.DIAGNOSTIC,
        # A node downgraded since it was set up: unknown, not "not vetted".
        value_fn=lambda sat, data: sat.vetted_at is not None if reports_vetting(data) else None,
        exists_fn=reports_vetting,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: StorjConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the node's binary sensors, and each satellite's as satellites appear."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(StorjNodeBinarySensor(coordinator, desc) for desc in NODE_BINARY_SENSORS)

    async_follow_satellites(
        entry,
        coordinator,
        lambda sat_id: (
            StorjSatelliteBinarySensor(coordinator, d, sat_id)
            for d in SATELLITE_BINARY_SENSORS
            if d.exists_fn(coordinator.data)
        ),
        async_add_entities,
    )
    if (logs := entry.runtime_data.logs) is not None:
        async_add_entities([StorjLogConnectedSensor(logs, LOG_CONNECTED)])


class StorjNodeBinarySensor(StorjNodeEntity[StorjCoordinator], BinarySensorEntity):
    """A binary sensor of the node device."""

    entity_description: StorjBinarySensorDescription

    def __init__(
        self, coordinator: StorjCoordinator, description: StorjBinarySensorDescription
    ) -> None:
        """Remember the configured ping age."""
        super().__init__(coordinator, description)
        minutes = coordinator.config_entry.options.get(
            CONF_PING_MAX_AGE, DEFAULT_PING_MAX_AGE_MINUTES
        )
        self._ping_max_age = timedelta(minutes=minutes)

    @property
    def is_on(self) -> bool | None:
        """The value read from the latest poll."""
        return self.entity_description.value_fn(self.coordinator.data, self._ping_max_age)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Details, e.g. which satellites are in trouble."""
        if self.entity_description.attributes_fn is None:
            return None
        return self.entity_description.attributes_fn(self.coordinator.data)


class StorjSatelliteBinarySensor(StorjApiSatelliteEntity, BinarySensorEntity):
    """A binary sensor of one satellite's device."""

    entity_description: StorjSatelliteBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """The value read from this satellite's dashboard entry."""
        if (satellite := self.dashboard_satellite) is None:
            return None
        return self.entity_description.value_fn(satellite, self.coordinator.data)
