"""Config flow: add a Storj node by the address of its dashboard API."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_NAME, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import selector
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import probatio as vol

from .api import (
    Dashboard,
    StorjConnectionError,
    StorjError,
    StorjNodeClient,
    normalize_base_url,
)
from .const import CONF_URL, DEFAULT_PORT, DOMAIN, LOGGER
from .data import StorjConfigEntry
from .options_flow import StorjOptionsFlow

ADDRESS_SCHEMA: dict[vol.Marker, Any] = {
    vol.Required(CONF_HOST): selector.TextSelector(),
    vol.Required(CONF_PORT, default=DEFAULT_PORT): selector.NumberSelector(
        selector.NumberSelectorConfig(min=1, max=65535, mode=selector.NumberSelectorMode.BOX)
    ),
}
USER_SCHEMA = vol.Schema({**ADDRESS_SCHEMA, vol.Optional(CONF_NAME): selector.TextSelector()})
RECONFIGURE_SCHEMA = vol.Schema(ADDRESS_SCHEMA)


class StorjConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add one node per entry; the node ID is the unique ID."""

    VERSION = 1

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: StorjConfigEntry) -> StorjOptionsFlow:
        """Polling, alert thresholds and log source."""
        return StorjOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the node's dashboard address and check it answers like a node."""
        errors: dict[str, str] = {}
        if user_input is not None:
            url, dashboard = await async_validate_address(self.hass, user_input, errors)
            if dashboard is not None:
                await self.async_set_unique_id(dashboard.node_id)
                self._abort_if_unique_id_configured(updates={CONF_URL: url})
                title = user_input.get(CONF_NAME) or f"Storj node {dashboard.node_id[:8]}"
                return self.async_create_entry(title=title, data={CONF_URL: url})
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Move the node to a new address; it must still be the same node."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            url, dashboard = await async_validate_address(self.hass, user_input, errors)
            if dashboard is not None:
                await self.async_set_unique_id(dashboard.node_id)
                self._abort_if_unique_id_mismatch(reason="wrong_node")
                return self.async_update_reload_and_abort(entry, data_updates={CONF_URL: url})
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                RECONFIGURE_SCHEMA, user_input or address_of(entry.data[CONF_URL])
            ),
            errors=errors,
        )


async def async_validate_address(
    hass: HomeAssistant, user_input: dict[str, Any], errors: dict[str, str]
) -> tuple[str, Dashboard | None]:
    """Call the node at the entered address; fill `errors` and return no dashboard on failure."""
    try:
        url = normalize_base_url(user_input[CONF_HOST], int(user_input[CONF_PORT]))
    except ValueError:
        errors[CONF_HOST] = "invalid_host"
        return "", None
    client = StorjNodeClient(async_get_clientsession(hass), url)
    try:
        dashboard = await client.async_get_dashboard()
    except StorjConnectionError:
        errors["base"] = "cannot_connect"
    except StorjError:
        errors["base"] = "invalid_response"
    except Exception:
        LOGGER.exception("Unexpected error while checking %s", url)
        errors["base"] = "unknown"
    else:
        return url, dashboard
    return url, None


def address_of(url: str) -> dict[str, Any]:
    """Form values for a stored base URL (the host field takes a full URL)."""
    return {CONF_HOST: url, CONF_PORT: urlsplit(url).port or DEFAULT_PORT}
