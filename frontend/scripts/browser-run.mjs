// Drive a real Chromium through a running Home Assistant: log in, build a test dashboard,
// open every page in light and dark theme at desktop and phone width, save screenshots and
// report what the cards rendered next to the states read over the REST and websocket APIs.
// The assertions live in tests/browser (pytest); this script only observes.
//
//   node scripts/browser-run.mjs PLAN.json REPORT.json
//
// PLAN: {url, username, password, chromium, artifacts, nodes, dashboard: {url_path, title,
// views}, pages: [{name, path, cards, builtin, live, arrivals, inject, monthly}], injected:
// {deviceName, states}, statistics: [{statistic_id, mean}]}.
// A card config may name its node with `device_name`; it is replaced by that device's
// `device_id` once Home Assistant has created the devices. Pages with `live` (a node's name)
// are read together with that node's websocket data (`storj_monitor/get`), at a moment when
// the cards show the same push (see readWithLive); pages with `arrivals` wait until the map
// has drawn the rings of newly arrived transfers. Pages with `inject` get the `injected`
// entities before they are read (see injectEntities); pages with `monthly` also report the
// monthly payout statistics, read the way the earnings card reads them.
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { chromium } from "playwright-core";

const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SIZES = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
};
const THEMES = ["light", "dark"];
const CARD_TAGS = [
  "storj-node-card",
  "storj-fleet-card",
  "storj-latency-card",
  "storj-traffic-map-card",
  "storj-earnings-card",
  "storj-reputation-card",
  "storj-insights-card",
];
const BUILTIN_GRAPHS = ["hui-history-graph-card", "hui-statistics-graph-card"];
const TIMEOUT_MS = 60_000;

const [planPath, reportPath] = process.argv.slice(2);
const plan = JSON.parse(await readFile(planPath, "utf8"));
const consoleErrors = [];
// What went over Home Assistant's websocket for the cards: subscriptions and their pushes.
const websocket = { subscribes: 0, events: 0, devices: [] };

function watchWebsocket(page) {
  page.on("websocket", (socket) => {
    const subscriptions = new Set();
    socket.on("framesent", ({ payload }) => {
      const message = JSON.parse(String(payload));
      if (message.type !== "storj_monitor/subscribe") return;
      websocket.subscribes += 1;
      websocket.devices.push(message.device_id);
      subscriptions.add(message.id);
    });
    socket.on("framereceived", ({ payload }) => {
      const messages = [JSON.parse(String(payload))].flat();
      websocket.events += messages.filter((m) => m.type === "event" && subscriptions.has(m.id)).length;
    });
  });
}

function watchConsole(page) {
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push({ url: page.url(), text: msg.text() });
  });
  page.on("pageerror", (error) => consoleErrors.push({ url: page.url(), text: String(error) }));
}

async function logIn(page) {
  await page.goto(plan.url, { waitUntil: "domcontentloaded" });
  await page.locator('input[name="username"]').fill(plan.username);
  await page.locator('input[name="password"]').fill(plan.password);
  await page.locator('input[name="password"]').press("Enter");
  await page.waitForFunction(() => document.querySelector("home-assistant")?.hass?.states, null, {
    timeout: TIMEOUT_MS,
  });
}

/** Wait until Home Assistant has set up the nodes (their devices and entities exist). */
async function waitForNodes(page) {
  await page.waitForFunction(
    (count) => {
      const hass = document.querySelector("home-assistant")?.hass;
      if (!hass?.devices || !hass.entities) return false;
      const nodes = Object.values(hass.devices).filter((device) => device.model === "Storage node");
      const withScores = nodes.filter((node) =>
        Object.values(hass.entities).some(
          (entry) =>
            entry.device_id === node.id &&
            entry.translation_key === "worst_audit_score" &&
            hass.states[entry.entity_id]?.state !== "unavailable",
        ),
      );
      return withScores.length >= count;
    },
    plan.nodes,
    { timeout: TIMEOUT_MS, polling: 250 },
  );
}

