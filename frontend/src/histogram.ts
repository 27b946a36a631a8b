// Latency histograms as the websocket sends them (`log.latency.download.histogram`).

export interface HistogramBucket {
  le: number;
  count: number;
}

/** Per-bucket counts of a histogram; anything malformed is dropped. */
export function parseHistogram(value: unknown): HistogramBucket[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (bucket): bucket is HistogramBucket =>
        typeof bucket === "object" &&
        bucket !== null &&
        typeof (bucket as HistogramBucket).le === "number" &&
        typeof (bucket as HistogramBucket).count === "number",
    )
    .sort((a, b) => a.le - b.le);
}
