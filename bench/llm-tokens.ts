/**
 * Tokens sent to the LLM against tokens in the raw input (target: at most 1%), on the 1M-line
 * mixed log and the BGL-2k and HDFS-2k samples. Each input goes through `analyze` (no knowledge
 * base, detail summary), then explainWithLlm sends its real requests, incident summary included,
 * to the OpenAI-compatible test server on 127.0.0.1, which records them; the figure counts the
 * Llama-3 tokens of every message it received. The server's answers are short fixed JSON, so the
 * summary prompt is a little smaller than with a real model's longer explanations.
 *
 * Run: npx tsx bench/llm-tokens.ts   (Loghub data: env LOGHUB_DIR or /work/shared/datasets/loghub-2k)
 */
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultConfig } from "../src/config.js";
import { explainWithLlm } from "../src/llm/index.js";
import { countTokens } from "../src/llm/tokens.js";
import { analyze } from "../src/pipeline/analyze.js";
import { answerJson, startOpenAiServer } from "../test/helpers/openai-server.js";
import { generateMixedLog } from "./gen-mixed.js";
import { runIfMain } from "./lib/main.js";

const DATA = fileURLToPath(new URL("./.data/", import.meta.url));
const MIXED_LINES = 1_000_000;
const TARGET_PERCENT = 1;

async function mixedLog(): Promise<string> {
  mkdirSync(DATA, { recursive: true });
  // Same name and seed as bench/throughput.ts, so the two share the generated file.
  const path = join(DATA, `mixed-${MIXED_LINES}.log`);
  if (!existsSync(path)) await generateMixedLog(path, MIXED_LINES, 1);
  return path;
}

async function measure(name: string, path: string): Promise<void> {
  const config = defaultConfig();
  const report = await analyze([{ kind: "file", path, size: statSync(path).size }], config, {
    detail: "summary",
    knowledge: null,
  });
  const server = await startOpenAiServer();
  server.reply = (req) =>
    req.body.messages[0]?.content.includes("summary of one incident")
      ? { kind: "content", content: "Timeline:\n- one\nLikely chain of causes: two" }
      : { kind: "content", content: answerJson() };
  try {
    const inputs = report.findings.map((finding) => ({ finding, hits: [], documents: new Map() }));
    const llm = defaultConfig({
      llm: { provider: "endpoint", url: server.url, model: "bench" },
    }).llm;
    const run = await explainWithLlm(inputs, report.findings, { config: llm, summary: true });
    const perRequest = server.requests.map((r) =>
      r.body.messages.reduce((sum, m) => sum + countTokens(m.content), 0),
    );
    const explained = run.findings.filter((f) => f.generatedBy.startsWith("llm:")).length;
    const sent = perRequest.reduce((a, b) => a + b, 0);
    const input = report.stats.tokens.input;
    const percent = (100 * sent) / input;
    console.log(
      `llm-tokens ${name}: ${report.stats.lines} lines, ${input} input tokens${report.stats.tokens.inputEstimated ? " (estimated)" : ""}; ` +
        `${run.stats.calls} calls for ${explained} of ${inputs.length} findings + summary; ` +
        `${sent} tokens sent (largest request ${Math.max(...perRequest)}) = ${percent.toFixed(3)}% ` +
        `${percent <= TARGET_PERCENT ? "<=" : ">"} ${TARGET_PERCENT}% target` +
        (run.warnings.length > 0 ? `; warnings: ${run.warnings.join(" | ")}` : ""),
    );
  } finally {
    await server.close();
  }
}

export async function main(): Promise<void> {
  await measure(`mixed-${MIXED_LINES}`, await mixedLog());
  const loghub = process.env.LOGHUB_DIR ?? "/work/shared/datasets/loghub-2k";
  for (const dataset of ["BGL", "HDFS"]) {
    const path = join(loghub, dataset, `${dataset}_2k.log`);
    if (existsSync(path)) await measure(`${dataset}-2k`, path);
    else console.log(`llm-tokens ${dataset}-2k: skipped, no ${path} (set LOGHUB_DIR)`);
  }
}

runIfMain(import.meta.url, main);
