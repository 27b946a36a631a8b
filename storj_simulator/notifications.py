"""Notifications the node would have created, derived from the scenario timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from .gojson import GoValue
from .identity import stable_uuid
from .scenarios import Scenario
from .state import NodeState
from .versions import ApiProfile

TYPE_CUSTOM = 0
TYPE_SUSPENSION = 3
_NEW_VERSION = "It's time to update your Node's software, new version is available."
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


def notifications(state: NodeState, api: ApiProfile) -> list[Notification]:
    """All notifications created up to now, newest first."""
    node_id = state.profile.node_id
    found: list[Notification] = []
    for span in state.timeline.spans(state.now):
        created = span.start
        if span.scenario in (Scenario.OLD_VERSION, Scenario.OUTDATED):
            outdated = span.scenario is Scenario.OUTDATED
            found.append(
                Notification(
                    notification_id=stable_uuid(node_id, span.start, span.scenario),
                    sender_id=node_id,
                    type=TYPE_CUSTOM,
                    title=f"Please update your Node to Version v{api.version}",
                    message=_OUTDATED if outdated else _NEW_VERSION,
                    created_at=created,
                )
            )
        if span.scenario is Scenario.SUSPENDED:
            for satellite in state.all_satellites:
                if not state.targets(span, satellite):
                    continue
                found.append(
                    Notification(
                        notification_id=stable_uuid(node_id, span.start, satellite.satellite_id),
                        sender_id=satellite.satellite_id,
                        type=TYPE_SUSPENSION,
                        title=f"Your Node is suspended since {_go_time_string(span.start)}",
                        message=(
                            f"This is a reminder that your StorageNode on "
                            f"{satellite.satellite_id} Satellite is suspended"
                        ),
                        created_at=created,
                    )
                )
    return sorted(found, key=lambda item: item.created_at, reverse=True)


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
