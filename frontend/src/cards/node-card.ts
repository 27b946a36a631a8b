// storj-node-card: one node at a glance — badges, disk, earnings, reputation per satellite, and
// the figures that are unusual right now (the anomaly monitor's findings, over the websocket).
import { css, html, nothing, type TemplateResult } from "lit";

import { message, StorjCard } from "../base-card.js";
import { createEditor, NODE_FIELD, THRESHOLD_SECTION, TITLE_FIELD } from "../editor.js";
import { bytesState, formatBytes, formatPercent, formatState, numericState } from "../format.js";
import type { HassEntityState, HomeAssistant, NodeCardConfig } from "../ha-types.js";
import { describeAnomaly, LiveNodeController } from "../live-data.js";
import { findNode, listSatellites, type NodeInfo, type SatelliteInfo } from "../node-entities.js";
import { FAILURES_KEY, failuresToDq, OFFLINE_24H_KEY, offline24h } from "../reputation-forecast.js";
import { type Level, SCORE_KINDS, scoreLevel, type ScoreKind, type ThresholdConfig } from "../thresholds.js";
import { fetchBaselines, type Trend, trendOf } from "../trend.js";

export interface NodeCardOptions extends NodeCardConfig, ThresholdConfig {
  trend_days?: number;
}

const DEFAULT_TREND_DAYS = 7;
const TREND_REFRESH_MS = 3_600_000;
const TREND_ICONS: Readonly<Record<Trend, string>> = {
  up: "mdi:arrow-top-right",
  down: "mdi:arrow-bottom-right",
  flat: "mdi:arrow-right",
};
const SCORE_LABELS: Readonly<Record<ScoreKind, string>> = {
  audit: "Audit",
  suspension: "Suspension",
  online: "Online",
};
const QUIC_LABELS: Readonly<Record<string, string>> = {
  ok: "QUIC OK",
  misconfigured: "QUIC misconfigured",
  disabled: "QUIC disabled",
  refreshing: "QUIC refreshing",
};

interface DiskSegment {
  key: string;
  label: string;
  bytes: number;
  entityId?: string;
}

export class StorjNodeCard extends StorjCard<NodeCardOptions> {
  static override properties = { ...StorjCard.properties, baselines: { state: true } };

  declare baselines: Map<string, number>;
  private readonly live = new LiveNodeController(this, () => this.node?.device.id);
  private trendKey = "";
  private trendFetchedAt = 0;

  constructor() {
    super();
    this.baselines = new Map();
  }

  static getConfigElement(): HTMLElement {
    return createEditor([
      NODE_FIELD,
      TITLE_FIELD,
      { name: "trend_days", selector: { number: { min: 1, max: 90, mode: "box", unit_of_measurement: "d" } } },
      THRESHOLD_SECTION,
    ]);
  }

  static getStubConfig(hass: HomeAssistant): Partial<NodeCardOptions> {
    const node = findNode(hass);
    return node ? { device_id: node.device.id } : {};
  }

