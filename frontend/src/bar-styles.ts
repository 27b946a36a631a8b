// Small bar charts (latency histograms, piece sizes): a row of figures, each a set of bars
// over an axis. Cards tune `--storj-bars-height` and `--storj-histogram-min-width`.
import { css } from "lit";

export const barStyles = css`
  .histograms {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(var(--storj-histogram-min-width, 200px), 1fr));
    gap: 16px;
  }
  figure {
    margin: 0;
  }
  figcaption {
    font-size: var(--ha-font-size-s, 12px);
    margin-bottom: 4px;
  }
  .bars {
    display: flex;
    align-items: flex-end;
    gap: 2px;
    height: var(--storj-bars-height, 80px);
    border-bottom: 1px solid var(--divider-color);
  }
  .bar {
    flex: 1;
    min-height: 1px;
    background: var(--primary-color);
    border-radius: 2px 2px 0 0;
  }
  .axis {
    display: flex;
    justify-content: space-between;
    font-size: var(--ha-font-size-xs, 11px);
  }
`;
