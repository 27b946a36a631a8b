// Reading the traffic map entity's attributes and placing points on the map.
import { MAP_NORTH, MAP_WIDTH } from "world-map";

const UNITS_PER_DEGREE = MAP_WIDTH / 360;

export interface MapPoint {
  lat: number;
  lon: number;
  weight: number;
}

/** `{"DE": 123}` with anything that is not a positive count dropped. */
export function parseCountries(value: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  if (typeof value !== "object" || value === null) return counts;
  for (const [code, count] of Object.entries(value)) {
    if (/^[A-Z]{2}$/.test(code) && typeof count === "number" && count > 0) counts.set(code, count);
  }
  return counts;
}

/** `[[lat, lon, weight], ...]` with malformed points dropped. */
export function parsePoints(value: unknown): MapPoint[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((point) =>
    Array.isArray(point) && point.length >= 3 && point.slice(0, 3).every((n) => typeof n === "number")
      ? [{ lat: point[0], lon: point[1], weight: point[2] }]
      : [],
  );
}

/** Equirectangular projection, the same one the outlines were generated with. */
export function project(lat: number, lon: number): [number, number] {
  return [(lon + 180) * UNITS_PER_DEGREE, (MAP_NORTH - lat) * UNITS_PER_DEGREE];
}

/** 0..1 on a log scale: a country with 10 transfers stays visible beside one with 10,000. */
export function intensity(count: number, highest: number): number {
  return highest <= 0 ? 0 : Math.log1p(count) / Math.log1p(highest);
}
