/**
 * Suppressions: curated rules for known noise, stored beside the knowledge and applied to every
 * report the service and the CLI make (src/pipeline/suppress). Every add and remove is audited in
 * the same transaction. Reads are served from memory for a few seconds, because every analysis
 * reads them; for the embedded store a copy is kept in the data dir for the CLI's analyses.
 */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.js";
import { SUPPRESSION_ACTIONS, suppressions } from "../db/schema.js";
import { NotFoundError } from "../errors.js";
import { recordSubjectAudit } from "../knowledge/audit.js";
import {
  markSuppressionsDirty,
  type SuppressionStoreConfig,
  type SuppressionStoreOptions,
  suppressionStoreOptions,
  writeSuppressionFile,
} from "./suppression-file.js";

export { type SuppressionStoreOptions, suppressionStoreOptions } from "./suppression-file.js";

export type SuppressionAction = (typeof SUPPRESSION_ACTIONS)[number];

export interface Suppression {
  id: number;
  /** Exactly one of template (equal) and pattern (regular expression) is set. */
  template: string | null;
  pattern: string | null;
  action: SuppressionAction;
  reason: string;
  actor: string;
  createdAt: string;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** A new suppression as the API and `logsage suppress add` accept it. */
export const SuppressionInputSchema = z
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

export type SuppressionInput = z.output<typeof SuppressionInputSchema>;

/**
 * How long a read list is reused. Writes through this store refresh it at once; writes by another
 * process sharing a PostgreSQL server are seen within this time.
 */
export const LIST_TTL_MS = 5_000;

function toSuppression(row: typeof suppressions.$inferSelect): Suppression {
  // The suppressions_action_check constraint keeps action within SUPPRESSION_ACTIONS.
  return {
    ...row,
    action: row.action as SuppressionAction,
    createdAt: row.createdAt.toISOString(),
  };
}

export function createSuppressionStore(db: Db, options: SuppressionStoreOptions = {}) {
  const { fileDir } = options;
  let cached: { list: Promise<Suppression[]>; until: number } | undefined;
  const read = async () =>
    (await db.select().from(suppressions).orderBy(asc(suppressions.id))).map(toSuppression);
  /** Dirty copy before, fresh list and copy after: see suppression-file.ts. */
  const write = async <T>(run: () => Promise<T>): Promise<T> => {
    if (fileDir) await markSuppressionsDirty(fileDir);
    cached = undefined;
    try {
      return await run();
    } finally {
      const list = await read();
      cached = { list: Promise.resolve(list), until: Date.now() + LIST_TTL_MS };
      if (fileDir) await writeSuppressionFile(fileDir, list);
    }
  };
  return {
    list(): Promise<Suppression[]> {
      const now = Date.now();
      if (!cached || cached.until <= now) {
        // Concurrent readers share one query; a failed one is not remembered.
        const list = read();
        cached = { list, until: now + LIST_TTL_MS };
        list.catch(() => {
          cached = undefined;
        });
      }
      return cached.list;
    },
    add: (input: SuppressionInput, actor: string): Promise<Suppression> =>
      write(() =>
        db.transaction(async (tx) => {
          const [row] = await tx
            .insert(suppressions)
            .values({
              ...input,
              template: input.template ?? null,
              pattern: input.pattern ?? null,
              actor,
            })
            .returning();
          if (!row) throw new Error("insert returned no row");
          const created = toSuppression(row);
          await recordSubjectAudit(tx, { actor, action: "suppression.create", after: created });
          return created;
        }),
      ),
    remove: (id: number, actor: string): Promise<void> =>
      write(() =>
        db.transaction(async (tx) => {
          const [row] = await tx.delete(suppressions).where(eq(suppressions.id, id)).returning();
          if (!row) throw new NotFoundError(`no suppression with id ${id}`);
          await recordSubjectAudit(tx, {
            actor,
            action: "suppression.delete",
            before: toSuppression(row),
          });
        }),
      ),
  };
}

export type SuppressionStore = ReturnType<typeof createSuppressionStore>;

/**
 * Rewrites the data dir's copy from the store (embedded store only). The service does this when
 * it starts, so CLI analyses next to a running service never need to open its PGlite.
 */
export async function syncSuppressionFile(
  db: Db,
  config: SuppressionStoreConfig,
): Promise<Suppression[]> {
  const options = suppressionStoreOptions(config);
  const list = await createSuppressionStore(db, options).list();
  if (options.fileDir) await writeSuppressionFile(options.fileDir, list);
  return list;
}
