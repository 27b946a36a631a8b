// storj-fleet-card: every configured node in one sortable table, with totals.
import { css, html, nothing, type TemplateResult } from "lit";

import { StorjCard } from "../base-card.js";
import { createEditor, THRESHOLD_SECTION, TITLE_FIELD } from "../editor.js";
import { bytesState, formatBytes, formatMoney, formatPercent, formatState, numericState } from "../format.js";
import type { HassEntityState, NodeCardConfig } from "../ha-types.js";
import { nodeStatus, type NodeStatus, STATUS_ORDER } from "../fleet-status.js";
import { fleetEntities, type FleetTotals, totalsFromFleet } from "../fleet-totals.js";
import { listNodes, type NodeInfo } from "../node-entities.js";
import { type Level, SCORE_KINDS, scoreLevel, type ScoreKind, type ThresholdConfig, worstLevel } from "../thresholds.js";

export type FleetCardOptions = NodeCardConfig & ThresholdConfig;

type Column = "name" | "status" | "disk" | "earnings" | "score";

interface Row {
  node: NodeInfo;
  reachable?: HassEntityState;
  status: NodeStatus;
  usedBytes?: number;
  allocatedBytes?: number;
  usedPercent?: number;
  earnings?: HassEntityState;
  worst?: { kind: ScoreKind; value: number; level: Level; stateObj: HassEntityState };
}

const COLUMNS: ReadonlyArray<{ key: Column; label: string }> = [
  { key: "name", label: "Node" },
  { key: "status", label: "Status" },
  { key: "disk", label: "Disk" },
  { key: "earnings", label: "This month" },
  { key: "score", label: "Worst score" },
];
const SEVERITY: Readonly<Record<Level, number>> = { unknown: -1, ok: 0, warning: 1, critical: 2 };

export class StorjFleetCard extends StorjCard<FleetCardOptions> {
  static override properties = { ...StorjCard.properties, sortBy: { state: true }, descending: { state: true } };

  declare sortBy: Column;
  declare descending: boolean;

  constructor() {
    super();
    this.sortBy = "name";
    this.descending = false;
  }

  static getConfigElement(): HTMLElement {
    return createEditor([TITLE_FIELD, THRESHOLD_SECTION]);
  }

  static getStubConfig(): Partial<FleetCardOptions> {
    return {};
  }

