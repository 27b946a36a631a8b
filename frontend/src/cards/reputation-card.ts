// storj-reputation-card: per satellite, the audit, suspension and online scores as meters
// from the satellite's limit to 100 %, with the integration's forecasts under each.
import { css, html, nothing, type TemplateResult } from "lit";

import { message, StorjCard } from "../base-card.js";
import { createEditor, NODE_FIELD, THRESHOLD_SECTION, TITLE_FIELD } from "../editor.js";
import { formatPercent, formatState, numericState } from "../format.js";
import type { HassEntityState, HomeAssistant, NodeCardConfig } from "../ha-types.js";
import { findNode, listSatellites, type SatelliteInfo } from "../node-entities.js";
import {
  FAILURES_KEY,
  failuresToDq,
  OFFLINE_24H_KEY,
  offline24h,
  RECOVERY_KEY,
  recoveryDate,
  UNKNOWN_KEY,
  unknownToSuspension,
} from "../reputation-forecast.js";
import { headroom, LIMIT_ACTIONS, SCORE_LIMITS } from "../reputation-meter.js";
import { type Level, SCORE_KINDS, scoreLevel, type ScoreKind, type ThresholdConfig } from "../thresholds.js";

export type ReputationCardOptions = NodeCardConfig & ThresholdConfig;

const SCORE_LABELS: Readonly<Record<ScoreKind, string>> = {
  audit: "Audit",
  suspension: "Suspension",
  online: "Online",
};
type Forecast = (stateObj: HassEntityState | undefined, locale: string) => string | undefined;
/** Under each score: the forecast sensors of that score, and how they read. */
const FORECASTS: Readonly<Record<ScoreKind, ReadonlyArray<readonly [string, Forecast]>>> = {
  audit: [[FAILURES_KEY, failuresToDq]],
  suspension: [[UNKNOWN_KEY, unknownToSuspension]],
  online: [
    [OFFLINE_24H_KEY, offline24h],
    [RECOVERY_KEY, recoveryDate],
  ],
};

export class StorjReputationCard extends StorjCard<ReputationCardOptions> {
  static getConfigElement(): HTMLElement {
    return createEditor([NODE_FIELD, TITLE_FIELD, THRESHOLD_SECTION]);
  }

  static getStubConfig(hass: HomeAssistant): Partial<ReputationCardOptions> {
    const node = findNode(hass);
    return node ? { device_id: node.device.id } : {};
  }

