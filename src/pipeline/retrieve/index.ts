/**
 * The retrieve stage: one knowledge search per finding (never per line), keeping only hits at or
 * above the score threshold. An empty list is an honest "no matching knowledge". When the embedder
 * fails, the rest of the findings are searched by words only, with a warning: retrieval, like
 * the LLM, never loses an analysis.
 */
import { EmbedError } from "../../errors.js";
import type { KnowledgeIndex, SearchHit } from "../../knowledge/index-port.js";
import type { Finding } from "../types.js";
import { buildQuery } from "./query.js";

export { findCodes } from "./codes.js";
export { buildQuery } from "./query.js";
export { tokenize } from "./tokenize.js";

export interface RetrieveOptions {
  /** Hits per finding. */
  k: number;
  /** Normalised score (0..1) below which a hit is not cited. */
  threshold: number;
}

export const DEFAULT_RETRIEVE_OPTIONS: RetrieveOptions = { k: 3, threshold: 0.55 };

export interface Retrieved {
  hits: Map<string, SearchHit[]>;
  warnings: string[];
}

export async function retrieve(
  findings: readonly Finding[],
  index: KnowledgeIndex,
  options: RetrieveOptions = DEFAULT_RETRIEVE_OPTIONS,
): Promise<Retrieved> {
  const hits = new Map<string, SearchHit[]>();
  const warnings: string[] = [];
  let dense = true;
  // Sequential on purpose: the embedded index is synchronous under the hood, and a remote one
  // should not see a burst of one request per finding.
  for (const finding of findings) {
    const query = { ...buildQuery(finding), k: options.k };
    let found: SearchHit[];
    try {
      found = await index.search({ ...query, dense });
    } catch (err) {
      if (!(err instanceof EmbedError) || !dense) throw err;
      dense = false;
      warnings.push(`${err.message}; knowledge was retrieved by words only`);
      found = await index.search({ ...query, dense });
    }
    hits.set(
      finding.id,
      found.filter((hit) => hit.score >= options.threshold),
    );
  }
  return { hits, warnings };
}
