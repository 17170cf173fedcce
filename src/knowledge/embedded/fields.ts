/**
 * How a document becomes searchable records in the embedded index: one head record with the
 * fields that name a problem (title, codes, symptoms, tags) and explain it (cause, fix), plus one
 * record per chunk for the body. Boosts rank a match in the head above the same words in the body.
 */
import { findCodes } from "../../pipeline/retrieve/codes.js";
import { tokenize } from "../../pipeline/retrieve/tokenize.js";
import type { Chunk, StoredDocument } from "../model.js";

export const TEXT_FIELDS = ["title", "symptoms", "tags", "cause", "fix", "body"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** BM25 boosts per field; codes are searched separately, exactly, with CODE_BOOST. */
export const BOOST: Record<TextField, number> = {
  title: 3,
  symptoms: 3,
  tags: 1.5,
  cause: 1.5,
  fix: 1,
  body: 0.6,
};
export const CODE_BOOST = 6;

/** How much a query word found in a field counts towards the normalised score (0..1). */
export const EVIDENCE: Record<TextField | "codes", number> = {
  title: 1,
  symptoms: 1,
  codes: 1,
  tags: 0.8,
  cause: 0.6,
  fix: 0.5,
  body: 0.5,
};

export interface IndexRecord {
  id: string;
  docId: string;
  /** Chunk ordinal, or -1 for the head record. */
  ordinal: number;
  title?: string;
  codes?: string;
  symptoms?: string;
  tags?: string;
  cause?: string;
  fix?: string;
  body?: string;
}

/** Codes compare case-insensitively; a qualified class name also answers to its short name. */
export function codeKeys(code: string): string[] {
  const lower = code.trim().toLowerCase();
  const dot = lower.lastIndexOf(".");
  return dot > 0 && dot < lower.length - 1 ? [lower, lower.slice(dot + 1)] : [lower];
}

/** Codes are joined with a separator that never occurs in one, and split on it again. */
export const CODE_SEPARATOR = "\u0001";

export function headId(docId: string): string {
  return `h\u0000${docId}`;
}

export function chunkId(docId: string, ordinal: number): string {
  return `c\u0000${docId}\u0000${ordinal}`;
}

export function toRecords(document: StoredDocument, chunks: readonly Chunk[]): IndexRecord[] {
  const head: IndexRecord = {
    id: headId(document.id),
    docId: document.id,
    ordinal: -1,
    title: document.title,
    codes: document.errorCodes.flatMap(codeKeys).join(CODE_SEPARATOR),
    symptoms: document.symptoms.join("\n"),
    tags: [...document.tags, ...document.services].join(" "),
    cause: document.cause,
    fix: document.fix.join("\n"),
  };
  const body = chunks.map((chunk) => ({
    id: chunkId(document.id, chunk.ordinal),
    docId: document.id,
    ordinal: chunk.ordinal,
    body: `${chunk.sectionPath.join(" ")}\n${chunk.text}`,
  }));
  return [head, ...body];
}

/**
 * The words and codes of a symptom line. Codes count because the tokenizer drops numbers, and a
 * symptom such as `"GET /api HTTP/1.1" 401` is about its status, not about GET.
 */
export function symptomTerms(text: string): string[] {
  return [...new Set([...tokenize(text), ...findCodes(text).flatMap(codeKeys)])];
}

/** Every distinct term a document can be found by, for the document-frequency table. */
export function documentTerms(document: StoredDocument, chunks: readonly Chunk[]): Set<string> {
  const terms = new Set<string>(document.errorCodes.flatMap(codeKeys));
  for (const symptom of document.symptoms) for (const t of symptomTerms(symptom)) terms.add(t);
  for (const record of toRecords(document, chunks)) {
    for (const field of TEXT_FIELDS) {
      const value = record[field];
      if (value) for (const term of tokenize(value)) terms.add(term);
    }
  }
  return terms;
}
