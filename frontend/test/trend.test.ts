import assert from "node:assert/strict";
import { test } from "node:test";

import { fetchBaselines, trendOf } from "../src/trend.js";
import { fakeHass } from "./fake-hass.js";

test("baselines are the oldest hourly means of the window, asked for over the websocket", async () => {
  const calls: Record<string, unknown>[] = [];
  const hass = fakeHass([], [], [], async <T>(message: Record<string, unknown>) => {
    calls.push(message);
    return {
      "sensor.a": [{ start: 1, mean: null }, { start: 2, mean: 99.5 }, { start: 3, mean: 98 }],
      "sensor.b": [],
    } as T;
  });
  const now = new Date("2026-11-15T12:00:00Z");
  const baselines = await fetchBaselines(hass, ["sensor.a", "sensor.b"], 7, now);
  assert.deepEqual([...baselines], [["sensor.a", 99.5]]);
  assert.deepEqual(calls, [
    {
      type: "recorder/statistics_during_period",
      start_time: "2026-11-08T12:00:00.000Z",
      statistic_ids: ["sensor.a", "sensor.b"],
      period: "hour",
      types: ["mean"],
    },
  ]);
});

test("no entities, no websocket call", async () => {
  const hass = fakeHass([], [], [], () => assert.fail("called"));
  assert.equal((await fetchBaselines(hass, [], 7)).size, 0);
});

test("trends ignore changes below the flat threshold", () => {
  assert.equal(trendOf(99, 99.5), "up");
  assert.equal(trendOf(99, 98), "down");
  assert.equal(trendOf(99, 99.01), "flat");
  assert.equal(trendOf(undefined, 99), undefined);
  assert.equal(trendOf(99, undefined), undefined);
});
