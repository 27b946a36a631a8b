// Unit tests of the cards' pure logic with Node's own test runner: esbuild turns each
// test/*.test.ts into plain JavaScript (with the generated world map), then `node --test`.
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

import { worldMapPlugin } from "./world-map.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const tests = (await readdir(join(ROOT, "test"))).filter((name) => name.endsWith(".test.ts")).sort();
const out = await mkdtemp(join(tmpdir(), "storj-cards-tests-"));
try {
  await build({
    absWorkingDir: ROOT,
    entryPoints: tests.map((name) => join("test", name)),
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    plugins: [worldMapPlugin],
    logLevel: "warning",
  });
  const files = tests.map((name) => join(out, name.replace(/\.ts$/, ".mjs")));
  const result = spawnSync(process.execPath, ["--test", ...files], { stdio: "inherit" });
  process.exitCode = result.status ?? 1;
} finally {
  await rm(out, { recursive: true, force: true });
}
