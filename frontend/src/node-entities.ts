// Find a node's entities from its device: users pick a node, never twenty entities.
// A node is a device with model "Storage node"; its satellites are devices linked to it
// (`via_device_id`) with model "Satellite"; entities are matched by translation key.
import type { HassDevice, HomeAssistant } from "./ha-types.js";

export const DOMAIN = "storj_monitor";
export const NODE_MODEL = "Storage node";
export const SATELLITE_MODEL = "Satellite";

/** translation_key -> entity_id of one device's storj_monitor entities (keys are unique per device). */
export type EntityMap = ReadonlyMap<string, string>;

export interface NodeInfo {
  device: HassDevice;
  name: string;
  entities: EntityMap;
}

export interface SatelliteInfo {
  device: HassDevice;
  name: string;
  entities: EntityMap;
}

export function deviceName(device: HassDevice): string {
  return device.name_by_user || device.name || device.id;
}

const grouped = new WeakMap<object, Map<string, Map<string, string>>>();

/** Our entities grouped by device id, keyed by translation key; cached per registry snapshot. */
function entitiesByDevice(hass: HomeAssistant): Map<string, Map<string, string>> {
  const cached = grouped.get(hass.entities);
  if (cached) return cached;
  const byDevice = new Map<string, Map<string, string>>();
  for (const entry of Object.values(hass.entities)) {
    if (!entry || entry.platform !== DOMAIN || !entry.device_id || !entry.translation_key) continue;
    let map = byDevice.get(entry.device_id);
    if (!map) byDevice.set(entry.device_id, (map = new Map()));
    map.set(entry.translation_key, entry.entity_id);
  }
  grouped.set(hass.entities, byDevice);
  return byDevice;
}

function byName<T extends { name: string }>(items: T[]): T[] {
  return items.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** Every Storj node known to Home Assistant, sorted by name. */
export function listNodes(hass: HomeAssistant): NodeInfo[] {
  const entities = entitiesByDevice(hass);
  const nodes: NodeInfo[] = [];
  for (const device of Object.values(hass.devices)) {
    if (!device || device.model !== NODE_MODEL) continue;
    const mine = entities.get(device.id);
    if (mine) nodes.push({ device, name: deviceName(device), entities: mine });
  }
  return byName(nodes);
}

/** The configured node, or the first one when the card names none. */
export function findNode(hass: HomeAssistant, deviceId?: string): NodeInfo | undefined {
  const nodes = listNodes(hass);
  return deviceId ? nodes.find((node) => node.device.id === deviceId) : nodes[0];
}

/** The node's satellites, named without the node's own name prefix, sorted by name. */
export function listSatellites(hass: HomeAssistant, node: NodeInfo): SatelliteInfo[] {
  const entities = entitiesByDevice(hass);
  const satellites: SatelliteInfo[] = [];
  for (const device of Object.values(hass.devices)) {
    if (!device || device.model !== SATELLITE_MODEL || device.via_device_id !== node.device.id) continue;
    const mine = entities.get(device.id);
    if (!mine) continue;
    const full = deviceName(device);
    const name = full.startsWith(`${node.name} `) ? full.slice(node.name.length + 1) : full;
    satellites.push({ device, name, entities: mine });
  }
  return byName(satellites);
}

