/**
 * Runs the service on a socket: opens the knowledge base (seeding an empty one), builds the app,
 * resumes the jobs left unfinished at the last stop, listens, and on SIGTERM/SIGINT stops accepting
 * connections, lets in-flight requests and running jobs finish (queued ones wait in the store for
 * the next start), then closes the store.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { openKnowledgeBase } from "../knowledge/base.js";
import { createApp } from "./app.js";
import { createKeyStore } from "./auth/keys.js";
import { syncSuppressionFile } from "./suppressions.js";

export interface RunningServer {
  url: string;
  /** Stop accepting, wait for in-flight requests and running jobs, close the store. */
  close(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const { knowledge, seeded, warnings } = await openKnowledgeBase(config, { seed: true });
  for (const warning of warnings) logger.warn(warning);
  if (seeded)
    logger.info({ documents: seeded.added.length }, "empty knowledge base seeded from kb/");
  await syncSuppressionFile(knowledge.database.db, config).catch(async (err: unknown) => {
    await knowledge.close();
    throw err;
  });
  const app = createApp({ config, knowledge, keys: createKeyStore(knowledge.database.db), logger });
  const resumed = await app.recover().catch(async (err: unknown) => {
    await knowledge.close();
    throw err;
  });
  if (resumed > 0)
    logger.info({ jobs: resumed }, "resumed the jobs left unfinished at the last stop");
  const { host, port } = config.server;
  const server = serve({ fetch: app.fetch, hostname: host, port });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once("listening", () => resolve(server.address() as AddressInfo));
    server.once("error", reject);
  }).catch(async (err: unknown) => {
    await knowledge.close();
    throw err;
  });
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would otherwise hold close() open; busy ones finish first.
        if ("closeIdleConnections" in server) server.closeIdleConnections();
      });
      await app.close();
      await knowledge.close();
    },
  };
}
