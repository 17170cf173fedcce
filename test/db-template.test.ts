/**
 * A fresh embedded store starts as a copy of the build's template cluster instead of running
 * initdb (src/db/pglite.ts), and still starts, by initdb, when the template is damaged.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { makePgliteTemplate } from "../src/db/pglite.js";
import { documents } from "../src/db/schema.js";
import { tempDir } from "./helpers/tmp.js";

const MARKER = {
  id: "from.template",
  kind: "runbook",
  title: "t",
  body: "b",
  source: "x",
  contentHash: "h",
};

async function ids(dataDir: string, template: string): Promise<string[]> {
  const store = await openDatabase({ dataDir }, { template });
  try {
    const rows = await store.db.select({ id: documents.id }).from(documents);
    return rows.map((r) => r.id);
  } finally {
    await store.close();
  }
}

describe("the embedded store's template", () => {
  const root = tempDir("logsage-template-");
  let template: string;

  beforeAll(async () => {
    template = await makePgliteTemplate(join(root, "made"));
    // A row only the template has: a store that holds it was copied, not made by initdb.
    const store = await openDatabase({ dataDir: join(root, "made") });
    await store.db.insert(documents).values(MARKER);
    await store.close();
  }, 60_000);

  it("is what a fresh data dir starts from", async () => {
    expect(await ids(join(root, "fresh"), template)).toEqual([MARKER.id]);
  });

  it("is not copied over a store that exists", async () => {
    const dataDir = join(root, "existing");
    const store = await openDatabase({ dataDir }, { template: join(root, "none") });
    await store.close();
    expect(await ids(dataDir, template)).toEqual([]);
  }, 60_000);

  it("falls back to initdb when the template is damaged", async () => {
    const damaged = join(root, "damaged");
    mkdirSync(damaged);
    writeFileSync(join(damaged, "PG_VERSION"), "not a cluster\n");
    const dataDir = join(root, "after-damage");
    expect(await ids(dataDir, damaged)).toEqual([]);
    expect(existsSync(join(dataDir, "pglite", "base"))).toBe(true);
    const store = await openDatabase({ dataDir });
    expect((await store.db.execute(sql`select 1 as one`)).rows).toEqual([{ one: 1 }]);
    await store.close();
  }, 60_000);
});
