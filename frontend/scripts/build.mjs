// Bundle the cards into the single file the integration serves. Deterministic: pinned
// dependencies (package-lock.json), no timestamps, no absolute paths in the output.
//   node scripts/build.mjs          write the bundle
//   node scripts/build.mjs --check  fail if the committed bundle differs from the sources
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

import { worldMapPlugin } from "./world-map.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BUNDLE = fileURLToPath(
  new URL("../../custom_components/storj_monitor/frontend/storj-monitor-cards.js", import.meta.url),
);

export async function bundle() {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ["src/index.ts"],
    bundle: true,
    format: "esm",
    target: "es2021",
    minify: true,
    legalComments: "inline",
    charset: "utf8",
    write: false,
    plugins: [worldMapPlugin],
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
}

async function main() {
  const code = await bundle();
  if (process.argv.includes("--check")) {
    const committed = await readFile(BUNDLE, "utf8").catch(() => "");
    if (committed !== code) {
      console.error(`${BUNDLE} does not match frontend/src: run script/build-cards and commit the result.`);
      process.exit(1);
    }
    console.log("Committed card bundle matches the sources.");
    return;
  }
  await writeFile(BUNDLE, code);
  console.log(`Wrote ${BUNDLE} (${(code.length / 1024).toFixed(1)} KiB)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
