/** Runs the chunk-vector contract on PGlite and on the machine's PostgreSQL (never skipped). */
import { openDatabase } from "../src/db/client.js";
import { vectorContract } from "./contract/vectors.contract.js";
import { createTestDatabase } from "./helpers/postgres.js";
import { tempDir } from "./helpers/tmp.js";

vectorContract("PGlite", async () => {
  const database = await openDatabase({ dataDir: tempDir("logsage-vectors-") });
  return { database, cleanup: () => database.close() };
});

vectorContract("PostgreSQL", async () => {
  const server = await createTestDatabase();
  const database = await openDatabase({ dataDir: "unused", databaseUrl: server.url });
  return {
    database,
    cleanup: async () => {
      await database.close();
      await server.drop();
    },
  };
});
