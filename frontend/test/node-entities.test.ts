import assert from "node:assert/strict";
import { test } from "node:test";

import { findNode, listNodes, listSatellites } from "../src/node-entities.js";
import { device, entry, fakeHass } from "./fake-hass.js";

const hass = fakeHass(
  [
    device("n10", "Node 10", "Storage node"),
    device("n2", "Node 2", "Storage node"),
    device("other", "Kitchen", "Storage node"),
    device("s1", "Node 2 us1", "Satellite", "n2"),
    device("s2", "eu1 renamed", "Satellite", "n2"),
    device("s3", "Node 10 us1", "Satellite", "n10"),
  ],
  [
    entry("sensor.node_10_disk_used", "n10", "disk_used"),
    entry("sensor.node_2_disk_used", "n2", "disk_used"),
    entry("binary_sensor.node_2_reachable", "n2", "reachable"),
    entry("sensor.kitchen_disk_used", "other", "disk_used", "other_integration"),
    entry("sensor.node_2_us1_audit_score", "s1", "audit_score"),
    entry("sensor.node_2_eu1_audit_score", "s2", "audit_score"),
    entry("sensor.node_10_us1_audit_score", "s3", "audit_score"),
  ],
);

test("nodes are our Storage node devices, in natural name order", () => {
  assert.deepEqual(
    listNodes(hass).map((node) => node.name),
    ["Node 2", "Node 10"],
  );
});

test("a node's entities are keyed by translation key, sensors and binary sensors alike", () => {
  const node = findNode(hass, "n2");
  assert.equal(node?.entities.get("disk_used"), "sensor.node_2_disk_used");
  assert.equal(node?.entities.get("reachable"), "binary_sensor.node_2_reachable");
});

test("without a configured device the first node is used; an unknown device finds none", () => {
  assert.equal(findNode(hass)?.device.id, "n2");
  assert.equal(findNode(hass, "gone"), undefined);
});

test("satellites are the node's linked devices, named without the node prefix", () => {
  const satellites = listSatellites(hass, findNode(hass, "n2")!);
  assert.deepEqual(
    satellites.map((sat) => [sat.name, sat.entities.get("audit_score")]),
    [
      ["eu1 renamed", "sensor.node_2_eu1_audit_score"],
      ["us1", "sensor.node_2_us1_audit_score"],
    ],
  );
});

test("a user's device name wins over the integration's", () => {
  const renamed = fakeHass(
    [{ ...device("n1", "Node 1", "Storage node"), name_by_user: "Attic" }],
    [entry("sensor.node_1_disk_used", "n1", "disk_used")],
  );
  assert.equal(listNodes(renamed)[0].name, "Attic");
});
