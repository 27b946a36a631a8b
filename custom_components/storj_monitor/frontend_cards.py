"""Serve the bundled Lovelace cards and load them on every dashboard page."""

from __future__ import annotations

import hashlib
from pathlib import Path

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant

CARDS_FILE = Path(__file__).parent / "frontend" / "storj-monitor-cards.js"
CARDS_URL = "/storj_monitor/storj-monitor-cards.js"


def _fingerprint(path: Path) -> str | None:
    """Short content hash: a new build gets a new URL despite long cache headers."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except FileNotFoundError:
        return None


async def async_register_cards(hass: HomeAssistant) -> None:
    """Register the static path and the frontend module (once, when the frontend is loaded)."""
    if "frontend" not in hass.config.components:
        return
    if (version := await hass.async_add_executor_job(_fingerprint, CARDS_FILE)) is None:
        return
    await hass.http.async_register_static_paths(
        [StaticPathConfig(CARDS_URL, str(CARDS_FILE), cache_headers=True)]
    )
    add_extra_js_url(hass, f"{CARDS_URL}?v={version}")
