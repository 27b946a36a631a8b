// The fleet's totals: read from the integration's "Storj fleet" device when it exists
// (its sensors sum every loaded node), else summed here over the nodes the card lists.
import { bytesState, numericState } from "./format.js";
import type { HassEntityState, HomeAssistant } from "./ha-types.js";
import { DOMAIN, type EntityMap } from "./node-entities.js";

export const FLEET_MODEL = "Fleet";

export interface FleetTotals {
  source: "fleet" | "nodes";
  online: number;
  total: number;
  usedBytes: number;
  allocatedBytes: number;
  earnings: number;
  currency?: string;
  /** The fleet sensor behind each total (for more-info), when read from the fleet device. */
  entities: Partial<Record<"online" | "disk" | "earnings", string>>;
}

/** translation_key -> entity_id of the fleet device's entities, undefined without one. */
export function fleetEntities(hass: HomeAssistant): EntityMap | undefined {
  const fleet = Object.values(hass.devices).find((device) => device?.model === FLEET_MODEL);
  if (!fleet) return undefined;
  const map = new Map<string, string>();
  for (const entry of Object.values(hass.entities)) {
    if (entry?.platform === DOMAIN && entry.device_id === fleet.id && entry.translation_key) {
      map.set(entry.translation_key, entry.entity_id);
    }
  }
  return map.size > 0 ? map : undefined;
}

/** The fleet device's totals, or undefined when any of them is missing or not a number. */
export function totalsFromFleet(hass: HomeAssistant, fleet: EntityMap): FleetTotals | undefined {
  const stateOf = (key: string): HassEntityState | undefined => {
    const entityId = fleet.get(key);
    return entityId ? hass.states[entityId] : undefined;
  };
  const online = numericState(stateOf("fleet_nodes_online"));
  const total = numericState(stateOf("fleet_nodes_total"));
  const usedBytes = bytesState(stateOf("fleet_disk_used"));
  const allocatedBytes = bytesState(stateOf("fleet_disk_allocated"));
  const earningsState = stateOf("fleet_earnings_month");
  const earnings = numericState(earningsState);
  if ([online, total, usedBytes, allocatedBytes, earnings].some((value) => value === undefined)) return undefined;
  return {
    source: "fleet",
    online: online!,
    total: total!,
    usedBytes: usedBytes!,
    allocatedBytes: allocatedBytes!,
    earnings: earnings!,
    currency: earningsState?.attributes.unit_of_measurement,
    entities: {
      online: fleet.get("fleet_nodes_online"),
      disk: fleet.get("fleet_disk_used"),
      earnings: fleet.get("fleet_earnings_month"),
    },
  };
}
