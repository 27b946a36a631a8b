// Trend arrows from the recorder's long-term statistics of the score sensors.
import type { HomeAssistant } from "./ha-types.js";

export type Trend = "up" | "down" | "flat";

/** Score changes smaller than this (percentage points) count as flat. */
export const FLAT_BELOW = 0.05;

interface StatisticRow {
  start: number;
  mean?: number | null;
}

/** The mean of each score over the oldest hour in the window: the baseline to compare with. */
export async function fetchBaselines(
  hass: HomeAssistant,
  entityIds: string[],
  days: number,
  now: Date = new Date(),
): Promise<Map<string, number>> {
  const baselines = new Map<string, number>();
  if (entityIds.length === 0) return baselines;
  const rows = await hass.callWS<Record<string, StatisticRow[] | undefined>>({
    type: "recorder/statistics_during_period",
    start_time: new Date(now.getTime() - days * 86_400_000).toISOString(),
    statistic_ids: entityIds,
    period: "hour",
    types: ["mean"],
  });
  for (const entityId of entityIds) {
    const oldest = rows[entityId]?.find((row) => typeof row.mean === "number");
    if (oldest?.mean != null) baselines.set(entityId, oldest.mean);
  }
  return baselines;
}

export function trendOf(baseline: number | undefined, current: number | undefined): Trend | undefined {
  if (baseline === undefined || current === undefined) return undefined;
  const change = current - baseline;
  if (Math.abs(change) < FLAT_BELOW) return "flat";
  return change > 0 ? "up" : "down";
}
