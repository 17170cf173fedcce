/**
 * Normalised scores (0..1) for the embedded index. BM25 scores rank well but are unbounded and
 * depend on the query's length, so a threshold on them means nothing. The normalised score asks
 * two questions whose answers are shares, weighted by how rare each word is (idf):
 * - how much of the query does this document explain, and in which fields (query coverage);
 * - is one of the document's symptoms (or its title) contained in the log (symptom coverage);
 * and an exact code match adds its own evidence. They combine as a noisy-or.
 */
import { EVIDENCE, type EvidenceField } from "./fields.js";

/** Document frequencies of terms, kept up to date on every upsert and remove. */
export class TermStats {
  private readonly df = new Map<string, number>();
  private documents = 0;
  /** idf is asked for every query term of every candidate document; the logarithm adds up. */
  private readonly idfs = new Map<string, number>();
  /** Each symptom's idfs and their sum, for the term statistics of `generation`. */
  private weighed = new WeakMap<readonly string[], { idfs: number[]; total: number }>();

  /** Forget what was derived from the counts, which just changed. */
  private changed(): void {
    this.idfs.clear();
    this.weighed = new WeakMap();
  }

  add(terms: Iterable<string>): void {
    this.documents++;
    this.changed();
    for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  remove(terms: Iterable<string>): void {
    this.documents--;
    this.changed();
    for (const t of terms) {
      const n = (this.df.get(t) ?? 0) - 1;
      if (n > 0) this.df.set(t, n);
      else this.df.delete(t);
    }
  }

  /** Share of documents holding the term. */
  share(term: string): number {
    return this.documents === 0 ? 0 : (this.df.get(term) ?? 0) / this.documents;
  }

  /** Unknown words get the highest idf: the knowledge base cannot explain them. */
  idf(term: string): number {
    let idf = this.idfs.get(term);
    if (idf === undefined) {
      idf = Math.log(1 + (this.documents + 1) / ((this.df.get(term) ?? 0) + 0.5));
      // Unknown words come from log text; remembering them all would grow without bound.
      if (this.df.has(term)) this.idfs.set(term, idf);
    }
    return idf;
  }

  /** The idfs of a document's symptom (or title) terms and their sum; the same for every query. */
  weights(symptom: readonly string[]): { idfs: number[]; total: number } {
    let w = this.weighed.get(symptom);
    if (!w) {
      const idfs = symptom.map((term) => this.idf(term));
      w = { idfs, total: idfs.reduce((a, b) => a + b, 0) };
      this.weighed.set(symptom, w);
    }
    return w;
  }

  /** The idf mass a symptom needs to count fully: about one and a half rare words. */
  informative(): number {
    return 1.5 * Math.log(1 + (this.documents + 1) / 1.5);
  }
}

/** Weights of the three kinds of evidence in the noisy-or. */
const SYMPTOM_WEIGHT = 0.8;
const QUERY_WEIGHT = 0.7;
const CODE_WEIGHT = 0.5;

/** What the normalised score needs to know about one document. */
export interface DocumentEvidence {
  /** Each term of the document with the strongest field holding it. */
  terms: ReadonlyMap<string, EvidenceField>;
  /** Terms of each symptom and of the title. */
  symptoms: readonly (readonly string[])[];
}

function queryCoverage(terms: readonly string[], doc: DocumentEvidence, stats: TermStats): number {
  let total = 0;
  let found = 0;
  for (const term of terms) {
    const idf = stats.idf(term);
    total += idf;
    const field = doc.terms.get(term);
    if (field) found += idf * EVIDENCE[field];
  }
  return total === 0 ? 0 : found / total;
}

/** The best share of one symptom's words present in the query, damped for uninformative ones. */
function symptomCoverage(
  query: ReadonlySet<string>,
  symptoms: readonly (readonly string[])[],
  stats: TermStats,
): number {
  const needed = stats.informative();
  let best = 0;
  for (const symptom of symptoms) {
    const { idfs, total } = stats.weights(symptom);
    let found = 0;
    for (let i = 0; i < symptom.length; i++) {
      if (query.has(symptom[i] as string)) found += idfs[i] as number;
    }
    if (total > 0) best = Math.max(best, (found / total) * Math.min(1, total / needed));
  }
  return best;
}

export function normalisedScore(
  terms: readonly string[],
  codes: readonly string[],
  doc: DocumentEvidence,
  stats: TermStats,
): number {
  const q = queryCoverage(terms, doc, stats);
  const s = symptomCoverage(new Set([...terms, ...codes]), doc.symptoms, stats);
  const c = codes.some((code) => doc.terms.get(code) === "codes") ? 1 : 0;
  return 1 - (1 - SYMPTOM_WEIGHT * s) * (1 - QUERY_WEIGHT * q) * (1 - CODE_WEIGHT * c);
}
