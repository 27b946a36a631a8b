// The node's live data over the websocket (`storj_monitor/subscribe`): map, histograms,
// error types, piece sizes, hot pieces, satellites and current anomalies. These figures are
// not in any entity's attributes (Home Assistant would record them on every change).
import type { ReactiveController, ReactiveControllerHost } from "lit";

import type { HomeAssistant } from "./ha-types.js";

export const SUBSCRIBE = "storj_monitor/subscribe";

export interface LiveBucket {
  le: number;
  count: number;
}

export interface LiveLatency {
  source: "log" | "debug_metrics";
  samples: number;
  histogram: LiveBucket[];
}

export interface LiveTraffic {
  geoip: boolean;
  geoip_error: string | null;
  countries: Record<string, number>;
  points: number[][];
  unknown: number;
}

export interface LiveError {
  text: string;
  total: number;
  last_hour: number;
}

export interface LiveHotPiece {
  piece: string;
  downloads: number;
  at_least: number;
}

export interface LiveOutcome {
  success: number;
  canceled: number;
  failed: number;
  bytes: number;
  success_rate: number | null;
}

export interface LiveSatellite {
  id: string;
  name: string;
  actions: Record<string, LiveOutcome>;
  ingress_bps: number | null;
  egress_bps: number | null;
}

export interface LiveLog {
  lines: number;
  connected: boolean;
  traffic: LiveTraffic;
  latency: { download: LiveLatency; upload: LiveLatency };
  errors: { top: LiveError[]; distinct_last_hour: number };
  piece_sizes: { bounds: number[]; upload: number[]; download: number[] };
  hot_pieces: { pieces: LiveHotPiece[]; exact: boolean };
  satellites: LiveSatellite[];
}

export interface LiveAnomaly {
  metric: string;
  direction: "above" | "below";
  z: number;
  value: number;
  baseline: number;
  since: string;
}

export interface LiveNode {
  entry_id: string;
  node: string;
  loaded: boolean;
  /** Null when the node has no log source. */
  log: LiveLog | null;
  /** Null when anomaly detection is switched off. */
  insights: LiveAnomaly[] | null;
}

type Host = ReactiveControllerHost & HTMLElement & { hass?: HomeAssistant };

/**
 * Keeps one subscription per card: opened when the card is on screen and knows its node,
 * moved when the node (or the connection) changes, closed when the card leaves the page.
 */
export class LiveNodeController implements ReactiveController {
  data?: LiveNode;
  error?: string;
  private deviceId?: string;
  private connection?: unknown;
  private unsubscribe?: Promise<() => Promise<void> | void>;

  constructor(
    private readonly host: Host,
    private readonly nodeDevice: () => string | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.stop();
  }

  private sync(): void {
    const hass = this.host.hass;
    const deviceId = this.nodeDevice();
    if (!this.host.isConnected || !hass?.connection) return;
    if (deviceId === this.deviceId && hass.connection === this.connection) return;
    this.stop();
    if (!deviceId) return;
    this.deviceId = deviceId;
    this.connection = hass.connection;
    this.unsubscribe = hass.connection
      .subscribeMessage<LiveNode>(
        (data) => {
          if (this.deviceId !== deviceId) return; // a late push for the node this card left
          this.data = data;
          this.error = undefined;
          this.host.requestUpdate();
        },
        { type: SUBSCRIBE, device_id: deviceId },
      )
      .catch((err: { code?: string; message?: string }) => {
        this.error = err?.message ?? err?.code ?? String(err);
        this.host.requestUpdate();
        return () => undefined;
      });
  }

  private stop(): void {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    this.deviceId = undefined;
    this.connection = undefined;
    this.data = undefined;
    this.error = undefined;
    // A closed connection cannot unsubscribe: it has already forgotten the subscription.
    unsubscribe?.then((stop) => stop()).catch(() => undefined);
  }
}

/** Where a map point is, as a key that stays the same from one push to the next. */
export function pointKey(point: { lat: number; lon: number }): string {
  return `${point.lat.toFixed(1)},${point.lon.toFixed(1)}`;
}

/** Upper bounds of the piece-size buckets as short labels ("< 4 KiB", ..., "≥ 4 MiB"). */
export function sizeLabels(bounds: number[]): string[] {
  const label = (bytes: number) => (bytes >= 2 ** 20 ? `${bytes / 2 ** 20} MiB` : `${bytes / 2 ** 10} KiB`);
  if (bounds.length === 0) return [];
  return [
    `< ${label(bounds[0])}`,
    ...bounds.slice(1).map((bound, index) => `${label(bounds[index])}–${label(bound)}`),
    `≥ ${label(bounds[bounds.length - 1])}`,
  ];
}

/** The words of an anomaly: "Upload success rate below normal". */
export function describeAnomaly(anomaly: LiveAnomaly): string {
  const what = anomaly.metric.replaceAll("_", " ").replace(/\bp95\b/, "P95");
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} ${anomaly.direction} normal`;
}
