/**
 * Knowledge curation: list, read, create, replace and delete documents. A document's ETag is its
 * version (`W/"3"`); PUT and DELETE honour If-Match, so an edit made from a stale copy gets 412
 * instead of silently overwriting someone else's. Writes go through KnowledgeBase.put/remove,
 * which re-index and audit them before the response leaves.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { NotFoundError, ValidationError, VersionConflictError } from "../../errors.js";
import { chunkDocument } from "../../ingest/index.js";
import { renderBody } from "../../ingest/render.js";
import type { KnowledgeBase } from "../../knowledge/base.js";
import { KINDS, KnowledgeDocumentSchema, type StoredDocument } from "../../knowledge/model.js";
import { limitedJson } from "../body.js";
import type { RouteDeps } from "../deps.js";
import type { AppEnv } from "../env.js";
import { validate } from "../validate.js";

export const ListQuery = z
  .object({
    kind: z.enum(KINDS).optional(),
    service: z.string().optional(),
    tag: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

/** Documents written over HTTP say where they came from themselves: "api". */
export const WrittenDocument = KnowledgeDocumentSchema.omit({ source: true }).extend({
  body: z.string().default(""),
});
export const ReplacedDocument = WrittenDocument.extend({ id: WrittenDocument.shape.id.optional() });

export function etagOf(doc: StoredDocument): string {
  return `W/"${doc.version}"`;
}

/**
 * The version an If-Match names: undefined without the header, "*" for any current version.
 * Anything else can never match a version ETag, so the write is refused as stale.
 */
function expectedVersion(header: string | undefined): number | "*" | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === "*") return "*";
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  if (!match?.[1]) {
    throw new VersionConflictError(`If-Match ${header} is not an ETag this server gave out`);
  }
  return Number(match[1]);
}

/** "*" means "whatever version is there now", which is only a precondition that it exists. */
async function resolveExpected(kb: KnowledgeBase, id: string, header: string | undefined) {
  const expected = expectedVersion(header);
  if (expected !== "*") return expected;
  const current = await kb.repository.get(id);
  if (!current) throw new VersionConflictError(`If-Match: * but document ${id} does not exist`);
  return current.version;
}

/** Stores a document written over HTTP and answers with it (201 and Location when it is new). */
export async function storeDocument(
  c: Context<AppEnv>,
  kb: KnowledgeBase,
  input: z.output<typeof WrittenDocument>,
  expected?: number,
) {
  // A body left empty is rendered from the fields, as for a YAML file without one.
  const rendered = input.body === "" && input.kind !== "runbook";
  const document = {
    ...input,
    source: "api",
    body: rendered ? renderBody({ ...input, source: "api" }) : input.body,
  };
  const chunks = chunkDocument(document, rendered ? "fields" : "markdown");
  const result = await kb.put(document, chunks, {
    actor: c.var.principal.name,
    expectedVersion: expected,
  });
  c.header("ETag", etagOf(result.document));
  if (result.status !== "added") return c.json(result.document, 200);
  c.header("Location", `/v1/kb/documents/${encodeURIComponent(document.id)}`);
  return c.json(result.document, 201);
}

export function documentRoutes({ knowledge: kb, guard, config }: RouteDeps): Hono<AppEnv> {
  const limit = config.server.bodyLimitBytes;
  return new Hono<AppEnv>()
    .get("/v1/kb/documents", guard("reader"), async (c) => {
      const { limit: pageSize, offset, ...filter } = validate(ListQuery, c.req.query(), "query");
      const [documents, total] = await Promise.all([
        kb.repository.list({ ...filter, limit: pageSize, offset }),
        kb.repository.count(filter),
      ]);
      return c.json({ documents, total, limit: pageSize, offset });
    })
    .post("/v1/kb/documents", guard("curator"), async (c) => {
      const input = validate(WrittenDocument, await limitedJson(c.req.raw, limit), "body");
      // Version 0: only if no document has this id yet (the repository's rule).
      return storeDocument(c, kb, input, 0);
    })
    .get("/v1/kb/documents/:id", guard("reader"), async (c) => {
      const id = c.req.param("id");
      const doc = await kb.repository.get(id);
      if (!doc) throw new NotFoundError(`no knowledge document with id "${id}"`);
      c.header("ETag", etagOf(doc));
      return c.json({ ...doc, chunks: await kb.repository.chunks(id) });
    })
    .put("/v1/kb/documents/:id", guard("curator"), async (c) => {
      const id = c.req.param("id");
      const input = validate(ReplacedDocument, await limitedJson(c.req.raw, limit), "body");
      if (input.id !== undefined && input.id !== id) {
        throw new ValidationError(
          `body.id: "${input.id}" differs from the id in the path ("${id}")`,
        );
      }
      const expected = await resolveExpected(kb, id, c.req.header("if-match"));
      return storeDocument(c, kb, { ...input, id }, expected);
    })
    .delete("/v1/kb/documents/:id", guard("curator"), async (c) => {
      const id = c.req.param("id");
      const expected = await resolveExpected(kb, id, c.req.header("if-match"));
      await kb.remove(id, { actor: c.var.principal.name, expectedVersion: expected });
      return c.body(null, 204);
    });
}
