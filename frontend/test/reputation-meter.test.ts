import assert from "node:assert/strict";
import { test } from "node:test";

import { headroom, pointsAboveLimit, SCORE_LIMITS } from "../src/reputation-meter.js";
import { recoveryDate, unknownToSuspension } from "../src/reputation-forecast.js";
import { state } from "./fake-hass.js";

test("limits are the satellite's: audit 96 %, unknown audits and online 60 %", () => {
  assert.deepEqual(SCORE_LIMITS, { audit: 96, suspension: 60, online: 60 });
});

test("headroom is the way from the limit to 100 %", () => {
  assert.equal(headroom("audit", 100), 100);
  assert.equal(headroom("audit", 98), 50);
  assert.equal(headroom("audit", 96), 0);
  assert.equal(headroom("audit", 90), 0);
  assert.equal(headroom("suspension", 80), 50);
  assert.equal(headroom("online", 55), 0);
  assert.equal(headroom("online", undefined), undefined);
  assert.equal(pointsAboveLimit("suspension", 55), -5);
});

test("suspension and recovery forecasts", () => {
  assert.equal(unknownToSuspension(state("sensor.x", "4"), "en"), "4 unknown errors to suspension");
  assert.equal(unknownToSuspension(state("sensor.x", "1"), "en"), "1 unknown error to suspension");
  assert.equal(unknownToSuspension(state("sensor.x", "unknown"), "en"), undefined);
  assert.match(recoveryDate(state("sensor.y", "2026-12-09T10:00:00+00:00"), "en") ?? "", /^recovers by Dec (9|10)$/);
  assert.equal(recoveryDate(state("sensor.y", "unknown"), "en"), undefined);
  assert.equal(recoveryDate(state("sensor.y", "soon"), "en"), undefined);
});
