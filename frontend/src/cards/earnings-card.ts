// storj-earnings-card: earnings per month from the long-term statistics (stacked by what
// they were earned for, with held back and paid), this month's estimate and net profit.
import { css, html, nothing, type TemplateResult } from "lit";

import { message, StorjCard } from "../base-card.js";
import { legendStyles, statStyles } from "../styles.js";
import { createEditor, MONTHS_FIELD, NODE_FIELD, TITLE_FIELD } from "../editor.js";
import {
  axisMax,
  barTotal,
  DEFAULT_MONTHS,
  EARNED_PARTS,
  MAX_MONTHS,
  MIN_MONTHS,
  type MonthBar,
  monthLabel,
  monthStatisticIds,
  monthsFromStatistics,
  nodeIdOf,
  pendingMonths,
  periodOf,
  requestStart,
  stackHeights,
  type StatisticRow,
  totals,
} from "../earnings-months.js";
import { formatMoney, formatState, numericState } from "../format.js";
import type { HassEntityState, HomeAssistant, NodeCardConfig } from "../ha-types.js";
import { findNode, type NodeInfo } from "../node-entities.js";

export interface EarningsCardOptions extends NodeCardConfig {
  months?: number;
}

const REFRESH_MS = 3_600_000;
const PART_LABELS: Readonly<Record<(typeof EARNED_PARTS)[number], string>> = {
  storage: "Storage",
  egress: "Egress",
  repairAudit: "Repair & audit",
};
/** Node sensors the card shows below the chart, when the node has them. */
const MONTH_KEYS = ["earnings_month", "payout_month_projected", "electricity_cost_month", "net_profit_month"] as const;
const MONTH_LABELS: Readonly<Record<(typeof MONTH_KEYS)[number], string>> = {
  earnings_month: "Estimated this month",
  payout_month_projected: "Projected payout",
  electricity_cost_month: "Electricity this month",
  net_profit_month: "Net profit this month",
};

type Loaded = { months: MonthBar[] } | { error: string };
const NO_NODE_ID: Loaded = { error: "This node's device has no node ID: its payout statistics cannot be found." };
const NO_RECORDER: Loaded = { error: "The payout history needs Home Assistant's recorder, which is not running." };

export class StorjEarningsCard extends StorjCard<EarningsCardOptions> {
  static override properties = { ...StorjCard.properties, loaded: { state: true } };

  declare loaded?: Loaded;
  private fetchKey = "";
  private fetchedAt = 0;

  static getConfigElement(): HTMLElement {
    return createEditor([NODE_FIELD, TITLE_FIELD, MONTHS_FIELD]);
  }

  static getStubConfig(hass: HomeAssistant): Partial<EarningsCardOptions> {
    const node = findNode(hass);
    return node ? { device_id: node.device.id } : {};
  }

  override setConfig(config: EarningsCardOptions): void {
    const months = config?.months;
    if (months !== undefined && (!Number.isInteger(months) || months < MIN_MONTHS || months > MAX_MONTHS)) {
      throw new Error(`months must be a whole number from ${MIN_MONTHS} to ${MAX_MONTHS}`);
    }
    super.setConfig(config);
  }

