/**
 * Opens the store: PGlite on disk in `<dataDir>/pglite` (the embedded default) or a PostgreSQL
 * server when `databaseUrl` is set. Both get the same SQL migrations from migrations/, applied
 * here at start-up, so every caller sees an up-to-date schema whichever driver it runs on.
 */
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { PoolClient } from "pg";
import { StoreError } from "../errors.js";
import { describeConnectionError, redactUrl } from "./connection-error.js";
import { MIGRATIONS_FOLDER, migrationError } from "./migrations.js";
import { openPglite, type PgliteOptions } from "./pglite.js";

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

/**
 * Any fixed 64-bit number works; it only has to be the same in every logsage process, so an API
 * server and its workers starting together do not apply the same migration twice.
 */
const MIGRATION_LOCK_KEY = 7_142_500_321;

export async function openDatabase(
  config: DatabaseConfig,
  options: PgliteOptions = {},
): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl)
    : openPglite(config.dataDir, options);
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
