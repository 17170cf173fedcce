/**
 * A read-only snapshot of the embedded knowledge base, kept in the data dir beside PGlite. Opening
 * PGlite costs seconds and about 250 MB; an analysis only needs the documents to search, so it
 * reads this file instead when it is known to match the store.
 *
 * Freshness protocol: a marker file says "dirty" before any write to the store begins and
 * "clean <generation>" only after the snapshot of that generation is on disk. A crash in between
 * leaves "dirty", and the next reader falls back to the store (and rewrites the snapshot).
 */
import { randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Chunk, StoredDocument } from "./model.js";

export interface SnapshotEntry {
  document: StoredDocument;
  chunks: Chunk[];
}

interface SnapshotFile {
  generation: string;
  entries: SnapshotEntry[];
}

const SNAPSHOT = "knowledge-snapshot.json";
const MARKER = "knowledge-snapshot.state";

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Write to a temporary name, then rename: readers never see half a file. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

export async function markDirty(dataDir: string): Promise<void> {
  await writeAtomic(join(dataDir, MARKER), "dirty");
}

export async function writeSnapshot(dataDir: string, entries: SnapshotEntry[]): Promise<void> {
  const generation = randomUUID();
  const body: SnapshotFile = { generation, entries };
  await writeAtomic(join(dataDir, SNAPSHOT), JSON.stringify(body));
  await writeAtomic(join(dataDir, MARKER), `clean ${generation}`);
}

/** The snapshot's entries when the marker vouches for them, otherwise undefined. */
export async function readSnapshot(dataDir: string): Promise<SnapshotEntry[] | undefined> {
  const marker = await readText(join(dataDir, MARKER));
  if (!marker?.startsWith("clean ")) return undefined;
  const text = await readText(join(dataDir, SNAPSHOT));
  if (!text) return undefined;
  try {
    const file = JSON.parse(text) as SnapshotFile;
    return file.generation === marker.slice("clean ".length) ? file.entries : undefined;
  } catch {
    return undefined;
  }
}
