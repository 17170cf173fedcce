/**
 * The job queue port: work accepted now and done later, with its state observable while it runs.
 * The in-process adapter sits beside this file; a Redis (BullMQ) adapter comes with scale-out.
 * A journal (the store, db-journal.ts) keeps what was accepted across restarts.
 */
export const JOB_STATES = ["queued", "running", "succeeded", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Has a job in this state finished, one way or the other? */
export const ended = (state: JobState): boolean => state === "succeeded" || state === "failed";

export interface JobStatus<R> {
  id: string;
  state: JobState;
  createdAt: string;
  /** Input bytes read so far, and in all. */
  progress: { bytes: number; totalBytes: number };
  result?: R;
  error?: string;
}

/** Does one job; calls `progress` as input is consumed. */
export type JobHandler<I, R> = (input: I, progress: (bytes: number) => void) => Promise<R>;

/** Which jobs to list, newest first. */
export interface JobListQuery {
  state?: JobState;
  limit: number;
  offset: number;
}

export interface JobList<R> {
  jobs: JobStatus<R>[];
  /** Jobs matching the query in all. */
  total: number;
}

/** A job as the journal keeps it: its state and what it needs to run again. */
export interface JobRecord<I, R> {
  status: JobStatus<R>;
  input: I;
}

/**
 * Where jobs are written down: a job is in the journal before it is acknowledged, and every change
 * of state follows, so a restart neither loses accepted work nor forgets finished results.
 * Progress is not journaled; a resumed job starts reading again.
 */
export interface JobJournal<I, R> {
  add(job: JobRecord<I, R>): Promise<void>;
  update(status: JobStatus<R>): Promise<void>;
  find(id: string): Promise<JobStatus<R> | undefined>;
  list(query: JobListQuery): Promise<JobList<R>>;
  /** This process's jobs that were queued or running when it last stopped, oldest first. */
  unfinished(): Promise<JobRecord<I, R>[]>;
}

export interface JobQueue<I, R> {
  /** Resolves once the job is journaled: from then on it is never lost. */
  enqueue(input: I, totalBytes: number): Promise<JobStatus<R>>;
  get(id: string): Promise<JobStatus<R> | undefined>;
  /** Jobs of every run and every server sharing the store, newest first. */
  list(query: JobListQuery): Promise<JobList<R>>;
  /** Called on every change until the job ends; returns the unsubscribe function. */
  subscribe(id: string, listener: (status: JobStatus<R>) => void): () => void;
  /** Jobs waiting to run and running now, in this process. */
  depth(): { queued: number; running: number };
  /** Queue again the jobs an earlier run left unfinished; resolves to how many. */
  recover(): Promise<number>;
  /** Accept no more jobs; resolve once the running ones have ended (queued ones stay journaled). */
  close(): Promise<void>;
}
