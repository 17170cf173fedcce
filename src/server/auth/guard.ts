/**
 * Route guards: `guard("curator")` lets a request through only with a Bearer key of that role or
 * above (401 without a known key, 403 with too small a role), anonymous callers only when the
 * config allows them and only up to read-and-analyze. Each caller is then rate limited.
 */
import type { MiddlewareHandler } from "hono";
import { ForbiddenError, RateLimitError, UnauthorizedError } from "../../errors.js";
import type { AppEnv } from "../env.js";
import type { KeyStore, Principal } from "./keys.js";
import { ANONYMOUS_ROLE, allows, type Role } from "./roles.js";

export interface GuardOptions {
  keys: KeyStore;
  anonymous: boolean;
  requestsPerMinute: number;
}

const WINDOW_MS = 60_000;

/** Fixed one-minute windows per caller: cheap, and enough to stop one script starving the rest. */
function rateLimiter(perMinute: number) {
  const windows = new Map<string, { start: number; count: number }>();
  return (caller: string) => {
    const now = Date.now();
    let window = windows.get(caller);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      windows.set(caller, window);
    }
    window.count++;
    if (window.count > perMinute) {
      throw new RateLimitError(
        `more than ${perMinute} requests in a minute from ${caller}`,
        window.start + WINDOW_MS - now,
      );
    }
  };
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

export function createGuard(options: GuardOptions): (needed: Role) => MiddlewareHandler<AppEnv> {
  const limit = rateLimiter(options.requestsPerMinute);
  const authenticate = async (header: string | undefined): Promise<Principal> => {
    const key = bearer(header);
    if (key === undefined) {
      if (header === undefined && options.anonymous)
        return { name: "anonymous", role: ANONYMOUS_ROLE };
      throw new UnauthorizedError("send an API key as 'Authorization: Bearer <key>'");
    }
    const principal = await options.keys.verify(key);
    if (!principal) throw new UnauthorizedError("unknown or revoked API key");
    return principal;
  };
  return (needed) => async (c, next) => {
    const principal = await authenticate(c.req.header("authorization"));
    if (!allows(principal.role, needed)) {
      throw new ForbiddenError(
        `this needs the ${needed} role; ${principal.name} is ${principal.role}`,
      );
    }
    limit(principal.name);
    c.set("principal", principal);
    await next();
  };
}
