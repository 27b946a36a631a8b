// The reputation card's meters: how far a score is above the satellite's limit, where the
// node is disqualified (audit) or suspended (unknown audits, online). storj/storj
// satellite/reputation/config.go:30,32,60 @5dbec64f5a: AuditDQ 0.96, UnknownAuditDQ 0.6,
// OfflineThreshold 0.6 (the same model as the integration's reputation_forecast.py).
import type { ScoreKind } from "./thresholds.js";

export const SCORE_LIMITS: Readonly<Record<ScoreKind, number>> = { audit: 96, suspension: 60, online: 60 };

/** What happens at the limit. */
export const LIMIT_ACTIONS: Readonly<Record<ScoreKind, string>> = {
  audit: "disqualification",
  suspension: "suspension",
  online: "suspension",
};

/** Share (0..100) of the way from the limit to 100 %; 0 at or below the limit. */
export function headroom(kind: ScoreKind, score: number | undefined): number | undefined {
  if (score === undefined) return undefined;
  const limit = SCORE_LIMITS[kind];
  return Math.min(100, Math.max(0, ((score - limit) / (100 - limit)) * 100));
}

/** Percentage points above the limit (negative below it). */
export function pointsAboveLimit(kind: ScoreKind, score: number): number {
  return score - SCORE_LIMITS[kind];
}