/** REST states plus the registries over the websocket, as the user's session sees them. */
async function readApi(page) {
  return page.evaluate(async () => {
    const hass = document.querySelector("home-assistant").hass;
    const response = await fetch("/api/states", {
      headers: { Authorization: `Bearer ${hass.auth.data.access_token}` },
    });
    const states = Object.fromEntries((await response.json()).map((state) => [state.entity_id, state]));
    const entities = await hass.callWS({ type: "config/entity_registry/list" });
    const devices = await hass.callWS({ type: "config/device_registry/list" });
    return { states, entities, devices };
  });
}

async function createDashboard(page, devices) {
  const byName = Object.fromEntries(devices.map((device) => [device.name_by_user ?? device.name, device.id]));
  const resolve = (card) => {
    const { device_name: deviceName, ...config } = card;
    if (deviceName === undefined) return config;
    if (!byName[deviceName]) throw new Error(`No device named ${deviceName}`);
    return { ...config, device_id: byName[deviceName] };
  };
  const { url_path: urlPath, title, views } = plan.dashboard;
  const config = { title, views: views.map((view) => ({ ...view, cards: view.cards.map(resolve) })) };
  await page.evaluate(
    async ({ urlPath, title, config }) => {
      const hass = document.querySelector("home-assistant").hass;
      await hass.callWS({
        type: "lovelace/dashboards/create",
        url_path: urlPath,
        title,
        mode: "storage",
        require_admin: false,
        show_in_sidebar: true,
      });
      await hass.callWS({ type: "lovelace/config/save", url_path: urlPath, config });
    },
    { urlPath, title, config },
  );
  return config;
}

/**
 * Hourly means of some score sensors three days ago, imported into the recorder, so the
 * node card has a baseline to draw trend arrows from; waits until the recorder has them.
 */
async function importStatistics(page, statistics) {
  await page.evaluate(async (statistics) => {
    const hass = document.querySelector("home-assistant").hass;
    const start = new Date(Date.now() - 3 * 86_400_000);
    start.setUTCMinutes(0, 0, 0);
    for (const { statistic_id: statisticId, mean } of statistics) {
      await hass.callWS({
        type: "recorder/import_statistics",
        metadata: {
          statistic_id: statisticId,
          source: "recorder",
          name: null,
          has_sum: false,
          mean_type: 1,
          unit_class: null,
          unit_of_measurement: "%",
        },
        stats: [{ start: start.toISOString(), mean, min: mean, max: mean }],
      });
    }
    const ids = statistics.map((statistic) => statistic.statistic_id);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const rows = await hass.callWS({
        type: "recorder/statistics_during_period",
        start_time: new Date(start.getTime() - 3_600_000).toISOString(),
        statistic_ids: ids,
        period: "hour",
        types: ["mean"],
      });
      if (ids.every((id) => rows[id]?.length)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error("the recorder did not store the imported statistics");
  }, statistics);
}

/** Every element matching `selector`, looking inside shadow roots too (runs in the page). */
function deepQueryAll(selector) {
  const found = [];
  const walk = (root) => {
    found.push(...root.querySelectorAll(selector));
    for (const element of root.querySelectorAll("*")) if (element.shadowRoot) walk(element.shadowRoot);
  };
  walk(document);
  return found;
}

/**
 * Give the earnings cards entities that need options the harness does not set (costs): registry
 * entries and states added to a copy of `hass` on the node named `deviceName`.
 */
async function injectEntities(page, { deviceName, states }) {
  await page.evaluate(
    async ({ deviceName, states }) => {
      const hass = document.querySelector("home-assistant").hass;
      const device = Object.values(hass.devices).find((candidate) => candidate.name === deviceName);
      const extraEntities = {};
      const extraStates = {};
      for (const [key, { entity_id: entityId, state, attributes }] of Object.entries(states)) {
        extraEntities[entityId] = { entity_id: entityId, device_id: device.id, platform: "storj_monitor", translation_key: key };
        extraStates[entityId] = { entity_id: entityId, state, attributes, last_changed: "", last_updated: "", context: {} };
      }
      const inject = (current) => ({
        ...current,
        entities: { ...current.entities, ...extraEntities },
        states: { ...current.states, ...extraStates },
      });
      for (const card of window.storjQueryAll("storj-earnings-card")) {
        // Home Assistant hands every card a new `hass` on each state change (node 1's log
        // entities change every 10 s): keep the injected entities in every one of them.
        let owner = Object.getPrototypeOf(card);
        while (owner && !Object.getOwnPropertyDescriptor(owner, "hass")) owner = Object.getPrototypeOf(owner);
        const accessor = Object.getOwnPropertyDescriptor(owner, "hass");
        Object.defineProperty(card, "hass", {
          configurable: true,
          get() { return accessor.get.call(this); },
          set(value) { accessor.set.call(this, inject(value)); },
        });
        card.hass = hass;
        await card.updateComplete;
      }
    },
    { deviceName, states },
  );
}

/** A node's live data, as the cards get it, over the user's own websocket connection. */
async function readLive(page, deviceId) {
  return page.evaluate(
    (deviceId) => document.querySelector("home-assistant").hass.callWS({ type: "storj_monitor/get", device_id: deviceId }),
    deviceId,
  );
}

/**
 * Read the cards while they show the push the websocket answers now: the node's log data
 * changes every 10 s, so read the live data, the cards, and the live data again, until both
 * reads agree with the lines count every live card shows.
 */
async function readWithLive(page, deviceId) {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const before = await readLive(page, deviceId);
    const [rendered, now] = await Promise.all([readCards(page), readApi(page)]);
    const after = await readLive(page, deviceId);
    const lines = before.log?.lines;
    const shown = rendered.cards.map((card) => card.lines).filter((value) => value !== null);
    if (lines === after.log?.lines && shown.every((value) => Number(value) === lines)) {
      return { ...rendered, states: now.states, live: before };
    }
    await page.waitForTimeout(300);
  }
  throw new Error("the cards never showed the websocket's current data");
}

