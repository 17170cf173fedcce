/**
 * API keys: created with a role and a name, stored as the sha256 of a random 32-byte key (the key
 * itself is returned once and never stored), listed, and revoked. Used by `logsage keys` and by
 * the server's auth middleware.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { apiKeys } from "../../db/schema.js";
import { NotFoundError, ValidationError } from "../../errors.js";
import { ROLES, type Role } from "./roles.js";

/** A prefix makes a leaked key recognisable by secret scanners and people alike. */
const KEY_PREFIX = "lsk_";

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
  create(name: string, role: Role): Promise<{ key: string; record: ApiKey }>;
  list(): Promise<ApiKey[]>;
  revoke(id: string): Promise<void>;
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
  return {
    async create(name, role) {
      if (!name.trim()) throw new ValidationError("name: a key needs a name");
      if (!ROLES.includes(role)) throw new ValidationError(`role: one of ${ROLES.join(", ")}`);
      const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
      const [row] = await db
        .insert(apiKeys)
        .values({ id: randomBytes(6).toString("hex"), name, role, hash: hashKey(key) })
        .returning();
      if (!row) throw new Error("insert returned no row");
      return { key, record: toApiKey(row) };
    },
    async list() {
      return (await db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt))).map(toApiKey);
    },
    async revoke(id) {
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      if (rows.length === 0) throw new NotFoundError(`no active API key with id "${id}"`);
    },
    async verify(key) {
      if (!key.startsWith(KEY_PREFIX)) return undefined;
      const [row] = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.hash, hashKey(key)), isNull(apiKeys.revokedAt)));
      return row ? { name: row.name, role: toApiKey(row).role } : undefined;
    },
  };
}
