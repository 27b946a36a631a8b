// The node card's per-satellite forecast: failed audits left before disqualification (DQ)
// and the online score after a day offline, both from the integration's forecast sensors.
import { formatNumber, formatPercent, numericState } from "./format.js";
import type { HassEntityState } from "./ha-types.js";

/** Translation keys of the satellite forecast sensors the card reads. */
export const FAILURES_KEY = "audit_failures_until_disqualification";
export const OFFLINE_24H_KEY = "online_score_if_offline_24h";

/** "13 failures to DQ" (the number first: it is the sensor's state); undefined when unknown. */
export function failuresToDq(stateObj: HassEntityState | undefined, locale: string): string | undefined {
  const count = numericState(stateObj);
  if (count === undefined) return undefined;
  return `${formatNumber(count, locale, 0)} ${count === 1 ? "failure" : "failures"} to DQ`;
}

/** "96.55% if offline 24 h"; undefined when unknown. */
export function offline24h(stateObj: HassEntityState | undefined, locale: string): string | undefined {
  const score = numericState(stateObj);
  return score === undefined ? undefined : `${formatPercent(score, locale, 2)} if offline 24 h`;
}

export const UNKNOWN_KEY = "unknown_failures_until_suspension";
export const RECOVERY_KEY = "online_score_recovery";

/** "4 unknown errors to suspension"; undefined when unknown. */
export function unknownToSuspension(stateObj: HassEntityState | undefined, locale: string): string | undefined {
  const count = numericState(stateObj);
  if (count === undefined) return undefined;
  return `${formatNumber(count, locale, 0)} unknown ${count === 1 ? "error" : "errors"} to suspension`;
}

/** "recovers by Dec 9" (above the warning threshold again); undefined without a date. */
export function recoveryDate(stateObj: HassEntityState | undefined, locale: string): string | undefined {
  const state = stateObj?.state;
  if (!state || state === "unknown" || state === "unavailable") return undefined;
  const when = new Date(state);
  if (Number.isNaN(when.getTime())) return undefined;
  return `recovers by ${new Intl.DateTimeFormat(locale, { month: "short", day: "numeric" }).format(when)}`;
}
