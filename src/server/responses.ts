/**
 * What the routes answer, as zod schemas for the OpenAPI document. Each is checked at compile time
 * against the type the code really returns (`same` below), and the tests parse live responses
 * with them, so the document cannot promise a shape the server does not send.
 */
// The zod of @hono/zod-openapi: `.openapi(name)` makes a schema a named component.
import { z } from "@hono/zod-openapi";
import { FEEDBACK_VERDICTS, SUPPRESSION_ACTIONS } from "../db/schema.js";
import { JOB_STATES, type JobStatus } from "../jobs/queue-port.js";
import { type AuditEntry, SUBJECT_AUDIT_ACTIONS } from "../knowledge/audit.js";
import type { SearchHit } from "../knowledge/index-port.js";
import { KINDS, KnowledgeDocumentSchema, type StoredDocument } from "../knowledge/model.js";
import { type Finding, LEVELS, type Report } from "../pipeline/types.js";
import type { AnalysisSummary, Feedback } from "./analyses.js";
import type { ApiKey } from "./auth/keys.js";
import { ROLES } from "./auth/roles.js";
import type { Suppression } from "./suppressions.js";

/** Compile-time proof that a schema's output and a type are the same, both ways. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function same<_A, _B>(_proof: Same<_A, _B>): void {}
/** Compile-time proof that a schema's output fits a type. */
function fits<_A, _B>(_proof: [_A] extends [_B] ? true : false): void {}

const count = z.number().int().min(0);
const time = z.string().describe("ISO 8601 time");

export const Problem = z
  .object({
    type: z.string().describe("urn:logsage:problem:<code>"),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe("what went wrong, naming the field for validation errors"),
  })
  .strict()
  .openapi("Problem");

const ParsedSample = z
  .object({
    message: z.string().describe("the record's message and continuation lines, header apart"),
    level: z.enum(LEVELS).optional(),
    host: z.string().optional(),
    logger: z.string().optional(),
    before: z.array(z.string()).describe("messages of the context lines before"),
    after: z.array(z.string()).describe("messages of the context lines after"),
  })
  .strict();

const Sample = z
  .object({
    line: count,
    text: z.string(),
    source: z.string().optional(),
    before: z.array(z.string()).optional(),
    after: z.array(z.string()).optional(),
    parsed: ParsedSample.optional(),
  })
  .strict();

export const FindingSchema = z
  .object({
    id: z.string(),
    severity: z.enum(["critical", "error", "warning", "info"]),
    score: z.number(),
    template: z.string(),
    templateIds: z.array(z.string()),
    count,
    lines: z.array(count),
    sources: z.array(z.string()),
    samples: z.array(Sample),
    hosts: z.array(z.string()).optional().describe("distinct hosts of its records (at most 64)"),
    loggers: z.array(z.string()).optional().describe("distinct loggers (at most 64)"),
    firstSeen: time.nullable(),
    lastSeen: time.nullable(),
    reasons: z.array(z.string()),
    description: z.string(),
    cause: z.string(),
    fix: z.array(z.string()),
    confidence: z.number(),
    knowledge: z.array(
      z.object({ id: z.string(), kind: z.string(), title: z.string(), score: z.number() }).strict(),
    ),
    generatedBy: z.string().describe('"knowledge" or "llm:<model>"'),
  })
  .strict()
  .openapi("Finding");
same<z.output<typeof FindingSchema>, Finding>(true);

export const ReportSchema = z
  .object({
    version: z.string(),
    stats: z
      .object({
        sources: count,
        bytes: count,
        lines: count,
        records: count,
        passedOver: count,
        templates: count,
        anomalousRecords: count,
        findingsTotal: count,
        findings: count,
        timeSpan: z.object({ start: time.nullable(), end: time.nullable() }).strict(),
        formats: z.record(z.string()),
        redactions: z.record(count),
        tokens: z.object({ input: count, inputEstimated: z.boolean(), evidence: count }).strict(),
        llm: z
          .object({
            calls: count,
            cached: count,
            failed: count,
            tokensSent: count,
            tokensReceived: count,
          })
          .strict()
          .optional(),
        durationMs: count,
      })
      .strict(),
    warnings: z.array(z.string()),
    summary: z.string().optional(),
    findings: z.array(FindingSchema),
  })
  .strict()
  .openapi("Report");
same<z.output<typeof ReportSchema>, Report>(true);

export const AnalyzeProgress = z
  .object({ bytes: count.describe("raw bytes read"), lines: count.describe("lines read") })
  .strict();
export const StreamedReport = z
  .object({ id: z.string(), location: z.string(), report: ReportSchema })
  .strict();

/** One server-sent event of POST /v1/analyze; `data` is a line of JSON. */
export const AnalyzeEvent = z.discriminatedUnion("event", [
  z.object({ event: z.literal("progress"), data: AnalyzeProgress }),
  z.object({ event: z.literal("finding"), data: FindingSchema }),
  z.object({ event: z.literal("report"), data: StreamedReport }),
  z.object({ event: z.literal("error"), data: Problem }),
]);

