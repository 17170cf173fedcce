/**
 * Stored analyses and the feedback given on their findings. Every report made through the API is
 * kept (it was redacted before it was made), so a finding can be discussed and corrected later.
 */
import { randomUUID } from "node:crypto";
import { asc, count, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { analyses, type FEEDBACK_VERDICTS, feedback } from "../db/schema.js";
import { NotFoundError } from "../errors.js";
import type { Report } from "../pipeline/types.js";

export type Verdict = (typeof FEEDBACK_VERDICTS)[number];

export interface AnalysisSummary {
  id: string;
  createdAt: string;
  actor: string;
  findings: number;
}

export interface Feedback {
  id: number;
  findingId: string;
  at: string;
  actor: string;
  verdict: Verdict;
  cause: string | null;
  fix: string[] | null;
  knowledgeId: string | null;
  comment: string | null;
}

export type FeedbackInput = Pick<Feedback, "verdict"> &
  Partial<Pick<Feedback, "cause" | "fix" | "knowledgeId" | "comment">>;

const summaryColumns = {
  id: analyses.id,
  createdAt: analyses.createdAt,
  actor: analyses.actor,
  findings: analyses.findings,
};

/** Rows per insert when saves queue up behind one another. */
const BATCH = 64;
/**
 * How long the first save of a batch waits for company. PGlite runs inside this thread, so while
 * an insert runs no other request can reach its save; without a short wait most batches would
 * hold a single row.
 */
const LINGER_MS = 2;

type AnalysisRow = typeof analyses.$inferInsert;

/**
 * Group commit: a save waits for its row to be written, but saves that arrive while an insert is
 * running are written together by the next one. Under load most of a small request's store time
 * was the per-statement cost, paid once per batch this way.
 */
function createBatchWriter(db: Db) {
  const queue: { row: AnalysisRow; done: (err?: unknown) => void }[] = [];
  let running = false;
  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue.splice(0, BATCH);
      try {
        await db.insert(analyses).values(batch.map((b) => b.row));
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.done(err);
      }
    }
    running = false;
  };
  return (row: AnalysisRow) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ row, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!running) {
        running = true;
        setTimeout(drain, LINGER_MS);
      }
    });
}

export function createAnalysisStore(db: Db) {
  const insert = createBatchWriter(db);
  const get = async (id: string) => {
    const [row] = await db.select().from(analyses).where(eq(analyses.id, id));
    if (!row) throw new NotFoundError(`no stored analysis with id "${id}"`);
    return row;
  };
  return {
    async save(report: Report, actor: string): Promise<string> {
      const id = randomUUID();
      await insert({ id, actor, findings: report.findings.length, report });
      return id;
    },

    /** Newest first, without the reports themselves. */
    async list(page: { limit: number; offset: number }) {
      const rows = await db
        .select(summaryColumns)
        .from(analyses)
        .orderBy(desc(analyses.createdAt), desc(analyses.id))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db.select({ n: count() }).from(analyses);
      const items: AnalysisSummary[] = rows.map((r) => ({
        ...r,
        createdAt: r.createdAt.toISOString(),
      }));
      return { analyses: items, total: total?.n ?? 0 };
    },

    async get(id: string) {
      const row = await get(id);
      const given = await db
        .select()
        .from(feedback)
        .where(eq(feedback.analysisId, id))
        .orderBy(asc(feedback.id));
      return {
        id: row.id,
        createdAt: row.createdAt.toISOString(),
        actor: row.actor,
        // Written by save() from a Report.
        report: row.report as Report,
        feedback: given.map(toFeedback),
      };
    },

    /** NotFoundError unless the analysis exists and has that finding. */
    async addFeedback(analysisId: string, findingId: string, actor: string, input: FeedbackInput) {
      const report = (await get(analysisId)).report as Report;
      if (!report.findings.some((f) => f.id === findingId)) {
        throw new NotFoundError(`analysis ${analysisId} has no finding "${findingId}"`);
      }
      const [row] = await db
        .insert(feedback)
        .values({ ...input, analysisId, findingId, actor })
        .returning();
      if (!row) throw new Error("insert returned no row");
      return toFeedback(row);
    },
  };
}

export type AnalysisStore = ReturnType<typeof createAnalysisStore>;

function toFeedback(row: typeof feedback.$inferSelect): Feedback {
  const { analysisId: _analysis, ...rest } = row;
  // The feedback_verdict_check constraint keeps verdict within FEEDBACK_VERDICTS.
  return { ...rest, at: row.at.toISOString(), verdict: row.verdict as Verdict };
}
