/**
 * API keys: created with a role and a name, stored as the sha256 of a random 32-byte key (the key
 * itself is returned once and never stored), listed, and revoked; every create and revoke is in
 * the audit log. Used by `logsage keys`, the keys routes and the server's auth middleware.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { apiKeys } from "../../db/schema.js";
import { NotFoundError, ValidationError } from "../../errors.js";
import { recordSubjectAudit } from "../../knowledge/audit.js";
import { ROLES, type Role } from "./roles.js";

/** A prefix makes a leaked key recognisable by secret scanners and people alike. */
const KEY_PREFIX = "lsk_";

/**
 * How long a verified key is trusted without asking the store again. A revoke made through this
 * store takes effect at once; one made by another process sharing a PostgreSQL server takes
 * effect within this time.
 */
export const VERIFIED_TTL_MS = 10_000;

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

/** Who a request acts as: the key's name goes into the audit log. */
export interface Principal {
  name: string;
  role: Role;
}

export interface KeyStore {
  /** `actor` is who creates it, for the audit log. */
  create(name: string, role: Role, actor: string): Promise<{ key: string; record: ApiKey }>;
  list(): Promise<ApiKey[]>;
  /** NotFoundError unless an active key has this id. */
  revoke(id: string, actor: string): Promise<ApiKey>;
  /** The principal of an unrevoked key, or undefined. */
  verify(key: string): Promise<Principal | undefined>;
}

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

function toApiKey(row: typeof apiKeys.$inferSelect): ApiKey {
  return {
    id: row.id,
    name: row.name,
    // The api_keys_role_check constraint keeps this column within ROLES.
    role: row.role as Role,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export function createKeyStore(db: Db): KeyStore {
  // Every authenticated request verifies its key; a store round trip each time was a large share
  // of a small request's cost. Only keys found active are remembered (by hash, never the key).
  const verified = new Map<string, { principal: Principal; until: number }>();
  return {
    async create(name, role, actor) {
      if (!name.trim()) throw new ValidationError("name: a key needs a name");
      if (!ROLES.includes(role)) throw new ValidationError(`role: one of ${ROLES.join(", ")}`);
      const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
      const record = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(apiKeys)
          .values({ id: randomBytes(6).toString("hex"), name, role, hash: hashKey(key) })
          .returning();
        if (!row) throw new Error("insert returned no row");
        const created = toApiKey(row);
        await recordSubjectAudit(tx, { actor, action: "key.create", after: created });
        return created;
      });
      return { key, record };
    },
    async list() {
      return (await db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt))).map(toApiKey);
    },
    async revoke(id, actor) {
      const revoked = await db.transaction(async (tx) => {
        const [row] = await tx
          .update(apiKeys)
          .set({ revokedAt: new Date() })
          .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
          .returning();
        if (!row) throw new NotFoundError(`no active API key with id "${id}"`);
        const after = toApiKey(row);
        await recordSubjectAudit(tx, {
          actor,
          action: "key.revoke",
          before: { ...after, revokedAt: null },
          after,
        });
        return after;
      });
      verified.clear();
      return revoked;
    },
    async verify(key) {
      if (!key.startsWith(KEY_PREFIX)) return undefined;
      const hash = hashKey(key);
      const now = Date.now();
      const known = verified.get(hash);
      if (known && known.until > now) return known.principal;
      const [row] = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)));
      if (!row) {
        verified.delete(hash);
        return undefined;
      }
      const principal = { name: row.name, role: toApiKey(row).role };
      verified.set(hash, { principal, until: now + VERIFIED_TTL_MS });
      return principal;
    },
  };
}
