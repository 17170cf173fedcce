/**
 * Liveness (the process answers), readiness (store and index answer too) and Prometheus metrics;
 * no auth, for probes and scrapers.
 */
import { Hono } from "hono";
import type { RouteDeps } from "../deps.js";
import type { AppEnv } from "../env.js";

export function healthRoutes({ knowledge, metrics, jobs }: RouteDeps): Hono<AppEnv> {
  return (
    new Hono<AppEnv>()
      .get("/healthz", (c) => c.json({ status: "ok" }))
      // Unauthenticated like the probes: scrapers run inside the network the service listens on.
      .get("/metrics", (c) =>
        c.text(metrics.render(jobs.depth()), 200, { "Content-Type": "text/plain; version=0.0.4" }),
      )
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
      })
  );
}
