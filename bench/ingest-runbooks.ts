/**
 * Loads the 108 real Prometheus-operator runbooks (a foreign front matter: Hugo `title`/`weight`,
 * sometimes none; sections Meaning, Impact, Diagnosis, Mitigation) and prints how they came out:
 * documents, failures (must be 0), chunks, and documents left without a cause or a fix.
 * Run: npx tsx bench/ingest-runbooks.ts [DIR]
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadKnowledge } from "../src/ingest/index.js";
import { runIfMain } from "./lib/main.js";

/** The shared datasets folder sits beside the checkout: /work/shared next to /work/main. */
const DEFAULT_DIR = fileURLToPath(
  new URL("../../shared/datasets/runbooks-prometheus-operator", import.meta.url),
);

export async function main(dir = DEFAULT_DIR): Promise<void> {
  if (!existsSync(dir)) {
    console.log(`ingest-runbooks: skipped, ${dir} is missing`);
    return;
  }
  const started = performance.now();
  const { documents, failures } = await loadKnowledge([dir]);
  const ms = performance.now() - started;
  const chunks = documents.reduce((n, d) => n + d.chunks.length, 0);
  const noCause = documents.filter((d) => d.document.cause === "").map((d) => d.document.id);
  const noFix = documents.filter((d) => d.document.fix.length === 0).map((d) => d.document.id);
  console.log(`ingest-runbooks: ${dir}`);
  console.log(`  documents ${documents.length}, failures ${failures.length}, chunks ${chunks}`);
  console.log(`  empty cause ${noCause.length}${list(noCause)}`);
  console.log(`  empty fix   ${noFix.length}${list(noFix)}`);
  console.log(`  load time   ${ms.toFixed(0)} ms`);
  for (const f of failures) console.log(`  FAILED ${f.message}`);
  if (failures.length > 0) process.exitCode = 1;
}

function list(ids: readonly string[]): string {
  return ids.length > 0 ? ` (${ids.join(", ")})` : "";
}

runIfMain(import.meta.url, () => main(process.argv[2]));
