"""The node's Insights sensor: how many of its figures are unusual now, and which."""

from __future__ import annotations

from typing import Any, Final

from homeassistant.components.sensor import (
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.dispatcher import async_dispatcher_connect

from .anomaly_monitor import AnomalyMonitor, anomaly_signal
from .const import DOMAIN
from .coordinator import StorjCoordinator
from .entity import StorjNodeEntity

INSIGHTS: Final = SensorEntityDescription(key="insights", translation_key="insights")


@callback
def async_remove_insights(hass: HomeAssistant, node_id: str) -> None:
    """Drop the sensor of a node whose detection was switched off, not leave it unavailable."""
    registry = er.async_get(hass)
    unique_id = f"{node_id}_{INSIGHTS.key}"
    if entity_id := registry.async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id):
        registry.async_remove(entity_id)


class StorjInsightsSensor(StorjNodeEntity[StorjCoordinator], SensorEntity):
    """State: the number of current anomalies; attributes: a short list of them."""

    def __init__(self, coordinator: StorjCoordinator, monitor: AnomalyMonitor) -> None:
        """Show `monitor`'s anomalies on the node's device."""
        super().__init__(coordinator, INSIGHTS)
        self.monitor = monitor

    @property
    def available(self) -> bool:
        """Always: the anomalies are known from the hourly history, not from the last poll."""
        return True

    @property
    def native_value(self) -> int:
        """How many figures are unusual now."""
        return len(self.monitor.active)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Which ones: metric, direction, z (rounded) and since when."""
        return {
            "anomalies": [
                {
                    "metric": anomaly.metric.value,
                    "direction": anomaly.direction.value,
                    "z": round(anomaly.z, 1),
                    "since": anomaly.since.isoformat(),
                }
                for anomaly in self.monitor.active
            ]
        }

    async def async_added_to_hass(self) -> None:
        """Refresh after each hourly judgement."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                anomaly_signal(self.coordinator.config_entry.entry_id),
                self._on_judged,
            )
        )

    @callback
    def _on_judged(self) -> None:
        self.async_write_ha_state()
