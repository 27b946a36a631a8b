"""Sensors of the Storj fleet device: totals and worst-ofs over all loaded nodes.

They are added by one node's sensor platform only (see `fleet.FleetAggregator`), read the
aggregator's totals and update whenever any node's coordinator does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, UnitOfInformation
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .data import StorjConfigEntry
from .fleet import FLEET_IDENTIFIER, FleetAggregator, FleetTotals, Lowest, async_get_fleet
from .rounding import significant_bytes

type SensorValue = StateType | datetime | Decimal


@dataclass(frozen=True, kw_only=True)
class FleetSensorDescription(SensorEntityDescription):
    """A fleet sensor: how to read its value (and details) from the totals."""

    value_fn: Callable[[FleetTotals], SensorValue]
    attributes_fn: Callable[[FleetTotals], dict[str, Any]] | None = None
    unit_fn: Callable[[FleetTotals], str | None] | None = None
    """The unit when it follows the nodes (the currency of their costs)."""


def _bytes(key: str, value_fn: Callable[[FleetTotals], SensorValue]) -> FleetSensorDescription:
    return FleetSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.BYTES,
        suggested_unit_of_measurement=UnitOfInformation.TERABYTES,
        suggested_display_precision=2,
        state_class=SensorStateClass.MEASUREMENT,
        # Each node's poll recomputes the totals: unrounded, 50 nodes would write 50 rows
        # per sensor and poll interval.
        value_fn=lambda totals: significant_bytes(value_fn(totals)),
        attributes_fn=_reporting,
    )


def _money(key: str, value_fn: Callable[[FleetTotals], SensorValue]) -> FleetSensorDescription:
    # No state class: a sum over a changing set of nodes is no running total to add up.
    return FleetSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.MONETARY,
        native_unit_of_measurement="USD",
        suggested_display_precision=2,
        value_fn=value_fn,
        attributes_fn=_reporting,
    )


def _lowest(key: str, read: Callable[[FleetTotals], Lowest | None]) -> FleetSensorDescription:
    def attributes(totals: FleetTotals) -> dict[str, Any]:
        low = read(totals)
        if low is None:
            return {}
        return {"node": low.node, "satellite": low.satellite, "satellite_id": low.satellite_id}

    return FleetSensorDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda t: None if (low := read(t)) is None else low.percent,
        attributes_fn=attributes,
    )


def _reporting(totals: FleetTotals) -> dict[str, Any]:
    """How many nodes the sum covers (a node that never answered has nothing to add)."""
    return {"nodes_reporting": totals.nodes_reporting, "nodes_total": totals.nodes_total}


FLEET_SENSORS: tuple[FleetSensorDescription, ...] = (
    FleetSensorDescription(
        key="fleet_nodes_online",
        translation_key="fleet_nodes_online",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda t: t.nodes_online,
        attributes_fn=lambda t: {"nodes_total": t.nodes_total},
    ),
    FleetSensorDescription(
        key="fleet_nodes_total",
        translation_key="fleet_nodes_total",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda t: t.nodes_total,
    ),
    _bytes("fleet_disk_used", lambda t: t.disk_used),
    _bytes("fleet_disk_free", lambda t: t.disk_free),
    _bytes("fleet_disk_allocated", lambda t: t.disk_allocated),
    _money("fleet_earnings_month", lambda t: t.earnings_month),
    _money("fleet_payout_month_projected", lambda t: t.payout_month_projected),
    _money("fleet_held_total", lambda t: t.held_total),
    _lowest("fleet_lowest_audit_score", lambda t: t.lowest_audit),
    _lowest("fleet_lowest_suspension_score", lambda t: t.lowest_suspension),
    _lowest("fleet_lowest_online_score", lambda t: t.lowest_online),
    FleetSensorDescription(
        key="fleet_disk_full_date",
        translation_key="fleet_disk_full_date",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda t: None if t.disk_full is None else t.disk_full.full_at,
        attributes_fn=lambda t: {} if t.disk_full is None else {"node": t.disk_full.node},
    ),
    FleetSensorDescription(
        key="fleet_net_profit_month",
        translation_key="fleet_net_profit_month",
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
        value_fn=lambda t: t.net_profit_month,
        attributes_fn=lambda t: {"nodes_with_costs": t.nodes_with_costs},
        unit_fn=lambda t: t.net_profit_currency or "USD",
    ),
    FleetSensorDescription(
        key="fleet_active_alerts",
        translation_key="fleet_active_alerts",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda t: t.active_alerts,
    ),
)


def fleet_entities(fleet: FleetAggregator) -> list[Entity]:
    """One of each fleet sensor."""
    return [StorjFleetSensor(fleet, description) for description in FLEET_SENSORS]


@callback
def async_offer_fleet_sensors(
    hass: HomeAssistant, entry: StorjConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Let this node's sensor platform hold the fleet's sensors when the fleet picks it."""
    async_get_fleet(hass).async_offer_platform(entry, fleet_entities, async_add_entities)


class StorjFleetSensor(SensorEntity):
    """A sensor of the fleet device."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    entity_description: FleetSensorDescription

    def __init__(self, fleet: FleetAggregator, description: FleetSensorDescription) -> None:
        """Attach the sensor to the fleet device; its unique ID names no node, so it can move."""
        self.fleet = fleet
        self.entity_description = description
        self._attr_unique_id = description.key
        self._attr_device_info = DeviceInfo(identifiers={FLEET_IDENTIFIER})

    async def async_added_to_hass(self) -> None:
        """Follow the totals."""
        await super().async_added_to_hass()
        self.async_on_remove(self.fleet.async_add_listener(self.async_write_ha_state))

    @property
    def native_value(self) -> SensorValue:
        """The value read from the latest totals."""
        return self.entity_description.value_fn(self.fleet.totals)

    @property
    def native_unit_of_measurement(self) -> str | None:
        """The nodes' currency for the net profit; the description's unit otherwise."""
        if self.entity_description.unit_fn is not None:
            return self.entity_description.unit_fn(self.fleet.totals)
        return super().native_unit_of_measurement

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Which node and satellite a worst-of comes from; how many nodes a sum covers."""
        if self.entity_description.attributes_fn is None:
            return None
        return self.entity_description.attributes_fn(self.fleet.totals)
