/**
 * Runs one `analyze --llm none` in its own process and prints its wall time and peak RSS as JSON,
 * so the throughput benchmark measures exactly one analysis per process.
 */
import { fileURLToPath } from "node:url";
import { defaultConfig } from "../src/config.js";
import { analyze } from "../src/pipeline/analyze.js";
import { resolveInputs } from "../src/pipeline/read/index.js";

const path = process.argv[2];
if (!path) throw new Error("usage: analyze-child.ts FILE");
const started = performance.now();
// A data dir of the benchmark's own, seeded with the bundled kb/ on the first run.
const dataDir = fileURLToPath(new URL("./.data/store", import.meta.url));
const report = await analyze(await resolveInputs([path]), defaultConfig({ dataDir }), {
  detail: "summary",
});
const ms = performance.now() - started;
console.log(
  JSON.stringify({
    ms,
    lines: report.stats.lines,
    findings: report.stats.findingsTotal,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
