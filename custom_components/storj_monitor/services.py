"""Actions of `storj_monitor`: `import_log`, `cancel_import`, `mark_notifications_read` here;
`export` and `generate_report` in `report_actions`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
import time
from typing import Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
import probatio as vol

from .api import StorjError
from .const import DOMAIN
from .data import StorjConfigEntry
from .log_import import async_cancel_import, async_import_log
from .notifications import is_notification_id
from .options_flow import user_file_error
from .report_actions import async_setup_report_services

SERVICE_IMPORT_LOG: Final = "import_log"
SERVICE_CANCEL_IMPORT: Final = "cancel_import"
ATTR_PATH: Final = "path"
# The options flow's error keys, as translation keys of the action's exceptions.
_FILE_ERRORS: Final = {
    "path_not_allowed": "log_path_not_allowed",
    "file_not_readable": "log_not_readable",
}

IMPORT_LOG_SCHEMA = vol.Schema(
    {vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string, vol.Required(ATTR_PATH): cv.string}
)
CANCEL_IMPORT_SCHEMA = vol.Schema({vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string})


def _loaded_entry(hass: HomeAssistant, call: ServiceCall) -> StorjConfigEntry:
    """The loaded entry a call names, or a translated validation error."""
    entry: StorjConfigEntry | None = hass.config_entries.async_get_entry(
        call.data[ATTR_CONFIG_ENTRY_ID]
    )
    if entry is None or entry.domain != DOMAIN:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="entry_not_found")
    if entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="entry_not_loaded",
            translation_placeholders={"node": entry.title},
        )
    return entry


SERVICE_MARK_NOTIFICATIONS_READ: Final = "mark_notifications_read"
ATTR_NOTIFICATION_ID: Final = "notification_id"
MARK_READ_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_NOTIFICATION_ID): cv.string,
    }
)


def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions."""

    async def import_log(call: ServiceCall) -> ServiceResponse:
        entry = _loaded_entry(hass, call)
        path = Path(call.data[ATTR_PATH])
        if error := await hass.async_add_executor_job(user_file_error, hass, str(path)):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key=_FILE_ERRORS[error],
                translation_placeholders={"path": str(path)},
            )
        if "recorder" not in hass.config.components:
            raise HomeAssistantError(translation_domain=DOMAIN, translation_key="no_recorder")
        started = time.monotonic()
        try:
            counts = await async_import_log(
                hass, entry.runtime_data.coordinator.node_id, entry.title, path
            )
        except OSError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="log_not_readable",
                translation_placeholders={"path": str(path)},
            ) from err
        seconds = time.monotonic() - started
        return {
            "lines": counts.lines,
            "unparsable": counts.unparsable,
            "transfers": counts.transfers,
            "hours": len({hour for hours in counts.hourly.values() for hour in hours}),
            "cancelled": counts.cancelled,
            "seconds": round(seconds, 2),
            "lines_per_second": round(counts.lines / seconds) if seconds > 0 else None,
        }

    async def cancel_import(call: ServiceCall) -> None:
        entry = _loaded_entry(hass, call)
        if not async_cancel_import(hass, entry.runtime_data.coordinator.node_id):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="no_import_running",
                translation_placeholders={"node": entry.title},
            )

    hass.services.async_register(
        DOMAIN,
        SERVICE_IMPORT_LOG,
        import_log,
        schema=IMPORT_LOG_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN, SERVICE_MARK_NOTIFICATIONS_READ, _mark_notifications_read, schema=MARK_READ_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_CANCEL_IMPORT, cancel_import, schema=CANCEL_IMPORT_SCHEMA
    )
    async_setup_report_services(hass)


async def _mark_notifications_read(call: ServiceCall) -> None:
    """Mark one of the node's notifications read, or all of them without an ID."""
    entry = _loaded_entry(call.hass, call)
    notification_id: str | None = call.data.get(ATTR_NOTIFICATION_ID)
    if notification_id is not None and not is_notification_id(notification_id):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_notification_id",
            translation_placeholders={"notification_id": notification_id},
        )
    coordinator = entry.runtime_data.coordinator
    try:
        page = await coordinator.notifications.async_mark_read(notification_id)
    except StorjError as err:
        # The node answers 500 for an unknown ID too (consoleapi/notifications.go:69).
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="notifications_not_marked",
            translation_placeholders={"node": entry.title, "error": str(err)},
        ) from err
    if coordinator.data is not None and coordinator.last_update_success:
        # The sensor drops now, not at the next poll.
        coordinator.async_set_updated_data(replace(coordinator.data, notifications=page))
