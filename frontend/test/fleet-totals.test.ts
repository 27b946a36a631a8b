import assert from "node:assert/strict";
import { test } from "node:test";

import { fleetEntities, totalsFromFleet } from "../src/fleet-totals.js";
import { listNodes } from "../src/node-entities.js";
import { device, entry, fakeHass, state } from "./fake-hass.js";

const devices = [device("n1", "Node 1", "Storage node"), device("f", "Storj fleet", "Fleet")];
const entries = [
  entry("sensor.node_1_disk_used", "n1", "disk_used"),
  // Renamed entity IDs: found by translation key all the same.
  entry("sensor.all_online", "f", "fleet_nodes_online"),
  entry("sensor.all_nodes", "f", "fleet_nodes_total"),
  entry("sensor.all_used", "f", "fleet_disk_used"),
  entry("sensor.all_allocated", "f", "fleet_disk_allocated"),
  entry("sensor.all_money", "f", "fleet_earnings_month"),
  entry("sensor.elsewhere", "f", "fleet_nodes_online", "other_integration"),
];
const states = [
  state("sensor.all_online", "2"),
  state("sensor.all_nodes", "3"),
  state("sensor.all_used", "1.5", { unit_of_measurement: "TB" }),
  state("sensor.all_allocated", "6000", { unit_of_measurement: "GB" }),
  state("sensor.all_money", "12.34", { unit_of_measurement: "USD" }),
];

test("the fleet device is no node; its entities are keyed by translation key", () => {
  const hass = fakeHass(devices, entries, states);
  assert.deepEqual(
    listNodes(hass).map((node) => node.name),
    ["Node 1"],
  );
  assert.equal(fleetEntities(hass)?.get("fleet_nodes_online"), "sensor.all_online");
  assert.equal(fleetEntities(fakeHass(devices.slice(0, 1), entries, states)), undefined);
});

test("totals come from the fleet sensors, in bytes whatever unit the user shows", () => {
  const hass = fakeHass(devices, entries, states);
  assert.deepEqual(totalsFromFleet(hass, fleetEntities(hass)!), {
    source: "fleet",
    online: 2,
    total: 3,
    usedBytes: 1.5e12,
    allocatedBytes: 6e12,
    earnings: 12.34,
    currency: "USD",
    entities: { online: "sensor.all_online", disk: "sensor.all_used", earnings: "sensor.all_money" },
  });
});

test("a fleet sensor without a number leaves the totals to the card's own sums", () => {
  const unknown = states.map((s) => (s.entity_id === "sensor.all_used" ? state(s.entity_id, "unavailable") : s));
  const hass = fakeHass(devices, entries, unknown);
  assert.equal(totalsFromFleet(hass, fleetEntities(hass)!), undefined);
});
