"""The Storj Monitor integration: watch Storj storage nodes from Home Assistant.

`api` and `logs` import no Home Assistant, and importing them runs this file: so the entry
points Home Assistant calls live in `lifecycle` and are loaded from here only when needed.
"""

from __future__ import annotations

from importlib import import_module
import sys
from typing import TYPE_CHECKING, Any

# What Home Assistant's loader and config entries read from an integration's package.
_LIFECYCLE = frozenset(
    {
        "CONFIG_SCHEMA",
        "PLATFORMS",
        "async_setup",
        "async_setup_entry",
        "async_unload_entry",
        "async_remove_entry",
        "async_remove_config_entry_device",
    }
)

if TYPE_CHECKING or "homeassistant" in sys.modules:
    # Inside Home Assistant the loader imports this package in an executor thread: load the
    # entry points now, so their imports never run (and block) in the event loop later.
    from .lifecycle import (
        CONFIG_SCHEMA,
        PLATFORMS,
        async_remove_config_entry_device,
        async_remove_entry,
        async_setup,
        async_setup_entry,
        async_unload_entry,
    )

    __all__ = [
        "CONFIG_SCHEMA",
        "PLATFORMS",
        "async_remove_config_entry_device",
        "async_remove_entry",
        "async_setup",
        "async_setup_entry",
        "async_unload_entry",
    ]
else:

    def __getattr__(name: str) -> Any:
        """Load an entry point on first use (this package was imported without Home Assistant)."""
        if name not in _LIFECYCLE:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return getattr(import_module(f"{__name__}.lifecycle"), name)
