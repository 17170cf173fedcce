/**
 * Runs one `analyze --llm none` in its own process and prints its wall time, CPU time and peak
 * RSS as JSON, so the throughput benchmark measures exactly one analysis per process. CPU time
 * (user + system, all threads) is what to compare on a machine that other jobs keep busy: wall
 * time there says more about the neighbours than about the code. It times the built dist/, the
 * code `npx logsage` runs (build it first), unless given another directory of modules: an older
 * commit's src/ or dist/.
 *
 *   [BENCH_SIFT=off] npx tsx bench/analyze-child.ts FILE [MODULES_DIR]
 */
import { fileURLToPath, pathToFileURL } from "node:url";

const [path, srcDir = fileURLToPath(new URL("../dist/", import.meta.url))] = process.argv.slice(2);
if (!path) throw new Error("usage: analyze-child.ts FILE [MODULES_DIR]");
// MODULES_DIR lets the benchmark time another checkout's pipeline (an older commit) in the same run.
const load = (module: string) => import(pathToFileURL(`${srcDir}/${module}`).href);
const { defaultConfig } = await load("config.js");
const { analyze } = await load("pipeline/analyze.js");
const { resolveInputs } = await load("pipeline/read/index.js");
const started = performance.now();
const cpuStart = process.cpuUsage();
// A data dir of the benchmark's own, seeded with the bundled kb/ on the first run.
const dataDir = fileURLToPath(new URL("./.data/store", import.meta.url));
// BENCH_SIFT=off mines every record (the sift's peer); an older SRC_DIR may not know the option.
const read = process.env.BENCH_SIFT === "off" ? { read: { sift: false } } : {};
const report = await analyze(await resolveInputs([path]), defaultConfig({ dataDir, ...read }), {
  detail: "summary",
});
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
console.log(
  JSON.stringify({
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    lines: report.stats.lines,
    findings: report.stats.findingsTotal,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
