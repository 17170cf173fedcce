/**
 * A copy of the suppressions in the data dir, for CLI analyses of the embedded store: opening
 * PGlite costs seconds and about 250 MB, which an analysis otherwise avoids by reading the
 * knowledge snapshot. The store marks the copy dirty before each write and rewrites it after, so
 * a crash in between leaves it dirty and the next reader goes to the store instead.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../config.js";
import { writeAtomic } from "../knowledge/snapshot.js";
import type { Suppression } from "./suppressions.js";

const FILE = "suppressions.json";

type FileState = { state: "dirty" } | { state: "clean"; suppressions: Suppression[] };

function write(dataDir: string, body: FileState): Promise<void> {
  return writeAtomic(join(dataDir, FILE), JSON.stringify(body));
}

export const markSuppressionsDirty = (dataDir: string) => write(dataDir, { state: "dirty" });

export const writeSuppressionFile = (dataDir: string, suppressions: Suppression[]) =>
  write(dataDir, { state: "clean", suppressions });

/** The suppressions when the copy is clean; undefined when it is missing, dirty or unreadable. */
export async function readSuppressionFile(dataDir: string): Promise<Suppression[] | undefined> {
  try {
    const body = JSON.parse(await readFile(join(dataDir, FILE), "utf8")) as FileState;
    return body.state === "clean" ? body.suppressions : undefined;
  } catch {
    return undefined;
  }
}

export type SuppressionStoreConfig = Pick<Config, "dataDir" | "databaseUrl">;

export interface SuppressionStoreOptions {
  /** The embedded store's data dir, where the CLI's copy is kept; unset for PostgreSQL. */
  fileDir?: string;
}

/** The store's options for a config: the CLI's copy exists for the embedded store only. */
export function suppressionStoreOptions(config: SuppressionStoreConfig): SuppressionStoreOptions {
  return config.databaseUrl === undefined ? { fileDir: config.dataDir } : {};
}

/**
 * The suppressions for an analysis outside the service: the data dir's copy when it is clean,
 * else the store (rewriting the copy for next time), whose modules load only then.
 */
export async function loadSuppressions(config: SuppressionStoreConfig): Promise<Suppression[]> {
  const { fileDir } = suppressionStoreOptions(config);
  const copy = fileDir ? await readSuppressionFile(fileDir) : undefined;
  if (copy) return copy;
  const [{ openDatabase }, { syncSuppressionFile }] = await Promise.all([
    import("../db/client.js"),
    import("./suppressions.js"),
  ]);
  const database = await openDatabase(config);
  try {
    return await syncSuppressionFile(database.db, config);
  } finally {
    await database.close();
  }
}
