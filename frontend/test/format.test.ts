import assert from "node:assert/strict";
import { test } from "node:test";

import {
  bytesState,
  formatBytes,
  formatMoney,
  formatPercent,
  formatSeconds,
  formatState,
  numericState,
} from "../src/format.js";
import { fakeHass, state } from "./fake-hass.js";

test("numeric states ignore unknown, unavailable and text", () => {
  assert.equal(numericState(state("sensor.a", "12.5")), 12.5);
  for (const value of ["unknown", "unavailable", "", "abc"]) assert.equal(numericState(state("sensor.a", value)), undefined);
  assert.equal(numericState(undefined), undefined);
});

test("data sizes are read in bytes whatever the display unit", () => {
  assert.equal(bytesState(state("sensor.a", "1.5", { unit_of_measurement: "TB" })), 1.5e12);
  assert.equal(bytesState(state("sensor.a", "2", { unit_of_measurement: "GiB" })), 2 * 2 ** 30);
  assert.equal(bytesState(state("sensor.a", "2", { unit_of_measurement: "parsecs" })), undefined);
});

test("bytes are shown in the largest SI unit that keeps the number at least 1", () => {
  assert.equal(formatBytes(999, "en"), "999 B");
  assert.equal(formatBytes(1_650_000_000_000, "en"), "1.65 TB");
  assert.equal(formatBytes(19_634_000_000, "de"), "19,63 GB");
});

test("percentages follow the locale", () => {
  assert.equal(formatPercent(41.83, "en"), "41.8%");
  assert.equal(formatPercent(12, "en"), "12%");
  assert.equal(formatPercent(41.83, "de"), "41,8\u00a0%");
});

test("latencies below a second are shown in milliseconds", () => {
  assert.equal(formatSeconds(0.25, "en"), "250 ms");
  assert.equal(formatSeconds(1.5, "en"), "1.5 s");
});

test("states use Home Assistant's formatter when there is one, a dash when unavailable", () => {
  const hass = fakeHass([], []);
  assert.equal(formatState(hass, state("sensor.a", "3", { unit_of_measurement: "%" })), "3 %");
  assert.equal(formatState(hass, state("sensor.a", "unavailable")), "—");
  hass.formatEntityState = (s) => `formatted ${s.state}`;
  assert.equal(formatState(hass, state("sensor.a", "3")), "formatted 3");
});

test("money in the locale's currency format, any unit as a fallback", () => {
  assert.equal(formatMoney(12.345, "en"), "$12.35");
  assert.equal(formatMoney(3, "de", "EUR"), "3,00\u00a0€");
  assert.equal(formatMoney(1.5, "en", "not a currency"), "1.5 not a currency");
});
