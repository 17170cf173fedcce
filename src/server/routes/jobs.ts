/**
 * Jobs: POST /v1/jobs takes a raw upload (text or gzip) and answers 202 with the job; GET lists
 * them newest first or shows one's state and progress, and /events streams every change as
 * server-sent events until it ends.
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { ended, JOB_STATES, type JobStatus } from "../../jobs/queue-port.js";
import type { RouteDeps } from "../deps.js";
import type { AppEnv } from "../env.js";
import { saveUpload } from "../jobs.js";
import { validate } from "../validate.js";
import { Page } from "./analyses.js";
import { analyzeOptions } from "./analyze.js";

export const JobsQuery = Page.extend({
  state: z.enum(JOB_STATES).optional(),
});

export function jobRoutes({ config, jobs, guard }: RouteDeps): Hono<AppEnv> {
  const find = async (id: string) => {
    const status = await jobs.get(id);
    if (!status) throw new NotFoundError(`no job with id "${id}"`);
    return status;
  };
  return new Hono<AppEnv>()
    .post("/v1/jobs", guard("analyst"), async (c) => {
      const options = analyzeOptions(c.req.query());
      const upload = await saveUpload(c.req.raw, config.dataDir, config.server.bodyLimitBytes);
      const status = await jobs.enqueue(
        { ...upload, ...options, actor: c.var.principal.name },
        upload.size,
      );
      c.header("Location", `/v1/jobs/${status.id}`);
      return c.json(status, 202);
    })
    .get("/v1/jobs", guard("analyst"), async (c) => {
      const query = validate(JobsQuery, c.req.query(), "query");
      return c.json({ ...(await jobs.list(query)), limit: query.limit, offset: query.offset });
    })
    .get("/v1/jobs/:id", guard("analyst"), async (c) => c.json(await find(c.req.param("id"))))
    .get("/v1/jobs/:id/events", guard("analyst"), async (c) => {
      const id = c.req.param("id");
      const first = await find(id);
      return streamSSE(c, async (stream) => {
        // Writes are chained so events keep their order and the last one is out before the end.
        let written = Promise.resolve();
        let sent = first.state;
        const send = (status: JobStatus<unknown>) => {
          sent = status.state;
          written = written.then(() =>
            stream.writeSSE({ event: status.state, data: JSON.stringify(status) }),
          );
        };
        send(first);
        if (!ended(first.state)) {
          await new Promise<void>((resolve) => {
            const finish = () => {
              stop();
              resolve();
            };
            const stop = jobs.subscribe(id, (status) => {
              send(status);
              if (ended(status.state)) finish();
            });
            stream.onAbort(finish);
            // A change between the first read and the subscription would otherwise be missed.
            void jobs.get(id).then((now) => {
              if (now && sent === first.state && now.state !== sent) {
                send(now);
                if (ended(now.state)) finish();
              }
            });
          });
        }
        await written;
      });
    });
}
