/**
 * The in-process job queue: jobs run in this process, at most `concurrency` at a time, in the
 * order they came. Every job is journaled before it is acknowledged and at each change of state,
 * so a restart resumes the unfinished ones (recover) and still answers for the finished ones.
 * Memory holds the live jobs and the most recently finished ones; older ones are read back from
 * the journal.
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { UsageError } from "../errors.js";
import {
  ended,
  type JobHandler,
  type JobJournal,
  type JobQueue,
  type JobStatus,
} from "./queue-port.js";

/** Progress events are throttled to this many bytes so a fast read does not flood listeners. */
const PROGRESS_STEP = 1024 * 1024;
/** Finished jobs answered from memory; older ones come from the journal. */
const FINISHED_KEPT = 1000;

export interface InProcessOptions<I, R> {
  concurrency: number;
  journal: JobJournal<I, R>;
  /** A journal write failed: the job goes on, but a restart may not know its latest state. */
  onJournalError(err: unknown, status: JobStatus<R>): void;
}

/** A copy for a caller: later progress must not show through it. */
const copyOf = <R>(job: JobStatus<R>): JobStatus<R> => ({ ...job, progress: { ...job.progress } });

export function createInProcessQueue<I, R>(
  handler: JobHandler<I, R>,
  options: InProcessOptions<I, R>,
): JobQueue<I, R> {
  const { journal } = options;
  const jobs = new Map<string, JobStatus<R>>();
  const finished: string[] = [];
  const waiting: { id: string; input: I }[] = [];
  const changes = new EventEmitter();
  const running = new Set<Promise<void>>();
  /** Per job, its journal writes in order: a pool could otherwise apply them out of order. */
  const writes = new Map<string, Promise<void>>();
  let closed = false;

  const write = (status: JobStatus<R>): Promise<void> => {
    const next = (writes.get(status.id) ?? Promise.resolve())
      .then(() => journal.update(status))
      .catch((err: unknown) => options.onJournalError(err, status));
    writes.set(status.id, next);
    void next.then(() => {
      if (writes.get(status.id) === next) writes.delete(status.id);
    });
    return next;
  };

  const forgetOldFinished = (id: string) => {
    finished.push(id);
    while (finished.length > FINISHED_KEPT) jobs.delete(finished.shift() as string);
  };

  const update = (job: JobStatus<R>, change: Partial<JobStatus<R>>): Promise<void> => {
    Object.assign(job, change);
    const snapshot = { ...job };
    changes.emit(job.id, snapshot);
    if (ended(job.state)) forgetOldFinished(job.id);
    return write(snapshot);
  };

  const start = (job: JobStatus<R>, input: I): Promise<void> => {
    void update(job, { state: "running" });
    let reported = 0;
    const progress = (bytes: number) => {
      job.progress.bytes = bytes;
      if (bytes - reported >= PROGRESS_STEP) {
        reported = bytes;
        changes.emit(job.id, { ...job });
      }
    };
    return handler(input, progress).then(
      (result) => update(job, { state: "succeeded", result }),
      (err: unknown) => update(job, { state: "failed", error: (err as Error).message }),
    );
  };

  const pump = () => {
    while (!closed && running.size < options.concurrency && waiting.length > 0) {
      const next = waiting.shift();
      const job = next && jobs.get(next.id);
      if (!next || !job) continue;
      const run = start(job, next.input);
      running.add(run);
      void run.finally(() => {
        running.delete(run);
        pump();
      });
    }
  };

  const queue = (status: JobStatus<R>, input: I) => {
    jobs.set(status.id, status);
    waiting.push({ id: status.id, input });
  };

  return {
    async enqueue(input, totalBytes) {
      if (closed) throw new UsageError("the server is shutting down and accepts no new jobs");
      const status: JobStatus<R> = {
        id: randomUUID(),
        state: "queued",
        createdAt: new Date().toISOString(),
        progress: { bytes: 0, totalBytes },
      };
      await journal.add({ status: { ...status }, input });
      queue(status, input);
      pump();
      return { ...status };
    },
    async get(id) {
      const job = jobs.get(id);
      return job ? copyOf(job) : journal.find(id);
    },
    async list(query) {
      const page = await journal.list(query);
      // Live jobs as this process sees them: their progress is not journaled.
      const live = page.jobs.map((job) => {
        const here = jobs.get(job.id);
        return here && here.state === job.state ? copyOf(here) : job;
      });
      return { jobs: live, total: page.total };
    },
    subscribe(id, listener) {
      changes.on(id, listener);
      return () => changes.off(id, listener);
    },
    depth: () => ({ queued: waiting.length, running: running.size }),
    async recover() {
      let resumed = 0;
      for (const { status, input } of await journal.unfinished()) {
        if (jobs.has(status.id)) continue;
        const wasRunning = status.state === "running";
        const progress = { ...status.progress, bytes: 0 };
        const job: JobStatus<R> = { ...status, state: "queued", progress };
        queue(job, input);
        if (wasRunning) await write({ ...job });
        resumed++;
      }
      pump();
      return resumed;
    },
    async close() {
      closed = true;
      while (running.size > 0) await Promise.all(running);
      await Promise.all(writes.values());
    },
  };
}
