/** Knowledge search (what an analysis would retrieve for a text) and the audit trail of writes. */
import { Hono } from "hono";
import { z } from "zod";
import { listAudit } from "../../knowledge/audit.js";
import { KINDS } from "../../knowledge/model.js";
import { findCodes } from "../../pipeline/retrieve/index.js";
import type { RouteDeps } from "../deps.js";
import type { AppEnv } from "../env.js";
import { validate } from "../validate.js";

export const SearchQuery = z
  .object({
    q: z.string().trim().min(1, "give some text to search for"),
    k: z.coerce.number().int().min(1).max(100).default(5),
    kind: z.enum(KINDS).optional(),
    service: z.string().optional(),
  })
  .strict();

export const AuditQuery = z
  .object({
    documentId: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export function kbRoutes({ knowledge, guard }: RouteDeps): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get("/v1/kb/search", guard("reader"), async (c) => {
      const { q, k, kind, service } = validate(SearchQuery, c.req.query(), "query");
      const hits = await knowledge.index.search({
        text: q,
        codes: findCodes(q),
        k,
        kinds: kind ? [kind] : undefined,
        services: service ? [service] : undefined,
      });
      return c.json({ hits });
    })
    .get("/v1/kb/audit", guard("admin"), async (c) => {
      const filter = validate(AuditQuery, c.req.query(), "query");
      return c.json({ entries: await listAudit(knowledge.database.db, filter) });
    });
}
