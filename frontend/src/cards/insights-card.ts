// storj-insights-card: what the node's log says beyond the counters — unusual figures now,
// the most common error types, piece sizes, the most downloaded pieces and each satellite's
// outcomes. Everything comes over the websocket (`storj_monitor/subscribe`).
import { css, html, nothing, type TemplateResult } from "lit";

import { barStyles } from "../bar-styles.js";
import { message, StorjCard } from "../base-card.js";
import { createEditor, NODE_FIELD, TITLE_FIELD } from "../editor.js";
import { formatBytes, formatNumber, formatPercent } from "../format.js";
import type { HomeAssistant, NodeCardConfig } from "../ha-types.js";
import {
  describeAnomaly,
  type LiveAnomaly,
  type LiveLog,
  LiveNodeController,
  type LiveOutcome,
  type LiveSatellite,
  sizeLabels,
} from "../live-data.js";
import { findNode } from "../node-entities.js";

export interface InsightsCardOptions extends NodeCardConfig {
  top_errors?: number;
  hot_pieces?: number;
}

const DEFAULT_TOP_ERRORS = 5;
const DEFAULT_HOT_PIECES = 5;
const DIRECTIONS = [
  { key: "upload", label: "Uploads" },
  { key: "download", label: "Downloads" },
] as const;

export class StorjInsightsCard extends StorjCard<InsightsCardOptions> {
  private readonly live = new LiveNodeController(this, () => this.node?.device.id);

  static getConfigElement(): HTMLElement {
    return createEditor([
      NODE_FIELD,
      TITLE_FIELD,
      { name: "top_errors", selector: { number: { min: 0, max: 10, mode: "box" } } },
      { name: "hot_pieces", selector: { number: { min: 0, max: 10, mode: "box" } } },
    ]);
  }

  static getStubConfig(hass: HomeAssistant): Partial<InsightsCardOptions> {
    const node = findNode(hass);
    return node ? { device_id: node.device.id } : {};
  }

