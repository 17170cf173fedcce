/** `logsage kb search|list|show`: look into the knowledge base. */
import { NotFoundError, UsageError } from "../../errors.js";
import { KINDS, type StoredDocument } from "../../knowledge/model.js";
import { findCodes } from "../../pipeline/retrieve/index.js";
import { COMMON_OPTIONS, EMBED_HELP, EMBED_OPTIONS, oneOf, parse, str } from "../args.js";
import { withKnowledge } from "../knowledge.js";

export const KB_HELP = `Usage: logsage kb <search TEXT | list | show ID> [options]

  search TEXT            hybrid search, best first (--k N, default 5; --kind K; --service S)
  list                   documents by id (--kind K, --service S, --tag T, --limit N, --offset N)
  show ID                one document

Options: --format text|json, --data-dir DIR, --config FILE
${EMBED_HELP}`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...EMBED_OPTIONS,
  format: { type: "string" },
  k: { type: "string" },
  kind: { type: "string" },
  service: { type: "string" },
  tag: { type: "string" },
  limit: { type: "string" },
  offset: { type: "string" },
} as const;

function count(flag: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${flag} must be a whole number (got ${String(value)})`);
  return n;
}

function listLine(d: StoredDocument): string {
  return `${d.id}\t${d.kind}\tv${d.version}\t${d.title}`;
}

function showText(d: StoredDocument): string {
  const meta = [
    `id: ${d.id}`,
    `kind: ${d.kind}`,
    `title: ${d.title}`,
    `version: ${d.version}`,
    `source: ${d.source}`,
  ];
  if (d.services.length) meta.push(`services: ${d.services.join(", ")}`);
  if (d.errorCodes.length) meta.push(`error codes: ${d.errorCodes.join(", ")}`);
  return `${meta.join("\n")}\n\n${d.body.trim()}\n`;
}

export async function runKb(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  const [action, ...args] = positionals;
  if (values.help || action === undefined) {
    process.stdout.write(KB_HELP);
    return action === undefined && !values.help ? 1 : 0;
  }
  const json = (oneOf("format", values.format, ["text", "json"] as const) ?? "text") === "json";
  const kind = oneOf("kind", values.kind, KINDS);
  const service = str(values.service);
  const out = (text: string) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  return withKnowledge(values, { seed: true }, async (kb) => {
    if (action === "search") {
      const text = args.join(" ").trim();
      if (!text) throw new UsageError("kb search needs some text");
      const hits = await kb.index.search({
        text,
        codes: findCodes(text),
        k: count("k", values.k, 5),
        kinds: kind ? [kind] : undefined,
        services: service ? [service] : undefined,
      });
      out(
        json
          ? JSON.stringify(hits, null, 2)
          : hits.map((h) => `${h.score.toFixed(3)}\t${h.id}\t${h.kind}\t${h.title}`).join("\n") ||
              "no matching knowledge",
      );
    } else if (action === "list") {
      const docs = await kb.repository.list({
        kind,
        service,
        tag: str(values.tag),
        limit: count("limit", values.limit, 100),
        offset: count("offset", values.offset, 0),
      });
      out(json ? JSON.stringify(docs, null, 2) : docs.map(listLine).join("\n") || "no documents");
    } else if (action === "show") {
      const id = args[0];
      if (!id) throw new UsageError("kb show needs a document id");
      const doc = await kb.repository.get(id);
      if (!doc)
        throw new NotFoundError(`no knowledge document with id "${id}"; try "logsage kb list"`);
      out(
        json
          ? JSON.stringify({ ...doc, chunks: await kb.repository.chunks(id) }, null, 2)
          : showText(doc),
      );
    } else {
      throw new UsageError(`unknown kb action "${action}"; use search, list or show`);
    }
    return 0;
  });
}

/** What src/cli/main.ts loads when this command runs. */
export const command = { run: runKb, help: KB_HELP };
