import assert from "node:assert/strict";
import { test } from "node:test";

import {
  axisMax,
  barTotal,
  monthLabel,
  monthStatisticIds,
  monthsFromStatistics,
  nodeIdOf,
  payoutStatisticId,
  pendingMonths,
  periodOf,
  requestStart,
  stackHeights,
  totals,
} from "../src/earnings-months.js";
import { device } from "./fake-hass.js";

const NODE_ID = "1XF5b3XHN1abcdefghijklmnopqrstuvwxyz";
const ids = monthStatisticIds(NODE_ID);
// Rows start at local midnight of the 1st: here US/Pacific (08:00 UTC in winter).
const SEPT = Date.UTC(2026, 8, 1, 7);
const OCT = Date.UTC(2026, 9, 1, 7);
const NOV = Date.UTC(2026, 10, 1, 8);

test("statistic IDs are the integration's: node ID's first 10 characters in lower case", () => {
  assert.equal(payoutStatisticId(NODE_ID, "paid"), "storj_monitor:1xf5b3xhn1_payout_paid");
  assert.equal(ids.repairAudit, "storj_monitor:1xf5b3xhn1_payout_earned_repair_audit");
  assert.equal(ids.storage, "storj_monitor:1xf5b3xhn1_payout_earned_storage");
});

test("the node ID comes from the node device's own identifier", () => {
  const node = { ...device("d", "Node 1", "Storage node"), identifiers: [["other", "x"], ["storj_monitor", NODE_ID]] as Array<[string, string]> };
  assert.equal(nodeIdOf(node), NODE_ID);
  assert.equal(nodeIdOf(device("d", "Node 1", "Storage node")), undefined);
});

test("months merge every statistic by row start and keep the newest ones", () => {
  const result = {
    [ids.earned]: [
      { start: SEPT, change: 3 },
      { start: OCT, change: 6 },
      { start: NOV, change: 9 },
    ],
    [ids.storage]: [
      { start: OCT, change: 4 },
      { start: NOV, change: 5 },
    ],
    [ids.egress]: [{ start: NOV, change: 3 }],
    [ids.repairAudit]: [{ start: NOV, change: 1 }],
    [ids.paid]: [{ start: NOV, change: null }],
  };
  const months = monthsFromStatistics(result, ids, 2);
  assert.deepEqual(
    months.map((month) => month.start),
    [OCT, NOV],
  );
  assert.deepEqual(months[1], { start: NOV, earned: 9, storage: 5, egress: 3, repairAudit: 1, held: undefined, paid: undefined });
  assert.equal(monthsFromStatistics({}, ids, 12).length, 0);
});

test("a bar stands for the earned total, else its parts", () => {
  const month = { start: NOV, earned: undefined, storage: 1, egress: 2, repairAudit: 0.5, held: 1, paid: 3 };
  assert.equal(barTotal(month), 3.5);
  assert.equal(barTotal({ ...month, earned: 3.6 }), 3.6);
  assert.deepEqual(stackHeights(month, 5), { storage: 20, egress: 40, repairAudit: 10 });
  assert.deepEqual(stackHeights({ ...month, storage: -1 }, 0), { storage: 0, egress: 0, repairAudit: 0 });
});

test("the axis ends at a round number", () => {
  assert.equal(axisMax(0), 1);
  assert.equal(axisMax(3.2), 5);
  assert.equal(axisMax(18), 20);
  assert.equal(axisMax(21), 25);
  assert.equal(axisMax(100), 100);
  assert.equal(axisMax(0.07), 0.1);
});

test("months are named the same in every time zone", () => {
  // Local midnight of 1 November in Tokyo is still 31 October in UTC.
  const tokyo = Date.UTC(2026, 9, 31, 15);
  assert.equal(periodOf(tokyo), "2026-11");
  assert.equal(periodOf(NOV), "2026-11");
  assert.equal(monthLabel(NOV, "en"), "Nov");
  assert.equal(monthLabel(NOV, "en", "long"), "November 2026");
});

test("the request starts two months before the months shown", () => {
  assert.equal(requestStart(new Date(Date.UTC(2026, 11, 6)), 12).toISOString(), "2025-10-01T00:00:00.000Z");
});

test("months whose paystubs are not out yet sit between the newest and this month", () => {
  const october = [{ start: OCT, earned: 1, storage: 1, egress: 0, repairAudit: 0, held: 0, paid: 1 }];
  assert.deepEqual(pendingMonths(october, new Date(Date.UTC(2026, 11, 6))), [Date.UTC(2026, 10, 1)]);
  assert.deepEqual(pendingMonths(october, new Date(Date.UTC(2026, 10, 20))), []);
  assert.deepEqual(pendingMonths([], new Date()), []);
});

test("totals add up what is there", () => {
  const months = [
    { start: OCT, earned: 1, storage: 1, egress: undefined, repairAudit: 0, held: 0.5, paid: 0.5 },
    { start: NOV, earned: 2, storage: 1, egress: 1, repairAudit: 0, held: 0.5, paid: 1.5 },
  ];
  assert.deepEqual(totals(months), { earned: 3, storage: 2, egress: 1, repairAudit: 0, held: 1, paid: 2 });
  assert.equal(totals([]).earned, undefined);
});