  override getCardSize(): number {
    return 9;
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, min_columns: 6, min_rows: 6 };
  }

  protected watchedEntities(): string[] {
    const node = this.node;
    return ["log_source_connected"].flatMap((key) => node?.entities.get(key) ?? []);
  }

  protected override render() {
    if (!this.hass || !this.config) return nothing;
    const node = this.node;
    const title = this.config.title ?? (node ? `${node.name} insights` : "Storj insights");
    if (!node) return this.frame(title, this.noNodeMessage());
    const data = this.live.data;
    if (!data) {
      return this.frame(
        title,
        this.live.error
          ? message("warning", `The node's live data cannot be read: ${this.live.error}`)
          : message("info", "Waiting for the node's live data…", "mdi:timer-sand"),
      );
    }
    if (!data.loaded) return this.frame(title, message("info", "The node is restarting…", "mdi:restart"));
    const log = data.log;
    return this.frame(
      title,
      html`<div class="live" data-lines=${log?.lines ?? nothing}></div>
        ${this.renderAnomalies(data.insights)}
        ${log
          ? html`${log.connected
              ? nothing
              : message("warning", "The log source is disconnected: these figures stopped updating.")}
            ${this.renderErrors(log)} ${this.renderPieceSizes(log)} ${this.renderHotPieces(log)}
            ${this.renderSatellites(log.satellites)}`
          : message(
              "info",
              "No log insights: they come from the node's log. Set a log source in the Storj Monitor integration options.",
              "mdi:text-box-search-outline",
            )}`,
    );
  }

  private renderAnomalies(anomalies: LiveAnomaly[] | null): TemplateResult {
    let body: TemplateResult;
    if (anomalies === null) {
      body = html`<div class="muted" data-anomalies="off">Anomaly detection is switched off.</div>`;
    } else if (anomalies.length === 0) {
      body = html`<div class="muted" data-anomalies="none">Nothing unusual: every watched figure is normal.</div>`;
    } else {
      body = html`<ul class="anomalies">
        ${anomalies.map(
          (anomaly) => html`<li data-anomaly=${anomaly.metric}>
            <span class="level-warning">${describeAnomaly(anomaly)}</span>
            <span class="muted">
              z ${formatNumber(anomaly.z, this.locale, 1)}, since
              ${new Date(anomaly.since).toLocaleString(this.locale, { dateStyle: "short", timeStyle: "short" })}</span
            >
          </li>`,
        )}
      </ul>`;
    }
    return html`<section><h3>Unusual now</h3>${body}</section>`;
  }

  private renderErrors(log: LiveLog): TemplateResult | typeof nothing {
    const limit = this.config?.top_errors ?? DEFAULT_TOP_ERRORS;
    if (limit <= 0) return nothing;
    const top = log.errors.top.slice(0, limit);
    return html`<section>
      <h3>Errors</h3>
      <div class="muted summary" data-distinct=${log.errors.distinct_last_hour}>
        ${formatNumber(log.errors.distinct_last_hour, this.locale, 0)} distinct error types in the last hour
      </div>
      ${top.length === 0
        ? html`<div class="muted">No errors logged.</div>`
        : html`<table class="errors">
            <thead>
              <tr>
                <th>Error</th>
                <th>Last hour</th>
                <th>Total</th>
              </tr>
            </thead>
            <tbody>
              ${top.map(
                (error, index) => html`<tr data-row="error-${index}">
                  <td class="error-text" title=${error.text}>${error.text}</td>
                  <td>${formatNumber(error.last_hour, this.locale, 0)}</td>
                  <td>${formatNumber(error.total, this.locale, 0)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    </section>`;
  }

  private renderPieceSizes(log: LiveLog): TemplateResult {
    const labels = sizeLabels(log.piece_sizes.bounds);
    return html`<section>
      <h3>Piece sizes</h3>
      <div class="histograms">
        ${DIRECTIONS.map(({ key, label }) => {
          const counts = log.piece_sizes[key];
          const highest = Math.max(1, ...counts);
          const total = counts.reduce((sum, count) => sum + count, 0);
          return html`<figure class="histogram" data-direction=${key}>
            <figcaption class="muted">${label}: ${formatNumber(total, this.locale, 0)}</figcaption>
            <div class="bars">
              ${counts.map(
                (count, index) =>
                  html`<div
                    class="bar"
                    data-count=${count}
                    style="height: ${(count / highest) * 100}%"
                    title="${labels[index]}: ${formatNumber(count, this.locale, 0)}"
                  ></div>`,
              )}
            </div>
            <div class="axis muted"><span>${labels[0]}</span><span>${labels[labels.length - 1]}</span></div>
          </figure>`;
        })}
      </div>
    </section>`;
  }

  private renderHotPieces(log: LiveLog): TemplateResult | typeof nothing {
    const limit = this.config?.hot_pieces ?? DEFAULT_HOT_PIECES;
    if (limit <= 0) return nothing;
    const pieces = log.hot_pieces.pieces.slice(0, limit);
    return html`<section>
      <h3>Most downloaded pieces (24 h)</h3>
      ${pieces.length === 0
        ? html`<div class="muted" data-hot="none">No piece was downloaded more than once in the last 24 hours.</div>`
        : html`<table class="hot">
            <thead>
              <tr>
                <th>Piece</th>
                <th>Downloads</th>
              </tr>
            </thead>
            <tbody>
              ${pieces.map(
                (hot) => html`<tr data-row="piece-${hot.piece}">
                  <td class="piece" title=${hot.piece}>${hot.piece.slice(0, 12)}…</td>
                  <td>
                    ${hot.downloads === hot.at_least
                      ? formatNumber(hot.downloads, this.locale, 0)
                      : `${formatNumber(hot.at_least, this.locale, 0)}–${formatNumber(hot.downloads, this.locale, 0)}`}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    </section>`;
  }

  private rate(outcome: LiveOutcome | undefined): string {
    return outcome?.success_rate == null ? "—" : formatPercent(outcome.success_rate, this.locale);
  }

  private speed(bytesPerSecond: number | null): string {
    return bytesPerSecond == null ? "—" : `${formatBytes(bytesPerSecond, this.locale)}/s`;
  }

  private renderSatellites(satellites: LiveSatellite[]): TemplateResult | typeof nothing {
    if (satellites.length === 0) return nothing;
    return html`<section>
      <h3>Satellites</h3>
      <div class="table-wrap">
        <table class="satellites">
          <thead>
            <tr>
              <th>Satellite</th>
              <th>Down</th>
              <th>Up</th>
              <th>Egress</th>
              <th>Ingress</th>
            </tr>
          </thead>
          <tbody>
            ${satellites.map(
              (satellite) => html`<tr data-satellite=${satellite.id}>
                <td>${satellite.name}</td>
                <td>${this.rate(satellite.actions.GET)}</td>
                <td>${this.rate(satellite.actions.PUT)}</td>
                <td>${this.speed(satellite.egress_bps)}</td>
                <td>${this.speed(satellite.ingress_bps)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  static override styles = [
    StorjCard.styles,
    barStyles,
    css`
      section {
        min-width: 0;
      }
      .summary {
        font-size: var(--ha-font-size-s, 12px);
        margin-bottom: 4px;
      }
      .anomalies {
        margin: 0;
        padding: 0;
        list-style: none;
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .anomalies li {
        display: flex;
        flex-wrap: wrap;
        gap: 0 8px;
      }
      table.errors,
      table.hot {
        table-layout: fixed;
      }
      .errors th:not(:first-child),
      .errors td:not(:first-child) {
        width: 5.5em;
      }
      .error-text {
        font-family: var(--ha-font-family-code, monospace);
        font-size: var(--ha-font-size-s, 12px);
        overflow-wrap: anywhere;
      }
      .piece {
        font-family: var(--ha-font-family-code, monospace);
      }
      :host {
        --storj-bars-height: 60px;
        --storj-histogram-min-width: 150px;
      }
    `,
  ];
}
