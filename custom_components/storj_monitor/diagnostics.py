"""Diagnostics: configuration and the node's latest raw answers, without personal data."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .const import (
    CONF_DEBUG_ADDRESS,
    CONF_FORWARDER_FINGERPRINT,
    CONF_FORWARDER_HOST,
    CONF_FORWARDER_TOKEN,
    CONF_GEOIP_DATABASE,
    CONF_LOG_PATH,
    CONF_URL,
)
from .data import StorjConfigEntry

# Wallet, e-mail, node identity and addresses identify the operator.
TO_REDACT = {
    CONF_URL,
    CONF_FORWARDER_TOKEN,
    CONF_FORWARDER_HOST,
    CONF_FORWARDER_FINGERPRINT,
    CONF_DEBUG_ADDRESS,
    CONF_LOG_PATH,
    CONF_GEOIP_DATABASE,
    "unique_id",
    "title",
    "wallet",
    "walletFeatures",
    "email",
    "nodeID",
    "node_id",
    "nodeId",
    "senderId",  # the node's own ID on what it sends itself
    "receipt",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: StorjConfigEntry
) -> dict[str, Any]:
    """The entry, its options and the node's latest raw API payloads."""
    coordinator = entry.runtime_data.coordinator
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        "last_update_success": coordinator.last_update_success,
        "payloads": async_redact_data(dict(coordinator.client.last_payloads), TO_REDACT),
    }
