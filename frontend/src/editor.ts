// One visual editor for all cards: Home Assistant's own <ha-form> driven by a per-card schema.
import { css, html, LitElement, nothing } from "lit";

import type { HomeAssistant } from "./ha-types.js";
import { DOMAIN, NODE_MODEL } from "./node-entities.js";
import { DEFAULT_MONTHS, MAX_MONTHS, MIN_MONTHS } from "./earnings-months.js";
import { DEFAULT_THRESHOLDS, SCORE_KINDS } from "./thresholds.js";

export const EDITOR_TAG = "storj-monitor-card-editor";

type FormSchema = Record<string, unknown>;

const LABELS: Readonly<Record<string, string>> = {
  device_id: "Storj node",
  title: "Title (optional)",
  trend_days: "Trend over the last days",
  audit_warning: "Audit score warning below (%)",
  audit_critical: "Audit score critical below (%)",
  suspension_warning: "Suspension score warning below (%)",
  suspension_critical: "Suspension score critical below (%)",
  online_warning: "Online score warning below (%)",
  online_critical: "Online score critical below (%)",
  top_countries: "Countries listed",
  months: "Months shown",
  top_errors: "Error types listed",
  hot_pieces: "Pieces listed",
};

export const NODE_FIELD: FormSchema = {
  name: "device_id",
  selector: { device: { filter: { integration: DOMAIN, model: NODE_MODEL } } },
};
export const TITLE_FIELD: FormSchema = { name: "title", selector: { text: {} } };
export const MONTHS_FIELD: FormSchema = {
  name: "months",
  default: DEFAULT_MONTHS,
  selector: { number: { min: MIN_MONTHS, max: MAX_MONTHS, step: 1, mode: "box" } },
};

function percentField(name: keyof typeof DEFAULT_THRESHOLDS): FormSchema {
  return {
    name,
    default: DEFAULT_THRESHOLDS[name],
    selector: { number: { min: 0, max: 100, step: 0.1, mode: "box", unit_of_measurement: "%" } },
  };
}

/** The alert thresholds, folded away: most users keep the integration's defaults. */
export const THRESHOLD_SECTION: FormSchema = {
  type: "expandable",
  name: "",
  title: "Score thresholds",
  flatten: true,
  schema: SCORE_KINDS.map((kind) => ({
    type: "grid",
    name: "",
    schema: [percentField(`${kind}_warning`), percentField(`${kind}_critical`)],
  })),
};

export class StorjCardEditor extends LitElement {
  static override properties = {
    hass: { attribute: false },
    schema: { attribute: false },
    config: { state: true },
  };

  declare hass?: HomeAssistant;
  declare schema: FormSchema[];
  declare config?: Record<string, unknown>;

  constructor() {
    super();
    this.schema = [];
  }

  setConfig(config: Record<string, unknown>): void {
    this.config = config;
  }

  protected override render() {
    if (!this.hass || !this.config) return nothing;
    return html`<ha-form
      .hass=${this.hass}
      .data=${this.config}
      .schema=${this.schema}
      .computeLabel=${(field: { name: string }) => LABELS[field.name] ?? field.name}
      @value-changed=${this.valueChanged}
    ></ha-form>`;
  }

  private valueChanged(event: CustomEvent<{ value: Record<string, unknown> }>): void {
    event.stopPropagation();
    // Drop cleared fields so the YAML keeps only what the user set.
    const config = Object.fromEntries(
      Object.entries(event.detail.value).filter(([, value]) => value !== undefined && value !== ""),
    );
    this.config = config;
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config }, bubbles: true, composed: true }));
  }

  static override styles = css`
    :host {
      display: block;
    }
  `;
}

/** A configured editor element for a card's `getConfigElement()`. */
export function createEditor(schema: FormSchema[]): StorjCardEditor {
  const editor = document.createElement(EDITOR_TAG) as StorjCardEditor;
  editor.schema = schema;
  return editor;
}
