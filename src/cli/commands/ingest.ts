/** `logsage ingest PATH...`: load knowledge files into the store and index. */
import { UsageError } from "../../errors.js";
import type { IngestSummary } from "../../ingest/ingest.js";
import { COMMON_OPTIONS, EMBED_HELP, EMBED_OPTIONS, oneOf, parse } from "../args.js";
import { withKnowledge } from "../knowledge.js";

export const INGEST_HELP = `Usage: logsage ingest PATH... [options]

Loads Markdown runbooks (YAML front matter) and YAML/JSON knowledge files, from files or
directories, into the knowledge base. Unchanged documents are left alone.

Options:
  --prune                remove documents whose files disappeared from the given paths
  --format text|json     summary format (default: text)
${EMBED_HELP}  --data-dir DIR         where logsage keeps its data (env LOGSAGE_DATA_DIR)
  --config FILE          JSON config file
Exit code 1 if any file failed validation; the others are still ingested.
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...EMBED_OPTIONS,
  prune: { type: "boolean" },
  format: { type: "string" },
} as const;

function textSummary(s: IngestSummary): string {
  const counts = `added ${s.added.length}, updated ${s.updated.length}, unchanged ${s.unchanged.length}, removed ${s.removed.length}, failed ${s.failed.length}`;
  return [counts, ...s.failed.map((f) => `failed: ${f.message}`)].join("\n");
}

export async function runIngest(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(INGEST_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("ingest needs at least one file or directory");
  const format = oneOf("format", values.format, ["text", "json"] as const) ?? "text";
  const summary = await withKnowledge(values, { seed: false }, (kb) =>
    kb.ingest(positionals, { prune: values.prune === true }),
  );
  process.stdout.write(
    format === "json" ? `${JSON.stringify(summary, null, 2)}\n` : `${textSummary(summary)}\n`,
  );
  return summary.failed.length > 0 ? 1 : 0;
}

/** What src/cli/main.ts loads when this command runs. */
export const command = { run: runIngest, help: INGEST_HELP };
