// The earnings card's months: the integration's monthly payout statistics (long-term
// statistics, see docs/statistics.md) read with `recorder/statistics_during_period`.
import type { HassDevice } from "./ha-types.js";
import { DOMAIN } from "./node-entities.js";

/** Characters of the node ID in statistic IDs (statistics.py NODE_SLUG_LENGTH). */
const NODE_SLUG_LENGTH = 10;
export const DEFAULT_MONTHS = 12;
export const MIN_MONTHS = 3;
export const MAX_MONTHS = 60;

/** The monthly statistics a bar is made of, by their key after `_payout_`. */
export const MONTH_KEYS = {
  earned: "earned",
  storage: "earned_storage",
  egress: "earned_egress",
  repairAudit: "earned_repair_audit",
  held: "held",
  paid: "paid",
} as const;
export type MonthField = keyof typeof MONTH_KEYS;
/** The parts of `earned`, bottom to top of a stacked bar. */
export const EARNED_PARTS = ["storage", "egress", "repairAudit"] as const satisfies readonly MonthField[];

/** One row of `recorder/statistics_during_period` with `types: ["change"]` (start in ms). */
export interface StatisticRow {
  start: number;
  change?: number | null;
}

export type MonthBar = { start: number } & Record<MonthField, number | undefined>;

/** The node ID from the node device's identifier (`(storj_monitor, <node id>)`). */
export function nodeIdOf(device: HassDevice): string | undefined {
  return device.identifiers?.find(([domain]) => domain === DOMAIN)?.[1];
}

/** `storj_monitor:<first 10 characters of the node ID, lower case>_payout_<key>`. */
export function payoutStatisticId(nodeId: string, key: string): string {
  return `${DOMAIN}:${nodeId.slice(0, NODE_SLUG_LENGTH).toLowerCase()}_payout_${key}`;
}

export function monthStatisticIds(nodeId: string): Record<MonthField, string> {
  const entries = Object.entries(MONTH_KEYS).map(([field, key]) => [field, payoutStatisticId(nodeId, key)]);
  return Object.fromEntries(entries) as Record<MonthField, string>;
}

/** Months to request: a margin of two months, then `monthsFromStatistics` keeps `count`. */
export function requestStart(now: Date, count: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - count - 2, 1));
}

/** The newest `count` months that have statistics, oldest first. */
export function monthsFromStatistics(
  result: Record<string, StatisticRow[] | undefined>,
  ids: Record<MonthField, string>,
  count: number,
): MonthBar[] {
  const months = new Map<number, MonthBar>();
  for (const field of Object.keys(ids) as MonthField[]) {
    for (const row of result[ids[field]] ?? []) {
      let month = months.get(row.start);
      if (!month) {
        month = { start: row.start, earned: undefined, storage: undefined, egress: undefined, repairAudit: undefined, held: undefined, paid: undefined };
        months.set(row.start, month);
      }
      month[field] = typeof row.change === "number" ? row.change : undefined;
    }
  }
  return [...months.values()].sort((a, b) => a.start - b.start).slice(-count);
}

/** What the bar's height stands for: the earned total, or the sum of its parts without one. */
export function barTotal(month: MonthBar): number {
  return month.earned ?? EARNED_PARTS.reduce((sum, part) => sum + (month[part] ?? 0), 0);
}

/** A round axis maximum at or above `value`: 1, 2, 2.5 or 5 times a power of ten. */
export function axisMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * power >= value - 1e-9) ?? 10;
  return step * power;
}

/** Heights in percent of `max` of the bar's parts, bottom to top. */
export function stackHeights(month: MonthBar, max: number): Record<(typeof EARNED_PARTS)[number], number> {
  const height = (value: number | undefined) => (max > 0 ? (Math.max(value ?? 0, 0) / max) * 100 : 0);
  return { storage: height(month.storage), egress: height(month.egress), repairAudit: height(month.repairAudit) };
}

/**
 * The month a row stands for. Rows start at local midnight of the 1st in Home Assistant's
 * time zone (within 14 hours of UTC midnight): mid-month in UTC is the same month anywhere.
 */
export function monthOf(start: number): Date {
  return new Date(start + 15 * 86_400_000);
}

export function monthLabel(start: number, locale: string, month: "short" | "long" = "short"): string {
  return new Intl.DateTimeFormat(locale, { month, year: month === "long" ? "numeric" : undefined, timeZone: "UTC" }).format(
    monthOf(start),
  );
}

/** "YYYY-MM" of a row, as the node names paystub periods. */
export function periodOf(start: number): string {
  return monthOf(start).toISOString().slice(0, 7);
}

/** Sums of each field over the months (undefined when no month has it). */
export function totals(months: readonly MonthBar[]): Record<MonthField, number | undefined> {
  const sums = {} as Record<MonthField, number | undefined>;
  for (const field of Object.keys(MONTH_KEYS) as MonthField[]) {
    const values = months.map((month) => month[field]).filter((value): value is number => value !== undefined);
    sums[field] = values.length ? values.reduce((sum, value) => sum + value, 0) : undefined;
  }
  return sums;
}

/**
 * Months between the newest with statistics and the current one (UTC month starts): their
 * paystubs are not published yet (around the 15th of the month after).
 */
export function pendingMonths(months: readonly MonthBar[], now: Date): number[] {
  const current = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const newest = months.length ? monthOf(months[months.length - 1].start) : undefined;
  if (!newest) return [];
  const pending: number[] = [];
  for (let offset = 1; offset <= 2; offset += 1) {
    const start = Date.UTC(newest.getUTCFullYear(), newest.getUTCMonth() + offset, 1);
    if (start >= current) break;
    pending.push(start);
  }
  return pending;
}
