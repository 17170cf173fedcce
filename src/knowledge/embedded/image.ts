/**
 * The embedded index as plain data, kept in the knowledge snapshot. Indexing the bundled kb/ means
 * tokenizing every document, about a quarter of a second per analysis; reading and loading the
 * image of the same documents takes a quarter of that.
 *
 * An image is only as good as the code that made it: IMAGE_FORMAT names what tokenize() and
 * prepare() produce, and an image of another format is ignored (the documents are indexed again).
 * test/index-image.test.ts holds a digest of their output, and fails until the format is changed
 * along with them.
 */
import type { AsPlainObject } from "minisearch";
import type { EvidenceField, PreparedDocument } from "./fields.js";

export const IMAGE_FORMAT = "embedded-1";

/** What prepare() made of one document, but for the record, which lives on in MiniSearch. */
export type PreparedEvidence = Omit<PreparedDocument, "record">;

interface DocumentImage {
  id: string;
  terms: [string, EvidenceField][];
  symptoms: string[][];
  chunkTerms: string[][];
}

export interface IndexImage {
  format: string;
  /** MiniSearch's own serialisation of the records. */
  search: AsPlainObject;
  documents: DocumentImage[];
}

export function documentImage(
  id: string,
  prepared: {
    terms: ReadonlyMap<string, EvidenceField>;
    symptoms: readonly (readonly string[])[];
    chunkTerms: readonly ReadonlySet<string>[];
  },
): DocumentImage {
  return {
    id,
    terms: [...prepared.terms],
    symptoms: prepared.symptoms.map((terms) => [...terms]),
    chunkTerms: prepared.chunkTerms.map((terms) => [...terms]),
  };
}

export function preparedOf(image: DocumentImage): PreparedEvidence {
  return {
    terms: new Map(image.terms),
    symptoms: image.symptoms,
    chunkTerms: image.chunkTerms.map((terms) => new Set(terms)),
  };
}
