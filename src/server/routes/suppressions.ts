/** Suppressions of known noise: listed by readers, added and removed (audited) by curators. */
import { Hono } from "hono";
import { z } from "zod";
import { limitedJson } from "../body.js";
import type { RouteDeps } from "../deps.js";
import type { AppEnv } from "../env.js";
import { SuppressionInputSchema } from "../suppressions.js";
import { validate } from "../validate.js";

export const SuppressionBody = SuppressionInputSchema;

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
      await suppressions.remove(id, c.var.principal.name);
      return c.body(null, 204);
    });
}
