import assert from "node:assert/strict";
import { test } from "node:test";

import { describeAnomaly, LiveNodeController, type LiveNode, pointKey, sizeLabels } from "../src/live-data.js";

test("piece-size labels cover below, between and above the bounds", () => {
  assert.deepEqual(sizeLabels([4096, 16384, 4194304]), ["< 4 KiB", "4 KiB–16 KiB", "16 KiB–4 MiB", "≥ 4 MiB"]);
  assert.deepEqual(sizeLabels([]), []);
});

test("anomalies read as words", () => {
  const anomaly = { metric: "upload_latency_p95", direction: "above", z: 4, value: 1, baseline: 0.5, since: "" } as const;
  assert.equal(describeAnomaly(anomaly), "Upload latency P95 above normal");
});

test("map points keep their key from push to push", () => {
  assert.equal(pointKey({ lat: 50.1, lon: 8.7 }), pointKey({ lat: 50.1000001, lon: 8.7 }));
});

/** A card-like host and a connection that records subscriptions. */
function harness() {
  const calls: Array<{ message: Record<string, unknown>; push: (data: LiveNode) => void; closed: boolean }> = [];
  const connection = {
    subscribeMessage<T>(callback: (message: T) => void, message: Record<string, unknown>) {
      const call = { message, push: callback as unknown as (data: LiveNode) => void, closed: false };
      calls.push(call);
      return Promise.resolve(async () => {
        call.closed = true;
      });
    },
  };
  let updates = 0;
  const host = {
    isConnected: true,
    hass: { connection } as never,
    addController() {},
    removeController() {},
    requestUpdate() {
      updates += 1;
    },
    updateComplete: Promise.resolve(true),
  };
  return { calls, host, updates: () => updates };
}

test("one subscription per node, moved when the node changes, closed when the card leaves", async () => {
  const { calls, host, updates } = harness();
  let device = "a";
  const live = new LiveNodeController(host as never, () => device);
  live.hostConnected();
  live.hostUpdate();
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0].message, { type: "storj_monitor/subscribe", device_id: "a" });
  const data = { entry_id: "x", node: "A", loaded: true, log: null, insights: [] };
  calls[0].push(data);
  assert.equal(live.data, data);
  assert.equal(updates(), 1);
  device = "b";
  live.hostUpdate();
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(calls.length, 2);
  assert.equal(calls[0].closed, true);
  assert.equal(live.data, undefined); // never node A's data on node B's card
  calls[0].push(data); // late, before the server saw the unsubscribe
  assert.equal(live.data, undefined);
  live.hostDisconnected();
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(calls[1].closed, true);
});
