"""Actions `export` (CSV) and `generate_report` (PDF and a Markdown summary)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_CONFIG_ENTRY_ID, ATTR_DEVICE_ID
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.service import async_register_admin_service
import probatio as vol

from .const import DOMAIN
from .data import StorjConfigEntry
from .export import async_export_rows
from .report_data import async_report_data, month_bounds, now_local, report_title
from .report_files import Target, checked_target, local_url, safe_name, write_file
from .reports.csv_export import to_csv
from .reports.pdf_report import render_pdf
from .reports.summary import render_summary
from .reports.tables import COLUMNS, ExportKind

SERVICE_EXPORT: Final = "export"
SERVICE_GENERATE_REPORT: Final = "generate_report"
ATTR_KIND: Final = "kind"
ATTR_START_DATE: Final = "start_date"
ATTR_END_DATE: Final = "end_date"
ATTR_MONTH: Final = "month"
ATTR_FOLDER: Final = "folder"
ATTR_FILENAME: Final = "filename"
ATTR_WRITE_FILE: Final = "write_file"
ATTR_INCLUDE_CSV: Final = "include_csv"
# Kinds read from the API and the latest poll only; the others need the recorder.
_WITHOUT_RECORDER: Final = {ExportKind.PAYOUTS, ExportKind.FLEET}

_TARGETING = {
    vol.Optional(ATTR_CONFIG_ENTRY_ID): vol.All(cv.ensure_list, [cv.string]),
    vol.Optional(ATTR_DEVICE_ID): vol.All(cv.ensure_list, [cv.string]),
    vol.Optional(ATTR_START_DATE): cv.date,
    vol.Optional(ATTR_END_DATE): cv.date,
    vol.Optional(ATTR_FOLDER): cv.string,
    vol.Optional(ATTR_FILENAME): cv.string,
    vol.Optional(ATTR_WRITE_FILE, default=True): cv.boolean,
}
EXPORT_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_KIND): vol.In([kind.value for kind in ExportKind]),
        vol.Optional(ATTR_INCLUDE_CSV, default=False): cv.boolean,
        **_TARGETING,
    }
)
REPORT_SCHEMA = vol.Schema(
    {vol.Optional(ATTR_MONTH): vol.Match(r"^\d{4}-(0[1-9]|1[0-2])$"), **_TARGETING}
)


def selected_entries(hass: HomeAssistant, call: ServiceCall) -> list[StorjConfigEntry]:
    """The loaded nodes a call names by entry or device; every loaded node when it names none."""
    wanted: set[str] = set(call.data.get(ATTR_CONFIG_ENTRY_ID, []))
    devices = dr.async_get(hass)
    for device_id in call.data.get(ATTR_DEVICE_ID, []):
        if (device := devices.async_get(device_id)) is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="device_not_found",
                translation_placeholders={"device_id": device_id},
            )
        wanted.update(device.config_entries)
    entries: list[StorjConfigEntry] = hass.config_entries.async_entries(DOMAIN)
    if not wanted:
        loaded = [entry for entry in entries if entry.state is ConfigEntryState.LOADED]
        if not loaded:
            raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_nodes")
        return sorted(loaded, key=lambda entry: entry.title)
    chosen = []
    for entry_id in sorted(wanted):
        entry = hass.config_entries.async_get_entry(entry_id)
        if entry is None or entry.domain != DOMAIN:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="entry_not_found"
            )
        if entry.state is not ConfigEntryState.LOADED:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="entry_not_loaded",
                translation_placeholders={"node": entry.title},
            )
        chosen.append(entry)
    return sorted(chosen, key=lambda entry: entry.title)


def _checked_period(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_period",
            translation_placeholders={"start": start.isoformat(), "end": end.isoformat()},
        )


def _require_recorder(hass: HomeAssistant) -> None:
    if "recorder" not in hass.config.components:
        raise HomeAssistantError(translation_domain=DOMAIN, translation_key="no_recorder")


def _scope(entries: list[StorjConfigEntry], total: int) -> str:
    """`all`, or the single node's name, for file names."""
    if len(entries) == 1 and total > 1:
        return safe_name(entries[0].title)
    return "all" if len(entries) == total else f"{len(entries)}_nodes"


