/**
 * Analysis jobs for large inputs: the upload is streamed to a file in the data dir (under the body
 * limit), the job journaled in the store, the request answered at once, and the analysis run by
 * the job queue; the file is removed when the job ends, whatever its outcome. A job the server
 * did not finish before it stopped runs again when it starts, from the same file.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Logger } from "pino";
import type { Db } from "../db/client.js";
import { InputError } from "../errors.js";
import { createDbJournal } from "../jobs/db-journal.js";
import { createInProcessQueue } from "../jobs/in-process.js";
import type { JobQueue } from "../jobs/queue-port.js";
import type { TimeWindow } from "../pipeline/analyze.js";
import type { Detail } from "../pipeline/group/index.js";
import { limitedBody } from "./body.js";
import type { LlmChoice, RunAnalysis } from "./run-analysis.js";

export interface JobInput {
  path: string;
  size: number;
  detail: Detail;
  llm: LlmChoice;
  /** Resolved when the job was accepted: "2h" means the two hours before that. */
  window?: TimeWindow;
  actor: string;
}

export interface JobResult {
  analysisId: string;
  findings: number;
}

export type AnalysisJobs = JobQueue<JobInput, JobResult>;

/** The server whose data dir holds a job's upload: this host and data dir. */
export function jobOwner(dataDir: string): string {
  return `${hostname()}:${resolve(dataDir)}`;
}

/** Jobs run one at a time: each analysis already uses the whole CPU it can get. */
export function createAnalysisJobs(
  runAnalysis: RunAnalysis,
  store: { db: Db; dataDir: string; logger: Logger },
): AnalysisJobs {
  return createInProcessQueue(
    async (input: JobInput, progress) => {
      try {
        if (!existsSync(input.path)) {
          throw new InputError(`the upload of this job is gone (${input.path}): submit it again`);
        }
        const { id, report } = await runAnalysis({
          sources: [{ kind: "file", path: input.path, size: input.size }],
          detail: input.detail,
          llm: input.llm,
          window: input.window,
          actor: input.actor,
          progress,
        });
        return { analysisId: id, findings: report.findings.length };
      } finally {
        await rm(input.path, { force: true });
      }
    },
    {
      concurrency: 1,
      journal: createDbJournal<JobInput, JobResult>(store.db, jobOwner(store.dataDir)),
      onJournalError: (err, status) =>
        store.logger.error(
          { job: status.id, state: status.state, err: (err as Error).message },
          "could not record the job's state in the store",
        ),
    },
  );
}

/** Streams the request body to a new file under `<dataDir>/uploads`; removes it on failure. */
export async function saveUpload(
  request: Request,
  dataDir: string,
  limit: number,
): Promise<{ path: string; size: number }> {
  const dir = join(dataDir, "uploads");
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${randomUUID()}.upload`);
  try {
    await pipeline(limitedBody(request, limit), createWriteStream(path));
    return { path, size: (await stat(path)).size };
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
}
