/** Liveness (the process answers) and readiness (store and index answer too); no auth, for probes. */
import { Hono } from "hono";
import type { RouteDeps } from "../deps.js";
import type { AppEnv } from "../env.js";

export function healthRoutes({ knowledge }: RouteDeps): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get("/healthz", (c) => c.json({ status: "ok" }))
    .get("/readyz", async (c) => {
      try {
        const [documents, indexed] = await Promise.all([
          knowledge.repository.count(),
          knowledge.index.size(),
        ]);
        return c.json({ status: "ready", documents, indexed });
      } catch (err) {
        c.var.logger.warn({ err }, "not ready");
        return c.json({ status: "unavailable", detail: (err as Error).message }, 503);
      }
    });
}
