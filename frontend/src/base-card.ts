// What every Storj card shares: config handling, finding its node, messages, the editor.
import { type CSSResultGroup, html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";

import type { HassEntityState, HomeAssistant, NodeCardConfig } from "./ha-types.js";
import { findNode, listNodes, type NodeInfo } from "./node-entities.js";
import { cardStyles } from "./styles.js";

export type MessageKind = "info" | "warning";

export function message(kind: MessageKind, text: string, icon = "mdi:information-outline"): TemplateResult {
  return html`<div class="message ${kind}" data-message=${kind}>
    <ha-icon .icon=${kind === "warning" ? "mdi:alert-outline" : icon}></ha-icon><span>${text}</span>
  </div>`;
}

export abstract class StorjCard<C extends NodeCardConfig = NodeCardConfig> extends LitElement {
  static override properties = {
    hass: { attribute: false },
    config: { state: true },
  };

  static override styles: CSSResultGroup = cardStyles;

  declare hass?: HomeAssistant;
  declare config?: C;

  /** Lovelace calls this with the YAML (or editor) config; throwing shows an error card. */
  setConfig(config: C): void {
    if (!config || typeof config !== "object") throw new Error("Invalid configuration");
    if (config.device_id !== undefined && typeof config.device_id !== "string") {
      throw new Error("device_id must be the id of a Storj node device");
    }
    this.config = { ...config };
  }

  getCardSize(): number {
    return 4;
  }

  /** Only re-render for state changes this card shows, not for every entity of the house. */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.has("config") || !changed.has("hass")) return true;
    const previous = changed.get("hass") as HomeAssistant | undefined;
    const hass = this.hass;
    if (!previous || !hass) return true;
    if (previous.entities !== hass.entities || previous.devices !== hass.devices) return true;
    if (previous.themes !== hass.themes || previous.locale !== hass.locale) return true;
    return this.watchedEntities().some((entityId) => previous.states[entityId] !== hass.states[entityId]);
  }

  /** Entities whose state changes re-render the card. */
  protected abstract watchedEntities(): string[];

  protected get node(): NodeInfo | undefined {
    return this.hass ? findNode(this.hass, this.config?.device_id) : undefined;
  }

  protected stateOf(node: NodeInfo | undefined, key: string): HassEntityState | undefined {
    const entityId = node?.entities.get(key);
    return entityId ? this.hass?.states[entityId] : undefined;
  }

  protected get locale(): string {
    return this.hass?.locale?.language ?? this.hass?.language ?? "en";
  }

  /** The card frame: header, then either the content or why there is none. */
  protected frame(title: string | undefined, body: TemplateResult | typeof nothing): TemplateResult {
    return html`<ha-card .header=${title}>
      <div class="content ${title ? "" : "no-header"}">${body}</div>
    </ha-card>`;
  }

  protected noNodeMessage(): TemplateResult {
    const configured = this.config?.device_id;
    if (configured && this.hass && listNodes(this.hass).length > 0) {
      return message("warning", "The Storj node chosen for this card no longer exists: pick another in the card editor.");
    }
    return message("info", "No Storj node yet: add one with the Storj Monitor integration.");
  }
}
