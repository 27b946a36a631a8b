"""Notifications the node would have created, derived from the scenario timeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from .gojson import GoValue
from .identity import is_node_id, stable_uuid
from .scenarios import Scenario, Span
from .state import NodeState
from .versions import ApiProfile

TYPE_CUSTOM = 0
TYPE_SUSPENSION = 3
_NEW_VERSION = "It's time to update your Node's software, new version is available."
_SUSPENDED = "This is a reminder that your StorageNode is suspended on Satellite"
_OUTDATED = "It's time to update your Node's software, you are running outdated version!"


@dataclass(frozen=True, slots=True)
class Notification:
    """A row of the node's notifications table."""

    notification_id: str
    sender_id: str
    type: int
    title: str
    message: str
    created_at: datetime


def _go_time_string(moment: datetime) -> str:
    # Go's time.Time.String(), which the reputation service puts into the title.
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f").rstrip("0").rstrip(".") + (
        " +0000 UTC"
    )


def notifications(
    state: NodeState, api: ApiProfile, added: Sequence[Notification] = ()
) -> list[Notification]:
    """All notifications created up to now (the scenarios' and `added`), newest first."""
    node_id = state.profile.node_id
    found = [item for item in added if item.created_at <= state.now]
    for span in state.timeline.spans(state.now):
        if span.scenario in (Scenario.OLD_VERSION, Scenario.OUTDATED):
            found.append(
                _version_notice(state, span, api, outdated=span.scenario is Scenario.OUTDATED)
            )
        if span.scenario is Scenario.NOTIFICATIONS:
            found.append(_version_notice(state, span, api, outdated=False))
            found.extend(
                _offline_suspension(node_id, span, satellite.satellite_id)
                for satellite in state.all_satellites
                if state.targets(span, satellite)
            )
    return sorted(found, key=lambda item: item.created_at, reverse=True)


def _version_notice(
    state: NodeState, span: Span, api: ApiProfile, *, outdated: bool
) -> Notification:
    # The version chore's notice, sent by the node itself (storagenode/version/chore.go:184).
    node_id = state.profile.node_id
    return Notification(
        notification_id=stable_uuid(node_id, span.start, span.scenario),
        sender_id=node_id,
        type=TYPE_CUSTOM,
        title=f"Please update your Node to Version v{api.version}",
        message=_OUTDATED if outdated else _NEW_VERSION,
        created_at=span.start,
    )


def _offline_suspension(node_id: str, span: Span, satellite_id: str) -> Notification:
    # The only notification the reputation service sends, on a new offline suspension, with
    # the node's own ID as sender (storagenode/reputation/service.go:77,189 @ 5dbec64f5a).
    return Notification(
        notification_id=stable_uuid(node_id, span.start, satellite_id),
        sender_id=node_id,
        type=TYPE_SUSPENSION,
        title=f"Your Node is suspended since {_go_time_string(span.start)}",
        message=f"{_SUSPENDED} {satellite_id}",
        created_at=span.start,
    )


def new_notification(
    node_id: str, now: datetime, count: int, fields: Mapping[str, object]
) -> Notification:
    """A notification the admin API adds (`type`, `title`, `message`, `sender_id`), or
    ValueError."""
    kind = fields.get("type", TYPE_CUSTOM)
    title = fields.get("title", "Notification")
    message = fields.get("message", "")
    sender = fields.get("sender_id", node_id)
    unknown = set(fields) - {"type", "title", "message", "sender_id"}
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}")
    if not isinstance(kind, int) or isinstance(kind, bool) or not 0 <= kind < 1 << 31:
        raise ValueError("type must be a non-negative integer")
    if not (isinstance(title, str) and isinstance(message, str) and isinstance(sender, str)):
        raise ValueError("title, message and sender_id must be strings")
    if not is_node_id(sender):
        raise ValueError(f"{sender!r} is not a node ID")
    return Notification(
        notification_id=stable_uuid(node_id, now, "added", count),
        sender_id=sender,
        type=kind,
        title=title,
        message=message,
        created_at=now,
    )


def page_json(
    found: list[Notification], read_at: dict[str, datetime], limit: int, page: int
) -> dict[str, GoValue]:
    """The `/api/notifications/list` body for one page (the caller checked the cursor)."""
    if not found:
        # The service swaps a nil list for an empty Page: [] and zeros, the cursor dropped
        # (storagenode/notifications/service.go:91 @ 5dbec64f5a).
        return {
            "page": {
                "notifications": [],
                "offset": 0,
                "limit": 0,
                "currentPage": 0,
                "pageCount": 0,
            },
            "unreadCount": 0,
            "totalCount": 0,
        }
    offset = limit * (page - 1)
    chosen = found[offset : offset + limit]
    return {
        "page": {
            "notifications": [_notification_json(item, read_at) for item in chosen],
            "offset": offset,
            "limit": limit,
            "currentPage": page,
            "pageCount": -(-len(found) // limit),
        },
        "unreadCount": sum(1 for item in found if item.notification_id not in read_at),
        "totalCount": len(found),
    }


def _notification_json(item: Notification, read_at: dict[str, datetime]) -> dict[str, GoValue]:
    return {
        "id": item.notification_id,
        "senderId": item.sender_id,
        "type": item.type,
        "title": item.title,
        "message": item.message,
        "readAt": read_at.get(item.notification_id),
        "createdAt": item.created_at,
    }
