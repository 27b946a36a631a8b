// Read entity states as numbers and format them in the user's locale.
import type { HassEntityState, HomeAssistant } from "./ha-types.js";

/** Bytes per unit of Home Assistant's data-size units (UnitOfInformation). */
const BYTES_PER_UNIT: Readonly<Record<string, number>> = {
  bit: 1 / 8,
  kbit: 1e3 / 8,
  Mbit: 1e6 / 8,
  Gbit: 1e9 / 8,
  B: 1,
  kB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  EB: 1e18,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  PiB: 2 ** 50,
  EiB: 2 ** 60,
};
const DECIMAL_UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];

export function entityState(hass: HomeAssistant, entityId: string | undefined): HassEntityState | undefined {
  return entityId ? hass.states[entityId] : undefined;
}

/** The state as a number; undefined when missing, unknown or unavailable. */
export function numericState(stateObj: HassEntityState | undefined): number | undefined {
  if (!stateObj || stateObj.state === "" || stateObj.state === "unknown" || stateObj.state === "unavailable") {
    return undefined;
  }
  const value = Number(stateObj.state);
  return Number.isFinite(value) ? value : undefined;
}

/** A data-size state in bytes, whatever display unit the user chose for the entity. */
export function bytesState(stateObj: HassEntityState | undefined): number | undefined {
  const value = numericState(stateObj);
  const factor = BYTES_PER_UNIT[stateObj?.attributes.unit_of_measurement ?? "B"];
  return value === undefined || factor === undefined ? undefined : value * factor;
}

export function formatNumber(value: number, locale: string, digits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

/** Bytes in the largest decimal unit that keeps the number at least 1 (Storj counts in SI units). */
export function formatBytes(bytes: number, locale: string): string {
  let index = 0;
  let value = bytes;
  while (Math.abs(value) >= 1000 && index < DECIMAL_UNITS.length - 1) {
    value /= 1000;
    index += 1;
  }
  return `${formatNumber(value, locale, index === 0 ? 0 : 2)} ${DECIMAL_UNITS[index]}`;
}

/** A state as Home Assistant shows it (display precision, unit, translated enum), or "—". */
export function formatState(hass: HomeAssistant, stateObj: HassEntityState | undefined): string {
  if (!stateObj || stateObj.state === "unavailable" || stateObj.state === "unknown") return "—";
  if (hass.formatEntityState) return hass.formatEntityState(stateObj);
  const unit = stateObj.attributes.unit_of_measurement;
  return unit ? `${stateObj.state} ${unit}` : stateObj.state;
}

/** A percentage (0..100) the way the locale writes one ("41.8%", "41,8 %"). */
export function formatPercent(value: number, locale: string, digits = 1): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: digits }).format(value / 100);
}

/** An amount of money in the locale's currency format ("$12.34"), USD unless told. */
export function formatMoney(amount: number, locale: string, currency = "USD"): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount);
  } catch {
    // Not an ISO 4217 code (a user's own unit): the number and the unit as given.
    return `${formatNumber(amount, locale, 2)} ${currency}`;
  }
}

/** Seconds as the most readable of ms and s. */
export function formatSeconds(seconds: number, locale: string): string {
  return seconds < 1 ? `${formatNumber(seconds * 1000, locale, 0)} ms` : `${formatNumber(seconds, locale, 2)} s`;
}
