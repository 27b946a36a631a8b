"""Options-flow forms of the performance and earnings/traffic drop alerts."""

from __future__ import annotations

from typing import Any

from homeassistant.helpers import selector
import probatio as vol

from .const import (
    CONF_DROP_CRITICAL,
    CONF_DROP_WARNING,
    CONF_LATENCY_CRITICAL,
    CONF_LATENCY_SUSTAINED,
    CONF_LATENCY_WARNING,
    CONF_SUCCESS_CRITICAL,
    CONF_SUCCESS_MIN_SAMPLES,
    CONF_SUCCESS_WARNING,
    PERFORMANCE_DEFAULTS,
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


def _field(key: str) -> vol.Required:
    return vol.Required(key, default=PERFORMANCE_DEFAULTS[key])


_SECONDS = _number(0.1, 600, 0.1, "s")
_PERCENT = _number(0, 100, 0.1, "%")
PERFORMANCE_SCHEMA = vol.Schema(
    {
        _field(CONF_LATENCY_WARNING): _SECONDS,
        _field(CONF_LATENCY_CRITICAL): _SECONDS,
        _field(CONF_LATENCY_SUSTAINED): _number(1, 1440, 1, "min"),
        _field(CONF_SUCCESS_WARNING): _PERCENT,
        _field(CONF_SUCCESS_CRITICAL): _PERCENT,
        _field(CONF_SUCCESS_MIN_SAMPLES): _number(1, 100000, 1, ""),
    }
)
EARNINGS_SCHEMA = vol.Schema(
    {
        _field(CONF_DROP_WARNING): _number(1, 100, 1, "%"),
        _field(CONF_DROP_CRITICAL): _number(1, 100, 1, "%"),
    }
)


def performance_errors(user_input: dict[str, Any]) -> dict[str, str]:
    """Critical must be stricter: a longer latency, a lower success rate."""
    errors: dict[str, str] = {}
    if user_input[CONF_LATENCY_CRITICAL] < user_input[CONF_LATENCY_WARNING]:
        errors[CONF_LATENCY_CRITICAL] = "critical_below_warning"
    if user_input[CONF_SUCCESS_CRITICAL] > user_input[CONF_SUCCESS_WARNING]:
        errors[CONF_SUCCESS_CRITICAL] = "critical_above_warning"
    return errors


def earnings_errors(user_input: dict[str, Any]) -> dict[str, str]:
    """A critical drop is a larger one."""
    if user_input[CONF_DROP_CRITICAL] < user_input[CONF_DROP_WARNING]:
        return {CONF_DROP_CRITICAL: "critical_below_warning"}
    return {}
