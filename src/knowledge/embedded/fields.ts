/**
 * How a document becomes searchable records in the embedded index: one record whose fields name a
 * problem (title, codes, symptoms, tags), explain it (cause, fix) or tell the rest (body).
 * Boosts rank a match in the naming fields above the same words in the body.
 */
import { findCodes } from "../../pipeline/retrieve/codes.js";
import { tokenize } from "../../pipeline/retrieve/tokenize.js";
import type { Chunk, StoredDocument } from "../model.js";

export const TEXT_FIELDS = ["title", "symptoms", "tags", "cause", "fix", "body"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
/** Short fields that name a problem: worth searching even for common words. */
export const NAMING_FIELDS = ["title", "symptoms", "tags"] as const;

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

/** What MiniSearch indexes: every text field holds its tokens joined by spaces (see prepare). */
export interface IndexRecord {
  id: string;
  title: string;
  codes: string;
  symptoms: string;
  tags: string;
  cause: string;
  fix: string;
  body: string;
}

/** Codes compare case-insensitively; a qualified class name also answers to its short name. */
export function codeKeys(code: string): string[] {
  const lower = code.trim().toLowerCase();
  const dot = lower.lastIndexOf(".");
  return dot > 0 && dot < lower.length - 1 ? [lower, lower.slice(dot + 1)] : [lower];
}

/** Codes are joined with a separator that never occurs in one, and split on it again. */
export const CODE_SEPARATOR = "\u0001";

/** Tokens never hold a space, so a record's text fields split back into them cheaply. */
export function splitWords(text: string): string[] {
  return text.split(" ").filter(Boolean);
}

export type EvidenceField = keyof typeof EVIDENCE;

/** A document as the embedded index keeps it, each of its texts tokenized once. */
export interface PreparedDocument {
  /**
   * One record per document: chunks are joined into the body field, and the best chunk is chosen
   * after ranking, for the few hits returned. One record instead of one per chunk keeps the result
   * sets MiniSearch scores small, which is most of the search time at 10,000 documents.
   */
  record: IndexRecord;
  /**
   * Every distinct term a document can be found by, with the strongest field holding it: the
   * document-frequency table counts the terms, and the normalised score reads the fields, for all
   * of a query's words, including those too common to be searched for.
   */
  terms: Map<string, EvidenceField>;
  /** The terms of the title and of each symptom, in that order. */
  symptoms: string[][];
  /** The terms of each chunk, to pick the best chunk of a hit. */
  chunkTerms: Set<string>[];
}

/**
 * The words and codes of a symptom line. Codes count because the tokenizer drops numbers, and a
 * symptom such as `"GET /api HTTP/1.1" 401` is about its status, not about GET.
 */
function symptomTerms(text: string, tokens: readonly string[]): string[] {
  return [...new Set([...tokens, ...findCodes(text).flatMap(codeKeys)])];
}

/** Tokenizing is most of the cost of indexing a document, so each text is tokenized once. */
export function prepare(document: StoredDocument, chunks: readonly Chunk[]): PreparedDocument {
  const chunkTokens = chunks.map((c) => tokenize(`${c.sectionPath.join(" ")}\n${c.text}`));
  const symptomTokens = document.symptoms.map(tokenize);
  const tokens: Record<TextField, string[]> = {
    title: tokenize(document.title),
    symptoms: symptomTokens.flat(),
    tags: tokenize([...document.tags, ...document.services].join(" ")),
    cause: tokenize(document.cause),
    fix: tokenize(document.fix.join("\n")),
    body: chunkTokens.flat(),
  };
  const codes = document.errorCodes.flatMap(codeKeys);
  const symptoms = [
    symptomTerms(document.title, tokens.title),
    ...document.symptoms.map((text, i) => symptomTerms(text, symptomTokens[i] ?? [])),
  ];
  const terms = new Map<string, EvidenceField>();
  const note = (term: string, field: EvidenceField) => {
    const known = terms.get(term);
    if (known === undefined || EVIDENCE[field] > EVIDENCE[known]) terms.set(term, field);
  };
  for (const code of codes) note(code, "codes");
  for (const symptom of symptoms.slice(1)) for (const t of symptom) note(t, "symptoms");
  for (const field of TEXT_FIELDS) for (const term of tokens[field]) note(term, field);
  const joined = (field: TextField) => tokens[field].join(" ");
  return {
    record: {
      id: document.id,
      codes: codes.join(CODE_SEPARATOR),
      title: joined("title"),
      symptoms: joined("symptoms"),
      tags: joined("tags"),
      cause: joined("cause"),
      fix: joined("fix"),
      body: joined("body"),
    },
    terms,
    symptoms,
    chunkTerms: chunkTokens.map((t) => new Set(t)),
  };
}
