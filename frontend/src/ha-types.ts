// The parts of Home Assistant's frontend `hass` object the cards use (see the frontend's
// src/types.ts). Kept minimal on purpose: only what is read here is declared.

export interface HassEntityState {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown> & {
    unit_of_measurement?: string;
    friendly_name?: string;
  };
  last_changed: string;
  last_updated: string;
}

/** An entity registry display entry (`hass.entities`). */
export interface HassEntityEntry {
  entity_id: string;
  device_id?: string | null;
  platform: string;
  translation_key?: string | null;
  hidden?: boolean;
}

/** A device registry entry (`hass.devices`). */
export interface HassDevice {
  id: string;
  name: string | null;
  name_by_user: string | null;
  model: string | null;
  via_device_id: string | null;
  /** (domain, id) pairs; a Storj node's is (storj_monitor, <node id>). */
  identifiers?: Array<[string, string]>;
}

export interface HassThemes {
  darkMode: boolean;
}

export interface HomeAssistant {
  states: Record<string, HassEntityState | undefined>;
  entities: Record<string, HassEntityEntry | undefined>;
  devices: Record<string, HassDevice | undefined>;
  language: string;
  locale: { language: string };
  themes: HassThemes;
  callWS<T>(message: Record<string, unknown>): Promise<T>;
  /** The websocket connection (home-assistant-js-websocket); subscriptions survive reconnects. */
  connection?: HassConnection;
  formatEntityState?(stateObj: HassEntityState, state?: string): string;
}

export interface HassConnection {
  subscribeMessage<T>(callback: (message: T) => void, message: Record<string, unknown>): Promise<() => Promise<void>>;
}

/** Every card config: the Lovelace `type` plus the node's device (first node when unset). */
export interface NodeCardConfig {
  type: string;
  title?: string;
  device_id?: string;
}

declare global {
  interface Window {
    customCards?: Array<{
      type: string;
      name: string;
      description: string;
      preview?: boolean;
      documentationURL?: string;
    }>;
  }
}
