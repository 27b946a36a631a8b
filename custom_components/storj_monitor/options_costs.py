"""Options-flow form of the node's costs: hardware, energy source and electricity price."""

from __future__ import annotations

from typing import Any, Literal

from homeassistant.components.energy.data import async_get_manager
from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.const import ATTR_DEVICE_CLASS, ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant
from homeassistant.helpers import selector
from homeassistant.util.unit_conversion import EnergyConverter, PowerConverter
import probatio as vol

from .const import (
    CONF_ENERGY_ENTITY,
    CONF_ENERGY_SOURCE,
    CONF_FIXED_WATTS,
    CONF_HARDWARE_COST,
    CONF_NODE_SHARE,
    CONF_POWER_ENTITY,
    CONF_PRICE_ENTITY,
    CONF_PRICE_PER_KWH,
    CONF_PRICE_SOURCE,
    CONF_PURCHASE_DATE,
    CONF_USD_RATE_ENTITY,
    DEFAULT_NODE_SHARE,
    ENERGY_SOURCE_ENERGY,
    ENERGY_SOURCE_FIXED,
    ENERGY_SOURCE_NONE,
    ENERGY_SOURCE_POWER,
    ENERGY_SOURCES,
    PRICE_SOURCE_ENERGY,
    PRICE_SOURCE_ENTITY,
    PRICE_SOURCE_FIXED,
    PRICE_SOURCES,
)
from .profit import grid_price, price_per_kwh

ATTR_STATE_CLASS = "state_class"


def _number(
    maximum: float, step: float | Literal["any"], unit: str, minimum: float = 0
) -> selector.NumberSelector:
    return selector.NumberSelector(
        selector.NumberSelectorConfig(
            min=minimum,
            max=maximum,
            step=step,
            unit_of_measurement=unit,
            mode=selector.NumberSelectorMode.BOX,
        )
    )


def _choice(key: str, options: tuple[str, ...]) -> selector.SelectSelector:
    return selector.SelectSelector(
        selector.SelectSelectorConfig(
            options=list(options), translation_key=key, mode=selector.SelectSelectorMode.LIST
        )
    )


def _sensor(device_class: SensorDeviceClass | None = None) -> selector.EntitySelector:
    config = selector.EntitySelectorConfig(domain=["sensor", "input_number", "number"])
    if device_class is not None:
        config = selector.EntitySelectorConfig(domain="sensor", device_class=device_class)
    return selector.EntitySelector(config)


COSTS_SCHEMA = vol.Schema(
    {
        vol.Optional(CONF_HARDWARE_COST): _number(1_000_000, 0.01, ""),
        vol.Optional(CONF_PURCHASE_DATE): selector.DateSelector(),
        vol.Required(CONF_ENERGY_SOURCE, default=ENERGY_SOURCE_NONE): _choice(
            CONF_ENERGY_SOURCE, ENERGY_SOURCES
        ),
        vol.Optional(CONF_POWER_ENTITY): _sensor(SensorDeviceClass.POWER),
        vol.Optional(CONF_ENERGY_ENTITY): _sensor(SensorDeviceClass.ENERGY),
        vol.Optional(CONF_FIXED_WATTS): _number(100_000, 0.1, "W"),
        vol.Required(CONF_NODE_SHARE, default=DEFAULT_NODE_SHARE): _number(100, 1, "%", 1),
        vol.Required(CONF_PRICE_SOURCE, default=PRICE_SOURCE_FIXED): _choice(
            CONF_PRICE_SOURCE, PRICE_SOURCES
        ),
        vol.Optional(CONF_PRICE_PER_KWH): _number(100, "any", "/kWh"),
        vol.Optional(CONF_PRICE_ENTITY): _sensor(),
        vol.Optional(CONF_USD_RATE_ENTITY): _sensor(),
    }
)


def _negative(value: Any) -> bool:
    return value is not None and float(value) < 0


