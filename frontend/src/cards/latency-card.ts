// storj-latency-card: transfer latency percentiles, success rates and a histogram, from the log.
// Percentiles and rates are entity states; the histograms come over the websocket.
import { css, html, nothing, type TemplateResult } from "lit";

import { barStyles } from "../bar-styles.js";
import { message, StorjCard } from "../base-card.js";
import { createEditor, NODE_FIELD, TITLE_FIELD } from "../editor.js";
import { formatNumber, formatPercent, formatSeconds, formatState, numericState } from "../format.js";
import type { HomeAssistant, NodeCardConfig } from "../ha-types.js";
import { type HistogramBucket, parseHistogram } from "../histogram.js";
import { LiveNodeController } from "../live-data.js";
import { findNode, type NodeInfo } from "../node-entities.js";

type Direction = "download" | "upload";

const DIRECTIONS: readonly Direction[] = ["download", "upload"];
const PERCENTILES = ["p50", "p95", "p99"] as const;
const DIRECTION_LABELS: Readonly<Record<Direction, string>> = { download: "Download", upload: "Upload" };
const OTHER_RATES: ReadonlyArray<{ key: string; label: string }> = [
  { key: "success_rate_audit", label: "Audit" },
  { key: "success_rate_repair_download", label: "Repair download" },
  { key: "success_rate_repair_upload", label: "Repair upload" },
];
const LATENCY_KEYS = DIRECTIONS.flatMap((dir) => PERCENTILES.map((p) => `${dir}_latency_${p}`));

export class StorjLatencyCard extends StorjCard<NodeCardConfig> {
  private readonly live = new LiveNodeController(this, () => this.node?.device.id);

  static getConfigElement(): HTMLElement {
    return createEditor([NODE_FIELD, TITLE_FIELD]);
  }

  static getStubConfig(hass: HomeAssistant): Partial<NodeCardConfig> {
    const node = findNode(hass);
    return node ? { device_id: node.device.id } : {};
  }

  override getCardSize(): number {
    return 6;
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, min_columns: 6, min_rows: 5 };
  }

  protected watchedEntities(): string[] {
    return [...(this.node?.entities.values() ?? [])];
  }

  protected override render() {
    if (!this.hass || !this.config) return nothing;
    const node = this.node;
    const title = this.config.title ?? (node ? `${node.name} transfers` : "Storj transfers");
    if (!node) return this.frame(title, this.noNodeMessage());
    if (!LATENCY_KEYS.some((key) => node.entities.has(key))) {
      return this.frame(
        title,
        message(
          "info",
          "No transfer statistics: latency and success rates come from the node's log. Set a log source in the Storj Monitor integration options.",
          "mdi:text-box-search-outline",
        ),
      );
    }
    if (!LATENCY_KEYS.some((key) => numericState(this.stateOf(node, key)) !== undefined)) {
      return this.frame(
        title,
        html`${this.renderConnection(node)}
        ${message("info", "No transfers measured yet: they appear as the node's log is read.", "mdi:timer-sand")}`,
      );
    }
    return this.frame(
      title,
      html`${this.renderConnection(node)} ${this.renderPercentiles(node)} ${this.renderOtherRates(node)}
      ${this.renderHistograms(node)}`,
    );
  }

  private renderConnection(node: NodeInfo): TemplateResult | typeof nothing {
    const connected = this.stateOf(node, "log_source_connected");
    return connected?.state === "off"
      ? message("warning", "The log source is disconnected: these figures stopped updating.")
      : nothing;
  }

  private cell(node: NodeInfo, key: string): TemplateResult {
    const stateObj = this.stateOf(node, key);
    return html`<td data-entity=${stateObj?.entity_id ?? nothing}>${formatState(this.hass!, stateObj)}</td>`;
  }

  private renderPercentiles(node: NodeInfo): TemplateResult {
    return html`<div class="table-wrap">
      <table class="latency">
        <thead>
          <tr>
            <th></th>
            ${PERCENTILES.map((p) => html`<th>${p}</th>`)}
            <th>Success</th>
          </tr>
        </thead>
        <tbody>
          ${DIRECTIONS.map(
            (dir) => html`<tr data-direction=${dir}>
              <td>${DIRECTION_LABELS[dir]}</td>
              ${PERCENTILES.map((p) => this.cell(node, `${dir}_latency_${p}`))} ${this.cell(node, `success_rate_${dir}`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderOtherRates(node: NodeInfo): TemplateResult | typeof nothing {
    const rates = OTHER_RATES.filter((rate) => node.entities.has(rate.key));
    if (rates.length === 0) return nothing;
    return html`<div class="rates">
      ${rates.map(
        (rate) => html`<div class="rate">
          <span class="muted">${rate.label}</span>
          <span data-entity=${node.entities.get(rate.key)!}
            >${formatState(this.hass!, this.stateOf(node, rate.key))}</span
          >
        </div>`,
      )}
    </div>`;
  }

  private renderHistograms(node: NodeInfo): TemplateResult {
    const log = this.live.data?.log;
    return html`<div class="histograms" data-lines=${log?.lines ?? nothing}>
      ${DIRECTIONS.map((dir) => {
        const stateObj = this.stateOf(node, `${dir}_latency_p50`);
        const buckets = parseHistogram(log?.latency[dir]?.histogram);
        return html`<figure class="histogram" data-direction=${dir} data-source=${stateObj?.entity_id ?? nothing}>
          <figcaption class="muted">${DIRECTION_LABELS[dir]} latency</figcaption>
          ${buckets.length === 0 ? html`<div class="muted empty">No samples yet</div>` : this.renderBars(buckets)}
        </figure>`;
      })}
    </div>`;
  }

  private renderBars(buckets: HistogramBucket[]): TemplateResult {
    const highest = Math.max(...buckets.map((bucket) => bucket.count), 1);
    const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
    return html`<div class="bars">
        ${buckets.map(
          (bucket) =>
            html`<div
              class="bar"
              data-count=${bucket.count}
              style="height: ${(bucket.count / highest) * 100}%"
              title="≤ ${formatSeconds(bucket.le, this.locale)}: ${formatNumber(bucket.count, this.locale, 0)} (${formatPercent(
                total ? (bucket.count / total) * 100 : 0,
                this.locale,
              )})"
            ></div>`,
        )}
      </div>
      <div class="axis muted">
        <span>${formatSeconds(buckets[0].le, this.locale)}</span
        ><span>${formatSeconds(buckets[buckets.length - 1].le, this.locale)}</span>
      </div>`;
  }

  static override styles = [
    StorjCard.styles,
    barStyles,
    css`
      .rates {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 24px;
      }
      .rate {
        display: flex;
        flex-direction: column;
        font-size: var(--ha-font-size-s, 12px);
      }
      .rate span:last-child {
        font-size: var(--ha-font-size-l, 16px);
      }
      .empty {
        height: 80px;
        display: flex;
        align-items: center;
        justify-content: center;
      }
    `,
  ];
}
