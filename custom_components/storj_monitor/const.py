"""Constants for the Storj Monitor integration."""

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "storj_monitor"
LOGGER = logging.getLogger(__package__)

DEFAULT_PORT: Final = 14002
DEFAULT_SCAN_INTERVAL: Final = timedelta(minutes=5)