def _numeric_state(hass: HomeAssistant, entity_id: str) -> bool:
    """The entity exists and its state is a number (or not known yet, e.g. at startup)."""
    if (state := hass.states.get(entity_id)) is None:
        return False
    if state.state in ("unknown", "unavailable"):
        return True
    try:
        float(state.state)
    except ValueError:
        return False
    return True


def _meter_error(hass: HomeAssistant, entity_id: str | None, source: str) -> str | None:
    """Why the chosen power or energy sensor cannot be used, or None."""
    if not entity_id or (state := hass.states.get(entity_id)) is None:
        return "entity_not_found"
    unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
    device_class = state.attributes.get(ATTR_DEVICE_CLASS)
    if source == ENERGY_SOURCE_POWER:
        if device_class != SensorDeviceClass.POWER or unit not in PowerConverter.VALID_UNITS:
            return "not_power_sensor"
    elif (
        device_class != SensorDeviceClass.ENERGY
        or unit not in EnergyConverter.VALID_UNITS
        or state.attributes.get(ATTR_STATE_CLASS) != SensorStateClass.TOTAL_INCREASING
    ):
        return "not_energy_sensor"
    return None


def _price_entity_error(hass: HomeAssistant, entity_id: str | None) -> str | None:
    if not entity_id or (state := hass.states.get(entity_id)) is None:
        return "entity_not_found"
    if price_per_kwh(1.0, state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)) is None:
        return "not_price_per_energy"
    return None if _numeric_state(hass, entity_id) else "not_numeric"


async def costs_errors(hass: HomeAssistant, user_input: dict[str, Any]) -> dict[str, str]:
    """Check the costs form: the chosen sources exist and measure the right thing."""
    errors: dict[str, str] = {}
    for key in (CONF_HARDWARE_COST, CONF_FIXED_WATTS, CONF_PRICE_PER_KWH):
        if _negative(user_input.get(key)):
            errors[key] = "negative"
    if not 1 <= float(user_input.get(CONF_NODE_SHARE, DEFAULT_NODE_SHARE)) <= 100:
        errors[CONF_NODE_SHARE] = "share_out_of_range"
    source = user_input[CONF_ENERGY_SOURCE]
    if source == ENERGY_SOURCE_POWER and (
        error := _meter_error(hass, user_input.get(CONF_POWER_ENTITY), source)
    ):
        errors[CONF_POWER_ENTITY] = error
    if source == ENERGY_SOURCE_ENERGY and (
        error := _meter_error(hass, user_input.get(CONF_ENERGY_ENTITY), source)
    ):
        errors[CONF_ENERGY_ENTITY] = error
    if source == ENERGY_SOURCE_FIXED and user_input.get(CONF_FIXED_WATTS) is None:
        errors[CONF_FIXED_WATTS] = "required"
    if source != ENERGY_SOURCE_NONE:
        errors |= await _price_errors(hass, user_input)
    rate = user_input.get(CONF_USD_RATE_ENTITY)
    if rate and not _numeric_state(hass, rate):
        errors[CONF_USD_RATE_ENTITY] = "not_numeric"
    return errors


async def _price_errors(hass: HomeAssistant, user_input: dict[str, Any]) -> dict[str, str]:
    price_source = user_input[CONF_PRICE_SOURCE]
    if price_source == PRICE_SOURCE_FIXED and user_input.get(CONF_PRICE_PER_KWH) is None:
        return {CONF_PRICE_PER_KWH: "required"}
    if price_source == PRICE_SOURCE_ENTITY and (
        error := _price_entity_error(hass, user_input.get(CONF_PRICE_ENTITY))
    ):
        return {CONF_PRICE_ENTITY: error}
    if price_source == PRICE_SOURCE_ENERGY:
        manager = await async_get_manager(hass)
        if grid_price(dict(manager.data or {})) == (None, None):
            return {CONF_PRICE_SOURCE: "no_energy_price"}
    return {}
