/**
 * End-to-end speed and memory of `analyze --llm none` on a large mixed log (bench/gen-mixed.ts),
 * beside ripgrep counting ERROR lines in the same file (the fastest thing a person would run).
 * Sizes: 1M lines (~140 MB) and 4M lines (~570 MB) by default, to show RSS flat as input grows;
 * BENCH_LINES=1000000,7500000 for ~1 GB. Generated files are kept in bench/.data.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateMixedLog } from "./gen-mixed.js";
import { runIfMain } from "./lib/main.js";

const DATA = fileURLToPath(new URL("./.data/", import.meta.url));
const CHILD = fileURLToPath(new URL("./analyze-child.ts", import.meta.url));

interface ChildResult {
  ms: number;
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

function runAnalyze(path: string): ChildResult {
  const out = execFileSync(process.execPath, ["--import", "tsx", CHILD, path], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
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

export async function main(): Promise<void> {
  console.log("\n# analyze --llm none throughput and memory on a generated mixed log");
  const sizes = (process.env.BENCH_LINES ?? "1000000,4000000").split(",").map(Number);
  for (const lines of sizes) {
    const path = await ensureLog(lines);
    const mb = statSync(path).size / 1e6;
    const ours = runAnalyze(path);
    const rg = ripgrepMs(path);
    const rate = ours.lines / (ours.ms / 1000);
    const peer =
      rg === undefined
        ? "ripgrep not installed"
        : `ripgrep -c ERROR ${(rg / 1000).toFixed(2)} s (logsage takes ${(ours.ms / rg).toFixed(0)}x ripgrep's time)`;
    console.log(
      `${lines.toLocaleString("en-US")} lines, ${mb.toFixed(0)} MB: logsage ${(ours.ms / 1000).toFixed(2)} s = ${Math.round(rate).toLocaleString("en-US")} lines/s, ${(mb / (ours.ms / 1000)).toFixed(1)} MB/s, peak RSS ${ours.maxRssMb.toFixed(0)} MB, ${ours.findings} findings | ${peer}`,
    );
  }
}

runIfMain(import.meta.url, main);
