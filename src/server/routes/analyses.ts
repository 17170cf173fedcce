/** Stored analyses (newest first, then one with its feedback) and feedback on their findings. */
import { Hono } from "hono";
import { z } from "zod";
import { FEEDBACK_VERDICTS } from "../../db/schema.js";
import { limitedJson } from "../body.js";
import type { RouteDeps } from "../deps.js";
import type { AppEnv } from "../env.js";
import { validate } from "../validate.js";

export const Page = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const FeedbackBody = z
  .object({
    verdict: z.enum(FEEDBACK_VERDICTS),
    /** The cause as it really was, when the finding got it wrong. */
    cause: z.string().min(1).max(10_000).optional(),
    fix: z.array(z.string().min(1).max(10_000)).max(50).optional(),
    /** The knowledge document that should have been cited. */
    knowledgeId: z.string().min(1).max(128).optional(),
    comment: z.string().max(10_000).optional(),
  })
  .strict();

/** Feedback is small; a megabyte is already generous. */
const FEEDBACK_LIMIT = 1024 * 1024;

export function analysisRoutes({ analyses, guard }: RouteDeps): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get("/v1/analyses", guard("reader"), async (c) => {
      const page = validate(Page, c.req.query(), "query");
      return c.json({ ...(await analyses.list(page)), ...page });
    })
    .get("/v1/analyses/:id", guard("reader"), async (c) =>
      c.json(await analyses.get(c.req.param("id"))),
    )
    .post("/v1/analyses/:id/findings/:findingId/feedback", guard("analyst"), async (c) => {
      const input = validate(FeedbackBody, await limitedJson(c.req.raw, FEEDBACK_LIMIT), "body");
      const { id, findingId } = c.req.param();
      const given = await analyses.addFeedback(id, findingId, c.var.principal.name, input);
      return c.json(given, 201);
    });
}
