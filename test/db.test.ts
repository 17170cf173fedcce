/**
 * The store's client factory: migrations applied once and kept across restarts, concurrent
 * start-ups against one server, and the StoreError a user sees when the store is out of reach.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { documents } from "../src/db/schema.js";
import { ConfigError, StoreError } from "../src/errors.js";
import { createTestDatabase } from "./helpers/postgres.js";
import { tempDir } from "./helpers/tmp.js";

const TABLES = [
  "analyses",
  "api_keys",
  "audit_log",
  "chunk_vectors",
  "chunks",
  "documents",
  "feedback",
  "jobs",
  "llm_cache",
  "suppressions",
];
/** Every migration in the journal, each applied exactly once. */
const MIGRATIONS = (
  JSON.parse(
    readFileSync(new URL("../migrations/meta/_journal.json", import.meta.url), "utf8"),
  ) as {
    entries: unknown[];
  }
).entries.length;

const tablesQuery = sql`select table_name from information_schema.tables
  where table_schema = 'public' order by table_name`;

describe("openDatabase with PGlite", () => {
  const dataDir = tempDir("logsage-db-");

  it("creates the schema and keeps data across a reopen", async () => {
    const first = await openDatabase({ dataDir });
    expect(first.driver).toBe("pglite");
    expect((await first.db.execute(tablesQuery)).rows.map((r) => r.table_name)).toEqual(TABLES);
    await first.db.insert(documents).values({
      id: "keep.me",
      kind: "runbook",
      title: "t",
      body: "b",
      source: "x",
      contentHash: "h",
    });
    await first.close();

    const second = await openDatabase({ dataDir });
    expect(await second.db.select({ id: documents.id }).from(documents)).toEqual([
      { id: "keep.me" },
    ]);
    await second.close();
    // Two PGlite start-ups: seconds when idle, much longer on a loaded CI machine.
  }, 120_000);

  it("fails with a StoreError naming the data dir when it cannot be created", async () => {
    const file = join(tempDir("logsage-db-file-"), "not-a-dir");
    writeFileSync(file, "");
    const opening = openDatabase({ dataDir: file });
    await expect(opening).rejects.toBeInstanceOf(StoreError);
    await expect(opening).rejects.toThrow(`data dir ${file} is not writable`);
  });
});

describe("openDatabase with PostgreSQL", () => {
  const created: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of created) await drop();
  });

  it("migrates once when several processes start together", async () => {
    const database = await createTestDatabase();
    created.push(database.drop);
    const opened = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ dataDir: "unused", databaseUrl: database.url })),
    );
    const [first] = opened;
    expect(first?.driver).toBe("postgres");
    expect((await first?.db.execute(tablesQuery))?.rows.map((r) => r.table_name)).toEqual(TABLES);
    const applied = await first?.db.execute(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(applied?.rows[0]?.n).toBe(MIGRATIONS);
    await Promise.all(opened.map((d) => d.close()));
  });

  it("explains an unreachable server without printing the password", async () => {
    const opening = openDatabase({
      dataDir: "unused",
      databaseUrl: "postgres://someone:s3cret@127.0.0.1:1/nothing",
    });
    await expect(opening).rejects.toBeInstanceOf(StoreError);
    const message = await opening.catch((err: Error) => err.message);
    expect(message).toContain("connection refused");
    expect(message).toContain("someone:***@127.0.0.1:1");
    expect(message).not.toContain("s3cret");
  });

  it("explains a database that does not exist", async () => {
    const url = new URL(
      process.env.LOGSAGE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    );
    url.pathname = "/logsage_no_such_database";
    await expect(openDatabase({ dataDir: "unused", databaseUrl: url.toString() })).rejects.toThrow(
      "database does not exist",
    );
  });
});

describe("config databaseUrl", () => {
  it("comes from DATABASE_URL and must be a postgres URL", () => {
    const env = { DATABASE_URL: "postgresql://u@db:5432/logsage" };
    expect(loadConfig({ env, cwd: "/" }).databaseUrl).toBe(env.DATABASE_URL);
    expect(loadConfig({ env: {}, cwd: "/" }).databaseUrl).toBeUndefined();
    expect(() => loadConfig({ env: { DATABASE_URL: "mysql://x" }, cwd: "/" })).toThrow(ConfigError);
  });
});
