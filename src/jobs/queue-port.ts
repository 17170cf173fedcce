/**
 * The job queue port: work accepted now and done later, with its state observable while it runs.
 * The in-process adapter sits beside this file; a Redis (BullMQ) adapter comes with scale-out.
 */
export type JobState = "queued" | "running" | "succeeded" | "failed";

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

export interface JobQueue<I, R> {
  enqueue(input: I, totalBytes: number): JobStatus<R>;
  get(id: string): JobStatus<R> | undefined;
  /** Called on every change until the job ends; returns the unsubscribe function. */
  subscribe(id: string, listener: (status: JobStatus<R>) => void): () => void;
  /** Accept no more jobs; resolve once every accepted job has ended. */
  close(): Promise<void>;
}
