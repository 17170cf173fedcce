// Generates the large mixed log the end-to-end benchmark analyzes: one syslog-like line format
// (`2025-03-14T10:22:31.123Z host-12 service[pid]: LEVEL message`) carrying the traffic of a
// whole shop fleet, with a handful of planted fault episodes (~0.1% of lines) whose signatures
// are exported so the benchmark can check that each was found. Deterministic for a given seed,
// streamed through a buffer so that 1 GB costs no more memory than 1 MB.
//
//   npx tsx bench/gen-mixed.ts OUT LINES [SEED]

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { FAULT_EPISODES, type FaultLine, type PlantedFault } from "./gen-mixed/faults.js";
import { Fleet } from "./gen-mixed/fleet.js";
import { type Family, NORMAL_FAMILIES } from "./gen-mixed/normal.js";
import { Rng } from "./gen-mixed/rng.js";

export type { PlantedFault } from "./gen-mixed/faults.js";

/** What was planted, for checking a report against. */
export const PLANTED_FAULTS: readonly PlantedFault[] = FAULT_EPISODES.map(
  ({ id, description, signature }) => ({ id, description, signature }),
);

const DEFAULT_SEED = 20250314;
/** Share of all lines that belong to fault episodes. */
const FAULT_RATE = 0.001;
const START_MS = Date.UTC(2025, 2, 14, 6, 0, 0);
/** Mean gap between lines: 1M lines span about 83 minutes of fleet time. */
const MEAN_GAP_MS = 5;
const FLUSH_CHARS = 1 << 20;

/** Formats epoch ms as ISO-8601, recomputing the date part only when the second changes. */
class Clock {
  private second = -1;
  private prefix = "";

  stamp(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      this.second = second;
      this.prefix = new Date(second * 1000).toISOString().slice(0, 20);
    }
    const frac = ms - second * 1000;
    return `${this.prefix}${frac < 10 ? "00" : frac < 100 ? "0" : ""}${frac}Z`;
  }
}

/** Each family repeated `weight` times, for O(1) weighted choice. */
const FAMILY_TABLE: readonly Family[] = NORMAL_FAMILIES.flatMap((f) =>
  Array.from({ length: f.weight }, () => f),
);

export async function generateMixedLog(
  path: string,
  lines: number,
  seed: number = DEFAULT_SEED,
): Promise<{ bytes: number; lines: number }> {
  if (!Number.isInteger(lines) || lines < 0) throw new RangeError(`invalid line count: ${lines}`);
  const r = new Rng(seed);
  const fleet = new Fleet(r);
  const episodes = FAULT_EPISODES.map((e) => ({
    e,
    start: Math.floor(e.at * lines),
    remaining: Math.max(1, Math.round(lines * FAULT_RATE * e.share)),
    units: 0,
  }));
  const clock = new Clock();
  const out = createWriteStream(path);
  // Write errors surface through `out.errored` at the next flush and `finished` at the end,
  // rather than as an unhandled 'error' event.
  out.on("error", () => {});
  let buf = "";
  let bytes = 0;
  let written = 0;
  let now = START_MS;
  let ep = 0;

  const flush = async (): Promise<void> => {
    if (out.errored) throw out.errored;
    bytes += Buffer.byteLength(buf);
    const ok = out.write(buf);
    buf = "";
    if (!ok) await once(out, "drain");
  };

  const emitFault = (fl: FaultLine): void => {
    buf += `${clock.stamp(now)} ${fl.origin} ${fl.level} ${fl.text}\n`;
    written++;
    for (const c of fl.continuation ?? []) {
      if (written >= lines) return;
      buf += `${c}\n`;
      written++;
    }
  };

  while (written < lines) {
    now += Math.floor(-Math.log(1 - r.next()) * MEAN_GAP_MS);
    const active = episodes[ep];
    if (active && written >= active.start && r.chance(active.e.density)) {
      for (const fl of active.e.unit(r, fleet, now, active.units++)) {
        if (written >= lines) break;
        emitFault(fl);
        active.remaining -= 1 + (fl.continuation?.length ?? 0);
      }
      if (active.remaining <= 0) ep++;
    } else {
      const f = FAMILY_TABLE[Math.floor(r.next() * FAMILY_TABLE.length)] as Family;
      buf += `${clock.stamp(now)} ${fleet.origin(f.source)} ${f.level} ${f.render(r, now)}\n`;
      written++;
    }
    if (buf.length >= FLUSH_CHARS) await flush();
  }
  await flush();
  out.end();
  await finished(out);
  return { bytes, lines: written };
}

async function main(argv: string[]): Promise<number> {
  const [outPath, count, seedArg] = argv;
  const lines = Number(count);
  const seed = seedArg === undefined ? DEFAULT_SEED : Number(seedArg);
  if (!outPath || !Number.isInteger(lines) || lines < 0 || !Number.isInteger(seed)) {
    process.stderr.write("usage: npx tsx bench/gen-mixed.ts OUT LINES [SEED]\n");
    return 1;
  }
  const t0 = performance.now();
  const res = await generateMixedLog(outPath, lines, seed);
  const s = (performance.now() - t0) / 1000;
  const mb = res.bytes / 1e6;
  process.stdout.write(
    `${outPath}: ${res.lines} lines, ${mb.toFixed(1)} MB (${(res.bytes / Math.max(1, res.lines)).toFixed(0)} B/line) in ${s.toFixed(2)} s: ${Math.round(res.lines / s)} lines/s, ${(mb / s).toFixed(0)} MB/s\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`gen-mixed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