/** Wait for the page's Storj cards to render and its built-in graphs to draw. */
async function waitForCards(page, { cards: expected, builtin }) {
  await page.waitForFunction(
    ({ tags, expected, graphs, builtin }) => {
      const deepQueryAll = window.storjQueryAll;
      // Home Assistant's splash screen fades out once the frontend is ready.
      if (document.getElementById("ha-launch-screen")) return false;
      const cards = deepQueryAll(tags.join(","));
      if (cards.length < expected) return false;
      const graphCards = deepQueryAll(graphs.join(","));
      if (graphCards.length < builtin) return false;
      // Cards that read the recorder first show `.loading`.
      return [...cards, ...graphCards].every(
        (card) => card.shadowRoot?.querySelector("ha-card") && card.hasUpdated && !card.shadowRoot.querySelector(".loading"),
      );
    },
    { tags: CARD_TAGS, expected, graphs: BUILTIN_GRAPHS, builtin },
    { timeout: TIMEOUT_MS, polling: 200 },
  );
  // Let pending Lit updates and icon loads settle before reading or taking pictures.
  await page.evaluate(
    async ({ tags }) => {
      const deepQueryAll = window.storjQueryAll;
      await Promise.all(deepQueryAll(tags.join(",")).map((card) => card.updateComplete));
      await document.fonts.ready;
    },
    { tags: CARD_TAGS },
  );
}

