import assert from "node:assert/strict";
import { test } from "node:test";

import { nodeStatus, STATUS_ORDER } from "../src/fleet-status.js";
import { state } from "./fake-hass.js";

const online = state("binary_sensor.node_3_reachable", "on");
const offline = state("binary_sensor.node_3_reachable", "off");
const fine = state("binary_sensor.node_3_problem", "off", { suspended: [], disqualified: [] });
const suspended = state("binary_sensor.node_3_problem", "on", { suspended: ["us1"], disqualified: [] });
const both = state("binary_sensor.node_3_problem", "on", { suspended: ["us1"], disqualified: ["eu1", "ap1"] });

test("a suspended node is not shown as online", () => {
  assert.deepEqual(nodeStatus(online, suspended), {
    kind: "suspended",
    level: "critical",
    label: "Suspended (us1)",
    entity: "binary_sensor.node_3_problem",
  });
});

test("disqualified comes before suspended, both before offline", () => {
  assert.equal(nodeStatus(online, both).label, "Disqualified (eu1, ap1)");
  assert.equal(nodeStatus(offline, suspended).kind, "suspended");
  assert.ok(STATUS_ORDER.disqualified < STATUS_ORDER.suspended);
  assert.ok(STATUS_ORDER.suspended < STATUS_ORDER.offline);
  assert.ok(STATUS_ORDER.offline < STATUS_ORDER.online);
});

test("without satellite trouble: online, offline or unknown from reachability", () => {
  assert.deepEqual(nodeStatus(online, fine), { kind: "online", level: "ok", label: "Online", entity: online.entity_id });
  assert.equal(nodeStatus(offline, fine).kind, "offline");
  assert.equal(nodeStatus(state("binary_sensor.r", "unavailable"), undefined).kind, "offline");
  assert.equal(nodeStatus(undefined, undefined).kind, "unknown");
  // A problem sensor that lists nobody (e.g. attributes missing) does not invent a status.
  assert.equal(nodeStatus(online, state("binary_sensor.p", "on")).kind, "online");
});
