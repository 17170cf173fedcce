/**
 * Tokens sent to the LLM against tokens in the raw input (target: at most 1%), on the 1M-line
 * mixed log and the BGL-2k and HDFS-2k samples. Each input goes through `analyze` as the CLI runs
 * it (detail summary, incident summary included, no answer cache) with the LLM pointed at the
 * OpenAI-compatible test server on 127.0.0.1, which records every request; the figure counts the
 * Llama-3 tokens of every message it received. Measured twice per input: without a knowledge base
 * (the default of this benchmark) and with the bundled kb/ seeded into a fresh data dir (how a
 * fresh install analyzes); and each time batched (the default llm.batchSize) against one call per
 * finding (batchSize 1) in the same run. The server's answers are short fixed JSON, so a separate
 * summary prompt, which quotes the answers, is a little smaller than with a real model.
 *
 * Run: npx tsx bench/llm-tokens.ts   (Loghub data: env LOGHUB_DIR or /work/shared/datasets/loghub-2k)
 * BENCH_LLM_DUMP=DIR also writes the messages of every batched request there, to see where the
 * tokens go.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultConfig } from "../src/config.js";
import { countTokens } from "../src/llm/tokens.js";
import { analyze } from "../src/pipeline/analyze.js";
import {
  batchAnswerJson,
  type OpenAiServer,
  startOpenAiServer,
} from "../test/helpers/openai-server.js";
import { generateMixedLog } from "./gen-mixed.js";
import { runIfMain } from "./lib/main.js";

const DATA = fileURLToPath(new URL("./.data/", import.meta.url));
const MIXED_LINES = 1_000_000;
const TARGET_PERCENT = 1;
/** llm.batchSize's default, which a user gets. */
const BATCH_SIZE = 10;

async function mixedLog(): Promise<string> {
  mkdirSync(DATA, { recursive: true });
  // Same name and seed as bench/throughput.ts, so the two share the generated file.
  const path = join(DATA, `mixed-${MIXED_LINES}.log`);
  if (!existsSync(path)) await generateMixedLog(path, MIXED_LINES, 1);
  return path;
}

interface Run {
  calls: number;
  sent: number;
  /** Of `sent`, the <knowledge> sections: what the knowledge base adds. */
  knowledge: number;
  largest: number;
  explained: number;
  findings: number;
  percent: number;
  warnings: string[];
}

function dump(path: string, batchSize: number, dataDir: string | undefined, server: OpenAiServer) {
  const dir = process.env.BENCH_LLM_DUMP;
  if (!dir || batchSize === 1) return;
  mkdirSync(dir, { recursive: true });
  const name = `${basename(path)}-${dataDir ? "kb" : "nokb"}`;
  server.requests.forEach((r, i) => {
    const text = r.body.messages.map((m) => `=== ${m.role}\n${m.content}`).join("\n");
    writeFileSync(join(dir, `${name}-${i + 1}.txt`), text);
  });
}

/** One analysis; `dataDir` undefined means no knowledge base. */
async function run(
  server: OpenAiServer,
  path: string,
  batchSize: number,
  dataDir: string | undefined,
): Promise<Run> {
  server.requests.length = 0;
  const config = defaultConfig({
    ...(dataDir ? { dataDir } : {}),
    llm: { provider: "endpoint", url: server.url, model: "bench", batchSize },
  });
  const report = await analyze([{ kind: "file", path, size: statSync(path).size }], config, {
    detail: "summary",
    answerCache: null,
    ...(dataDir ? {} : { knowledge: null }),
  });
  dump(path, batchSize, dataDir, server);
  const perRequest = server.requests.map((r) =>
    r.body.messages.reduce((sum, m) => sum + countTokens(m.content), 0),
  );
  const sent = perRequest.reduce((a, b) => a + b, 0);
  const knowledge = server.requests
    .flatMap((r) => r.body.messages.map((m) => /<knowledge>[\s\S]*?<\/knowledge>/.exec(m.content)))
    .reduce((sum, m) => sum + (m ? countTokens(m[0]) : 0), 0);
  return {
    calls: server.requests.length,
    sent,
    knowledge,
    largest: Math.max(0, ...perRequest),
    explained: report.findings.filter((f) => f.generatedBy.startsWith("llm:")).length,
    findings: report.findings.length,
    percent: (100 * sent) / report.stats.tokens.input,
    warnings: report.warnings.filter((w) => w.startsWith("llm") && !w.includes("llm.maxFindings")),
  };
}

function line(label: string, r: Run): string {
  const verdict = r.percent <= TARGET_PERCENT ? "<=" : ">";
  return (
    `  ${label}: ${r.calls} calls for ${r.explained} of ${r.findings} findings + summary; ` +
    `${r.sent} tokens sent (knowledge ${r.knowledge}, largest request ${r.largest}) = ${r.percent.toFixed(3)}% ${verdict} ${TARGET_PERCENT}%` +
    (r.warnings.length > 0 ? `; warnings: ${r.warnings.join(" | ")}` : "")
  );
}

async function measure(name: string, path: string, server: OpenAiServer, kbDir: string) {
  const input = await analyze(
    [{ kind: "file", path, size: statSync(path).size }],
    defaultConfig(),
    { detail: "critical", knowledge: null },
  );
  const { lines, tokens } = input.stats;
  console.log(
    `llm-tokens ${name}: ${lines} lines, ${tokens.input} input tokens${tokens.inputEstimated ? " (estimated)" : ""}`,
  );
  for (const [kb, dataDir] of [
    ["no knowledge base", undefined],
    ["bundled kb/", kbDir],
  ] as const) {
    const batched = await run(server, path, BATCH_SIZE, dataDir);
    const single = await run(server, path, 1, dataDir);
    const saved = 100 * (1 - batched.sent / single.sent);
    console.log(line(`${kb}, batched`, batched));
    console.log(line(`${kb}, one call per finding`, single));
    console.log(`  ${kb}: batching sent ${saved.toFixed(0)}% fewer tokens`);
  }
}

export async function main(): Promise<void> {
  const server = await startOpenAiServer();
  server.reply = (req) =>
    req.body.messages[0]?.content.includes("summarising one incident")
      ? { kind: "content", content: "Timeline:\n- one\nLikely chain of causes: two" }
      : { kind: "content", content: batchAnswerJson(req) };
  const kbDir = await mkdtemp(join(tmpdir(), "logsage-llm-tokens-"));
  try {
    await measure(`mixed-${MIXED_LINES}`, await mixedLog(), server, kbDir);
    const loghub = process.env.LOGHUB_DIR ?? "/work/shared/datasets/loghub-2k";
    for (const dataset of ["BGL", "HDFS"]) {
      const path = join(loghub, dataset, `${dataset}_2k.log`);
      if (existsSync(path)) await measure(`${dataset}-2k`, path, server, kbDir);
      else console.log(`llm-tokens ${dataset}-2k: skipped, no ${path} (set LOGHUB_DIR)`);
    }
  } finally {
    await server.close();
    await rm(kbDir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
