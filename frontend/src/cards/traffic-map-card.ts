// storj-traffic-map-card: where the node's traffic goes, on an offline world map.
import { css, html, nothing, svg, type TemplateResult } from "lit";
import { COUNTRY_SHAPES, GRATICULE, MAP_HEIGHT, MAP_WIDTH } from "world-map";

import { message, StorjCard } from "../base-card.js";
import { createEditor, NODE_FIELD, TITLE_FIELD } from "../editor.js";
import { formatNumber, formatPercent } from "../format.js";
import type { HassEntityState, HomeAssistant, NodeCardConfig } from "../ha-types.js";
import { findNode } from "../node-entities.js";
import { intensity, type MapPoint, parseCountries, parsePoints, project } from "../traffic.js";

export interface TrafficMapCardOptions extends NodeCardConfig {
  top_countries?: number;
}

const DEFAULT_TOP_COUNTRIES = 8;

export class StorjTrafficMapCard extends StorjCard<TrafficMapCardOptions> {
  private regionNames?: { locale: string; names: Intl.DisplayNames };

  static getConfigElement(): HTMLElement {
    return createEditor([
      NODE_FIELD,
      TITLE_FIELD,
      { name: "top_countries", selector: { number: { min: 0, max: 30, mode: "box" } } },
    ]);
  }

  static getStubConfig(hass: HomeAssistant): Partial<TrafficMapCardOptions> {
    const node = findNode(hass);
    return node ? { device_id: node.device.id } : {};
  }

  override getCardSize(): number {
    return 7;
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, min_columns: 6, min_rows: 5 };
  }

  protected watchedEntities(): string[] {
    const node = this.node;
    return ["traffic_map", "log_source_connected"].flatMap((key) => node?.entities.get(key) ?? []);
  }

  private countryName(code: string): string {
    if (this.regionNames?.locale !== this.locale) {
      this.regionNames = { locale: this.locale, names: new Intl.DisplayNames([this.locale, "en"], { type: "region" }) };
    }
    try {
      return this.regionNames.names.of(code) ?? code;
    } catch {
      return code;
    }
  }

  protected override render() {
    if (!this.hass || !this.config) return nothing;
    const node = this.node;
    const title = this.config.title ?? (node ? `${node.name} traffic` : "Storj traffic");
    if (!node) return this.frame(title, this.noNodeMessage());
    const traffic = this.stateOf(node, "traffic_map");
    if (!traffic || traffic.state === "unavailable") {
      return this.frame(
        title,
        html`${message(
          "info",
          "No traffic map: it is drawn from the node's log. Set a log source in the Storj Monitor integration options.",
          "mdi:text-box-search-outline",
        )}
        ${this.renderMap(new Map(), [])}`,
      );
    }
    return this.frame(title, this.renderTraffic(node.entities.get("log_source_connected"), traffic));
  }

  private renderTraffic(connectedId: string | undefined, traffic: HassEntityState): TemplateResult {
    const countries = parseCountries(traffic.attributes.countries);
    const points = parsePoints(traffic.attributes.points);
    const disconnected = connectedId && this.hass!.states[connectedId]?.state === "off";
    let notice: TemplateResult | typeof nothing = nothing;
    if (traffic.attributes.geoip !== true) {
      notice = message(
        "info",
        "No GeoIP database: set one in the Storj Monitor integration options to place the node's traffic on the map.",
        "mdi:map-marker-question-outline",
      );
    } else if (disconnected) {
      notice = message("warning", "The log source is disconnected: the map stopped updating.");
    } else if (countries.size === 0 && points.length === 0) {
      notice = message("info", "No transfers located yet.", "mdi:map-marker-outline");
    }
    return html`${notice} ${this.renderMap(countries, points)} ${this.renderLegend(countries)}
    ${this.renderTopCountries(countries)}`;
  }

  private renderMap(countries: Map<string, number>, points: MapPoint[]): TemplateResult {
    const highest = Math.max(0, ...countries.values());
    const heaviest = Math.max(0, ...points.map((point) => point.weight));
    return html`<svg
      class="map"
      viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}"
      role="img"
      aria-label="World map of the node's traffic"
    >
      <path class="graticule" d=${GRATICULE}></path>
      ${Object.entries(COUNTRY_SHAPES).map(([code, shape]) => {
        const count = countries.get(code);
        const share = count ? intensity(count, highest) : 0;
        return svg`<path class="country" data-country=${code || nothing} d=${shape}
          style=${count ? `fill: color-mix(in srgb, var(--primary-color) ${Math.round(20 + 80 * share)}%, var(--storj-land))` : nothing}>
          ${code && count ? svg`<title>${this.countryName(code)}: ${formatNumber(count, this.locale, 0)}</title>` : nothing}
        </path>`;
      })}
      ${points.map((point) => {
        const [x, y] = project(point.lat, point.lon);
        const radius = 1.5 + 5 * Math.sqrt(heaviest ? point.weight / heaviest : 0);
        return svg`<circle class="point" cx=${x.toFixed(1)} cy=${y.toFixed(1)} r=${radius.toFixed(1)}></circle>`;
      })}
    </svg>`;
  }

  private renderLegend(countries: Map<string, number>): TemplateResult | typeof nothing {
    if (countries.size === 0) return nothing;
    const highest = Math.max(...countries.values());
    return html`<div class="legend muted">
      <span>1</span><span class="gradient"></span><span data-legend="max">${formatNumber(highest, this.locale, 0)}</span>
      <span>transfers per country (log scale)</span>
      <span class="point-key"><i></i>transfer origins</span>
    </div>`;
  }

  private renderTopCountries(countries: Map<string, number>): TemplateResult | typeof nothing {
    const limit = this.config?.top_countries ?? DEFAULT_TOP_COUNTRIES;
    if (countries.size === 0 || limit <= 0) return nothing;
    const total = [...countries.values()].reduce((sum, count) => sum + count, 0);
    const top = [...countries].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit);
    return html`<table class="top">
      <thead>
        <tr>
          <th>Country</th>
          <th>Transfers</th>
          <th>Share</th>
        </tr>
      </thead>
      <tbody>
        ${top.map(
          ([code, count]) => html`<tr data-country=${code}>
            <td>${this.countryName(code)}</td>
            <td data-count>${formatNumber(count, this.locale, 0)}</td>
            <td>${formatPercent((count / total) * 100, this.locale)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  static override styles = [
    StorjCard.styles,
    css`
      :host {
        --storj-land: var(--secondary-background-color, #e5e5e5);
      }
      .map {
        width: 100%;
        height: auto;
        display: block;
        background: var(--card-background-color);
      }
      .graticule {
        fill: none;
        stroke: var(--divider-color);
        stroke-width: 0.5;
      }
      .country {
        fill: var(--storj-land);
        stroke: var(--card-background-color, #fff);
        stroke-width: 0.4;
      }
      .point {
        fill: var(--accent-color, #ff9800);
        fill-opacity: 0.7;
        stroke: var(--card-background-color, #fff);
        stroke-width: 0.4;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px 8px;
        font-size: var(--ha-font-size-s, 12px);
      }
      .gradient {
        width: 80px;
        height: 8px;
        border-radius: 4px;
        background: linear-gradient(
          to right,
          color-mix(in srgb, var(--primary-color) 20%, var(--storj-land)),
          var(--primary-color)
        );
      }
      .point-key i {
        display: inline-block;
        width: 8px;
        height: 8px;
        border-radius: 50%;
        margin-right: 4px;
        background: var(--accent-color, #ff9800);
      }
    `,
  ];
}
