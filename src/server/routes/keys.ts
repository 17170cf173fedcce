/**
 * API keys over HTTP, for admins: list (never a secret), create (the key is in this one response
 * and nowhere else, ever), revoke. The same key store as `logsage keys`, audited the same way.
 */
import { Hono } from "hono";
import { z } from "zod";
import { ROLES } from "../auth/roles.js";
import { limitedJson } from "../body.js";
import type { RouteDeps } from "../deps.js";
import type { AppEnv } from "../env.js";
import { validate } from "../validate.js";

export const KeyBody = z
  .object({
    name: z.string().trim().min(1, "say who or what will use the key").max(200),
    role: z.enum(ROLES),
  })
  .strict();

const BODY_LIMIT = 16 * 1024;

export function keyRoutes({ keys, guard }: RouteDeps): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get("/v1/keys", guard("admin"), async (c) => c.json({ keys: await keys.list() }))
    .post("/v1/keys", guard("admin"), async (c) => {
      const { name, role } = validate(KeyBody, await limitedJson(c.req.raw, BODY_LIMIT), "body");
      const { key, record } = await keys.create(name, role, c.var.principal.name);
      c.header("Cache-Control", "no-store");
      return c.json({ ...record, key }, 201);
    })
    .delete("/v1/keys/:id", guard("admin"), async (c) => {
      await keys.revoke(c.req.param("id"), c.var.principal.name);
      return c.body(null, 204);
    });
}
