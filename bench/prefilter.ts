/**
 * Pre-filter quality on the labelled Loghub BGL-2k sample (the first column of a
 * line is "-" for normal, an alert category otherwise). logsage's scan (default config,
 * multiline off) marks records anomalous; we report recall on alert lines and the share of all
 * lines marked. The peer, in the same run, is the grep a person would type:
 * `grep -Ei 'error|fail|fatal|exception|severe|critical|panic'`.
 * Targets (issue 2): BGL recall >= 0.99 while marking <= 20% of lines.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultConfig } from "../src/config.js";
import { scan } from "../src/pipeline/analyze.js";
import { resolveInputs } from "../src/pipeline/read/index.js";
import { runIfMain } from "./lib/main.js";

const DIR = process.env.LOGHUB_DIR ?? "/work/shared/datasets/loghub-2k";
const GREP = /error|fail|fatal|exception|severe|critical|panic/i;

interface Quality {
  recall: number;
  marked: number;
  alerts: number;
  lines: number;
}

function quality(labels: boolean[], flagged: boolean[]): Quality {
  const alerts = labels.filter(Boolean).length;
  const caught = labels.filter((alert, i) => alert && flagged[i]).length;
  const marked = flagged.filter(Boolean).length;
  return {
    recall: caught / Math.max(1, alerts),
    marked: marked / labels.length,
    alerts,
    lines: labels.length,
  };
}

async function dataset(name: string): Promise<void> {
  const path = join(DIR, name, `${name}_2k.log`);
  // Loghub's labels are the first column; logsage must not see them, so it reads a copy without.
  const raw = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.length > 0);
  const labels = raw.map((l) => !l.startsWith("-"));
  const stripped = raw.map((l) => l.slice(l.indexOf(" ") + 1)).join("\n");
  const flagged: boolean[] = new Array(raw.length).fill(false);
  const config = defaultConfig({ parse: { multiline: false } });
  const sources = await resolveInputs([], stripped);
  await scan(sources, config, (row) => {
    flagged[row.line - 1] = row.anomalous;
  });
  const ours = quality(labels, flagged);
  const peer = quality(
    labels,
    raw.map((l) => GREP.test(l.slice(l.indexOf(" ") + 1))),
  );
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(
    `${name.padEnd(12)} alerts ${ours.alerts}/${ours.lines}  logsage recall ${pct(ours.recall)} marking ${pct(ours.marked)}  |  grep recall ${pct(peer.recall)} marking ${pct(peer.marked)}`,
  );
}

export async function main(): Promise<void> {
  console.log("\n# Pre-filter on labelled Loghub-2k lines (labels stripped before analysis)");
  if (!existsSync(DIR)) {
    console.log(`skipped: ${DIR} not found (set LOGHUB_DIR)`);
    return;
  }
  await dataset("BGL");
}

runIfMain(import.meta.url, main);
