/**
 * The HTTP service as a hono app, built from its dependencies so tests drive it in-process with
 * app.request() and `logsage serve` puts the same app on a socket. Middleware order matters: the
 * request id and logger come first so every later failure is logged against its request.
 */
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { routePath } from "hono/route";
import { secureHeaders } from "hono/secure-headers";
import { type Logger, pino } from "pino";
import { createAnalysisStore } from "./analyses.js";
import { createGuard } from "./auth/guard.js";
import type { AppDeps, RouteDeps } from "./deps.js";
import { docsRoutes } from "./docs/page.js";
import type { AppEnv } from "./env.js";
import { createAnalysisJobs } from "./jobs.js";
import { createMetrics } from "./metrics.js";
import { openApiDocument } from "./openapi.js";
import { notFound, onError } from "./problem.js";
import { analysisRoutes } from "./routes/analyses.js";
import { analyzeRoutes } from "./routes/analyze.js";
import { documentRoutes } from "./routes/documents.js";
import { healthRoutes } from "./routes/health.js";
import { jobRoutes } from "./routes/jobs.js";
import { kbRoutes } from "./routes/kb.js";
import { keyRoutes } from "./routes/keys.js";
import { promoteRoutes } from "./routes/promote.js";
import { suppressionRoutes } from "./routes/suppressions.js";
import { createAnalysisRunner } from "./run-analysis.js";
import { createSuppressionStore, suppressionStoreOptions } from "./suppressions.js";

/**
 * The app; recover(): run the jobs an earlier run left unfinished (call it once at start);
 * close(): let running jobs end, the queued ones stay journaled (call it after the socket stops
 * accepting).
 */
export type ServiceApp = Hono<AppEnv> & { recover(): Promise<number>; close(): Promise<void> };

/** The stores and runners the routes share, built once over the knowledge base's connection. */
function routeDepsOf(deps: AppDeps, logger: Logger): RouteDeps {
  const { db } = deps.knowledge.database;
  const shared = {
    ...deps,
    analyses: createAnalysisStore(db),
    metrics: createMetrics(),
    suppressions: createSuppressionStore(db, suppressionStoreOptions(deps.config)),
  };
  const runAnalysis = createAnalysisRunner(shared);
  const { server } = deps.config;
  return {
    ...shared,
    runAnalysis,
    jobs: createAnalysisJobs(runAnalysis, { db, dataDir: deps.config.dataDir, logger }),
    guard: createGuard({
      keys: deps.keys,
      anonymous: server.anonymous,
      requestsPerMinute: server.rateLimit.requestsPerMinute,
    }),
  };
}

export function createApp(deps: AppDeps): ServiceApp {
  const logger = deps.logger ?? pino({ level: "silent" });
  const routeDeps = routeDepsOf(deps, logger);
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    c.set("logger", logger.child({ reqId: c.var.requestId }));
    await next();
    const seconds = (performance.now() - started) / 1000;
    routeDeps.metrics.request(c.req.method, routePath(c), c.res.status, seconds);
    c.var.logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(seconds * 1000),
        actor: c.get("principal")?.name,
      },
      "request",
    );
  });
  // No CORS middleware: browsers on other origins are refused until someone decides otherwise.
  app.use(secureHeaders());
  app.onError(onError);
  app.notFound(notFound);
  for (const routes of [
    healthRoutes,
    analyzeRoutes,
    analysisRoutes,
    documentRoutes,
    kbRoutes,
    suppressionRoutes,
    jobRoutes,
    keyRoutes,
    promoteRoutes,
  ]) {
    app.route("/", routes(routeDeps));
  }
  const openApi = openApiDocument("1");
  app.get("/openapi.json", (c) => c.json(openApi));
  app.route("/", docsRoutes());
  const { jobs } = routeDeps;
  return Object.assign(app, { recover: () => jobs.recover(), close: () => jobs.close() });
}
