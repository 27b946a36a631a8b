// Entry point of the bundle the integration serves: define the cards and list them in the
// card picker. Safe to load twice (e.g. also added by hand as a dashboard resource).
import { StorjEarningsCard } from "./cards/earnings-card.js";
import { StorjFleetCard } from "./cards/fleet-card.js";
import { StorjInsightsCard } from "./cards/insights-card.js";
import { StorjLatencyCard } from "./cards/latency-card.js";
import { StorjNodeCard } from "./cards/node-card.js";
import { StorjReputationCard } from "./cards/reputation-card.js";
import { StorjTrafficMapCard } from "./cards/traffic-map-card.js";
import { EDITOR_TAG, StorjCardEditor } from "./editor.js";

const CARDS = [
  {
    type: "storj-node-card",
    element: StorjNodeCard,
    name: "Storj node",
    description: "A node at a glance: status badges, disk, earnings and reputation per satellite.",
  },
  {
    type: "storj-traffic-map-card",
    element: StorjTrafficMapCard,
    name: "Storj traffic map",
    description: "Where the node's traffic goes: a world map with per-country counts.",
  },
  {
    type: "storj-latency-card",
    element: StorjLatencyCard,
    name: "Storj transfer latency",
    description: "Upload and download latency percentiles, success rates and a histogram.",
  },
  {
    type: "storj-fleet-card",
    element: StorjFleetCard,
    name: "Storj fleet",
    description: "All your Storj nodes in one sortable table, with totals.",
  },
  {
    type: "storj-earnings-card",
    element: StorjEarningsCard,
    name: "Storj earnings",
    description: "Earnings per month by storage, egress and repair, held back and paid, and this month's estimate.",
  },
  {
    type: "storj-reputation-card",
    element: StorjReputationCard,
    name: "Storj reputation",
    description: "Audit, suspension and online scores per satellite, with how far each is from its limit.",
  },
  {
    type: "storj-insights-card",
    element: StorjInsightsCard,
    name: "Storj log insights",
    description: "Unusual figures, top error types, piece sizes, hot pieces and satellites, from the log.",
  },
] as const;

if (!customElements.get(EDITOR_TAG)) customElements.define(EDITOR_TAG, StorjCardEditor);

window.customCards ??= [];
for (const card of CARDS) {
  if (customElements.get(card.type)) continue;
  customElements.define(card.type, card.element);
  window.customCards.push({ type: card.type, name: card.name, description: card.description, preview: true });
}
