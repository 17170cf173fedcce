/**
 * A read-only snapshot of the embedded knowledge base, kept in the data dir beside PGlite. Opening
 * PGlite costs seconds and about 250 MB; an analysis only needs the documents to search, so it
 * reads this file instead when it is known to match the store.
 *
 * Freshness protocol: a marker file says "dirty" before any write to the store begins and
 * "clean <generation>" only after the snapshot of that generation is on disk. A crash in between
 * leaves "dirty", and the next reader falls back to the store (and rewrites the snapshot).
 *
 * Chunk vectors, when an embedder made them, go into a binary file beside it (float32 rows after
 * the generation id), read only by a reader with the same embedder: a reader with another one
 * sees no snapshot and opens the store, which computes that embedder's vectors.
 *
 * The image of the embedded search index over the same documents rides along (see
 * embedded/image.ts), so a reader need not index them again.
 */
import { randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { IndexImage } from "./embedded/image.js";
import type { IndexEntry } from "./index-port.js";

export type SnapshotEntry = IndexEntry;

export interface Snapshot {
  entries: SnapshotEntry[];
  /** The search index over `entries`, as plain data. */
  index?: IndexImage;
}

/** Which embedder made the vectors, and each vector's entry index and chunk position. */
interface VectorTable {
  embedder: string;
  dimensions: number;
  rows: [entry: number, position: number][];
}

interface SnapshotFile {
  generation: string;
  entries: Omit<SnapshotEntry, "vectors">[];
  vectors?: VectorTable;
  index?: IndexImage;
}

/** The embedder whose vectors are written or wanted. */
export interface SnapshotEmbedder {
  id: string;
  dimensions: number;
}

const SNAPSHOT = "knowledge-snapshot.json";
const VECTORS = "knowledge-snapshot.vectors";
const MARKER = "knowledge-snapshot.state";
/** A randomUUID is 36 ASCII bytes; the vectors file starts with the generation it belongs to. */
const GENERATION_BYTES = 36;

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Write to a temporary name, then rename: readers never see half a file. */
export async function writeAtomic(path: string, text: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

export async function markDirty(dataDir: string): Promise<void> {
  await writeAtomic(join(dataDir, MARKER), "dirty");
}

export async function writeSnapshot(
  dataDir: string,
  { entries, index }: Snapshot,
  embedder?: SnapshotEmbedder,
): Promise<void> {
  const generation = randomUUID();
  const body: SnapshotFile = {
    generation,
    entries: entries.map(({ document, chunks }) => ({ document, chunks })),
    index,
  };
  if (embedder) {
    const table: VectorTable = { embedder: embedder.id, dimensions: embedder.dimensions, rows: [] };
    const floats: Float32Array[] = [];
    entries.forEach((entry, i) => {
      entry.vectors?.forEach((vector, position) => {
        if (vector?.length !== embedder.dimensions) return;
        table.rows.push([i, position]);
        floats.push(vector);
      });
    });
    const bytes = new Uint8Array(GENERATION_BYTES + floats.length * embedder.dimensions * 4);
    bytes.set(Buffer.from(generation, "ascii"));
    const data = new Float32Array(bytes.buffer, GENERATION_BYTES);
    for (const [row, vector] of floats.entries()) data.set(vector, row * embedder.dimensions);
    await writeAtomic(join(dataDir, VECTORS), bytes);
    body.vectors = table;
  }
  await writeAtomic(join(dataDir, SNAPSHOT), JSON.stringify(body));
  await writeAtomic(join(dataDir, MARKER), `clean ${generation}`);
}

/** The vectors of the snapshot's generation, attached to its entries; false when they are missing. */
async function attachSnapshotVectors(
  dataDir: string,
  file: SnapshotFile,
  entries: SnapshotEntry[],
): Promise<boolean> {
  const table = file.vectors;
  if (!table) return false;
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dataDir, VECTORS));
  } catch {
    return false;
  }
  const expected = GENERATION_BYTES + table.rows.length * table.dimensions * 4;
  const generation = bytes.subarray(0, GENERATION_BYTES).toString("ascii");
  if (bytes.length !== expected || generation !== file.generation) return false;
  // A copy: the file's buffer need not be aligned for float32.
  const start = bytes.byteOffset + GENERATION_BYTES;
  const data = new Float32Array(bytes.buffer.slice(start, bytes.byteOffset + bytes.length));
  table.rows.forEach(([entry, position], row) => {
    const target = entries[entry];
    if (!target) return;
    target.vectors ??= target.chunks.map(() => undefined);
    target.vectors[position] = data.subarray(row * table.dimensions, (row + 1) * table.dimensions);
  });
  return true;
}

/**
 * The snapshot when the marker vouches for it, otherwise undefined. With `embedderId`, only a
 * snapshot holding that embedder's vectors will do, and the entries carry them.
 */
export async function readSnapshot(
  dataDir: string,
  embedderId?: string,
): Promise<Snapshot | undefined> {
  const marker = await readText(join(dataDir, MARKER));
  if (!marker?.startsWith("clean ")) return undefined;
  const text = await readText(join(dataDir, SNAPSHOT));
  if (!text) return undefined;
  let file: SnapshotFile;
  try {
    file = JSON.parse(text) as SnapshotFile;
  } catch {
    return undefined;
  }
  if (file.generation !== marker.slice("clean ".length)) return undefined;
  const snapshot: Snapshot = { entries: file.entries, index: file.index };
  if (embedderId === undefined) return snapshot;
  if (file.vectors?.embedder !== embedderId) return undefined;
  return (await attachSnapshotVectors(dataDir, file, snapshot.entries)) ? snapshot : undefined;
}
