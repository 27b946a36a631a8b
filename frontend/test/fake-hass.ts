// A minimal `hass` object with registries shaped like Home Assistant's.
import type { HassDevice, HassEntityEntry, HassEntityState, HomeAssistant } from "../src/ha-types.js";

export function device(id: string, name: string, model: string, via?: string): HassDevice {
  return { id, name, name_by_user: null, model, via_device_id: via ?? null };
}

export function entry(entityId: string, deviceId: string, key: string, platform = "storj_monitor"): HassEntityEntry {
  return { entity_id: entityId, device_id: deviceId, platform, translation_key: key };
}

export function state(entityId: string, value: string, attributes: HassEntityState["attributes"] = {}): HassEntityState {
  return { entity_id: entityId, state: value, attributes, last_changed: "", last_updated: "" };
}

export function fakeHass(
  devices: HassDevice[],
  entries: HassEntityEntry[],
  states: HassEntityState[] = [],
  callWS: HomeAssistant["callWS"] = () => Promise.reject(new Error("no websocket")),
): HomeAssistant {
  return {
    devices: Object.fromEntries(devices.map((d) => [d.id, d])),
    entities: Object.fromEntries(entries.map((e) => [e.entity_id, e])),
    states: Object.fromEntries(states.map((s) => [s.entity_id, s])),
    language: "en",
    locale: { language: "en" },
    themes: { darkMode: false },
    callWS,
  };
}
