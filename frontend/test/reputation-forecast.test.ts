import assert from "node:assert/strict";
import { test } from "node:test";

import { failuresToDq, offline24h } from "../src/reputation-forecast.js";
import { state } from "./fake-hass.js";

test("failures to disqualification read as a count, singular for one", () => {
  assert.equal(failuresToDq(state("sensor.x", "13"), "en"), "13 failures to DQ");
  assert.equal(failuresToDq(state("sensor.x", "1"), "en"), "1 failure to DQ");
  assert.equal(failuresToDq(state("sensor.x", "0"), "en"), "0 failures to DQ");
  assert.equal(failuresToDq(state("sensor.x", "1234"), "en"), "1,234 failures to DQ");
});

test("unknown or unavailable forecasts show nothing", () => {
  assert.equal(failuresToDq(state("sensor.x", "unavailable"), "en"), undefined);
  assert.equal(failuresToDq(undefined, "en"), undefined);
  assert.equal(offline24h(state("sensor.y", "unknown"), "en"), undefined);
});

test("the offline score is a locale percentage, the number first", () => {
  assert.equal(offline24h(state("sensor.y", "96.55"), "en"), "96.55% if offline 24 h");
  assert.equal(offline24h(state("sensor.y", "96.5"), "de"), "96,5\u00a0% if offline 24 h");
});