  override getCardSize(): number {
    return 9;
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, min_columns: 6, min_rows: 6 };
  }

  protected watchedEntities(): string[] {
    const node = this.node;
    if (!node) return [];
    return [...MONTH_KEYS, "payout_last_month"].flatMap((key) => node.entities.get(key) ?? []);
  }

  private get monthCount(): number {
    return this.config?.months ?? DEFAULT_MONTHS;
  }

  /** Read the months again when the node, the count or last month's payout changes, or hourly. */
  protected override updated(): void {
    const node = this.node;
    const hass = this.hass;
    if (!node || !hass) return;
    const nodeId = nodeIdOf(node.device);
    if (!nodeId) {
      // Set once: assigning a new object here would start another update, and so on.
      if (this.loaded !== NO_NODE_ID) this.loaded = NO_NODE_ID;
      return;
    }
    const lastPayout = this.stateOf(node, "payout_last_month")?.state ?? "";
    const shown = `${nodeId}:${this.monthCount}`;
    const key = `${shown}:${lastPayout}`;
    if (key === this.fetchKey && Date.now() - this.fetchedAt < REFRESH_MS) return;
    // Another node or month count: no old bars while the new ones load.
    if (!this.fetchKey.startsWith(`${shown}:`)) this.loaded = undefined;
    this.fetchKey = key;
    this.fetchedAt = Date.now();
    const ids = monthStatisticIds(nodeId);
    const count = this.monthCount;
    hass
      .callWS<Record<string, StatisticRow[]>>({
        type: "recorder/statistics_during_period",
        start_time: requestStart(new Date(), count).toISOString(),
        statistic_ids: Object.values(ids),
        period: "month",
        types: ["change"],
      })
      .then(
        (result) => {
          if (this.fetchKey === key) this.loaded = { months: monthsFromStatistics(result, ids, count) };
        },
        () => {
          if (this.fetchKey === key) this.loaded = NO_RECORDER;
        },
      );
  }

  protected override render() {
    if (!this.hass || !this.config) return nothing;
    const node = this.node;
    if (!node) return this.frame(this.config.title ?? "Storj earnings", this.noNodeMessage());
    return this.frame(
      this.config.title ?? `${node.name} earnings`,
      html`${this.renderHistory(node)} ${this.renderThisMonth(node)}`,
    );
  }

  private money(amount: number | undefined): string {
    return amount === undefined ? "—" : formatMoney(amount, this.locale);
  }

  private renderHistory(node: NodeInfo): TemplateResult {
    const loaded = this.loaded;
    if (!loaded) return html`<section class="loading muted">Loading the payout history…</section>`;
    if ("error" in loaded) return message("warning", loaded.error);
    if (loaded.months.length === 0) {
      return message(
        "info",
        "No payout months yet: the satellites publish a month's paystub around the 15th of the next month.",
        "mdi:cash-clock",
      );
    }
    const { months } = loaded;
    // This month so far (the node's estimate) as a last, outlined bar.
    const estimate = numericState(this.stateOf(node, "earnings_month"));
    const max = axisMax(Math.max(...months.map(barTotal), estimate ?? 0));
    const sums = totals(months);
    return html`<section>
        <h3>Earned per month</h3>
        <div class="chart" role="img" aria-label="Earned per month, stacked by storage, egress, repair and audit">
          <div class="axis muted small"><span>${this.money(max)}</span><span>${this.money(max / 2)}</span><span>${this.money(0)}</span></div>
          <div class="bars ${months.length > 8 ? "dense" : ""}">
            ${months.map((month) => this.renderBar(month, max))}
            ${pendingMonths(months, new Date()).map((start) => this.renderPending(start))}
            ${estimate === undefined ? nothing : this.renderEstimate(estimate, max)}
          </div>
        </div>
        <div class="legend">
          ${EARNED_PARTS.map(
            (part) =>
              html`<span><i class="swatch ${part}"></i>${PART_LABELS[part]} <b data-total=${part}>${this.money(sums[part])}</b></span>`,
          )}
          ${estimate === undefined ? nothing : html`<span><i class="swatch estimate"></i>This month so far</span>`}
        </div>
      </section>
      <section>
        <div class="table-wrap">
          <table class="months">
            <thead>
              <tr>
                <th>Month</th>
                <th>Earned</th>
                <th>Held back</th>
                <th>Paid</th>
              </tr>
            </thead>
            <tbody>
              ${[...months].reverse().map(
                (month) =>
                  html`<tr data-month=${periodOf(month.start)}>
                    <td>${monthLabel(month.start, this.locale, "long")}</td>
                    <td>${this.money(month.earned)}</td>
                    <td>${this.money(month.held)}</td>
                    <td>${this.money(month.paid)}</td>
                  </tr>`,
              )}
            </tbody>
            <tfoot>
              <tr class="totals">
                <td>${months.length} months</td>
                <td data-total="earned">${this.money(sums.earned)}</td>
                <td data-total="held">${this.money(sums.held)}</td>
                <td data-total="paid">${this.money(sums.paid)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>`;
  }

  private renderBar(month: MonthBar, max: number): TemplateResult {
    const heights = stackHeights(month, max);
    const tooltip = [
      monthLabel(month.start, this.locale, "long"),
      `Earned ${this.money(month.earned)}`,
      ...EARNED_PARTS.map((part) => `${PART_LABELS[part]} ${this.money(month[part])}`),
      `Held back ${this.money(month.held)}`,
      `Paid ${this.money(month.paid)}`,
    ].join("\n");
    return html`<div
      class="bar-column"
      title=${tooltip}
      data-bar=${periodOf(month.start)}
      data-earned=${month.earned ?? ""}
      data-storage=${month.storage ?? ""}
      data-egress=${month.egress ?? ""}
      data-repair-audit=${month.repairAudit ?? ""}
      data-held=${month.held ?? ""}
      data-paid=${month.paid ?? ""}
    >
      <div class="stack">
        ${EARNED_PARTS.map((part) => html`<div class="segment ${part}" style="height: ${heights[part]}%"></div>`)}
      </div>
      <span class="label small muted">${monthLabel(month.start, this.locale)}</span>
    </div>`;
  }

  /** An empty column: the satellites publish a month's paystub around the 15th after it. */
  private renderPending(start: number): TemplateResult {
    const title = `${monthLabel(start, this.locale, "long")}: the paystub comes around the 15th of the next month`;
    return html`<div class="bar-column" title=${title} data-bar="pending" data-month=${periodOf(start)}>
      <div class="stack pending"><ha-icon icon="mdi:timer-sand"></ha-icon></div>
      <span class="label small muted">${monthLabel(start, this.locale)}</span>
    </div>`;
  }

  private renderEstimate(estimate: number, max: number): TemplateResult {
    const now = new Date();
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    return html`<div class="bar-column" title="This month so far (estimated): ${this.money(estimate)}" data-bar="estimate" data-estimate=${estimate}>
      <div class="stack">
        <div class="segment estimate" style="height: ${max > 0 ? (Math.max(estimate, 0) / max) * 100 : 0}%"></div>
      </div>
      <span class="label small muted">${monthLabel(start, this.locale)}</span>
    </div>`;
  }

  private renderThisMonth(node: NodeInfo): TemplateResult | typeof nothing {
    const shown = MONTH_KEYS.map((key) => [key, this.stateOf(node, key)] as const).filter(
      (entry): entry is readonly [(typeof MONTH_KEYS)[number], HassEntityState] => entry[1] !== undefined,
    );
    if (shown.length === 0) return nothing;
    return html`<div class="this-month">
      ${shown.map(
        ([key, stateObj]) =>
          html`<div class="stat">
            <span class="muted">${MONTH_LABELS[key]}</span>
            <span
              class="value ${key === "net_profit_month" && (numericState(stateObj) ?? 0) < 0 ? "level-critical" : ""}"
              data-entity=${stateObj.entity_id}
              >${formatState(this.hass!, stateObj)}</span
            >
          </div>`,
      )}
    </div>`;
  }

  static override styles = [
    StorjCard.styles,
    legendStyles,
    statStyles,
    css`
      ha-card {
        container-type: inline-size;
      }
      .small {
        font-size: var(--ha-font-size-xs, 10px);
      }
      .chart {
        display: flex;
        gap: 6px;
        height: 180px;
      }
      .axis {
        display: flex;
        flex-direction: column;
        justify-content: space-between;
        text-align: right;
        padding-bottom: 16px;
        line-height: 1;
      }
      .bars {
        flex: 1;
        min-width: 0;
        display: flex;
        align-items: stretch;
        gap: 3px;
        border-left: 1px solid var(--divider-color);
      }
      .bar-column {
        flex: 1;
        min-width: 0;
        display: flex;
        flex-direction: column;
        align-items: center;
      }
      .stack {
        flex: 1;
        width: 100%;
        max-width: 36px;
        display: flex;
        flex-direction: column-reverse;
        border-bottom: 1px solid var(--divider-color);
      }
      .segment {
        width: 100%;
      }
      .segment.repairAudit {
        border-radius: 3px 3px 0 0;
      }
      .label {
        height: 16px;
        line-height: 16px;
        white-space: nowrap;
        overflow: hidden;
        max-width: 100%;
      }
      .storage {
        background: var(--primary-color);
      }
      .egress {
        background: var(--accent-color, #ff9800);
      }
      .repairAudit {
        background: var(--purple-color, #926bc7);
      }
      .stack.pending {
        align-items: center;
        color: var(--secondary-text-color);
        --mdc-icon-size: 14px;
      }
      .segment.estimate {
        border: 2px dashed var(--primary-color);
        border-bottom: none;
        border-radius: 3px 3px 0 0;
        box-sizing: border-box;
      }
      .swatch.estimate {
        border: 1px dashed var(--primary-color);
        box-sizing: border-box;
      }
      .totals td {
        font-weight: var(--ha-font-weight-medium, 500);
        border-top: 2px solid var(--divider-color);
      }
      .this-month {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(110px, 1fr));
        gap: 8px;
      }
      .stat .value.level-critical {
        color: var(--storj-critical);
      }
      /* Phones with many months: every other month label, so the labels never overlap. */
      @container (max-width: 440px) {
        .dense .bar-column:nth-last-child(even) .label {
          visibility: hidden;
        }
      }
    `,
  ];
}
