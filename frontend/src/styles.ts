// Styles shared by the cards: only Home Assistant theme variables, so light and dark themes
// (and custom themes) apply without any colour of our own.
import { css } from "lit";

export const cardStyles = css`
  :host {
    --storj-ok: var(--success-color, #43a047);
    --storj-warning: var(--warning-color, #ffa600);
    --storj-critical: var(--error-color, #db4437);
    --storj-unknown: var(--disabled-text-color, #bdbdbd);
  }
  ha-card {
    height: 100%;
    overflow: hidden;
  }
  .content {
    padding: 0 16px 16px;
    display: flex;
    flex-direction: column;
    gap: 16px;
  }
  .content.no-header {
    padding-top: 16px;
  }
  h3 {
    margin: 0 0 8px;
    font-size: var(--ha-font-size-m, 14px);
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--secondary-text-color);
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }
  .message {
    display: flex;
    align-items: flex-start;
    gap: 8px;
    padding: 12px;
    border-radius: var(--ha-card-border-radius, 12px);
    background: var(--secondary-background-color);
    color: var(--primary-text-color);
    line-height: 1.4;
  }
  .message ha-icon {
    color: var(--info-color, var(--primary-color));
    flex: none;
  }
  .message.warning ha-icon {
    color: var(--storj-warning);
  }
  .muted {
    color: var(--secondary-text-color);
  }
  .level-ok {
    color: var(--storj-ok);
  }
  .level-warning {
    color: var(--storj-warning);
  }
  .level-critical {
    color: var(--storj-critical);
  }
  .level-unknown {
    color: var(--secondary-text-color);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 6px 4px;
    text-align: right;
    border-bottom: 1px solid var(--divider-color);
    white-space: nowrap;
  }
  th:first-child,
  td:first-child {
    text-align: left;
    white-space: normal;
    overflow-wrap: break-word;
  }
  th {
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--secondary-text-color);
  }
  tr:last-child td {
    border-bottom: none;
  }
  .table-wrap {
    overflow-x: auto;
  }
`;

/** A chart legend: colour swatches with labels and values. */
export const legendStyles = css`
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    margin-top: 8px;
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
  }
  .legend b {
    color: var(--primary-text-color);
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .swatch {
    display: inline-block;
    width: 10px;
    height: 10px;
    border-radius: 2px;
    margin-right: 4px;
  }
`;

/** A figure with a small label above a large value. */
export const statStyles = css`
  .stat {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: var(--ha-font-size-s, 12px);
  }
  .stat .value {
    font-size: var(--ha-font-size-xl, 20px);
    color: var(--primary-text-color);
  }
`;
