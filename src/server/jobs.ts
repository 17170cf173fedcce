/**
 * Analysis jobs for large inputs: the upload is streamed to a file in the data dir (under the body
 * limit), the request answered at once, and the analysis run by the job queue; the file is
 * removed when the job ends, whatever its outcome.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createInProcessQueue } from "../jobs/in-process.js";
import type { JobQueue } from "../jobs/queue-port.js";
import type { Detail } from "../pipeline/group/index.js";
import { limitedBody } from "./body.js";
import type { LlmChoice, RunAnalysis } from "./run-analysis.js";

export interface JobInput {
  path: string;
  size: number;
  detail: Detail;
  llm: LlmChoice;
  actor: string;
}

export type AnalysisJobs = JobQueue<JobInput, { analysisId: string; findings: number }>;

/** Jobs run one at a time: each analysis already uses the whole CPU it can get. */
export function createAnalysisJobs(runAnalysis: RunAnalysis): AnalysisJobs {
  return createInProcessQueue(
    async (input: JobInput, progress) => {
      try {
        const { id, report } = await runAnalysis({
          sources: [{ kind: "file", path: input.path, size: input.size }],
          detail: input.detail,
          llm: input.llm,
          actor: input.actor,
          progress,
        });
        return { analysisId: id, findings: report.findings.length };
      } finally {
        await rm(input.path, { force: true });
      }
    },
    { concurrency: 1 },
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
