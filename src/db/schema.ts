/**
 * The drizzle schema of the store, the source of truth shared by PGlite and PostgreSQL.
 * `npx drizzle-kit generate` turns changes here into SQL under migrations/; never edit applied
 * migrations. No vector columns: Debian's PostgreSQL has no pgvector, so dense vectors are kept
 * as bytes (chunk_vectors) and searched in the index, rebuilt from here.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  customType,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { JOB_STATES } from "../jobs/queue-port.js";
import { KINDS } from "../knowledge/model.js";
import { ROLES } from "../server/auth/roles.js";

/** `column in ('a', 'b')` for a fixed list of values. */
const oneOf = (column: unknown, values: readonly string[]) =>
  sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`;

/** Timestamps are instants: with time zone, read back as Date whatever the server's TimeZone. */
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** String lists are jsonb so both drivers read them back as plain arrays and `@>` can filter. */
const stringList = (name: string) => jsonb(name).$type<string[]>().notNull().default([]);

export const documents = pgTable(
  "documents",
  {
    /** The id written in the source file, kept as-is (dots and colons included). */
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    services: stringList("services"),
    tags: stringList("tags"),
    errorCodes: stringList("error_codes"),
    symptoms: stringList("symptoms"),
    cause: text("cause").notNull().default(""),
    fix: stringList("fix"),
    fields: jsonb("fields").$type<Record<string, unknown>>().notNull().default({}),
    source: text("source").notNull(),
    /** sha256 of the canonical JSON of the document fields: equal hash, nothing to write. */
    contentHash: text("content_hash").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    check("documents_kind_check", oneOf(t.kind, KINDS)),
    check("documents_version_check", sql`${t.version} >= 1`),
    index("documents_kind_idx").on(t.kind),
    index("documents_services_idx").using("gin", t.services),
    index("documents_tags_idx").using("gin", t.tags),
  ],
);

/** Raw bytes: node-postgres reads them back as a Buffer, PGlite as a Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/** Searchable pieces of a document, replaced whole whenever the document changes. */
export const chunks = pgTable(
  "chunks",
  {
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    ordinal: integer("ordinal").notNull(),
    sectionPath: stringList("section_path"),
    text: text("text").notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.ordinal] })],
);

/**
 * Dense vectors of chunks, one per chunk and embedder (`provider:model:dimensions`), as
 * little-endian float32 bytes. `text_hash` is the sha256 of the text that was embedded: a chunk
 * whose text changed gets a new vector, an unchanged one keeps its vector across document
 * versions. No foreign key to chunks, which are replaced whole on every update; rows go with
 * their document.
 */
export const chunkVectors = pgTable(
  "chunk_vectors",
  {
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    ordinal: integer("ordinal").notNull(),
    embedder: text("embedder").notNull(),
    textHash: text("text_hash").notNull(),
    vector: bytea("vector").notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.ordinal, t.embedder] })],
);

/**
 * Every knowledge write, for the curation API. No foreign key to documents: the trail of a
 * removed document must outlive it.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: instant("at").notNull().defaultNow(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    documentId: text("document_id"),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [index("audit_log_document_idx").on(t.documentId, t.at)],
);

/** LLM answers keyed by a hash of model, prompt version and input, so re-analysis costs nothing. */
export const llmCache = pgTable("llm_cache", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  createdAt: instant("created_at").notNull().defaultNow(),
});

/**
 * API keys of the HTTP service. Only the sha256 of a key is kept: the key itself is shown once,
 * when it is created. Revoked keys stay, so the audit trail's names keep meaning something.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    hash: text("hash").notNull().unique(),
    createdAt: instant("created_at").notNull().defaultNow(),
    revokedAt: instant("revoked_at"),
  },
  (t) => [check("api_keys_role_check", oneOf(t.role, ROLES))],
);

/**
 * Reports of analyses made through the HTTP service, for GET /v1/analyses and feedback. The report
 * is json, not jsonb: it is only ever read back whole, and jsonb's conversion on insert was a
 * third of what the service spent storing a small analysis.
 */
export const analyses = pgTable(
  "analyses",
  {
    id: text("id").primaryKey(),
    createdAt: instant("created_at").notNull().defaultNow(),
    actor: text("actor").notNull(),
    findings: integer("findings").notNull(),
    report: json("report").notNull(),
  },
  (t) => [index("analyses_created_idx").on(t.createdAt)],
);

export const FEEDBACK_VERDICTS = ["helpful", "wrong"] as const;

/** What people said about a finding: the raw material for better knowledge. */
export const feedback = pgTable(
  "feedback",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    analysisId: text("analysis_id")
      .notNull()
      .references(() => analyses.id, { onDelete: "cascade" }),
    findingId: text("finding_id").notNull(),
    at: instant("at").notNull().defaultNow(),
    actor: text("actor").notNull(),
    verdict: text("verdict").notNull(),
    cause: text("cause"),
    fix: jsonb("fix").$type<string[]>(),
    knowledgeId: text("knowledge_id"),
    comment: text("comment"),
  },
  (t) => [
    check("feedback_verdict_check", oneOf(t.verdict, FEEDBACK_VERDICTS)),
    index("feedback_analysis_idx").on(t.analysisId, t.findingId),
  ],
);

export const SUPPRESSION_ACTIONS = ["drop", "demote"] as const;

/**
 * Known noise: findings whose template equals `template`, or matches the regular expression
 * `pattern`, are dropped from later reports or demoted to info.
 */
export const suppressions = pgTable(
  "suppressions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    template: text("template"),
    pattern: text("pattern"),
    action: text("action").notNull(),
    reason: text("reason").notNull(),
    actor: text("actor").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    check("suppressions_action_check", oneOf(t.action, SUPPRESSION_ACTIONS)),
    check("suppressions_match_check", sql`(${t.template} is null) <> (${t.pattern} is null)`),
  ],
);

/**
 * Analysis jobs, written down when accepted and at every change of state, so that a restart
 * resumes the jobs it did not finish and still answers for those it did. `owner` names the server
 * (host and data dir) whose uploads directory holds the input: a server resumes only its own.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    owner: text("owner").notNull(),
    state: text("state").notNull(),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
    input: jsonb("input").notNull(),
    totalBytes: bigint("total_bytes", { mode: "number" }).notNull(),
    result: jsonb("result"),
    error: text("error"),
  },
  (t) => [
    check("jobs_state_check", oneOf(t.state, JOB_STATES)),
    index("jobs_owner_state_idx").on(t.owner, t.state),
  ],
);
