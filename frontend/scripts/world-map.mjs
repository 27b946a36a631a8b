// Build-time generation of the offline world map: Natural Earth 1:110m country outlines
// (public domain, via the world-atlas package) projected once to SVG path strings, so the
// bundle needs no map library, no tiles and no network.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

import { geoEquirectangular, geoGraticule, geoPath } from "d3-geo";
import countries from "i18n-iso-countries";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);

/** Map size in SVG units: 2 units per degree of longitude. */
export const WIDTH = 720;
/** Latitudes shown: the inhabited world, without Antarctica. */
export const NORTH = 84;
export const SOUTH = -58;
const ANTARCTICA = "010";
/** Outlines without an ISO code (N. Cyprus, Somaliland, Kosovo) are drawn but not coloured. */
const UNCODED = "";

async function topology() {
  const path = require.resolve("world-atlas/countries-110m.json");
  return JSON.parse(await readFile(path, "utf8"));
}

/** The source of the `world-map` module the cards import. */
export async function worldMapModule() {
  const world = await topology();
  const projection = geoEquirectangular()
    .scale(WIDTH / (2 * Math.PI))
    .translate([WIDTH / 2, (NORTH * WIDTH) / 360]);
  const path = geoPath(projection).digits(0);
  const shapes = {};
  for (const country of feature(world, world.objects.countries).features) {
    if (country.id === ANTARCTICA) continue;
    const code = (country.id && countries.numericToAlpha2(country.id)) || UNCODED;
    shapes[code] = (shapes[code] ?? "") + path(country);
  }
  const graticule = path(geoGraticule().extent([[-180, SOUTH], [180, NORTH]]).step([30, 30])());
  const sorted = Object.fromEntries(Object.keys(shapes).sort().map((code) => [code, shapes[code]]));
  const height = ((NORTH - SOUTH) * WIDTH) / 360;
  return [
    "/*! World outlines: Natural Earth 1:110m (public domain) via world-atlas (ISC licence). */",
    `export const MAP_WIDTH = ${WIDTH};`,
    `export const MAP_HEIGHT = ${height};`,
    `export const MAP_NORTH = ${NORTH};`,
    `export const GRATICULE = ${JSON.stringify(graticule)};`,
    `export const COUNTRY_SHAPES = ${JSON.stringify(sorted)};`,
    "",
  ].join("\n");
}

/** Resolves `import ... from "world-map"` to the outlines generated from Natural Earth. */
export const worldMapPlugin = {
  name: "world-map",
  setup(builder) {
    builder.onResolve({ filter: /^world-map$/ }, () => ({ path: "world-map", namespace: "world-map" }));
    builder.onLoad({ filter: /.*/, namespace: "world-map" }, async () => ({
      contents: await worldMapModule(),
      loader: "js",
    }));
  },
};
