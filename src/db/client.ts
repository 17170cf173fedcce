/**
 * Opens the store: PGlite on disk in `<dataDir>/pglite` (the embedded default) or a PostgreSQL
 * server when `databaseUrl` is set. Both get the same SQL migrations from migrations/, applied
 * here at start-up, so every caller sees an up-to-date schema whichever driver it runs on.
 */
import { accessSync, constants, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite as PGliteClient } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { PoolClient } from "pg";
import { StoreError } from "../errors.js";
import { describeConnectionError, redactUrl } from "./connection-error.js";

/** What the raw `execute()` results of both drivers have in common: their rows. */
export interface RowsQueryResultHKT extends PgQueryResultHKT {
  type: RowsResult<this["row"]>;
}
type RowsResult<T> = { rows: (T extends Record<string, unknown> ? T : Record<string, unknown>)[] };

/** The drizzle handle both drivers share; repositories are written against this type only. */
export type Db = PgDatabase<RowsQueryResultHKT>;

export interface Database {
  readonly db: Db;
  readonly driver: "pglite" | "postgres";
  close(): Promise<void>;
}

export interface DatabaseConfig {
  dataDir: string;
  databaseUrl?: string;
}

/** Resolved from this file so it works from src/db (tsx, vitest) and dist/db (the built CLI). */
const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

/**
 * Any fixed 64-bit number works; it only has to be the same in every logsage process, so an API
 * server and its workers starting together do not apply the same migration twice.
 */
const MIGRATION_LOCK_KEY = 7_142_500_321;

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir);
}

/**
 * PGlite runs inside this process, so its buffers are this process's memory. PostgreSQL's default
 * 128 MB of shared buffers made a service's baseline about 350 MB; logsage's tables are small and
 * mostly read once at start, and 16 MB leaves it about 230 MB.
 */
const PGLITE_SETTINGS = ["shared_buffers = 16MB"];

async function openPglite(dataDir: string): Promise<Database> {
  const dir = join(dataDir, "pglite");
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
  // Imported on demand: the driver that is not used is never loaded.
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  let client: PGliteClient;
  try {
    client = await PGlite.create(dir, { postgresqlconf: PGLITE_SETTINGS });
  } catch (err) {
    throw new StoreError(
      `cannot open the embedded database in ${dir}: ${(err as Error).message}; ` +
        "if another logsage process uses this data dir, stop it or pick another --data-dir",
      { cause: err },
    );
  }
  const db = drizzle(client);
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (err) {
    await client.close();
    throw migrationError(err);
  }
  return { db, driver: "pglite", close: () => client.close() };
}

async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server emits here; without a listener Node would crash.
  // The next query checks out a fresh connection and reports its own error if the server is gone.
  pool.on("error", () => {});
  let lock: PoolClient;
  try {
    lock = await pool.connect();
  } catch (err) {
    await pool.end();
    throw new StoreError(
      `cannot connect to PostgreSQL at ${redactUrl(url)}: ${describeConnectionError(err)}`,
      { cause: err },
    );
  }
  const db = drizzle(pool);
  try {
    // The lock is held on its own connection while migrate() runs on others from the pool, and
    // ends with that session even if this process dies midway.
    await lock.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    await lock.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    lock.release();
  } catch (err) {
    // Destroy rather than return the connection: it may still hold the advisory lock.
    lock.release(true);
    await pool.end();
    throw migrationError(err);
  }
  return { db, driver: "postgres", close: () => pool.end() };
}

function migrationError(err: unknown): StoreError {
  return new StoreError(
    `cannot apply the database migrations from ${MIGRATIONS_FOLDER}: ${(err as Error).message}`,
    { cause: err },
  );
}
