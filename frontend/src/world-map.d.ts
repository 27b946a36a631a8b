// The module generated at build time by scripts/world-map.mjs (see scripts/build.mjs).
declare module "world-map" {
  export const MAP_WIDTH: number;
  export const MAP_HEIGHT: number;
  export const MAP_NORTH: number;
  export const GRATICULE: string;
  /** ISO 3166-1 alpha-2 code -> SVG path; "" holds the outlines that have no code. */
  export const COUNTRY_SHAPES: Readonly<Record<string, string>>;
}
