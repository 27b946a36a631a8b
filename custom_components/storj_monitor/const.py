"""Constants for the Storj Monitor integration."""

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "storj_monitor"
LOGGER = logging.getLogger(__package__)

DEFAULT_PORT: Final = 14002
MANUFACTURER: Final = "Storj"
MODEL_NODE: Final = "Storage node"
MODEL_SATELLITE: Final = "Satellite"

# Config entry data
CONF_URL: Final = "url"

# Options: polling
CONF_SCAN_INTERVAL: Final = "scan_interval"
DEFAULT_SCAN_INTERVAL_MINUTES: Final = 5
MIN_SCAN_INTERVAL_MINUTES: Final = 1
MAX_SCAN_INTERVAL_MINUTES: Final = 60
# Paystubs, held history and pricing change at most daily: poll them far less often.
SLOW_POLL_INTERVAL: Final = timedelta(hours=6)

CONF_PING_MAX_AGE: Final = "ping_max_age"
DEFAULT_PING_MAX_AGE_MINUTES: Final = 120

# Options: alert thresholds (percent, minutes, days). Storj disqualifies below 96 % audit
# score and suspends below 60 % suspension or online score: warn well before that.
CONF_AUDIT_WARNING: Final = "audit_warning"
CONF_AUDIT_CRITICAL: Final = "audit_critical"
CONF_SUSPENSION_WARNING: Final = "suspension_warning"
CONF_SUSPENSION_CRITICAL: Final = "suspension_critical"
CONF_ONLINE_WARNING: Final = "online_warning"
CONF_ONLINE_CRITICAL: Final = "online_critical"
CONF_DISK_USED_CRITICAL: Final = "disk_used_critical"
CONF_DISK_FULL_WARNING_DAYS: Final = "disk_full_warning_days"
CONF_DISK_FULL_CRITICAL_DAYS: Final = "disk_full_critical_days"
CONF_OFFLINE_AFTER: Final = "offline_after"
CONF_LOG_OFFLINE_AFTER: Final = "log_offline_after"
CONF_DISK_USED_WARNING: Final = "disk_used_warning"
# Options: performance (seconds, minutes, percent, transfers) and earnings/traffic drops (%).
CONF_LATENCY_WARNING: Final = "latency_warning"
CONF_LATENCY_CRITICAL: Final = "latency_critical"
CONF_LATENCY_SUSTAINED: Final = "latency_sustained"
CONF_SUCCESS_WARNING: Final = "success_rate_warning"
CONF_SUCCESS_CRITICAL: Final = "success_rate_critical"
CONF_SUCCESS_MIN_SAMPLES: Final = "success_min_samples"
CONF_DROP_WARNING: Final = "drop_warning"
CONF_DROP_CRITICAL: Final = "drop_critical"

DEFAULT_THRESHOLDS: Final[dict[str, float]] = {
    CONF_AUDIT_WARNING: 99.0,
    CONF_AUDIT_CRITICAL: 97.0,
    CONF_SUSPENSION_WARNING: 90.0,
    CONF_SUSPENSION_CRITICAL: 75.0,
    CONF_ONLINE_WARNING: 95.0,
    CONF_ONLINE_CRITICAL: 80.0,
    CONF_DISK_USED_CRITICAL: 95.0,
    CONF_DISK_FULL_WARNING_DAYS: 30,
    CONF_DISK_FULL_CRITICAL_DAYS: 7,
    CONF_OFFLINE_AFTER: 30,
    CONF_LOG_OFFLINE_AFTER: 30,
    CONF_DISK_USED_WARNING: 80.0,
}
# Kept apart from DEFAULT_THRESHOLDS: each has its own options step.
PERFORMANCE_DEFAULTS: Final[dict[str, float]] = {
    CONF_LATENCY_WARNING: 5,
    CONF_LATENCY_CRITICAL: 10,
    CONF_LATENCY_SUSTAINED: 15,
    CONF_SUCCESS_WARNING: 90.0,
    CONF_SUCCESS_CRITICAL: 75.0,
    CONF_SUCCESS_MIN_SAMPLES: 20,
    CONF_DROP_WARNING: 30.0,
    CONF_DROP_CRITICAL: 50.0,
}

# Options: log source
CONF_LOG_SOURCE: Final = "log_source"
LOG_SOURCE_NONE: Final = "none"
LOG_SOURCE_FILE: Final = "file"
LOG_SOURCE_FORWARDER: Final = "forwarder"
LOG_SOURCES: Final = (LOG_SOURCE_NONE, LOG_SOURCE_FILE, LOG_SOURCE_FORWARDER)
CONF_LOG_PATH: Final = "log_path"
CONF_FORWARDER_HOST: Final = "forwarder_host"
CONF_FORWARDER_PORT: Final = "forwarder_port"
CONF_FORWARDER_TOKEN: Final = "forwarder_token"  # noqa: S105 - an option key
CONF_FORWARDER_FINGERPRINT: Final = "forwarder_fingerprint"
DEFAULT_FORWARDER_PORT: Final = 9999
CONF_GEOIP_DATABASE: Final = "geoip_database"
CONF_DEBUG_ADDRESS: Final = "debug_address"

# Options: costs (net profit). Amounts in Home Assistant's currency; energy in W or kWh.
CONF_HARDWARE_COST: Final = "hardware_cost"
CONF_PURCHASE_DATE: Final = "purchase_date"
CONF_ENERGY_SOURCE: Final = "energy_source"
ENERGY_SOURCE_NONE: Final = "none"
ENERGY_SOURCE_POWER: Final = "power_sensor"
ENERGY_SOURCE_ENERGY: Final = "energy_sensor"
ENERGY_SOURCE_FIXED: Final = "fixed_wattage"
ENERGY_SOURCES: Final = (
    ENERGY_SOURCE_NONE,
    ENERGY_SOURCE_POWER,
    ENERGY_SOURCE_ENERGY,
    ENERGY_SOURCE_FIXED,
)
CONF_POWER_ENTITY: Final = "power_entity"
CONF_ENERGY_ENTITY: Final = "energy_entity"
CONF_FIXED_WATTS: Final = "fixed_watts"
CONF_NODE_SHARE: Final = "node_share"
DEFAULT_NODE_SHARE: Final = 100
CONF_PRICE_SOURCE: Final = "price_source"
PRICE_SOURCE_FIXED: Final = "fixed"
PRICE_SOURCE_ENTITY: Final = "entity"
PRICE_SOURCE_ENERGY: Final = "energy_dashboard"
PRICE_SOURCES: Final = (PRICE_SOURCE_FIXED, PRICE_SOURCE_ENTITY, PRICE_SOURCE_ENERGY)
CONF_PRICE_PER_KWH: Final = "price_per_kwh"
CONF_PRICE_ENTITY: Final = "price_entity"
CONF_USD_RATE_ENTITY: Final = "usd_rate_entity"
