"""Options flow: polling, alert thresholds and the node's log source."""

from __future__ import annotations

import os
from typing import Any

import geoip2.database
from homeassistant.config_entries import ConfigFlowResult, OptionsFlowWithReload
from homeassistant.core import HomeAssistant
from homeassistant.helpers import selector
from maxminddb import InvalidDatabaseError
import probatio as vol

from .const import (
    CONF_AUDIT_CRITICAL,
    CONF_AUDIT_WARNING,
    CONF_DEBUG_ADDRESS,
    CONF_DISK_FULL_CRITICAL_DAYS,
    CONF_DISK_FULL_WARNING_DAYS,
    CONF_DISK_USED_CRITICAL,
    CONF_DISK_USED_WARNING,
    CONF_FORWARDER_FINGERPRINT,
    CONF_FORWARDER_HOST,
    CONF_FORWARDER_PORT,
    CONF_FORWARDER_TOKEN,
    CONF_GEOIP_DATABASE,
    CONF_LOG_OFFLINE_AFTER,
    CONF_LOG_PATH,
    CONF_LOG_SOURCE,
    CONF_OFFLINE_AFTER,
    CONF_ONLINE_CRITICAL,
    CONF_ONLINE_WARNING,
    CONF_PING_MAX_AGE,
    CONF_SCAN_INTERVAL,
    CONF_SUSPENSION_CRITICAL,
    CONF_SUSPENSION_WARNING,
    DEFAULT_FORWARDER_PORT,
    DEFAULT_PING_MAX_AGE_MINUTES,
    DEFAULT_SCAN_INTERVAL_MINUTES,
    DEFAULT_THRESHOLDS,
    LOG_SOURCE_FILE,
    LOG_SOURCE_FORWARDER,
    LOG_SOURCE_NONE,
    LOG_SOURCES,
    MAX_SCAN_INTERVAL_MINUTES,
    MIN_SCAN_INTERVAL_MINUTES,
)
from .logs.forwarder_client import TlsSettings
from .options_anomaly import ANOMALY_SCHEMA, anomaly_errors
from .options_costs import COSTS_SCHEMA, costs_errors
from .options_performance import (
    EARNINGS_SCHEMA,
    PERFORMANCE_SCHEMA,
    earnings_errors,
    performance_errors,
)

# (critical, warning) pairs: a critical alert must fire no later than its warning.
SCORE_PAIRS = (
    (CONF_AUDIT_CRITICAL, CONF_AUDIT_WARNING),
    (CONF_SUSPENSION_CRITICAL, CONF_SUSPENSION_WARNING),
    (CONF_ONLINE_CRITICAL, CONF_ONLINE_WARNING),
    (CONF_DISK_FULL_CRITICAL_DAYS, CONF_DISK_FULL_WARNING_DAYS),
)


def _number(minimum: float, maximum: float, step: float, unit: str) -> selector.NumberSelector:
    return selector.NumberSelector(
        selector.NumberSelectorConfig(
            min=minimum,
            max=maximum,
            step=step,
            unit_of_measurement=unit,
            mode=selector.NumberSelectorMode.BOX,
        )
    )


GENERAL_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_SCAN_INTERVAL, default=DEFAULT_SCAN_INTERVAL_MINUTES): _number(
            MIN_SCAN_INTERVAL_MINUTES, MAX_SCAN_INTERVAL_MINUTES, 1, "min"
        ),
        vol.Required(CONF_PING_MAX_AGE, default=DEFAULT_PING_MAX_AGE_MINUTES): _number(
            5, 1440, 1, "min"
        ),
    }
)

