/**
 * The peer engine for the retrieval benchmark: PostgreSQL full-text search in PGlite, with the
 * same field weighting (A: title, codes, symptoms; B: cause, fix; C: body) and ts_rank. Words are
 * ORed, because a finding's query is a whole log message and ANDing it (websearch_to_tsquery)
 * matches almost nothing. The benchmark uses it for quality and latency beside the embedded index.
 */
import { PGlite } from "@electric-sql/pglite";
import type { SearchQuery } from "../src/knowledge/index-port.js";
import type { Chunk, StoredDocument } from "../src/knowledge/model.js";

const SCHEMA = `
create table docs (id text primary key, kind text not null, services text[] not null, tsv tsvector not null);
create index docs_tsv on docs using gin (tsv);`;

/** Postgres' parser keeps codes like ENOSPC and 53300; plain words only, so no tsquery syntax leaks. */
function orQuery(query: SearchQuery): string {
  const words = `${query.text} ${(query.codes ?? []).join(" ")}`.match(/[A-Za-z0-9]+/g) ?? [];
  return [...new Set(words.map((w) => w.toLowerCase()))].join(" | ");
}

export interface PeerIndex {
  upsert(entries: { document: StoredDocument; chunks: Chunk[] }[]): Promise<void>;
  search(query: SearchQuery): Promise<{ id: string; score: number }[]>;
  close(): Promise<void>;
}

export async function createPgliteIndex(): Promise<PeerIndex> {
  const db = new PGlite();
  await db.exec(SCHEMA);
  return {
    async upsert(entries) {
      await db.transaction(async (tx) => {
        for (const { document: d, chunks } of entries) {
          await tx.query(
            `insert into docs values ($1, $2, $3,
               setweight(to_tsvector('english', $4), 'A') ||
               setweight(to_tsvector('english', $5), 'B') ||
               setweight(to_tsvector('english', $6), 'C'))
             on conflict (id) do update set kind = excluded.kind, services = excluded.services, tsv = excluded.tsv`,
            [
              d.id,
              d.kind,
              d.services,
              [d.title, ...d.errorCodes, ...d.symptoms].join("\n"),
              [d.cause, ...d.fix].join("\n"),
              chunks.map((c) => c.text).join("\n"),
            ],
          );
        }
      });
    },
    async search(query) {
      const text = orQuery(query);
      if (!text) return [];
      const result = await db.query<{ id: string; score: number }>(
        `select id, ts_rank(tsv, q) as score
           from docs, to_tsquery('english', $1) q
          where tsv @@ q
          order by score desc limit $2`,
        [text, query.k ?? 5],
      );
      return result.rows;
    },
    async close() {
      await db.close();
    },
  };
}
