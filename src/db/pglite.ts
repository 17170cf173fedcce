/**
 * The embedded store: PGlite on disk in `<dataDir>/pglite`. A fresh data dir starts as a copy of
 * a template made at build time (an initialised, migrated, empty cluster) rather than by initdb:
 * initdb under WebAssembly took 5 s and about 750 MB of memory, which made a user's first
 * analysis the largest and slowest they would ever run. (PGlite's own `loadDataDir` tarball still
 * peaked about 80 MB higher than a copied directory.) Without the template (a checkout that was
 * never built) or when PGlite cannot open the copy, initdb runs as before.
 */
import { accessSync, constants, cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import type { PGlite } from "@electric-sql/pglite";
import { StoreError } from "../errors.js";
import type { Database, Db } from "./client.js";
import { MIGRATIONS_FOLDER, migrationError } from "./migrations.js";

/**
 * The same file from src/db (tsx, vitest) and dist/db (the built CLI): the build writes it with
 * `node dist/build-assets.js`.
 */
export const PGLITE_TEMPLATE = fileURLToPath(
  new URL("../../dist/pglite-template", import.meta.url),
);

/**
 * PGlite runs inside this process, so its buffers are this process's memory. PostgreSQL's default
 * 128 MB of shared buffers made a service's baseline about 350 MB; logsage's tables are small and
 * mostly read once at start, and 16 MB leaves it about 230 MB.
 */
const PGLITE_SETTINGS = ["shared_buffers = 16MB"];

export interface PgliteOptions {
  /** The cluster directory a fresh data dir is copied from; PGLITE_TEMPLATE unless a test says. */
  template?: string;
}

function ensureWritable(dataDir: string, dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new StoreError(
      `data dir ${dataDir} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): ` +
        "choose another with --data-dir or LOGSAGE_DATA_DIR, or fix its permissions",
      { cause: err },
    );
  }
}

/** PostgreSQL writes PG_VERSION first thing; a directory without it holds no cluster yet. */
function isFresh(dir: string): boolean {
  return !existsSync(join(dir, "PG_VERSION"));
}

/**
 * PGlite's WebAssembly is left to V8's baseline compiler (Liftoff): by default V8 also compiles
 * the hot functions again with its optimizing tier, and that second copy of PostgreSQL's machine
 * code kept 35-80 MB more resident for as long as the process lived, more than the largest upload
 * adds. The store's few small queries did not measure slower (2,000 catalog queries: 1.1-1.8 s
 * against 1.2-1.3 s), and opening it was faster (0.6 against 1.0 s). The flag is read when a module
 * is compiled, so it is set before PGlite is first loaded; nothing else here is WebAssembly.
 */
async function createClient(dir: string, template: string | undefined): Promise<PGlite> {
  setFlagsFromString("--liftoff-only");
  const { PGlite } = await import("@electric-sql/pglite");
  if (template && isFresh(dir) && existsSync(join(template, "PG_VERSION"))) {
    try {
      cpSync(template, dir, { recursive: true });
      return await PGlite.create(dir, { postgresqlconf: PGLITE_SETTINGS });
    } catch {
      // A damaged template or one from another PGlite release: initdb still makes a good store.
      for (const entry of readdirSync(dir)) {
        rmSync(join(dir, entry), { recursive: true, force: true });
      }
    }
  }
  return PGlite.create(dir, { postgresqlconf: PGLITE_SETTINGS });
}

async function openClient(dataDir: string, template: string | undefined): Promise<PGlite> {
  const dir = join(dataDir, "pglite");
  ensureWritable(dataDir, dir);
  try {
    return await createClient(dir, template);
  } catch (err) {
    throw new StoreError(
      `cannot open the embedded database in ${dir}: ${(err as Error).message}; ` +
        "if another logsage process uses this data dir, stop it or pick another --data-dir",
      { cause: err },
    );
  }
}

async function migrated(client: PGlite): Promise<Db> {
  // Imported on demand: the driver that is not used is never loaded.
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const db = drizzle(client);
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (err) {
    await client.close();
    throw migrationError(err);
  }
  return db;
}

export async function openPglite(dataDir: string, options: PgliteOptions = {}): Promise<Database> {
  const client = await openClient(dataDir, options.template ?? PGLITE_TEMPLATE);
  const db = await migrated(client);
  return { db, driver: "pglite", close: () => client.close() };
}

/** Makes the template: a migrated, empty cluster in `<dataDir>/pglite`, closed cleanly. */
export async function makePgliteTemplate(dataDir: string): Promise<string> {
  const client = await openClient(dataDir, undefined);
  await migrated(client); // closes the client itself when it fails
  await client.close();
  return join(dataDir, "pglite");
}