_PERCENT = _number(0, 100, 0.1, "%")
ALERTS_SCHEMA = vol.Schema(
    {
        **{
            vol.Required(key, default=DEFAULT_THRESHOLDS[key]): _PERCENT
            for key in (
                CONF_AUDIT_WARNING,
                CONF_AUDIT_CRITICAL,
                CONF_SUSPENSION_WARNING,
                CONF_SUSPENSION_CRITICAL,
                CONF_ONLINE_WARNING,
                CONF_ONLINE_CRITICAL,
                CONF_DISK_USED_CRITICAL,
                CONF_DISK_USED_WARNING,
            )
        },
        vol.Required(
            CONF_DISK_FULL_WARNING_DAYS, default=DEFAULT_THRESHOLDS[CONF_DISK_FULL_WARNING_DAYS]
        ): _number(1, 365, 1, "d"),
        vol.Required(
            CONF_DISK_FULL_CRITICAL_DAYS, default=DEFAULT_THRESHOLDS[CONF_DISK_FULL_CRITICAL_DAYS]
        ): _number(1, 365, 1, "d"),
        vol.Required(CONF_OFFLINE_AFTER, default=DEFAULT_THRESHOLDS[CONF_OFFLINE_AFTER]): _number(
            1, 1440, 1, "min"
        ),
        vol.Required(
            CONF_LOG_OFFLINE_AFTER, default=DEFAULT_THRESHOLDS[CONF_LOG_OFFLINE_AFTER]
        ): _number(1, 1440, 1, "min"),
    }
)

LOG_SOURCE_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_LOG_SOURCE, default=LOG_SOURCE_NONE): selector.SelectSelector(
            selector.SelectSelectorConfig(
                options=list(LOG_SOURCES),
                translation_key=CONF_LOG_SOURCE,
                mode=selector.SelectSelectorMode.LIST,
            )
        ),
        vol.Optional(CONF_LOG_PATH): selector.TextSelector(),
        vol.Optional(CONF_FORWARDER_HOST): selector.TextSelector(),
        vol.Optional(CONF_FORWARDER_PORT, default=DEFAULT_FORWARDER_PORT): _number(1, 65535, 1, ""),
        vol.Optional(CONF_FORWARDER_TOKEN): selector.TextSelector(
            selector.TextSelectorConfig(type=selector.TextSelectorType.PASSWORD)
        ),
        vol.Optional(CONF_FORWARDER_FINGERPRINT): selector.TextSelector(),
        vol.Optional(CONF_GEOIP_DATABASE): selector.TextSelector(),
        vol.Optional(CONF_DEBUG_ADDRESS): selector.TextSelector(),
    }
)


def readable_file(path: str | os.PathLike[str]) -> bool:
    """A regular file this process may read (run in the executor)."""
    return os.path.isfile(path) and os.access(path, os.R_OK)


def user_file_error(hass: HomeAssistant, path: str) -> str | None:
    """Why a path a user typed cannot be read, or None (blocking: run in the executor).

    The allow-list comes first, so nothing is learnt about files outside it.
    """
    if not hass.config.is_allowed_path(path):
        return "path_not_allowed"
    if not readable_file(path):
        return "file_not_readable"
    return None


def _city_database(path: str) -> bool:
    """The file opens as a MaxMind-format database."""
    try:
        geoip2.database.Reader(path).close()
    except OSError, ValueError, InvalidDatabaseError:
        return False
    return True


