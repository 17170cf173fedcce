/**
 * Deterministic toy embeddings for tests and the retrieval benchmark: a hashed bag of concepts.
 * Words of one concept (disk, volume, storage...) land in the same bucket, so a paraphrase that
 * shares no word with a document still points the same way: what a real sentence model does, in
 * a form small enough to reason about.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEmbedder } from "../../src/knowledge/embed/open.js";
import type { Embedder } from "../../src/knowledge/embed/port.js";

const CONCEPTS: readonly (readonly string[])[] = [
  ["disk", "disks", "volume", "storage", "filesystem", "partition", "drive"],
  ["full", "space", "capacity", "exhausted", "ran", "out"],
  ["memory", "ram", "heap"],
  ["killed", "terminated", "reaped"],
  ["connection", "connections", "socket", "link"],
  ["refused", "rejected", "denied"],
  ["certificate", "cert", "x509", "tls"],
  ["expired", "stale", "lapsed"],
];

const CONCEPT_OF = new Map(CONCEPTS.flatMap((words, i) => words.map((w) => [w, `concept${i}`])));

/** FNV-1a: stable across runs and platforms. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Raw counts per bucket (not normalised: the embedder wrapper does that, as for real servers). */
export function toyVector(text: string, dimensions: number): number[] {
  const vector: number[] = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const bucket = hash(CONCEPT_OF.get(word) ?? word) % dimensions;
    vector[bucket] = (vector[bucket] ?? 0) + 1;
  }
  // An all-zero vector has no direction; a text of no words still gets one.
  if (!vector.some((v) => v !== 0)) vector[0] = 1;
  return vector;
}

/** The toy embedder in-process, through the same wrapper (batches, checks, unit length) as real ones. */
export function toyEmbedder(
  dimensions = 64,
  options: { batchSize?: number; onRequest?(texts: readonly string[]): void } = {},
): Promise<Embedder> {
  return createEmbedder(
    {
      name: "toy:concepts",
      async request(texts) {
        options.onRequest?.(texts);
        return texts.map((t) => toyVector(t, dimensions));
      },
    },
    { batchSize: options.batchSize ?? 32, timeoutMs: 10_000, dimensions },
  );
}

/**
 * Writes two runbooks into `dir` for paraphrase tests: "disk full" shares no word with the first
 * (Storage partition ran out of capacity) but the same concepts.
 */
export function writeParaphraseKb(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "volume.md"),
    "---\nid: volume-capacity\ntitle: Storage partition ran out of capacity\n---\n## Cause\nThe volume has no capacity left.\n## Remediation\n1. Free some storage.\n",
  );
  writeFileSync(
    join(dir, "refused.md"),
    "---\nid: conn-refused\ntitle: Connection refused by upstream\n---\n## Cause\nNothing listens on the port.\n## Remediation\n1. Start the upstream.\n",
  );
}
