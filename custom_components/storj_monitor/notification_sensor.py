"""The node's *Unread notifications* sensor."""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import (
    SensorEntity,
    SensorEntityDescription,
)

from .coordinator import StorjCoordinator
from .entity import StorjNodeEntity
from .notifications import latest_unread

UNREAD_NOTIFICATIONS = SensorEntityDescription(
    key="unread_notifications",
    translation_key="unread_notifications",
)


class StorjUnreadNotificationsSensor(StorjNodeEntity[StorjCoordinator], SensorEntity):
    """How many notifications the node has that nobody read; the newest in attributes."""

    # Titles change with every notification: not worth a row each in the database.
    _unrecorded_attributes = frozenset({"latest_unread"})

    @property
    def available(self) -> bool:
        """Unavailable while the node cannot list its notifications, even if it answers."""
        return super().available and self.coordinator.data.notifications is not None

    @property
    def native_value(self) -> int | None:
        """The node's own unread count (of all notifications, not only the first page)."""
        page = self.coordinator.data.notifications
        return None if page is None else page.unread_count

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The newest unread ones (ID, title, type, time) and the total count."""
        page = self.coordinator.data.notifications
        if page is None:
            return None
        return {"latest_unread": latest_unread(page), "total": page.total_count}
