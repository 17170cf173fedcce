/**
 * Benchmark for the redact stage: logsage's redactor (pre-check, then rules only on suspicious
 * lines) against a naive peer that runs every rule's String.replace on every line, on the same
 * ~1M synthetic lines (about 0.5% holding a secret), in the same run. Prints lines/s and the ratio.
 * Run: npx tsx bench/redact.ts [lines]
 */
import { defaultConfig } from "../src/config.js";
import { createRedactor } from "../src/pipeline/redact/index.js";
import { BUILTIN_RULES } from "../src/pipeline/redact/rules.js";
import { Rng } from "./gen-mixed/rng.js";
import { runIfMain } from "./lib/main.js";

type Pick = <T>(items: readonly T[]) => T;

const CLEAN: readonly ((pick: Pick, n: () => number, hex: (len: number) => string) => string)[] = [
  (pick, n, hex) =>
    `2024-05-01T12:${n() % 60}:0${n() % 10}.${n() % 1000}Z INFO  [http-nio-8080-exec-${n() % 20}] c.e.orders.OrderController - ${pick(["GET", "POST", "PUT"])} /api/v1/orders/${n()} completed in ${n() % 900} ms status=200 req=${hex(16)}`,
  (pick, n) =>
    `10.1.${n() % 255}.${n() % 255} - - [01/May/2024:12:00:01 +0000] "GET /api/v1/items?page=${n() % 50}&sort=${pick(["asc", "desc"])} HTTP/1.1" ${pick([200, 200, 304, 404, 502])} ${n() % 9000} "https://shop.example.com/cart" "Mozilla/5.0 (X11; Linux x86_64)"`,
  (pick, n, hex) =>
    `{"ts":"2024-05-01T12:00:${n() % 60}Z","level":"${pick(["info", "debug", "warn"])}","msg":"${pick(["cache miss", "request done", "retrying upstream"])}","key":"user:${n()}","latency_ms":${n() % 300},"trace_id":"${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}"}`,
  (pick, n) =>
    `May  1 12:00:0${n() % 10} web-${n() % 9} sshd[${n() % 65000}]: ${pick(["Accepted publickey for deploy", "Connection closed by authenticating user git", "Disconnected from user deploy"])} from 10.0.${n() % 255}.${n() % 255} port ${n() % 65000} ssh2`,
  (pick, n) =>
    `2024-05-01 12:00:01.${n() % 1000} UTC [${n() % 9000}] ${pick(["LOG", "ERROR", "WARNING"])}:  duration: ${n() % 90}.${n() % 1000} ms  statement: SELECT id, name FROM accounts WHERE id = ${n()}`,
  (pick, n) =>
    `\tat com.example.${pick(["orders", "billing", "auth"])}.Service${n() % 40}.handle(Service${n() % 40}.java:${n() % 900}) ~[app.jar:1.4.${n() % 9}]`,
];

const SECRET: readonly ((n: () => number, hex: (len: number) => string) => string)[] = [
  (n) => `2024-05-01T12:00:01Z WARN  login retry user=u${n()} password=Pa55w0rd${n() % 99}`,
  (_n, hex) => `GET /v1/me headers={"Authorization": "Bearer ${hex(40)}"}`,
  (n) => `connecting to postgres://app:s3cr3t${n() % 99}@db-1:5432/orders`,
  (n) => `notify owner jane.doe${n() % 99}@example.com of failure`,
  (_n, hex) => `using key AKIA${hex(16).toUpperCase()} for s3 upload`,
];

export function generateLines(count: number, seed = 42): string[] {
  const rng = new Rng(seed);
  const random = () => rng.next();
  const n = () => Math.floor(random() * 100000);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)] as (typeof items)[0];
  const hex = (len: number) => {
    let s = "";
    while (s.length < len) s += n().toString(16);
    return s.slice(0, len);
  };
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(random() < 0.005 ? pick(SECRET)(n, hex) : pick(CLEAN)(pick, n, hex));
  }
  return lines;
}

/** The peer: every rule applied to every line with String.replace, no pre-check. */
function naiveRedactor(): (line: string) => string {
  const rules = BUILTIN_RULES.map((rule) => ({
    regex: new RegExp(rule.pattern, `${rule.flags ?? ""}g`),
    replacement: `${rule.pattern.includes("(?<keep>") ? "$<keep>" : ""}[REDACTED:${rule.kind}]`,
  }));
  return (line) => {
    let out = line;
    for (const { regex, replacement } of rules) out = out.replace(regex, replacement);
    return out;
  };
}

/** Seconds for one pass; the output lengths are summed so the work cannot be optimised away. */
function timePass(lines: readonly string[], redact: (line: string) => string): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (const line of lines) sink += redact(line).length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) throw new Error("unreachable");
  return seconds;
}

export async function main(count = 1_000_000, rounds = 2): Promise<void> {
  const lines = generateLines(count);
  const bytes = lines.reduce((sum, line) => sum + line.length + 1, 0);
  const redactor = createRedactor(defaultConfig().redact);
  const naive = naiveRedactor();
  // Same outputs, or the comparison would be meaningless (and the pre-check would be missing a
  // trigger); this also warms both up before the timed passes.
  const masked = lines.filter((line) => redactor.redact(line) !== line).length;
  const disagree = lines.filter((line) => redactor.redact(line) !== naive(line)).length;
  // Alternate and keep each side's best pass: the machine is shared and noisy.
  let ours = Number.POSITIVE_INFINITY;
  let peer = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    ours = Math.min(ours, timePass(lines, redactor.redact));
    peer = Math.min(peer, timePass(lines, naive));
  }
  const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
  const report = (name: string, seconds: number) =>
    `  ${name} ${fmt(count / seconds)} lines/s (${((seconds / count) * 1e9).toFixed(0)} ns/line)`;
  console.log(`redact: ${fmt(count)} lines, ${(bytes / count).toFixed(0)} bytes/line avg`);
  console.log(report("logsage", ours));
  console.log(report("naive  ", peer));
  console.log(`  ratio   ${(peer / ours).toFixed(1)}x the naive peer`);
  console.log(`  masked lines ${fmt(masked)}; outputs differing from the peer: ${disagree}`);
}

runIfMain(import.meta.url, () => main(process.argv[2] ? Number(process.argv[2]) : undefined));
