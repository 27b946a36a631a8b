"""Websocket commands for the cards: `storj_monitor/get` and `storj_monitor/subscribe`.

A node is named by its config entry or its device (the cards know the device). Access: any
authenticated user who may read every entity of the node (admins and, with Home Assistant's
default policy, every user), because the payload summarises exactly those entities; anyone
else gets `unauthorized`. A subscription follows one entry only and ends with the connection.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.auth.models import User
from homeassistant.auth.permissions.const import POLICY_READ
from homeassistant.components import websocket_api
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util
import probatio as vol

from .anomaly_monitor import anomaly_signal
from .const import DOMAIN
from .data import StorjConfigEntry
from .live_data import node_payload, unloaded_payload

# A card needs no more than one picture per second, however often the node's data changes.
MIN_PUSH_INTERVAL: Final = timedelta(seconds=1)
ERR_NOT_LOADED: Final = "not_loaded"

_NODE: Final[dict[str | vol.Marker, Any]] = {
    vol.Exclusive("entry_id", "node"): str,
    vol.Exclusive("device_id", "node"): str,
}


@callback
def async_register_websocket_commands(hass: HomeAssistant) -> None:
    """Register the commands (once, from `async_setup`)."""
    websocket_api.async_register_command(hass, ws_get)
    websocket_api.async_register_command(hass, ws_subscribe)


def _named_entry(hass: HomeAssistant, msg: dict[str, Any]) -> StorjConfigEntry | None:
    entry_id = msg.get("entry_id")
    if entry_id is None and (device_id := msg.get("device_id")) is not None:
        device = dr.async_get(hass).async_get(device_id)
        entry_id = next(
            (
                candidate
                for candidate in (device.config_entries if device else ())
                if (found := hass.config_entries.async_get_entry(candidate)) is not None
                and found.domain == DOMAIN
            ),
            None,
        )
    entry: StorjConfigEntry | None = (
        hass.config_entries.async_get_entry(entry_id) if entry_id else None
    )
    return entry if entry is not None and entry.domain == DOMAIN else None


def _may_read(hass: HomeAssistant, user: User | None, entry: StorjConfigEntry) -> bool:
    """The user may read every entity of the node (the payload summarises them)."""
    if user is None:
        return False
    permissions = user.permissions
    if permissions.access_all_entities(POLICY_READ):
        return True
    entities = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    return bool(entities) and all(
        permissions.check_entity(entity.entity_id, POLICY_READ) for entity in entities
    )


def _readable_entry(
    hass: HomeAssistant,
    connection: websocket_api.ActiveConnection,
    msg: dict[str, Any],
    *,
    loaded: bool = True,
) -> StorjConfigEntry | None:
    """The entry the message names (loaded, unless `loaded` is False), or None after the error."""
    if "entry_id" not in msg and "device_id" not in msg:
        connection.send_error(
            msg["id"], websocket_api.ERR_INVALID_FORMAT, "Name a node: entry_id or device_id"
        )
        return None
    entry = _named_entry(hass, msg)
    if entry is None:
        connection.send_error(
            msg["id"],
            websocket_api.ERR_NOT_FOUND,
            "No Storj node with this ID is configured",
            translation_domain=DOMAIN,
            translation_key="entry_not_found",
        )
        return None
    if not _may_read(hass, connection.user, entry):
        connection.send_error(
            msg["id"],
            websocket_api.ERR_UNAUTHORIZED,
            f"This user may not read Storj node {entry.title}",
            translation_domain=DOMAIN,
            translation_key="node_not_readable",
            translation_placeholders={"node": entry.title},
        )
        return None
    if loaded and entry.state is not ConfigEntryState.LOADED:
        connection.send_error(
            msg["id"],
            ERR_NOT_LOADED,
            f"Storj node {entry.title} is not loaded",
            translation_domain=DOMAIN,
            translation_key="entry_not_loaded",
            translation_placeholders={"node": entry.title},
        )
        return None
    return entry


@websocket_api.websocket_command({vol.Required("type"): f"{DOMAIN}/get", **_NODE})
@callback
def ws_get(
    hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]
) -> None:
    """The node's live data, once."""
    if (entry := _readable_entry(hass, connection, msg)) is not None:
        connection.send_result(msg["id"], node_payload(entry))


@websocket_api.websocket_command({vol.Required("type"): f"{DOMAIN}/subscribe", **_NODE})
@callback
def ws_subscribe(
    hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]
) -> None:
    """The node's live data now and after each change, at most once a second.

    A node not loaded yet is followed too (after a Home Assistant restart the frontend
    subscribes again before every entry has loaded): `loaded: false` until it is.
    """
    if (entry := _readable_entry(hass, connection, msg, loaded=False)) is None:
        return
    msg_id = msg["id"]
    subscription = NodeSubscription(
        hass,
        entry,
        lambda payload: connection.send_message(websocket_api.event_message(msg_id, payload)),
    )
    connection.subscriptions[msg_id] = subscription.async_cancel
    connection.send_result(msg_id)
    subscription.async_start()


class NodeSubscription:
    """One subscriber of one node: listens to its coordinators, pushes throttled snapshots."""

    def __init__(self, hass: HomeAssistant, entry: StorjConfigEntry, send: Any) -> None:
        """Push to ``send`` (a callable taking the payload) once started."""
        self.hass = hass
        self.entry = entry
        self._send = send
        self._listeners: list[CALLBACK_TYPE] = []
        self._unsub_state: CALLBACK_TYPE | None = None
        self._pending: CALLBACK_TYPE | None = None
        self._last_push: datetime | None = None

    @callback
    def async_start(self) -> None:
        """Send the current data, then follow the node (also through reloads)."""
        self._unsub_state = self.entry.async_on_state_change(self._on_entry_state)
        self._on_entry_state()

    @callback
    def async_cancel(self) -> None:
        """Stop: the connection closed or the card unsubscribed."""
        self._detach()
        if self._unsub_state is not None:
            self._unsub_state()
            self._unsub_state = None

    def _attach(self) -> None:
        runtime = self.entry.runtime_data
        self._listeners.append(runtime.coordinator.async_add_listener(self._on_change))
        if runtime.logs is not None:
            self._listeners.append(runtime.logs.async_add_listener(self._on_change))
        self._listeners.append(
            async_dispatcher_connect(
                self.hass, anomaly_signal(self.entry.entry_id), self._on_change
            )
        )

    def _detach(self) -> None:
        while self._listeners:
            self._listeners.pop()()
        if self._pending is not None:
            self._pending()
            self._pending = None

    @callback
    def _on_entry_state(self) -> None:
        """A reload gives the entry new coordinators: follow them; say when it is gone."""
        self._detach()
        if self.entry.state is ConfigEntryState.LOADED:
            self._attach()
            self._push()
        else:
            self._send(unloaded_payload(self.entry))

    @callback
    def _on_change(self) -> None:
        if self._pending is not None:
            return  # a push is already due
        now = dt_util.utcnow()
        if self._last_push is None or now - self._last_push >= MIN_PUSH_INTERVAL:
            self._push()
            return
        wait = (self._last_push + MIN_PUSH_INTERVAL - now).total_seconds()
        self._pending = async_call_later(self.hass, wait, self._on_due)

    @callback
    def _on_due(self, _: datetime) -> None:
        self._pending = None
        self._push()

    def _push(self) -> None:
        self._last_push = dt_util.utcnow()
        self._send(node_payload(self.entry))
