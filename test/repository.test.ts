/**
 * Runs the KnowledgeRepository contract against both drivers: PGlite in a temporary data dir and
 * the machine's PostgreSQL in a database created for this run (never skipped; see
 * helpers/postgres.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../src/db/client.js";
import { DrizzleKnowledgeRepository } from "../src/knowledge/repository.js";
import { repositoryContract } from "./contract/repository.contract.js";
import { createTestDatabase } from "./helpers/postgres.js";

repositoryContract("PGlite", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "logsage-repo-"));
  const repo = new DrizzleKnowledgeRepository(await openDatabase({ dataDir }));
  return {
    repo,
    cleanup: async () => {
      await repo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

repositoryContract("PostgreSQL", async () => {
  const database = await createTestDatabase();
  const repo = new DrizzleKnowledgeRepository(
    await openDatabase({ dataDir: "unused", databaseUrl: database.url }),
  );
  return {
    repo,
    cleanup: async () => {
      await repo.close();
      await database.drop();
    },
  };
});
