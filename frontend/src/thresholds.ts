// Score colours use the same thresholds, and the same comparison, as the integration's alerts.
export type ScoreKind = "audit" | "suspension" | "online";
export type Level = "ok" | "warning" | "critical" | "unknown";

export const SCORE_KINDS: readonly ScoreKind[] = ["audit", "suspension", "online"];

/** Card options, named like the integration's threshold options. */
export interface ThresholdConfig {
  audit_warning?: number;
  audit_critical?: number;
  suspension_warning?: number;
  suspension_critical?: number;
  online_warning?: number;
  online_critical?: number;
}

export const DEFAULT_THRESHOLDS: Required<ThresholdConfig> = {
  audit_warning: 99,
  audit_critical: 97,
  suspension_warning: 90,
  suspension_critical: 75,
  online_warning: 95,
  online_critical: 80,
};

/** A score is critical below the critical threshold, a warning below the warning one. */
export function scoreLevel(kind: ScoreKind, value: number | undefined, config: ThresholdConfig = {}): Level {
  if (value === undefined) return "unknown";
  const critical = config[`${kind}_critical`] ?? DEFAULT_THRESHOLDS[`${kind}_critical`];
  const warning = config[`${kind}_warning`] ?? DEFAULT_THRESHOLDS[`${kind}_warning`];
  if (value < critical) return "critical";
  if (value < warning) return "warning";
  return "ok";
}

const SEVERITY: Readonly<Record<Level, number>> = { unknown: 0, ok: 1, warning: 2, critical: 3 };

export function worstLevel(levels: Iterable<Level>): Level {
  let worst: Level = "unknown";
  for (const level of levels) if (SEVERITY[level] > SEVERITY[worst]) worst = level;
  return worst;
}
