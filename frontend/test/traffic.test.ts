import assert from "node:assert/strict";
import { test } from "node:test";

import { parseHistogram } from "../src/histogram.js";
import { intensity, parseCountries, parsePoints, project } from "../src/traffic.js";
import { COUNTRY_SHAPES, MAP_HEIGHT, MAP_WIDTH } from "world-map";

test("country counts keep ISO alpha-2 codes with positive counts", () => {
  const counts = parseCountries({ DE: 12, US: 3, xx: 5, FR: 0, NL: "7" });
  assert.deepEqual([...counts], [["DE", 12], ["US", 3]]);
  assert.equal(parseCountries(null).size, 0);
});

test("map points are [lat, lon, weight] triples", () => {
  assert.deepEqual(parsePoints([[52.5, 13.4, 7], [1, 2], "x", [1, "2", 3]]), [{ lat: 52.5, lon: 13.4, weight: 7 }]);
  assert.deepEqual(parsePoints(undefined), []);
});

test("the projection matches the generated outlines", () => {
  assert.deepEqual(project(84, -180), [0, 0]);
  assert.deepEqual(project(-58, 180), [MAP_WIDTH, MAP_HEIGHT]);
});

test("the bundled world has the countries traffic is counted in", () => {
  for (const code of ["DE", "US", "BR", "JP", "AU", "ZA", "IN"]) assert.ok(COUNTRY_SHAPES[code]?.startsWith("M"), code);
  assert.equal(COUNTRY_SHAPES.AQ, undefined);
});

test("intensity is logarithmic and capped at 1", () => {
  assert.equal(intensity(100, 100), 1);
  assert.ok(intensity(10, 10_000) > 0.2);
  assert.equal(intensity(5, 0), 0);
});

test("histogram buckets are sorted and malformed ones dropped", () => {
  assert.deepEqual(parseHistogram([{ le: 1, count: 2 }, { le: 0.1, count: 5 }, { le: "x", count: 1 }, null]), [
    { le: 0.1, count: 5 },
    { le: 1, count: 2 },
  ]);
  assert.deepEqual(parseHistogram("nope"), []);
});
