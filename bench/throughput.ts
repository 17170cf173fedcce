/**
 * End-to-end speed and memory of `analyze --llm none` on a large mixed log (bench/gen-mixed.ts),
 * beside ripgrep counting ERROR lines in the same file (the fastest thing a person would run).
 * Sizes: 1M lines (~140 MB) and 4M lines (~570 MB) by default, to show RSS flat as input grows;
 * BENCH_LINES=1000000,7500000 for ~1 GB. Generated files are kept in bench/.data.
 *
 * Each analysis runs BENCH_REPEAT times (default 3) in a fresh process, alternating with
 * `--sift off` (every record mined, the sift's peer), and is reported as a
 * range and a median, with its CPU time beside the wall time: on a shared machine the wall time
 * follows the neighbours' load, the CPU time much less. It times dist/, built first: the code
 * `npx logsage` runs. BENCH_COMPARE=DIR times another checkout's src/ or dist/ (an older commit,
 * e.g. from `git archive`) alternately with this one in the same run, so a change is measured
 * against its baseline under the same load.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateMixedLog } from "./gen-mixed.js";
import { runIfMain } from "./lib/main.js";

const DATA = fileURLToPath(new URL("./.data/", import.meta.url));
const CHILD = fileURLToPath(new URL("./analyze-child.ts", import.meta.url));

interface ChildResult {
  ms: number;
  cpuMs: number;
  lines: number;
  findings: number;
  maxRssMb: number;
}

async function ensureLog(lines: number): Promise<string> {
  mkdirSync(DATA, { recursive: true });
  const path = join(DATA, `mixed-${lines}.log`);
  if (!existsSync(path)) await generateMixedLog(path, lines, 1);
  return path;
}

function runAnalyze(path: string, srcDir?: string, sift: "on" | "off" = "on"): ChildResult {
  const args = ["--import", "tsx", CHILD, path, ...(srcDir ? [srcDir] : [])];
  const env = { ...process.env, BENCH_SIFT: sift };
  const out = execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 20, env });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as ChildResult;
}

/** ripgrep's wall time for `rg -c ERROR FILE`, best of three; undefined when rg is absent. */
function ripgrepMs(path: string): number | undefined {
  const probe = spawnSync("rg", ["--version"]);
  if (probe.error) return undefined;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    spawnSync("rg", ["-c", "ERROR", path]);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function range(values: number[], digits: number): string {
  const lo = Math.min(...values).toFixed(digits);
  const hi = Math.max(...values).toFixed(digits);
  return lo === hi ? lo : `${lo}–${hi}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const rate = (r: ChildResult) => r.lines / (r.ms / 1000);
const klines = (n: number) => `${Math.round(n / 1000)}k`;

function describe(label: string, runs: ChildResult[], mb: number, rgMs: number | undefined) {
  const rates = runs.map(rate);
  const lo = klines(Math.min(...rates));
  const hi = klines(Math.max(...rates));
  const mid = klines(median(rates));
  const fastest = Math.min(...runs.map((r) => r.ms));
  const peer =
    rgMs === undefined
      ? ""
      : `; ${range(
          runs.map((r) => r.ms / rgMs),
          0,
        )}x ripgrep's time`;
  return (
    `  ${label}: wall ${range(
      runs.map((r) => r.ms / 1000),
      2,
    )} s = ${lo === hi ? lo : `${lo}–${hi}`} lines/s (median ${mid}) ` +
    `(best ${(mb / (fastest / 1000)).toFixed(0)} MB/s), CPU ${range(
      runs.map((r) => r.cpuMs / 1000),
      2,
    )} s, peak RSS ${range(
      runs.map((r) => r.maxRssMb),
      0,
    )} MB, ${runs[0]?.findings} findings${peer}`
  );
}

export async function main(): Promise<void> {
  console.log("\n# analyze --llm none throughput and memory on a generated mixed log");
  // The benchmark times the built CLI's modules, so they must be this checkout's.
  execFileSync("npm", ["run", "--silent", "build"], { stdio: "ignore" });
  const sizes = (process.env.BENCH_LINES ?? "1000000,4000000").split(",").map(Number);
  const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
  const compare = process.env.BENCH_COMPARE ? resolve(process.env.BENCH_COMPARE) : undefined;
  if (
    compare &&
    !existsSync(join(compare, "config.js")) &&
    !existsSync(join(compare, "config.ts"))
  ) {
    throw new Error(`BENCH_COMPARE=${compare} is not a src/ or dist/ directory (no config.js)`);
  }
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  for (const lines of sizes) {
    const path = await ensureLog(lines);
    const mb = statSync(path).size / 1e6;
    const ours: ChildResult[] = [];
    const mined: ChildResult[] = [];
    const theirs: ChildResult[] = [];
    for (let i = 0; i < repeat; i++) {
      ours.push(runAnalyze(path));
      mined.push(runAnalyze(path, undefined, "off"));
      if (compare) theirs.push(runAnalyze(path, compare));
    }
    const rg = ripgrepMs(path);
    console.log(`${lines.toLocaleString("en-US")} lines, ${mb.toFixed(0)} MB, ${repeat} runs:`);
    console.log(describe("logsage", ours, mb, rg));
    console.log(describe("logsage --sift off (every record mined)", mined, mb, rg));
    const siftCpu = median(ours.map((r) => r.cpuMs)) / median(mined.map((r) => r.cpuMs));
    const siftWall = median(ours.map((r) => r.ms)) / median(mined.map((r) => r.ms));
    console.log(`  sift on/off, medians: CPU ${siftCpu.toFixed(2)}, wall ${siftWall.toFixed(2)}`);
    if (compare) {
      console.log(describe(`compared (${compare})`, theirs, mb, rg));
      const cpu = median(ours.map((r) => r.cpuMs)) / median(theirs.map((r) => r.cpuMs));
      const wall = median(ours.map((r) => r.ms)) / median(theirs.map((r) => r.ms));
      console.log(`  this/compared, medians: CPU ${cpu.toFixed(2)}, wall ${wall.toFixed(2)}`);
    }
    console.log(
      rg === undefined
        ? "  ripgrep: not installed"
        : `  ripgrep -c ERROR: ${(rg / 1000).toFixed(2)} s (best of 3)`,
    );
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
}

runIfMain(import.meta.url, main);
