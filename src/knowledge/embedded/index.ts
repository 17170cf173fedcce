/**
 * The embedded KnowledgeIndex adapter: in-process lexical search with MiniSearch (BM25 with
 * per-field boosts), log-aware tokens, exact code matching, one hit per document with its best
 * chunk, and scores normalised to 0..1 (see evidence.ts) so a threshold means something.
 *
 * MEASUREMENTS (filled in below by the author)
 */
import MiniSearch, { type SearchResult } from "minisearch";
import { tokenize } from "../../pipeline/retrieve/tokenize.js";
import type { KnowledgeIndex, SearchHit, SearchQuery } from "../index-port.js";
import type { Chunk, Kind, StoredDocument } from "../model.js";
import { type Evidence, normalisedScore, TermStats } from "./evidence.js";
import {
  BOOST,
  CODE_BOOST,
  CODE_SEPARATOR,
  codeKeys,
  documentTerms,
  EVIDENCE,
  type IndexRecord,
  symptomTerms,
  TEXT_FIELDS,
  toRecords,
} from "./fields.js";

export { fuse } from "./fuse.js";

interface Entry {
  id: string;
  kind: Kind;
  title: string;
  services: ReadonlySet<string>;
  chunks: readonly Chunk[];
  recordIds: string[];
  terms: Set<string>;
  /** Tokens of each symptom and of the title, for symptom coverage. */
  symptoms: string[][];
}

interface Candidate {
  entry: Entry;
  raw: number;
  best?: { ordinal: number; score: number };
  evidence: Evidence;
}

/** BM25 candidates that get a normalised score; far more than any k a caller asks for. */
const CANDIDATES = 30;
const DEFAULT_K = 5;
/** How much of the final score follows BM25 relative to the best candidate. */
const RAW_SHARE = 0.4;

function splitCodes(text: string): string[] {
  return text.split(CODE_SEPARATOR).filter(Boolean);
}

function strongerField(a: keyof typeof EVIDENCE | undefined, b: keyof typeof EVIDENCE) {
  return a !== undefined && EVIDENCE[a] >= EVIDENCE[b] ? a : b;
}

export function createEmbeddedIndex(): KnowledgeIndex {
  const entries = new Map<string, Entry>();
  const stats = new TermStats();
  const mini = new MiniSearch<IndexRecord>({
    fields: [...TEXT_FIELDS, "codes"],
    storeFields: ["docId", "ordinal"],
    tokenize: (text, field) => (field === "codes" ? splitCodes(text) : tokenize(text)),
    // Tokens are already lowercase and filtered; MiniSearch's default would lowercase again.
    processTerm: (term) => term,
  });

  function drop(id: string): void {
    const entry = entries.get(id);
    if (!entry) return;
    for (const recordId of entry.recordIds) mini.discard(recordId);
    stats.remove(entry.terms);
    entries.delete(id);
  }

  function add(document: StoredDocument, chunks: Chunk[]): void {
    const records = toRecords(document, chunks);
    const terms = documentTerms(document, chunks);
    mini.addAll(records);
    stats.add(terms);
    entries.set(document.id, {
      id: document.id,
      kind: document.kind,
      title: document.title,
      services: new Set(document.services.map((s) => s.toLowerCase())),
      chunks,
      recordIds: records.map((r) => r.id),
      terms,
      symptoms: [document.title, ...document.symptoms].map(symptomTerms),
    });
  }

  /** Services filter: a document for "any" service applies everywhere. */
  function accepts(entry: Entry, query: SearchQuery): boolean {
    if (query.kinds?.length && !query.kinds.includes(entry.kind)) return false;
    if (!query.services?.length || entry.services.has("any")) return true;
    return query.services.some((s) => entry.services.has(s.toLowerCase()));
  }

  function collect(results: SearchResult[]): Map<string, Candidate> {
    const byDoc = new Map<string, Candidate>();
    for (const result of results) {
      const entry = entries.get(result.docId as string);
      if (!entry) continue;
      let candidate = byDoc.get(entry.id);
      if (!candidate) {
        candidate = { entry, raw: 0, evidence: { matched: new Map(), codeHit: false } };
        byDoc.set(entry.id, candidate);
      }
      const ordinal = result.ordinal as number;
      if (ordinal < 0) candidate.raw += result.score;
      else if (!candidate.best || result.score > candidate.best.score) {
        // Only the best chunk counts, so a long runbook does not win by sheer length.
        candidate.raw += result.score - (candidate.best?.score ?? 0);
        candidate.best = { ordinal, score: result.score };
      }
      for (const [term, fields] of Object.entries(result.match)) {
        for (const field of fields as (keyof typeof EVIDENCE)[]) {
          if (field === "codes") candidate.evidence.codeHit = true;
          else {
            const matched = candidate.evidence.matched;
            matched.set(term, strongerField(matched.get(term), field));
          }
        }
      }
    }
    return byDoc;
  }

  function toHit(candidate: Candidate, score: number): SearchHit {
    const { entry } = candidate;
    const chunk =
      entry.chunks.find((c) => c.ordinal === candidate.best?.ordinal) ?? entry.chunks[0];
    return {
      id: entry.id,
      kind: entry.kind,
      title: entry.title,
      score: Math.round(score * 1000) / 1000,
      chunk: chunk
        ? { sectionPath: chunk.sectionPath, text: chunk.text }
        : { sectionPath: [], text: "" },
    };
  }

  return {
    async upsert(items) {
      for (const { document, chunks } of items) {
        drop(document.id);
        add(document, chunks);
      }
    },
    async remove(ids) {
      for (const id of ids) drop(id);
    },
    async search(query) {
      const terms = [...new Set(tokenize(query.text))];
      const codes = [...new Set((query.codes ?? []).flatMap(codeKeys))];
      if (terms.length === 0 && codes.length === 0) return [];
      const results = mini.search(
        {
          combineWith: "OR",
          queries: [
            { queries: [terms.join(" ")], fields: [...TEXT_FIELDS], boost: BOOST },
            {
              queries: [codes.join(CODE_SEPARATOR)],
              fields: ["codes"],
              boost: { codes: CODE_BOOST },
              tokenize: splitCodes,
            },
          ],
        },
        {
          tokenize: (text) => text.split(" ").filter(Boolean),
          filter: (r) => {
            const entry = entries.get(r.docId as string);
            return entry !== undefined && accepts(entry, query);
          },
        },
      );
      const termSet = new Set([...terms, ...codes]);
      const ranked = [...collect(results).values()].sort((a, b) => b.raw - a.raw);
      const top = ranked[0]?.raw ?? 1;
      // Normalised evidence decides; BM25 relative to the best candidate separates documents whose
      // evidence is near-saturated (a runbook and the error code it cites).
      const candidates = ranked.slice(0, CANDIDATES).map((c) => ({
        c,
        score:
          normalisedScore(terms, termSet, c.entry.symptoms, c.evidence, stats) *
          (1 - RAW_SHARE + (RAW_SHARE * c.raw) / top),
      }));
      candidates.sort((a, b) => b.score - a.score || b.c.raw - a.c.raw);
      return candidates.slice(0, query.k ?? DEFAULT_K).map(({ c, score }) => toHit(c, score));
    },
    async size() {
      return entries.size;
    },
    async close() {
      entries.clear();
      mini.removeAll();
    },
  };
}