/** What each card shows, read from its shadow DOM. */
async function readCards(page) {
  return page.evaluate(
    ({ tags, graphs }) => {
      const deepQueryAll = window.storjQueryAll;
      const text = (element) => element.textContent.replace(/\s+/g, " ").trim();
      return {
        errorCards: deepQueryAll("hui-error-card").map((card) => text(card.shadowRoot ?? card)),
        builtinCards: deepQueryAll(graphs.join(",")).map(
          (card) => card.localName,
        ),
        viewportWidth: window.innerWidth,
        cards: deepQueryAll(tags.join(",")).map((card) => {
          const root = card.shadowRoot;
          const haCard = root.querySelector("ha-card");
          const style = getComputedStyle(haCard);
          return {
            tag: card.localName,
            config: card.config,
            lines: root.querySelector("[data-lines]")?.dataset.lines ?? null,
            arrived: root.querySelectorAll("[data-arrived]").length,
            anomalies: root.querySelector("[data-anomalies]")?.dataset.anomalies ?? null,
            distinct: root.querySelector("[data-distinct]")?.dataset.distinct ?? null,
            header: haCard.header ?? null,
            text: text(haCard),
            values: [...root.querySelectorAll("[data-entity]")].map((element) => ({
              entity: element.dataset.entity,
              text: text(element),
              level: element.dataset.level ?? null,
              trend: element.querySelector("[data-trend]")?.dataset.trend ?? null,
            })),
            messages: [...root.querySelectorAll("[data-message]")].map((element) => ({
              kind: element.dataset.message,
              text: text(element),
            })),
            missing: [...root.querySelectorAll("[data-missing]")].map((element) => element.dataset.missing),
            rows: [...root.querySelectorAll("tbody tr")].map((row) => ({
              node: row.dataset.node ?? null,
              satellite: row.dataset.satellite ?? null,
              country: row.dataset.country ?? null,
              row: row.dataset.row ?? null,
              cells: [...row.cells].map(text),
            })),
            totals: Object.fromEntries(
              [...root.querySelectorAll("[data-total]")].map((element) => [element.dataset.total, text(element)]),
            ),
            mapCountries: root.querySelectorAll("svg.map path.country").length,
            mapFilled: [...root.querySelectorAll("svg.map path.country[style]")].map((path) => path.dataset.country),
            mapPoints: root.querySelectorAll("svg.map circle.point").length,
            bars: [...root.querySelectorAll("[data-bar]")].map((element) => ({ ...element.dataset })),
            flags: [...root.querySelectorAll("[data-flag]")].map((element) => element.dataset.flag),
            histograms: Object.fromEntries(
              [...root.querySelectorAll("figure.histogram")].map((figure) => [
                figure.dataset.direction,
                [...figure.querySelectorAll(".bar")].map((bar) => Number(bar.dataset.count)),
              ]),
            ),
            background: style.backgroundColor,
            color: style.color,
            width: card.getBoundingClientRect().width,
            overflowing: [haCard, ...root.querySelectorAll(".table-wrap, svg")]
              .filter((element) => element.scrollWidth > element.clientWidth + 1)
              .map((element) => element.className?.baseVal ?? element.className ?? element.localName),
          };
        }),
      };
    },
    { tags: CARD_TAGS, graphs: BUILTIN_GRAPHS },
  );
}

/** Every monthly payout statistic of the integration, as a card would read it. */
async function readMonthlyStatistics(page) {
  return page.evaluate(async () => {
    const hass = document.querySelector("home-assistant").hass;
    const listed = await hass.callWS({ type: "recorder/list_statistic_ids", statistic_type: "sum" });
    const ids = listed.map((item) => item.statistic_id).filter((id) => /^storj_monitor:[^_]+_payout_/.test(id));
    return hass.callWS({
      type: "recorder/statistics_during_period",
      start_time: "2000-01-01T00:00:00Z",
      statistic_ids: ids,
      period: "month",
      types: ["change"],
    });
  });
}

/** Wait until the integration has written every node's payout months (its first import). */
async function waitForMonthlyStatistics(page) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const result = await readMonthlyStatistics(page);
    const parts = Object.entries(result).filter(([id, rows]) => id.endsWith("_payout_earned_storage") && rows.length);
    if (parts.length >= plan.nodes) return;
    if (Date.now() > deadline) throw new Error("the integration wrote no monthly payout statistics");
    await page.waitForTimeout(500);
  }
}

/** Sort the fleet table by each column and report the node order. */
async function exerciseFleetSort(page) {
  const card = page.locator("storj-fleet-card").first();
  const order = () =>
    card.evaluate((element) => [...element.shadowRoot.querySelectorAll("tbody tr")].map((row) => row.dataset.node));
  const result = { initial: await order() };
  for (const column of ["score", "disk", "name"]) {
    await card.locator(`th[data-column="${column}"]`).click();
    result[column] = await order();
    await card.locator(`th[data-column="${column}"]`).click();
    result[`${column}_descending`] = await order();
  }
  return result;
}

