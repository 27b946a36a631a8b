import assert from "node:assert/strict";
import { test } from "node:test";

import { scoreLevel, worstLevel } from "../src/thresholds.js";

test("default thresholds match the integration's alerts", () => {
  assert.equal(scoreLevel("audit", 99), "ok");
  assert.equal(scoreLevel("audit", 98.99), "warning");
  assert.equal(scoreLevel("audit", 96.99), "critical");
  assert.equal(scoreLevel("suspension", 90), "ok");
  assert.equal(scoreLevel("suspension", 74.9), "critical");
  assert.equal(scoreLevel("online", 94.9), "warning");
  assert.equal(scoreLevel("online", 79.9), "critical");
  assert.equal(scoreLevel("online", undefined), "unknown");
});

test("thresholds are configurable per card", () => {
  assert.equal(scoreLevel("audit", 98, { audit_warning: 97.5, audit_critical: 95 }), "ok");
  assert.equal(scoreLevel("online", 90, { online_warning: 99 }), "warning");
});

test("the worst level wins", () => {
  assert.equal(worstLevel(["ok", "critical", "warning"]), "critical");
  assert.equal(worstLevel(["unknown", "ok"]), "ok");
  assert.equal(worstLevel([]), "unknown");
});