  override getCardSize(): number {
    return 2 + 3 * (this.node && this.hass ? listSatellites(this.hass, this.node).length : 1);
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, min_columns: 6, min_rows: 4 };
  }

  protected watchedEntities(): string[] {
    const node = this.node;
    if (!node || !this.hass) return [];
    return listSatellites(this.hass, node).flatMap((sat) => [...sat.entities.values()]);
  }

  protected override render() {
    if (!this.hass || !this.config) return nothing;
    const node = this.node;
    if (!node) return this.frame(this.config.title ?? "Storj reputation", this.noNodeMessage());
    const satellites = listSatellites(this.hass, node);
    return this.frame(
      this.config.title ?? `${node.name} reputation`,
      satellites.length === 0
        ? message("info", "The node reports no satellites yet.")
        : html`<div class="satellites">${satellites.map((sat) => this.renderSatellite(sat))}</div>
            <div class="muted small note">
              Bars run from the satellite's limit to 100 %: audit ${SCORE_LIMITS.audit} % (disqualification),
              suspension and online ${SCORE_LIMITS.online} % (suspension).
            </div>`,
    );
  }

  private entity(sat: SatelliteInfo, key: string): HassEntityState | undefined {
    const entityId = sat.entities.get(key);
    return entityId ? this.hass!.states[entityId] : undefined;
  }

  private renderSatellite(sat: SatelliteInfo): TemplateResult {
    const disqualified = this.entity(sat, "disqualified")?.state === "on";
    const suspended = this.entity(sat, "suspended")?.state === "on";
    const vetting = this.entity(sat, "vetted")?.state === "off";
    return html`<section class="satellite ${disqualified ? "gone" : ""}" data-satellite=${sat.device.id}>
      <div class="head">
        <span class="name">${sat.name}</span>
        ${disqualified ? html`<span class="flag level-critical" data-flag="disqualified">disqualified</span>` : nothing}
        ${suspended ? html`<span class="flag level-critical" data-flag="suspended">suspended</span>` : nothing}
        ${vetting ? html`<span class="flag muted" data-flag="vetting">vetting</span>` : nothing}
      </div>
      <div class="meters">${SCORE_KINDS.map((kind) => this.renderMeter(sat, kind))}</div>
    </section>`;
  }

  private renderMeter(sat: SatelliteInfo, kind: ScoreKind): TemplateResult {
    const stateObj = this.entity(sat, `${kind}_score`);
    const value = numericState(stateObj);
    const room = headroom(kind, value);
    // At or below the limit the satellite acts, whatever the warning thresholds say.
    const level: Level = room === 0 ? "critical" : scoreLevel(kind, value, this.config);
    const forecasts = FORECASTS[kind].flatMap(([key, read]) => {
      const forecast = this.entity(sat, key);
      const text = read(forecast, this.locale);
      return forecast && text ? [html`<span data-entity=${forecast.entity_id}>${text}</span>`] : [];
    });
    const limit = `${LIMIT_ACTIONS[kind]} at ${formatPercent(SCORE_LIMITS[kind], this.locale, 0)}`;
    return html`<div class="meter" data-kind=${kind}>
      <div class="line">
        <span class="label">${SCORE_LABELS[kind]}</span>
        <span class="score level-${level}" data-entity=${stateObj?.entity_id ?? nothing} data-level=${level}
          >${formatState(this.hass!, stateObj)}</span
        >
      </div>
      <div
        class="track"
        title=${limit}
        role="meter"
        aria-label="${SCORE_LABELS[kind]} score, ${limit}"
        aria-valuemin=${SCORE_LIMITS[kind]}
        aria-valuemax="100"
        aria-valuenow=${value ?? nothing}
        data-headroom=${room ?? nothing}
      >
        <div class="fill fill-${level}" style="width: ${room ?? 0}%"></div>
      </div>
      <div class="forecast muted small">${forecasts.length ? forecasts : html`<span>${limit}</span>`}</div>
    </div>`;
  }

  static override styles = [
    StorjCard.styles,
    css`
      ha-card {
        container-type: inline-size;
      }
      .small {
        font-size: var(--ha-font-size-xs, 11px);
      }
      .satellites {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      .satellite {
        display: flex;
        flex-direction: column;
        gap: 6px;
        padding-bottom: 12px;
        border-bottom: 1px solid var(--divider-color);
      }
      .satellite:last-child {
        border-bottom: none;
        padding-bottom: 0;
      }
      .satellite.gone .meters {
        opacity: 0.5;
      }
      .head {
        display: flex;
        align-items: baseline;
        flex-wrap: wrap;
        gap: 6px;
      }
      .name {
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .flag {
        font-size: var(--ha-font-size-xs, 10px);
        text-transform: uppercase;
      }
      .meters {
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: 8px 16px;
      }
      .meter {
        display: flex;
        flex-direction: column;
        gap: 4px;
        min-width: 0;
      }
      .line {
        display: flex;
        justify-content: space-between;
        gap: 8px;
        font-variant-numeric: tabular-nums;
      }
      .label {
        color: var(--secondary-text-color);
      }
      .track {
        height: 8px;
        border-radius: 4px;
        overflow: hidden;
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.2));
      }
      .fill {
        height: 100%;
        border-radius: 4px;
      }
      .fill-ok {
        background: var(--storj-ok);
      }
      .fill-warning {
        background: var(--storj-warning);
      }
      .fill-critical {
        background: var(--storj-critical);
      }
      .fill-unknown {
        background: var(--storj-unknown);
      }
      .forecast {
        display: flex;
        flex-wrap: wrap;
        gap: 0 8px;
      }
      /* Phones: one score per line, so forecasts have room. */
      @container (max-width: 440px) {
        .meters {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];
}