/** Open each card's visual editor the way Lovelace does and change a value through <ha-form>. */
async function exerciseEditors(page) {
  return page.evaluate(async (tags) => {
    const hass = document.querySelector("home-assistant").hass;
    if (!customElements.get("ha-form")) {
      // Lovelace loads <ha-form> with its card editors: load one the same way.
      const helpers = await window.loadCardHelpers();
      const entities = await helpers.createCardElement({ type: "entities", entities: [] });
      await entities.constructor.getConfigElement();
      await customElements.whenDefined("ha-form");
    }
    const results = {};
    for (const tag of tags) {
      const cardClass = customElements.get(tag);
      const stub = cardClass.getStubConfig(hass);
      const editor = await cardClass.getConfigElement();
      editor.hass = hass;
      editor.setConfig({ type: `custom:${tag}`, ...stub });
      document.body.append(editor);
      await editor.updateComplete;
      const form = editor.shadowRoot.querySelector("ha-form");
      await form.updateComplete;
      const emitted = new Promise((resolve) =>
        editor.addEventListener("config-changed", (event) => resolve(event.detail.config), { once: true }),
      );
      form.dispatchEvent(
        new CustomEvent("value-changed", { detail: { value: { ...form.data, title: "Edited" } }, bubbles: true }),
      );
      results[tag] = {
        stub,
        fields: form.schema.map((field) => field.name || field.type),
        selectors: [...form.shadowRoot.querySelectorAll("ha-selector")].map((el) => Object.keys(el.selector)[0]),
        emitted: await emitted,
      };
      editor.remove();
    }
    return {
      editors: results,
      customCards: (window.customCards ?? []).map((card) => card.type),
      bundleUrls: performance
        .getEntriesByType("resource")
        .map((entry) => new URL(entry.name).pathname + new URL(entry.name).search)
        .filter((url) => url.includes("storj-monitor-cards")),
    };
  }, CARD_TAGS);
}

async function main() {
  const profile = await mkdtemp(join(tmpdir(), "storj-chromium-"));
  await mkdir(plan.artifacts, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: plan.chromium,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: SIZES.desktop,
    locale: "en-US",
    timezoneId: "UTC",
  });
  await context.addInitScript({ content: `window.storjQueryAll = ${deepQueryAll.toString()};` });
  const report = { pages: {}, screenshots: [], consoleErrors, websocket };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    watchConsole(page);
    watchWebsocket(page);
    await logIn(page);
    await waitForNodes(page);
    const api = await readApi(page);
    report.api = api;
    report.dashboard = await createDashboard(page, api.devices);
    await importStatistics(page, plan.statistics);
    if (plan.pages.some((pageInfo) => pageInfo.monthly)) await waitForMonthlyStatistics(page);
    for (const pageInfo of plan.pages) {
      const { name, path } = pageInfo;
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme });
        for (const [size, viewport] of Object.entries(SIZES)) {
          await page.setViewportSize(viewport);
          await page.goto(`${plan.url}${path}`, { waitUntil: "domcontentloaded" });
          await waitForCards(page, pageInfo).catch((error) => {
            throw new Error(`${name} (${theme}, ${size}): cards did not render: ${error.message}`);
          });
          if (pageInfo.inject) await injectEntities(page, plan.injected);
          if (pageInfo.arrivals && theme === "light" && size === "desktop") {
            // The rings are drawn on the push after the first (at the log's next 10 s tick).
            await page.waitForFunction(
              () => window.storjQueryAll("storj-traffic-map-card").some((card) => card.shadowRoot.querySelector("[data-arrived]")),
              null,
              { timeout: TIMEOUT_MS, polling: 200 },
            );
          }
          const file = join(plan.artifacts, `${name}-${theme}-${size}.png`);
          await page.screenshot({ path: file, fullPage: true });
          report.screenshots.push(file);
          if (theme === "light" && size === "desktop") {
            // Compare values with states (and the live data) read at the same moment.
            if (pageInfo.live) {
              const deviceId = api.devices.find((device) => device.name === pageInfo.live).id;
              report.pages[name] = await readWithLive(page, deviceId);
            } else {
              const [rendered, now] = await Promise.all([readCards(page), readApi(page)]);
              report.pages[name] = { ...rendered, states: now.states };
            }
            if (pageInfo.monthly) report.pages[name].statistics = await readMonthlyStatistics(page);
            if (name === "fleet") report.fleetSort = await exerciseFleetSort(page);
          } else {
            report.pages[`${name}/${theme}/${size}`] = await readCards(page);
          }
        }
      }
    }
    report.editor = await exerciseEditors(page);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    await writeFile(reportPath, JSON.stringify(report, null, 1));
  }
}

await main();
