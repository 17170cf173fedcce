/**
 * A throwaway database on the machine's PostgreSQL for one test suite: created fresh through the
 * `test` database and dropped afterwards, so runs never see each other's rows. An unreachable
 * server fails the suite with a message saying how to fix it; it is never skipped.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

const ADMIN_URL =
  process.env.LOGSAGE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL for tests is unreachable at ${ADMIN_URL} (${(err as Error).message}). ` +
        "Start it (.ci/run does: pg_ctlcluster --skip-systemctl-redirect <version> main start) " +
        "or point LOGSAGE_TEST_DATABASE_URL at a server where this user may CREATE DATABASE.",
      { cause: err },
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `logsage_test_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
