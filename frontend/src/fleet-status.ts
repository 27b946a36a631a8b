// A node's status in the fleet table. A node that a satellite suspended or disqualified is
// still "reachable": that is shown first, from the node's `satellite_problem` binary sensor
// (its `suspended`/`disqualified` attributes name the satellites), then offline, then online.
import type { HassEntityState } from "./ha-types.js";
import type { Level } from "./thresholds.js";

export type NodeStatusKind = "disqualified" | "suspended" | "offline" | "online" | "unknown";

export interface NodeStatus {
  kind: NodeStatusKind;
  level: Level;
  /** "Suspended (us1)", "Offline", ... */
  label: string;
  /** The entity the status is read from (more-info, tests). */
  entity?: string;
}

/** Most alarming first: the fleet table sorts by this. */
export const STATUS_ORDER: Readonly<Record<NodeStatusKind, number>> = {
  disqualified: 0,
  suspended: 1,
  offline: 2,
  unknown: 3,
  online: 4,
};

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export function nodeStatus(reachable?: HassEntityState, problem?: HassEntityState): NodeStatus {
  if (problem?.state === "on") {
    const disqualified = names(problem.attributes.disqualified);
    const suspended = names(problem.attributes.suspended);
    if (disqualified.length) {
      return { kind: "disqualified", level: "critical", label: `Disqualified (${disqualified.join(", ")})`, entity: problem.entity_id };
    }
    if (suspended.length) {
      return { kind: "suspended", level: "critical", label: `Suspended (${suspended.join(", ")})`, entity: problem.entity_id };
    }
  }
  if (!reachable) return { kind: "unknown", level: "unknown", label: "Unknown" };
  // Unavailable too: the node's API does not answer, which is how an offline node looks.
  return reachable.state === "on"
    ? { kind: "online", level: "ok", label: "Online", entity: reachable.entity_id }
    : { kind: "offline", level: "critical", label: "Offline", entity: reachable.entity_id };
}
