"""The node's own notifications: each new one announced once, also across restarts.

The node lists them newest first, 50 at most per page, with no filter by state or time
(storagenode/console/consoleapi/notifications.go:91, storagenode/storagenodedb/
notifications.go:67-70 @ 5dbec64f5a): so each poll reads the first page of 50 (one request)
and compares its IDs with those already seen, kept in a Store.
"""

from __future__ import annotations

from collections.abc import Callable
import re
from typing import Any, Final, TypedDict

from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.storage import Store

from .alert_publish import alert_signal
from .api import (
    Notification,
    NotificationsPage,
    StorjError,
    StorjNodeClient,
    satellite_name,
)
from .const import DOMAIN, LOGGER
from .data import StorjConfigEntry

NOTIFICATION_EVENT: Final = f"{DOMAIN}_notification"
"""Bus event fired once per new notification."""
NOTIFICATION_EVENT_TYPE: Final = "notification"
"""The node event entity's event type for a new notification."""
PAGE_LIMIT: Final = 50
"""The node's cap on a page (storagenode/storagenodedb/notifications.go:70 @ 5dbec64f5a)."""
REMEMBERED: Final = 500
"""IDs kept: far more than a page, so an ID is forgotten only long after it left page 1."""
LATEST: Final = 5
"""Unread notifications the sensor lists in its attributes."""
STORE_VERSION: Final = 1
# The two forms storj's uuid.FromString accepts (consoleapi/notifications.go:62 @ 5dbec64f5a).
_GO_UUID: Final = re.compile(
    r"[0-9a-fA-F]{32}|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}"
)


class _Stored(TypedDict):
    seen: list[str]


def _store(hass: HomeAssistant, node_id: str) -> Store[_Stored]:
    return Store(hass, STORE_VERSION, f"{DOMAIN}.notifications.{node_id}")


def is_notification_id(value: str) -> bool:
    """Whether the node would accept `value` as a notification ID."""
    return _GO_UUID.fullmatch(value) is not None


def type_name(item: Notification) -> str:
    """`suspension`, `custom`...; `unknown` for a code this version does not know."""
    kind = item.kind
    return "unknown" if kind is None else kind.name.lower()


def latest_unread(page: NotificationsPage) -> list[dict[str, Any]]:
    """The newest unread notifications of a page, for the sensor's attributes."""
    return [
        {
            "id": item.id,
            "title": item.title,
            "type": type_name(item),
            "created_at": item.created_at.isoformat(),
        }
        for item in page.notifications
        if item.read_at is None
    ][:LATEST]


class NotificationTracker:
    """Polls one node's notifications, announces new ones, dismisses read ones."""

    def __init__(
        self, hass: HomeAssistant, entry: StorjConfigEntry, client: StorjNodeClient
    ) -> None:
        """Track the notifications of the node of `entry`."""
        assert entry.unique_id is not None
        self._hass = hass
        self._entry = entry
        self._client = client
        self.node_id: str = entry.unique_id
        self._store = _store(hass, self.node_id)
        # Insertion-ordered set of IDs seen; None until the node listed them once.
        self._seen: dict[str, None] | None = None
        # New ones found before the event entity exists (the first poll runs before it).
        self._pending: list[Notification] = []
        self._started = False
        self._failing = False

    @staticmethod
    async def async_remove(hass: HomeAssistant, node_id: str) -> None:
        """Forget the IDs seen (the node's entry is removed)."""
        await _store(hass, node_id).async_remove()

    async def async_load(self) -> None:
        """Restore the IDs seen before the last restart."""
        if (stored := await self._store.async_load()) is not None:
            self._seen = dict.fromkeys(stored["seen"])

    @callback
    def async_start(self) -> Callable[[], None]:
        """Announce what the first poll found; from now on, as found. Returns the stop."""
        self._started = True
        for item in self._pending:
            self._announce(item)
        self._pending.clear()

        @callback
        def stop() -> None:
            self._started = False

        return stop

    async def async_poll(self) -> NotificationsPage | None:
        """The first page, None if the node cannot list them (the rest of the node is fine)."""
        try:
            page = await self._client.async_get_notifications(limit=PAGE_LIMIT)
        except StorjError as err:
            if not self._failing:
                LOGGER.warning("Could not list the notifications of %s: %s", self._entry.title, err)
                self._failing = True
            return None
        if self._failing:
            LOGGER.info("The notifications of %s can be listed again", self._entry.title)
            self._failing = False
        await self._async_process(page)
        return page

    async def async_mark_read(self, notification_id: str | None) -> NotificationsPage | None:
        """Mark one notification read (all without an ID), dismiss it, list them again.

        Raises `StorjError` if the node refuses.
        """
        if notification_id is None:
            await self._client.async_mark_all_notifications_read()
            read = list(self._seen or ())
        else:
            await self._client.async_mark_notification_read(notification_id)
            read = [notification_id]
        for item_id in read:
            persistent_notification.async_dismiss(self._hass, self._persistent_id(item_id))
        return await self.async_poll()

    async def _async_process(self, page: NotificationsPage) -> None:
        for item in page.notifications:
            if item.read_at is not None:
                # Read on the dashboard or by the action: its notification has done its job.
                persistent_notification.async_dismiss(self._hass, self._persistent_id(item.id))
        oldest_first = list(reversed(page.notifications))
        if self._seen is None:
            # First listing ever: what is there already is not news; the sensor counts it.
            self._seen = {}
            new: list[Notification] = []
        else:
            new = [item for item in oldest_first if item.id not in self._seen]
            if not new:
                return
        # The listed IDs go last, so trimming never forgets one still on the first page.
        listed = [item.id for item in oldest_first]
        on_page = set(listed)
        kept = [item_id for item_id in self._seen if item_id not in on_page]
        room = max(REMEMBERED - len(listed), 0)
        self._seen = dict.fromkeys([*kept[len(kept) - room :], *listed])
        # Saved before announcing: a crash may lose an announcement, never repeat one.
        await self._store.async_save({"seen": list(self._seen)})
        if self._started:
            for item in new:
                self._announce(item)
        else:
            self._pending.extend(new)

    def _persistent_id(self, notification_id: str) -> str:
        return f"{DOMAIN}_{self.node_id}_{notification_id}"

    @callback
    def _announce(self, item: Notification) -> None:
        entry = self._entry
        # The node is the sender of all it creates; a satellite's ID gets its name.
        sender = None if item.sender_id == self.node_id else satellite_name(item.sender_id, None)
        data: dict[str, Any] = {
            "node": entry.title,
            "node_id": self.node_id,
            "entry_id": entry.entry_id,
            "notification_id": item.id,
            "type": type_name(item),
            "type_code": item.type,
            "sender_id": item.sender_id,
            "sender": sender,
            "title": item.title,
            "message": item.message,
            "created_at": item.created_at.isoformat(),
            "read": item.read_at is not None,
        }
        self._hass.bus.async_fire(NOTIFICATION_EVENT, data)
        async_dispatcher_send(
            self._hass, alert_signal(entry.entry_id), NOTIFICATION_EVENT_TYPE, data
        )
        if item.read_at is None:
            persistent_notification.async_create(
                self._hass,
                item.message,
                title=f"{entry.title}: {item.title}",
                notification_id=self._persistent_id(item.id),
            )
