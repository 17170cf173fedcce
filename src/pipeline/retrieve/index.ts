/**
 * The retrieve stage: one knowledge search per finding (never per line), keeping only hits at or
 * above the score threshold. An empty list is an honest "no matching knowledge".
 */
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

export async function retrieve(
  findings: readonly Finding[],
  index: KnowledgeIndex,
  options: RetrieveOptions = DEFAULT_RETRIEVE_OPTIONS,
): Promise<Map<string, SearchHit[]>> {
  const out = new Map<string, SearchHit[]>();
  // Sequential on purpose: the embedded index is synchronous under the hood, and a remote one
  // should not see a burst of one request per finding.
  for (const finding of findings) {
    const hits = await index.search({ ...buildQuery(finding), k: options.k });
    out.set(
      finding.id,
      hits.filter((hit) => hit.score >= options.threshold),
    );
  }
  return out;
}
