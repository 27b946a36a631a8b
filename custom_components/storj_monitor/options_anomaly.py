"""Options-flow form of the anomaly detection, and the detector settings it yields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.helpers import selector
import probatio as vol

from .anomaly import DEFAULT_CONFIG, DetectorConfig

CONF_ANOMALY_ENABLED: Final = "anomaly_enabled"
CONF_ANOMALY_THRESHOLD: Final = "anomaly_threshold"
CONF_ANOMALY_STRONG: Final = "anomaly_strong"
ANOMALY_DEFAULTS: Final[dict[str, Any]] = {
    CONF_ANOMALY_ENABLED: True,
    CONF_ANOMALY_THRESHOLD: DEFAULT_CONFIG.threshold,
    CONF_ANOMALY_STRONG: DEFAULT_CONFIG.strong,
}
# An anomaly ends below DEFAULT_CONFIG.clear (2): a lower start would never stay raised.
MIN_THRESHOLD: Final = 2.0
MAX_THRESHOLD: Final = 10.0
MAX_STRONG: Final = 20.0


def _sigma(minimum: float, maximum: float) -> selector.NumberSelector:
    return selector.NumberSelector(
        selector.NumberSelectorConfig(
            min=minimum,
            max=maximum,
            step=0.1,
            unit_of_measurement="\N{GREEK SMALL LETTER SIGMA}",
            mode=selector.NumberSelectorMode.BOX,
        )
    )


def _field(key: str) -> vol.Required:
    return vol.Required(key, default=ANOMALY_DEFAULTS[key])


ANOMALY_SCHEMA = vol.Schema(
    {
        _field(CONF_ANOMALY_ENABLED): selector.BooleanSelector(),
        _field(CONF_ANOMALY_THRESHOLD): _sigma(MIN_THRESHOLD, MAX_THRESHOLD),
        _field(CONF_ANOMALY_STRONG): _sigma(MIN_THRESHOLD, MAX_STRONG),
    }
)


def anomaly_errors(user_input: Mapping[str, Any]) -> dict[str, str]:
    """One hour must stand out further than two hours in a row."""
    if user_input[CONF_ANOMALY_STRONG] <= user_input[CONF_ANOMALY_THRESHOLD]:
        return {CONF_ANOMALY_STRONG: "strong_not_above_threshold"}
    return {}


def anomaly_enabled(options: Mapping[str, Any]) -> bool:
    """Whether the node's anomalies are watched (on unless switched off)."""
    return bool(options.get(CONF_ANOMALY_ENABLED, True))


def detector_config(options: Mapping[str, Any]) -> DetectorConfig:
    """The detector with the thresholds chosen; an invalid stored pair falls back to defaults."""
    threshold = float(options.get(CONF_ANOMALY_THRESHOLD, DEFAULT_CONFIG.threshold))
    strong = float(options.get(CONF_ANOMALY_STRONG, DEFAULT_CONFIG.strong))
    if not MIN_THRESHOLD <= threshold < strong:
        return DEFAULT_CONFIG
    return DetectorConfig(threshold=threshold, strong=strong)
