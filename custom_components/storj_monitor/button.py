"""The node's "Send test alert" button: checks a notification setup end to end."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alert_publish import async_send_test_alert
from .coordinator import StorjCoordinator
from .data import StorjConfigEntry
from .entity import StorjNodeEntity

PARALLEL_UPDATES = 0

SEND_TEST_ALERT = ButtonEntityDescription(
    key="send_test_alert",
    translation_key="send_test_alert",
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: StorjConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the node's test alert button."""
    async_add_entities([StorjTestAlertButton(entry.runtime_data.coordinator, SEND_TEST_ALERT)])


class StorjTestAlertButton(StorjNodeEntity[StorjCoordinator], ButtonEntity):
    """Sends a `test_alert` the way real alerts go: bus event and the node's event entity."""

    @property
    def available(self) -> bool:
        """Always available: testing notifications must work while the node is down too."""
        return True

    async def async_press(self) -> None:
        """Send the test alert."""
        async_send_test_alert(self.hass, self.coordinator.config_entry)