async def _async_write(
    hass: HomeAssistant, call: ServiceCall, filename: str, content: bytes
) -> dict[str, Any]:
    """Write the file where the call says (checked against the allow-list); its path and URL."""
    suffix = Path(filename).suffix
    name = call.data.get(ATTR_FILENAME) or filename
    if not name.endswith(suffix):
        name += suffix  # a report is never written as a script or a page the frontend loads
    folder = call.data.get(ATTR_FOLDER)

    def check_and_write() -> Target:
        # The allow-list check resolves paths (blocking I/O): beside the write, not in the loop.
        target = checked_target(hass, folder, name)
        write_file(target, content)
        return target

    target = await hass.async_add_executor_job(check_and_write)
    return {"path": str(target.path), "url": local_url(hass, target.path)}


def async_setup_report_services(hass: HomeAssistant) -> None:
    """Register `export` and `generate_report`."""

    async def export(call: ServiceCall) -> ServiceResponse:
        kind = ExportKind(call.data[ATTR_KIND])
        start: date | None = call.data.get(ATTR_START_DATE)
        end: date | None = call.data.get(ATTR_END_DATE)
        _checked_period(start, end)
        entries = selected_entries(hass, call)
        if kind not in _WITHOUT_RECORDER:
            _require_recorder(hass)
        rows = await async_export_rows(hass, kind, entries, start, end)
        text = to_csv(COLUMNS[kind], rows)
        response: dict[str, Any] = {"path": None, "url": None, "rows": len(rows)}
        if call.data[ATTR_WRITE_FILE]:
            span = f"{start or 'start'}_{end or 'now'}"
            total = len(hass.config_entries.async_entries(DOMAIN))
            filename = f"storj_{kind}_{_scope(entries, total)}_{span}.csv"
            response |= await _async_write(hass, call, filename, text.encode())
        if not call.data[ATTR_WRITE_FILE] or call.data[ATTR_INCLUDE_CSV]:
            response["csv"] = text
        return response

    async def generate_report(call: ServiceCall) -> ServiceResponse:
        start, end = _report_period(call)
        _checked_period(start, end)
        entries = selected_entries(hass, call)
        _require_recorder(hass)
        data = await async_report_data(hass, entries, start, end, report_title(start, end))
        # fpdf2 is pure Python: a large fleet takes a few seconds, never on the event loop.
        rendered = await hass.async_add_executor_job(render_pdf, data)
        response: dict[str, Any] = {
            "path": None,
            "url": None,
            "pages": rendered.pages,
            "summary": render_summary(data),
        }
        if call.data[ATTR_WRITE_FILE]:
            total = len(hass.config_entries.async_entries(DOMAIN))
            label = data.title.removeprefix("Storj report ").replace(" to ", "_")
            filename = f"storj_report_{_scope(entries, total)}_{label}.pdf"
            response |= await _async_write(hass, call, filename, rendered.content)
        return response

    # Admin only: they answer with every node's payouts and write files into allowed folders.
    async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_EXPORT,
        export,
        schema=EXPORT_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_GENERATE_REPORT,
        generate_report,
        schema=REPORT_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )


def _report_period(call: ServiceCall) -> tuple[date, date]:
    """A month, or dates (an open end: the month's other end), or else last month."""
    if (month := call.data.get(ATTR_MONTH)) is not None:
        return month_bounds(month)
    start: date | None = call.data.get(ATTR_START_DATE)
    end: date | None = call.data.get(ATTR_END_DATE)
    if start is None and end is None:
        last_month = now_local().date().replace(day=1) - timedelta(days=1)
        return month_bounds(f"{last_month:%Y-%m}")
    if start is None:
        assert end is not None
        return month_bounds(f"{end:%Y-%m}")[0], end
    return start, end or month_bounds(f"{start:%Y-%m}")[1]
