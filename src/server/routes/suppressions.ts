/** Suppressions of known noise: listed by readers, added and removed by curators. */
import { Hono } from "hono";
import { z } from "zod";
import { SUPPRESSION_ACTIONS } from "../../db/schema.js";
import { limitedJson } from "../body.js";
import type { RouteDeps } from "../deps.js";
import type { AppEnv } from "../env.js";
import { validate } from "../validate.js";

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export const SuppressionBody = z
  .object({
    template: z.string().min(1).max(10_000).optional(),
    pattern: z
      .string()
      .min(1)
      .max(1000)
      .refine(compiles, "not a valid regular expression")
      .optional(),
    action: z.enum(SUPPRESSION_ACTIONS).default("drop"),
    reason: z.string().trim().min(1, "say why this is noise").max(1000),
  })
  .strict()
  .refine((b) => (b.template === undefined) !== (b.pattern === undefined), {
    message: "give either template or pattern",
  });

const IdParam = z.object({ id: z.coerce.number().int().min(1) });
const BODY_LIMIT = 64 * 1024;

export function suppressionRoutes({ suppressions, guard }: RouteDeps): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get("/v1/kb/suppressions", guard("reader"), async (c) =>
      c.json({ suppressions: await suppressions.list() }),
    )
    .post("/v1/kb/suppressions", guard("curator"), async (c) => {
      const input = validate(SuppressionBody, await limitedJson(c.req.raw, BODY_LIMIT), "body");
      return c.json(await suppressions.add(input, c.var.principal.name), 201);
    })
    .delete("/v1/kb/suppressions/:id", guard("curator"), async (c) => {
      const { id } = validate(IdParam, c.req.param(), "path");
      await suppressions.remove(id);
      return c.body(null, 204);
    });
}
