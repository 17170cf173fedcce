/**
 * The in-process job queue: jobs run in this process, at most `concurrency` at a time, in the
 * order they came. State lives in memory, so a restart forgets finished jobs and fails nothing
 * silently only as long as close() is awaited on shutdown (it waits for every accepted job).
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { UsageError } from "../errors.js";
import type { JobHandler, JobQueue, JobStatus } from "./queue-port.js";

/** Progress events are throttled to this many bytes so a fast read does not flood listeners. */
const PROGRESS_STEP = 1024 * 1024;

export function createInProcessQueue<I, R>(
  handler: JobHandler<I, R>,
  options: { concurrency: number },
): JobQueue<I, R> {
  const jobs = new Map<string, JobStatus<R>>();
  const waiting: { id: string; input: I }[] = [];
  const changes = new EventEmitter();
  const running = new Set<Promise<void>>();
  let closed = false;

  const update = (job: JobStatus<R>, change: Partial<JobStatus<R>>) => {
    Object.assign(job, change);
    changes.emit(job.id, { ...job });
  };

  const pump = () => {
    while (running.size < options.concurrency && waiting.length > 0) {
      const next = waiting.shift();
      const job = next && jobs.get(next.id);
      if (!next || !job) continue;
      update(job, { state: "running" });
      let reported = 0;
      const progress = (bytes: number) => {
        job.progress.bytes = bytes;
        if (bytes - reported >= PROGRESS_STEP) {
          reported = bytes;
          changes.emit(job.id, { ...job });
        }
      };
      const run = handler(next.input, progress).then(
        (result) => update(job, { state: "succeeded", result }),
        (err: unknown) => update(job, { state: "failed", error: (err as Error).message }),
      );
      running.add(run);
      void run.finally(() => {
        running.delete(run);
        pump();
      });
    }
  };

  return {
    enqueue(input, totalBytes) {
      if (closed) throw new UsageError("the server is shutting down and accepts no new jobs");
      const id = randomUUID();
      const job: JobStatus<R> = {
        id,
        state: "queued",
        createdAt: new Date().toISOString(),
        progress: { bytes: 0, totalBytes },
      };
      jobs.set(id, job);
      waiting.push({ id, input });
      pump();
      return { ...job };
    },
    get(id) {
      const job = jobs.get(id);
      return job && { ...job };
    },
    subscribe(id, listener) {
      changes.on(id, listener);
      return () => changes.off(id, listener);
    },
    async close() {
      closed = true;
      while (running.size > 0) await Promise.all(running);
    },
  };
}