  override getCardSize(): number {
    return 2 + (this.hass ? listNodes(this.hass).length : 1);
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, min_columns: 6 };
  }

  protected watchedEntities(): string[] {
    if (!this.hass) return [];
    const fleet = fleetEntities(this.hass);
    return [
      ...listNodes(this.hass).flatMap((node) => [...node.entities.values()]),
      ...(fleet ? fleet.values() : []),
    ];
  }

  private row(node: NodeInfo): Row {
    const state = (key: string) => this.stateOf(node, key);
    const scores = SCORE_KINDS.flatMap((kind) => {
      const stateObj = state(`worst_${kind}_score`);
      const value = numericState(stateObj);
      return stateObj && value !== undefined
        ? [{ kind, value, stateObj, level: scoreLevel(kind, value, this.config) }]
        : [];
    });
    // The most alarming score first; among equals, the lowest.
    scores.sort((a, b) => SEVERITY[b.level] - SEVERITY[a.level] || a.value - b.value);
    return {
      node,
      reachable: state("reachable"),
      status: nodeStatus(state("reachable"), state("satellite_problem")),
      usedBytes: bytesState(state("disk_used")),
      allocatedBytes: bytesState(state("disk_allocated")),
      usedPercent: numericState(state("disk_used_percent")),
      earnings: state("earnings_month"),
      worst: scores[0],
    };
  }

  private sortValue(row: Row): string | number {
    switch (this.sortBy) {
      case "name":
        return row.node.name;
      case "status":
        return STATUS_ORDER[row.status.kind];
      case "disk":
        return row.usedPercent ?? -1;
      case "earnings":
        return numericState(row.earnings) ?? -1;
      case "score":
        return row.worst ? -SEVERITY[row.worst.level] * 1000 + row.worst.value : 1e9;
    }
  }

  private sorted(rows: Row[]): Row[] {
    const direction = this.descending ? -1 : 1;
    return rows.sort((a, b) => {
      const x = this.sortValue(a);
      const y = this.sortValue(b);
      const order =
        typeof x === "string" && typeof y === "string"
          ? x.localeCompare(y, undefined, { numeric: true })
          : Number(x) - Number(y);
      return order * direction;
    });
  }

  private sort(column: Column): void {
    this.descending = this.sortBy === column ? !this.descending : false;
    this.sortBy = column;
  }

  protected override render() {
    if (!this.hass || !this.config) return nothing;
    const title = this.config.title ?? "Storj nodes";
    const nodes = listNodes(this.hass);
    if (nodes.length === 0) return this.frame(title, this.noNodeMessage());
    const rows = this.sorted(nodes.map((node) => this.row(node)));
    return this.frame(
      title,
      html`<div class="table-wrap">
        <table class="fleet">
          <thead>
            <tr>
              ${COLUMNS.map(
                (column) =>
                  html`<th
                    class="sortable"
                    data-column=${column.key}
                    aria-sort=${this.sortBy === column.key ? (this.descending ? "descending" : "ascending") : "none"}
                    @click=${() => this.sort(column.key)}
                  >
                    ${column.label}${this.sortBy === column.key
                      ? html`<ha-icon .icon=${this.descending ? "mdi:menu-down" : "mdi:menu-up"}></ha-icon>`
                      : nothing}
                  </th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${rows.map((row) => this.renderRow(row))}
          </tbody>
          <tfoot>
            ${this.renderTotals(rows)}
          </tfoot>
        </table>
      </div>`,
    );
  }

  private renderRow(row: Row): TemplateResult {
    const { status } = row;
    return html`<tr data-node=${row.node.device.id}>
      <td class="name">${row.node.name}</td>
      <td
        class="level-${status.level}"
        data-entity=${status.entity ?? nothing}
        data-level=${status.level}
        data-status=${status.kind}
        title=${status.label}
      >
        <ha-icon class="dot" icon="mdi:circle"></ha-icon><span class="wide">${status.label}</span>
      </td>
      <td data-entity=${row.node.entities.get("disk_used_percent") ?? nothing}>
        ${row.usedPercent === undefined ? "—" : formatPercent(row.usedPercent, this.locale)}
        <div class="muted small">
          ${row.usedBytes === undefined ? "" : formatBytes(row.usedBytes, this.locale)}${row.allocatedBytes === undefined
            ? ""
            : ` / ${formatBytes(row.allocatedBytes, this.locale)}`}
        </div>
      </td>
      <td data-entity=${row.earnings?.entity_id ?? nothing}>${formatState(this.hass!, row.earnings)}</td>
      ${row.worst
        ? html`<td class="level-${row.worst.level}" data-entity=${row.worst.stateObj.entity_id} data-level=${row.worst.level}>
            ${formatState(this.hass!, row.worst.stateObj)}
            <div class="muted small">${row.worst.kind}</div>
          </td>`
        : html`<td class="level-unknown" data-level="unknown">—</td>`}
    </tr>`;
  }

  /** The fleet device's sums when it has them (they cover every loaded node), else the rows'. */
  private totals(rows: Row[]): FleetTotals {
    const fleet = fleetEntities(this.hass!);
    const fromFleet = fleet ? totalsFromFleet(this.hass!, fleet) : undefined;
    if (fromFleet) return fromFleet;
    return {
      source: "nodes",
      online: rows.filter((row) => row.reachable?.state === "on").length,
      total: rows.length,
      usedBytes: rows.reduce((sum, row) => sum + (row.usedBytes ?? 0), 0),
      allocatedBytes: rows.reduce((sum, row) => sum + (row.allocatedBytes ?? 0), 0),
      earnings: rows.reduce((sum, row) => sum + (numericState(row.earnings) ?? 0), 0),
      currency: rows.find((row) => row.earnings)?.earnings?.attributes.unit_of_measurement,
      entities: {},
    };
  }

  private renderTotals(rows: Row[]): TemplateResult {
    const totals = this.totals(rows);
    const { usedBytes: used, allocatedBytes: allocated } = totals;
    const worst = worstLevel(rows.map((row) => row.worst?.level ?? "unknown"));
    return html`<tr class="totals" data-source=${totals.source}>
      <td>Total (${totals.total})</td>
      <td data-total="online" data-entity=${totals.entities.online ?? nothing}>
        ${totals.online} / ${totals.total}<span class="wide"> online</span>
      </td>
      <td data-total="disk">
        ${allocated > 0 ? formatPercent((used / allocated) * 100, this.locale) : "—"}
        <div class="muted small" data-entity=${totals.entities.disk ?? nothing}>${formatBytes(used, this.locale)} / ${formatBytes(allocated, this.locale)}</div>
      </td>
      <td data-total="earnings" data-entity=${totals.entities.earnings ?? nothing}>
        ${formatMoney(totals.earnings, this.locale, totals.currency)}
      </td>
      <td class="level-${worst}" data-total="score">${worst === "unknown" ? "—" : worst}</td>
    </tr>`;
  }

  static override styles = [
    StorjCard.styles,
    css`
      ha-card {
        container-type: inline-size;
      }
      th.sortable {
        cursor: pointer;
        user-select: none;
        white-space: normal;
        --mdc-icon-size: 18px;
      }
      .dot {
        --mdc-icon-size: 10px;
        margin-right: 4px;
        vertical-align: middle;
      }
      /* Phones: the status shows as a coloured dot, the table keeps every column. */
      @container (max-width: 440px) {
        .wide {
          display: none;
        }
        .dot {
          margin-right: 0;
        }
        th,
        td {
          padding: 6px 2px;
        }
      }
      .small {
        font-size: var(--ha-font-size-xs, 11px);
      }
      .totals td {
        font-weight: var(--ha-font-weight-medium, 500);
        border-top: 2px solid var(--divider-color);
      }
      .totals .level-ok,
      .totals .level-warning,
      .totals .level-critical {
        text-transform: capitalize;
      }
    `,
  ];
}