const FeedbackSchema = z
  .object({
    id: z.number().int(),
    findingId: z.string(),
    at: time,
    actor: z.string(),
    verdict: z.enum(FEEDBACK_VERDICTS),
    cause: z.string().nullable(),
    fix: z.array(z.string()).nullable(),
    knowledgeId: z.string().nullable(),
    comment: z.string().nullable(),
  })
  .strict()
  .openapi("Feedback");
same<z.output<typeof FeedbackSchema>, Feedback>(true);

export { FeedbackSchema as Feedback };

const AnalysisSummarySchema = z
  .object({ id: z.string(), createdAt: time, actor: z.string(), findings: count })
  .strict()
  .openapi("AnalysisSummary");
same<z.output<typeof AnalysisSummarySchema>, AnalysisSummary>(true);

export const AnalysisList = z
  .object({ analyses: z.array(AnalysisSummarySchema), total: count, limit: count, offset: count })
  .strict();
export const Analysis = z
  .object({
    id: z.string(),
    createdAt: time,
    actor: z.string(),
    report: ReportSchema,
    feedback: z.array(FeedbackSchema),
  })
  .strict();

export const Job = z
  .object({
    id: z.string(),
    state: z.enum(JOB_STATES),
    createdAt: time,
    progress: z.object({ bytes: count, totalBytes: count }).strict(),
    result: z.object({ analysisId: z.string(), findings: count }).strict().optional(),
    error: z.string().optional(),
  })
  .strict()
  .openapi("Job");
same<z.output<typeof Job>, JobStatus<{ analysisId: string; findings: number }>>(true);

export const JobList = z
  .object({ jobs: z.array(Job), total: count, limit: count, offset: count })
  .strict();

/** One server-sent event of GET /v1/jobs/:id/events: named after the state, the status as data. */
export const JobEvent = z.object({ event: Job.shape.state, data: Job }).strict();

const StoredDocumentSchema = KnowledgeDocumentSchema.extend({
  contentHash: z.string(),
  version: z.number().int().min(1),
  createdAt: time,
  updatedAt: time,
})
  .strict()
  .openapi("StoredDocument");
same<z.output<typeof StoredDocumentSchema>, StoredDocument>(true);

export { StoredDocumentSchema as StoredDocument };

export const DocumentList = z
  .object({ documents: z.array(StoredDocumentSchema), total: count, limit: count, offset: count })
  .strict();
export const DocumentWithChunks = StoredDocumentSchema.extend({
  chunks: z.array(
    z
      .object({
        documentId: z.string(),
        ordinal: count,
        sectionPath: z.array(z.string()),
        text: z.string(),
      })
      .strict(),
  ),
}).strict();

const SearchHitSchema = z
  .object({
    id: z.string(),
    kind: z.enum(KINDS),
    title: z.string(),
    score: z.number(),
    chunk: z.object({ sectionPath: z.array(z.string()), text: z.string() }).strict(),
  })
  .strict()
  .openapi("SearchHit");
same<z.output<typeof SearchHitSchema>, SearchHit>(true);
export const SearchResults = z.object({ hits: z.array(SearchHitSchema) }).strict();

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: time,
    revokedAt: time.nullable(),
  })
  .strict()
  .openapi("ApiKey");
same<z.output<typeof ApiKeySchema>, ApiKey>(true);
export const KeyList = z.object({ keys: z.array(ApiKeySchema) }).strict();
export const CreatedKey = ApiKeySchema.extend({
  key: z.string().describe("the secret, shown this once"),
}).openapi("CreatedKey");

const SuppressionSchema = z
  .object({
    id: z.number().int(),
    template: z.string().nullable(),
    pattern: z.string().nullable(),
    action: z.enum(SUPPRESSION_ACTIONS),
    reason: z.string(),
    actor: z.string(),
    createdAt: time,
  })
  .strict()
  .openapi("Suppression");
same<z.output<typeof SuppressionSchema>, Suppression>(true);

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: time,
    actor: z.string(),
    action: z.enum(["create", "update", "delete", ...SUBJECT_AUDIT_ACTIONS]),
    documentId: z.string().nullable().describe("set for document writes only"),
    before: z.union([StoredDocumentSchema, SuppressionSchema, ApiKeySchema]).nullable(),
    after: z.union([StoredDocumentSchema, SuppressionSchema, ApiKeySchema]).nullable(),
  })
  .strict()
  .openapi("AuditEntry");
// One way only: the store types before/after as any object, the API names the three it writes.
fits<z.output<typeof AuditEntrySchema>, AuditEntry>(true);
export const AuditLog = z.object({ entries: z.array(AuditEntrySchema) }).strict();

export { SuppressionSchema as Suppression };
export const SuppressionList = z.object({ suppressions: z.array(SuppressionSchema) }).strict();

export const Health = z.object({ status: z.literal("ok") }).strict();
export const Ready = z
  .object({ status: z.literal("ready"), documents: count, indexed: count })
  .strict();
export const NotReady = z.object({ status: z.literal("unavailable"), detail: z.string() }).strict();
