"""The unreachable alert of a node whose setup keeps failing (no coordinator runs yet)."""

from __future__ import annotations

from datetime import datetime

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .alert_publish import async_fire_alert, async_raise_issue, issue_id
from .alert_rules import Condition, Kind, Severity, thresholds
from .const import CONF_OFFLINE_AFTER, DOMAIN
from .data import StorjConfigEntry

# Entry ID -> when its setup first failed since Home Assistant started.
SETUP_FAILURES: HassKey[dict[str, datetime]] = HassKey(f"{DOMAIN}_setup_failures")


@callback
def async_note_setup_failure(hass: HomeAssistant, entry: StorjConfigEntry) -> None:
    """Raise the unreachable alert for a node that has not answered since Home Assistant started.

    No coordinator runs while setup retries, so this is the only place that can notice.
    """
    now = dt_util.utcnow()
    since = hass.data.setdefault(SETUP_FAILURES, {}).setdefault(entry.entry_id, now)
    minutes = (now - since).total_seconds() / 60
    if minutes < thresholds(entry.options)[CONF_OFFLINE_AFTER]:
        return
    condition = Condition(Kind.NODE_UNREACHABLE, Severity.ERROR, value=round(minutes))
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id(entry.entry_id, condition.key))
    if issue is not None and issue.active:
        return
    async_raise_issue(hass, entry, condition)
    async_fire_alert(hass, entry, condition, resolved=False)


@callback
def async_forget_setup_failure(hass: HomeAssistant, entry_id: str) -> None:
    """The node answered: its setup-failure clock stops."""
    hass.data.get(SETUP_FAILURES, {}).pop(entry_id, None)
