// storj-traffic-map-card: where the node's traffic goes, on an offline world map. Countries
// and points come over the websocket; origins that gained transfers since the last push pulse.
import { css, html, nothing, svg, type TemplateResult } from "lit";
import { keyed } from "lit/directives/keyed.js";
import { COUNTRY_SHAPES, GRATICULE, MAP_HEIGHT, MAP_WIDTH } from "world-map";

import { message, StorjCard } from "../base-card.js";
import { createEditor, NODE_FIELD, TITLE_FIELD } from "../editor.js";
import { formatNumber, formatPercent } from "../format.js";
import type { HomeAssistant, NodeCardConfig } from "../ha-types.js";
import { type LiveTraffic, LiveNodeController, pointKey } from "../live-data.js";
import { findNode } from "../node-entities.js";
import { intensity, type MapPoint, parseCountries, parsePoints, project } from "../traffic.js";

export interface TrafficMapCardOptions extends NodeCardConfig {
  top_countries?: number;
}

const DEFAULT_TOP_COUNTRIES = 8;

export class StorjTrafficMapCard extends StorjCard<TrafficMapCardOptions> {
  private regionNames?: { locale: string; names: Intl.DisplayNames };
  private readonly live = new LiveNodeController(this, () => this.node?.device.id);
  /** Weights per point of the previous push, and the points that grew with the latest one. */
  private seen?: { traffic: LiveTraffic; weights: Map<string, number>; arrived: Set<string> };
  private pushes = 0;

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
    const entity = this.stateOf(node, "traffic_map");
    if (!entity || entity.state === "unavailable") {
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
    const traffic = this.live.data?.log?.traffic;
    if (!traffic) {
      const waiting = this.live.error
        ? message("warning", `The node's live data cannot be read: ${this.live.error}`)
        : message("info", "Waiting for the node's live data…", "mdi:timer-sand");
      return this.frame(title, html`${waiting} ${this.renderMap(new Map(), [])}`);
    }
    return this.frame(
      title,
      html`<div class="live" data-lines=${this.live.data?.log?.lines ?? nothing}>
        ${this.renderTraffic(node.entities.get("log_source_connected"), traffic)}
      </div>`,
    );
  }

  /** Which points gained transfers since the previous push (computed once per push). */
  private arrivals(traffic: LiveTraffic, points: MapPoint[]): Set<string> {
    if (this.seen?.traffic === traffic) return this.seen.arrived;
    const weights = new Map(points.map((point) => [pointKey(point), point.weight]));
    const before = this.seen?.weights;
    const arrived = new Set(
      before ? [...weights].filter(([key, weight]) => weight > (before.get(key) ?? 0)).map(([key]) => key) : [],
    );
    this.seen = { traffic, weights, arrived };
    this.pushes += 1; // new ring elements, so their animation starts again
    return arrived;
  }

  private renderTraffic(connectedId: string | undefined, traffic: LiveTraffic): TemplateResult {
    const countries = parseCountries(traffic.countries);
    const points = parsePoints(traffic.points);
    const arrived = this.arrivals(traffic, points);
    const disconnected = connectedId && this.hass!.states[connectedId]?.state === "off";
    let notice: TemplateResult | typeof nothing = nothing;
    if (traffic.geoip !== true) {
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
    return html`${notice} ${this.renderMap(countries, points, arrived)} ${this.renderLegend(countries)}
    ${this.renderTopCountries(countries)}`;
  }

  private renderMap(countries: Map<string, number>, points: MapPoint[], arrived = new Set<string>()): TemplateResult {
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
      ${keyed(
        this.pushes,
        svg`<g class="arrivals">${points
          .filter((point) => arrived.has(pointKey(point)))
          .map((point) => {
            const [x, y] = project(point.lat, point.lon);
            return svg`<circle class="arrival" data-arrived cx=${x.toFixed(1)} cy=${y.toFixed(1)} r="2"></circle>`;
          })}</g>`,
      )}
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
      /* New transfers from an origin: a ring grows and fades (the seed's "live heatmap"). */
      .arrival {
        fill: none;
        stroke: var(--accent-color, #ff9800);
        stroke-width: 1;
        transform-box: fill-box;
        transform-origin: center;
        animation: arrival 1.6s ease-out 1 forwards;
      }
      @keyframes arrival {
        from {
          transform: scale(1);
          opacity: 0.9;
        }
        to {
          transform: scale(4);
          opacity: 0;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .arrival {
          animation: none;
          opacity: 0.6;
        }
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
