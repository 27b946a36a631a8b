"""The node's alert event entity: one event per alert transition."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alert_publish import alert_signal
from .alert_rules import EVENT_TYPES
from .coordinator import StorjCoordinator
from .data import StorjConfigEntry
from .entity import StorjNodeEntity
from .notifications import NOTIFICATION_EVENT_TYPE

PARALLEL_UPDATES = 0

ALERTS = EventEntityDescription(
    key="alerts",
    translation_key="alerts",
    event_types=sorted({*EVENT_TYPES, NOTIFICATION_EVENT_TYPE}),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: StorjConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the node's alert event entity."""
    async_add_entities([StorjAlertEvent(entry.runtime_data.coordinator, ALERTS)])


class StorjAlertEvent(StorjNodeEntity[StorjCoordinator], EventEntity):
    """Fires `node_offline`, `audit_score_low`, `reputation_recovered`... as they happen."""

    @property
    def available(self) -> bool:
        """Always available: it must be able to tell that the node went offline."""
        return True

    async def async_added_to_hass(self) -> None:
        """Listen for the alert manager's transitions."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, alert_signal(self.coordinator.config_entry.entry_id), self._on_alert
            )
        )

    @callback
    def _on_alert(self, event_type: str, data: dict[str, Any]) -> None:
        self._trigger_event(event_type, data)
        self.async_write_ha_state()

    @callback
    def _handle_coordinator_update(self) -> None:
        """Polls change nothing here; only alerts do."""