class StorjOptionsFlow(OptionsFlowWithReload):
    """A menu of small forms (polling, alerts, log source, performance, earnings, anomalies).

    The entry reloads when options change.
    """

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Choose what to change."""
        return self.async_show_menu(
            step_id="init",
            menu_options=[
                "general",
                "alerts",
                "log_source",
                "performance",
                "earnings",
                "anomalies",
                "costs",
            ],
        )

    async def async_step_general(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Polling interval and how fresh the last satellite contact must be."""
        if user_input is not None:
            return self._save(user_input)
        return self._form("general", GENERAL_SCHEMA, {})

    async def async_step_alerts(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Alert thresholds."""
        errors: dict[str, str] = {}
        if user_input is not None:
            for critical, warning in SCORE_PAIRS:
                if user_input[critical] > user_input[warning]:
                    errors[critical] = "critical_above_warning"
            # Disk use is worse when higher: its warning must come strictly first.
            if user_input[CONF_DISK_USED_WARNING] >= user_input[CONF_DISK_USED_CRITICAL]:
                errors[CONF_DISK_USED_WARNING] = "disk_warning_not_below_critical"
            if not errors:
                return self._save(user_input)
        return self._form("alerts", ALERTS_SCHEMA, errors, user_input)

    async def async_step_log_source(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Where the node's log comes from, and the optional GeoIP and debug sources."""
        errors: dict[str, str] = {}
        if user_input is not None:
            source = user_input[CONF_LOG_SOURCE]
            if source == LOG_SOURCE_FILE and (
                error := await self._file_error(user_input.get(CONF_LOG_PATH))
            ):
                errors[CONF_LOG_PATH] = error
            if source == LOG_SOURCE_FORWARDER and not user_input.get(CONF_FORWARDER_HOST):
                errors[CONF_FORWARDER_HOST] = "host_required"
            fingerprint = user_input.get(CONF_FORWARDER_FINGERPRINT)
            if source == LOG_SOURCE_FORWARDER and fingerprint:
                try:
                    TlsSettings(fingerprint=fingerprint)
                except ValueError:
                    errors[CONF_FORWARDER_FINGERPRINT] = "invalid_fingerprint"
            geoip = user_input.get(CONF_GEOIP_DATABASE)
            if geoip and (error := await self._file_error(geoip)):
                errors[CONF_GEOIP_DATABASE] = error
            elif geoip and not await self.hass.async_add_executor_job(_city_database, geoip):
                errors[CONF_GEOIP_DATABASE] = "invalid_geoip"
            if not errors:
                return self._save(user_input, replace=LOG_SOURCE_SCHEMA)
        return self._form("log_source", LOG_SOURCE_SCHEMA, errors, user_input)

    async def async_step_performance(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Latency and success-rate alert thresholds."""
        errors = performance_errors(user_input) if user_input is not None else {}
        if user_input is not None and not errors:
            return self._save(user_input)
        return self._form("performance", PERFORMANCE_SCHEMA, errors, user_input)

    async def async_step_earnings(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Earnings and traffic drop alert thresholds."""
        errors = earnings_errors(user_input) if user_input is not None else {}
        if user_input is not None and not errors:
            return self._save(user_input)
        return self._form("earnings", EARNINGS_SCHEMA, errors, user_input)

    async def async_step_anomalies(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Anomaly detection: on or off, and how far from normal an hour must be."""
        errors = anomaly_errors(user_input) if user_input is not None else {}
        if user_input is not None and not errors:
            return self._save(user_input)
        return self._form("anomalies", ANOMALY_SCHEMA, errors, user_input)

    async def async_step_costs(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Hardware cost, the node's energy and the electricity price (net profit)."""
        errors = await costs_errors(self.hass, user_input) if user_input is not None else {}
        if user_input is not None and not errors:
            return self._save(user_input, replace=COSTS_SCHEMA)
        return self._form("costs", COSTS_SCHEMA, errors, user_input)

    async def _file_error(self, path: str | None) -> str | None:
        if not path:
            return "file_not_readable"
        return await self.hass.async_add_executor_job(user_file_error, self.hass, path)

    def _form(
        self,
        step_id: str,
        schema: vol.Schema,
        errors: dict[str, str],
        user_input: dict[str, Any] | None = None,
    ) -> ConfigFlowResult:
        suggested = user_input if user_input is not None else self.config_entry.options
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
        )

    def _save(
        self, user_input: dict[str, Any], replace: vol.Schema | None = None
    ) -> ConfigFlowResult:
        """Merge one form into the options; cleared optional fields are dropped."""
        options = dict(self.config_entry.options)
        if replace is not None:
            for key in replace.schema:
                options.pop(str(key), None)
        return self.async_create_entry(data=options | user_input)
