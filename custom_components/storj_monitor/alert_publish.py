"""Where alerts go: repair issues, the `storj_monitor_alert` bus event and the event entity."""

from __future__ import annotations

from typing import Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.dispatcher import async_dispatcher_send

from .alert_rules import RULES, TEST_ALERT_EVENT, Condition, ConditionKey, Kind, describe
from .const import DOMAIN
from .data import StorjConfigEntry

ALERT_EVENT: Final = f"{DOMAIN}_alert"


def alert_signal(entry_id: str) -> str:
    """Dispatcher signal carrying (event_type, data) to the node's event entity."""
    return f"{DOMAIN}_{entry_id}_alert"


def issue_id(entry_id: str, key: ConditionKey) -> str:
    """Repair issue ID: one per node, condition and satellite."""
    kind, satellite_id = key
    return f"{entry_id}_{kind}" + (f"_{satellite_id}" if satellite_id else "")


@callback
def async_raise_issue(hass: HomeAssistant, entry: StorjConfigEntry, condition: Condition) -> None:
    """Create (or update) the repair issue of a condition."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(entry.entry_id, condition.key),
        is_fixable=condition.kind is Kind.NODE_UNREACHABLE,
        # Persistent: a restart restores the condition (with its data) instead of re-announcing.
        is_persistent=True,
        severity=ir.IssueSeverity(condition.severity.value),
        translation_key=condition.kind.value,
        translation_placeholders={
            "node": entry.title,
            "satellite": condition.satellite or "",
            "value": "" if condition.value is None else f"{condition.value:g}",
            "threshold": "" if condition.threshold is None else f"{condition.threshold:g}",
            **({} if condition.remaining is None else {"remaining": str(condition.remaining)}),
            **_drop_placeholders(condition),
        },
        learn_more_url=RULES[condition.kind].learn_more,
        # Lets a restart restore the condition instead of announcing it again.
        data={
            "entry_id": entry.entry_id,
            "kind": condition.kind.value,
            "severity": condition.severity.value,
            "satellite_id": condition.satellite_id or "",
            "satellite": condition.satellite or "",
        },
    )


def _drop_placeholders(condition: Condition) -> dict[str, str]:
    """Drop alerts also name the baseline and the drop; other issues keep their placeholders."""
    if condition.baseline is None or condition.percent is None:
        return {}
    return {"baseline": f"{condition.baseline:g}", "percent": f"{condition.percent:g}"}


@callback
def async_fire_alert(
    hass: HomeAssistant, entry: StorjConfigEntry, condition: Condition, *, resolved: bool
) -> None:
    """Announce a condition's start, or its end (if its kind has an end event)."""
    rule = RULES[condition.kind]
    event_type = rule.end_event if resolved else rule.start_event
    if event_type is None:
        return
    data = {
        "node": entry.title,
        "node_id": entry.unique_id,
        "entry_id": entry.entry_id,
        "condition": condition.kind.value,
        "severity": "info" if resolved else condition.severity.value,
        "satellite": condition.satellite,
        "satellite_id": condition.satellite_id,
        "value": condition.value,
        "threshold": condition.threshold,
        **({} if condition.baseline is None else {"baseline": condition.baseline}),
        **({} if condition.percent is None else {"percent": condition.percent}),
        "message": describe(entry.title, condition, resolved=resolved),
    }
    if condition.remaining is not None and not resolved:
        data["remaining_failures"] = condition.remaining
    async_send_alert(hass, entry.entry_id, event_type, data)


@callback
def async_send_alert(
    hass: HomeAssistant, entry_id: str, event_type: str, data: dict[str, Any]
) -> None:
    """Fire the `storj_monitor_alert` bus event and tell the node's event entity."""
    hass.bus.async_fire(ALERT_EVENT, {"type": event_type, **data})
    async_dispatcher_send(hass, alert_signal(entry_id), event_type, data)


@callback
def async_send_test_alert(hass: HomeAssistant, entry: StorjConfigEntry) -> None:
    """A harmless alert through the real path, to check the user's notifications."""
    data = {
        "node": entry.title,
        "node_id": entry.unique_id,
        "entry_id": entry.entry_id,
        "condition": "test",
        # Warning: the notify blueprint's default minimum, so a default setup receives it.
        "severity": "warning",
        "satellite": None,
        "satellite_id": None,
        "value": None,
        "threshold": None,
        "message": f"Storj node {entry.title}: test alert (notifications work)",
    }
    async_send_alert(hass, entry.entry_id, TEST_ALERT_EVENT, data)
