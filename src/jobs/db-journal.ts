/**
 * The job journal in the store (PGlite or PostgreSQL, through drizzle): one row per job, written
 * when the job is accepted and at each change of state. `owner` keeps servers that share a
 * PostgreSQL database apart: each resumes only the jobs whose input is in its own data dir.
 */
import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { jobs } from "../db/schema.js";
import {
  ended,
  JOB_STATES,
  type JobJournal,
  type JobRecord,
  type JobStatus,
} from "./queue-port.js";

type JobRow = typeof jobs.$inferSelect;

const UNFINISHED = JOB_STATES.filter((state) => !ended(state));

function statusOf<R>(row: JobRow): JobStatus<R> {
  const status: JobStatus<R> = {
    id: row.id,
    state: row.state as JobStatus<R>["state"],
    createdAt: row.createdAt.toISOString(),
    // Progress is not journaled: a finished job has read everything, an unfinished one nothing yet.
    progress: { bytes: row.state === "succeeded" ? row.totalBytes : 0, totalBytes: row.totalBytes },
  };
  if (row.result !== null) status.result = row.result as R;
  if (row.error !== null) status.error = row.error;
  return status;
}

export function createDbJournal<I, R>(db: Db, owner: string): JobJournal<I, R> {
  return {
    async add({ status, input }: JobRecord<I, R>) {
      await db.insert(jobs).values({
        id: status.id,
        owner,
        state: status.state,
        createdAt: new Date(status.createdAt),
        input,
        totalBytes: status.progress.totalBytes,
      });
    },
    async update(status) {
      await db
        .update(jobs)
        .set({
          state: status.state,
          updatedAt: new Date(),
          result: status.result ?? null,
          error: status.error ?? null,
        })
        .where(eq(jobs.id, status.id));
    },
    async find(id) {
      const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
      return row && statusOf<R>(row);
    },
    async list({ state, limit, offset }) {
      const where = state === undefined ? undefined : eq(jobs.state, state);
      const rows = await db
        .select()
        .from(jobs)
        .where(where)
        .orderBy(desc(jobs.createdAt), desc(jobs.id))
        .limit(limit)
        .offset(offset);
      const [total] = await db.select({ n: count() }).from(jobs).where(where);
      return { jobs: rows.map((row) => statusOf<R>(row)), total: total?.n ?? 0 };
    },
    async unfinished() {
      const rows = await db
        .select()
        .from(jobs)
        .where(and(eq(jobs.owner, owner), inArray(jobs.state, UNFINISHED)))
        .orderBy(asc(jobs.createdAt), asc(jobs.id));
      return rows.map((row) => ({ status: statusOf<R>(row), input: row.input as I }));
    },
  };
}