  override getCardSize(): number {
    return 8;
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, min_columns: 6, min_rows: 6 };
  }

  protected watchedEntities(): string[] {
    const node = this.node;
    if (!node || !this.hass) return [];
    const satellites = listSatellites(this.hass, node).flatMap((sat) => [...sat.entities.values()]);
    return [...node.entities.values(), ...satellites];
  }

  private scoreEntities(satellites: SatelliteInfo[]): string[] {
    return satellites.flatMap((sat) =>
      SCORE_KINDS.map((kind) => sat.entities.get(`${kind}_score`)).filter((id): id is string => !!id),
    );
  }

  protected override updated(): void {
    const node = this.node;
    if (!node || !this.hass) return;
    const entityIds = this.scoreEntities(listSatellites(this.hass, node));
    const days = this.config?.trend_days ?? DEFAULT_TREND_DAYS;
    const key = `${days}:${entityIds.join(",")}`;
    if (key === this.trendKey && Date.now() - this.trendFetchedAt < TREND_REFRESH_MS) return;
    this.trendKey = key;
    this.trendFetchedAt = Date.now();
    fetchBaselines(this.hass, entityIds, days).then(
      (baselines) => {
        if (this.trendKey === key) this.baselines = baselines;
      },
      // Without the recorder (or its history) the table simply shows no arrows.
      () => undefined,
    );
  }

  protected override render() {
    if (!this.hass || !this.config) return nothing;
    const node = this.node;
    if (!node) return this.frame(this.config.title ?? "Storj node", this.noNodeMessage());
    return this.frame(
      this.config.title ?? node.name,
      html`${this.renderBadges(node)} ${this.renderAnomalies()} ${this.renderDisk(node)} ${this.renderEarnings(node)}
      ${this.renderReputation(node)}`,
    );
  }

  private renderAnomalies(): TemplateResult | typeof nothing {
    const anomalies = this.live.data?.insights ?? [];
    if (anomalies.length === 0) return nothing;
    return html`<div class="anomalies">
      ${anomalies.map(
        (anomaly) => html`<div class="anomaly level-warning" data-anomaly=${anomaly.metric}>
          <ha-icon icon="mdi:chart-bell-curve"></ha-icon>${describeAnomaly(anomaly)}
        </div>`,
      )}
    </div>`;
  }

  private value(node: NodeInfo, key: string): TemplateResult {
    const stateObj = this.stateOf(node, key);
    return html`<span class="value" data-entity=${stateObj?.entity_id ?? nothing}
      >${formatState(this.hass!, stateObj)}</span
    >`;
  }

  private badge(stateObj: HassEntityState | undefined, level: Level, icon: string, text: string): TemplateResult {
    return html`<span class="badge level-${level}" data-entity=${stateObj?.entity_id ?? nothing} data-level=${level}>
      <ha-icon .icon=${icon}></ha-icon>${text}
    </span>`;
  }

  private renderBadges(node: NodeInfo): TemplateResult {
    const reachable = this.stateOf(node, "reachable");
    const quic = this.stateOf(node, "quic_status");
    const version = this.stateOf(node, "version");
    const updateRequired = this.stateOf(node, "update_required")?.state === "on";
    const online = reachable?.state === "on";
    const quicLevel: Level = !quic || quic.state === "unavailable" ? "unknown" : quic.state === "ok" ? "ok" : "warning";
    return html`<div class="badges">
      ${this.badge(
        reachable,
        reachable ? (online ? "ok" : "critical") : "unknown",
        online ? "mdi:lan-connect" : "mdi:lan-disconnect",
        reachable ? (online ? "Reachable" : "Unreachable") : "Reachability unknown",
      )}
      ${this.badge(quic, quicLevel, "mdi:rocket-launch-outline", QUIC_LABELS[quic?.state ?? ""] ?? "QUIC unknown")}
      ${this.badge(
        version,
        updateRequired ? "warning" : version ? "ok" : "unknown",
        updateRequired ? "mdi:update" : "mdi:tag-outline",
        `${version && version.state !== "unavailable" ? `v${version.state}` : "Version unknown"}${updateRequired ? " · update required" : ""}`,
      )}
    </div>`;
  }

  private diskSegments(node: NodeInfo): { segments: DiskSegment[]; total: number } | undefined {
    const bytes = (key: string) => bytesState(this.stateOf(node, key));
    const used = bytes("disk_used");
    const free = bytes("disk_free");
    if (used === undefined || free === undefined) return undefined;
    const trash = bytes("disk_trash") ?? 0;
    const reclaimable = bytes("disk_reclaimable") ?? 0;
    const allocated = bytes("disk_allocated") ?? used + free;
    const id = (key: string) => node.entities.get(key);
    // `used` includes trash and reclaimable space: draw them as parts of it.
    const segments: DiskSegment[] = [
      { key: "data", label: "Used", bytes: Math.max(0, used - trash - reclaimable), entityId: id("disk_used") },
      { key: "trash", label: "Trash", bytes: trash, entityId: id("disk_trash") },
      { key: "reclaimable", label: "Reclaimable", bytes: reclaimable, entityId: id("disk_reclaimable") },
      { key: "free", label: "Free", bytes: free, entityId: id("disk_free") },
    ];
    return { segments, total: Math.max(allocated, used + free) };
  }

  private renderDisk(node: NodeInfo): TemplateResult {
    const disk = this.diskSegments(node);
    if (!disk) return html`<section><h3>Disk</h3>${message("info", "No disk data from the node yet.")}</section>`;
    const percent = numericState(this.stateOf(node, "disk_used_percent"));
    const forecast = this.stateOf(node, "days_until_full");
    const shown = disk.segments.filter((segment) => segment.key === "data" || segment.key === "free" || segment.bytes > 0);
    return html`<section>
      <h3>Disk</h3>
      <div class="bar" role="img" aria-label="Disk usage">
        ${shown.map(
          (segment) =>
            html`<div
              class="segment ${segment.key}"
              style="flex-grow: ${disk.total > 0 ? segment.bytes / disk.total : 0}"
              title="${segment.label}: ${formatBytes(segment.bytes, this.locale)}"
            ></div>`,
        )}
      </div>
      <div class="legend">
        ${shown.map(
          (segment) =>
            html`<span class="legend-item"
              ><i class="swatch ${segment.key}"></i>${segment.label}
              <b data-entity=${segment.key === "data" ? nothing : (segment.entityId ?? nothing)}
                >${formatBytes(segment.bytes, this.locale)}</b
              ></span
            >`,
        )}
      </div>
      <div class="facts">
        <span
          >${percent === undefined ? "—" : formatPercent(percent, this.locale)} of
          ${this.value(node, "disk_allocated")} used</span
        >
        <span
          >${forecast
            ? html`<ha-icon icon="mdi:calendar-clock"></ha-icon> Full in ${this.value(node, "days_until_full")}`
            : html`<span class="muted" data-missing="days_until_full">No disk-full forecast yet</span>`}</span
        >
      </div>
    </section>`;
  }

  private renderEarnings(node: NodeInfo): TemplateResult {
    return html`<section>
      <h3>Earnings</h3>
      <div class="stats">
        <div class="stat"><span class="muted">This month</span>${this.value(node, "earnings_month")}</div>
        <div class="stat"><span class="muted">Expected payout</span>${this.value(node, "payout_month_expected")}</div>
        <div class="stat"><span class="muted">Held back</span>${this.value(node, "held_month")}</div>
      </div>
    </section>`;
  }

  private renderScore(sat: SatelliteInfo, kind: ScoreKind): TemplateResult {
    const stateObj = this.hass!.states[sat.entities.get(`${kind}_score`) ?? ""];
    const value = numericState(stateObj);
    const level = scoreLevel(kind, value, this.config);
    const trend = stateObj ? trendOf(this.baselines.get(stateObj.entity_id), value) : undefined;
    return html`<td class="level-${level}" data-entity=${stateObj?.entity_id ?? nothing} data-level=${level}>
      <span class="score">${formatState(this.hass!, stateObj)}</span>${trend
        ? html`<ha-icon class="trend" data-trend=${trend} .icon=${TREND_ICONS[trend]}></ha-icon>`
        : html`<span class="trend"></span>`}
    </td>`;
  }

  private satelliteFlags(sat: SatelliteInfo): TemplateResult[] {
    const on = (key: string) => this.hass!.states[sat.entities.get(key) ?? ""]?.state === "on";
    const flags: TemplateResult[] = [];
    if (on("disqualified")) flags.push(html`<span class="flag level-critical">disqualified</span>`);
    if (on("suspended")) flags.push(html`<span class="flag level-critical">suspended</span>`);
    const vetted = this.hass!.states[sat.entities.get("vetted") ?? ""];
    if (vetted?.state === "off") flags.push(html`<span class="flag muted">vetting</span>`);
    return flags;
  }

  private renderForecast(sat: SatelliteInfo): TemplateResult | typeof nothing {
    const failures = this.hass!.states[sat.entities.get(FAILURES_KEY) ?? ""];
    const offline = this.hass!.states[sat.entities.get(OFFLINE_24H_KEY) ?? ""];
    const failuresText = failuresToDq(failures, this.locale);
    const offlineText = offline24h(offline, this.locale);
    // Under the satellite's name, wrapping: a fourth column would not fit a phone.
    if (!failuresText && !offlineText) return nothing;
    return html`<div class="forecast muted">
      ${failuresText ? html`<span data-entity=${failures!.entity_id}>${failuresText}</span>` : nothing}
      ${offlineText ? html`<span data-entity=${offline!.entity_id}>${offlineText}</span>` : nothing}
    </div>`;
  }

  private renderReputation(node: NodeInfo): TemplateResult {
    const satellites = listSatellites(this.hass!, node);
    if (satellites.length === 0) {
      return html`<section><h3>Reputation</h3>${message("info", "The node reports no satellites yet.")}</section>`;
    }
    return html`<section>
      <h3>Reputation</h3>
      <div class="table-wrap">
        <table class="reputation">
          <thead>
            <tr>
              <th>Satellite</th>
              ${SCORE_KINDS.map((kind) => html`<th>${SCORE_LABELS[kind]}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${satellites.map(
              (sat) =>
                html`<tr data-satellite=${sat.device.id}>
                  <td>${sat.name} ${this.satelliteFlags(sat)} ${this.renderForecast(sat)}</td>
                  ${SCORE_KINDS.map((kind) => this.renderScore(sat, kind))}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  static override styles = [
    StorjCard.styles,
    css`
      .anomalies {
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .anomaly {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .badges {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .badge {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        padding: 2px 10px 2px 6px;
        border-radius: 16px;
        border: 1px solid currentColor;
        font-size: var(--ha-font-size-s, 12px);
        --mdc-icon-size: 16px;
      }
      .badge.level-unknown {
        color: var(--secondary-text-color);
      }
      .bar {
        display: flex;
        height: 14px;
        border-radius: 7px;
        overflow: hidden;
        background: var(--secondary-background-color);
      }
      .segment,
      .swatch {
        background: var(--primary-color);
      }
      .trash {
        background: var(--storj-warning);
      }
      .reclaimable {
        background: var(--accent-color, #ff9800);
        opacity: 0.6;
      }
      .free {
        background: var(--divider-color);
      }
      .legend,
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
        margin-top: 8px;
        font-size: var(--ha-font-size-s, 12px);
        color: var(--secondary-text-color);
      }
      .legend b {
        color: var(--primary-text-color);
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .facts {
        justify-content: space-between;
        color: var(--primary-text-color);
        font-size: var(--ha-font-size-m, 14px);
        --mdc-icon-size: 18px;
      }
      .swatch {
        display: inline-block;
        width: 10px;
        height: 10px;
        border-radius: 2px;
        margin-right: 4px;
      }
      .stats {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(100px, 1fr));
        gap: 8px;
      }
      .stat {
        display: flex;
        flex-direction: column;
        gap: 2px;
        font-size: var(--ha-font-size-s, 12px);
      }
      .stat .value {
        font-size: var(--ha-font-size-xl, 20px);
        color: var(--primary-text-color);
      }
      .trend {
        /* Always takes the arrow's room, so scores with and without one stay aligned. */
        display: inline-block;
        width: 16px;
        --mdc-icon-size: 16px;
        margin-left: 2px;
        vertical-align: text-bottom;
      }
      .forecast {
        display: flex;
        flex-wrap: wrap;
        gap: 0 8px;
        font-size: var(--ha-font-size-xs, 10px);
      }
      .flag {
        font-size: var(--ha-font-size-xs, 10px);
        text-transform: uppercase;
        margin-left: 4px;
      }
    `,
  ];
}
