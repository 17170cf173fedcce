/** Findings, hits and configs for the LLM tests, built by hand where the pipeline is not the point. */
import type { LlmConfig } from "../../src/config.js";
import { defaultConfig } from "../../src/config.js";
import type { SearchHit } from "../../src/knowledge/index-port.js";
import type { KnowledgeDocument } from "../../src/knowledge/model.js";
import type { LlmExplainInput } from "../../src/llm/index.js";
import { explainWithoutKnowledge } from "../../src/pipeline/explain/index.js";
import { type Finding, unexplained } from "../../src/pipeline/types.js";

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: "F1",
    severity: "error",
    score: 0.9,
    template: "connection to <*> refused",
    templateIds: ["T1"],
    count: 12,
    lines: [10, 20],
    sources: ["app.log"],
    samples: [
      {
        line: 10,
        text: "2025-03-14T10:00:00Z ERROR connection to db-1:5432 refused",
        before: ["2025-03-14T09:59:59Z INFO request started"],
        after: ["2025-03-14T10:00:01Z INFO retrying"],
      },
    ],
    firstSeen: "2025-03-14T10:00:00Z",
    lastSeen: "2025-03-14T10:05:00Z",
    reasons: ["error level", "rare template"],
    ...unexplained(),
    ...overrides,
  };
}

export function makeHit(id: string, text = `Runbook ${id}: restart the database.`): SearchHit {
  return {
    id,
    kind: "runbook",
    title: `Runbook ${id}`,
    score: 0.8,
    chunk: { sectionPath: [], text },
  };
}

/** Inputs for n findings (ids F1..Fn, distinct templates) and their knowledge-only fallbacks. */
export function makeInputs(
  n: number,
  hits: SearchHit[] = [],
): { inputs: LlmExplainInput[]; fallback: Finding[] } {
  const documents = new Map<string, KnowledgeDocument>();
  const inputs = Array.from({ length: n }, (_, i) => ({
    finding: makeFinding({ id: `F${i + 1}`, template: `connection to <*> refused (${i + 1})` }),
    hits,
    documents,
  }));
  return { inputs, fallback: inputs.map((input) => explainWithoutKnowledge(input.finding)) };
}

/** Endpoint config for the test server: fast retries are set per test through timeoutMs. */
export function endpointConfig(url: string, overrides: Record<string, unknown> = {}): LlmConfig {
  return defaultConfig({ llm: { provider: "endpoint", url, model: "test-model", ...overrides } })
    .llm;
}
