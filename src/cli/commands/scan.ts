/** `logsage scan INPUT...`: one row per record, showing what the pre-filter keeps and why. */
import { type ScanRow, scan } from "../../pipeline/analyze.js";
import { resolveInputs } from "../../pipeline/read/index.js";
import {
  COMMON_OPTIONS,
  configFrom,
  oneOf,
  parse,
  WINDOW_HELP,
  WINDOW_OPTIONS,
  windowFlags,
} from "../args.js";
import { createProgress } from "../progress.js";

export const SCAN_HELP = `Usage: logsage scan INPUT... [options]

Prints one row per log record: line, endLine, templateId, template, anomalous, score, reasons.

Options:
  --format FORMAT        jsonl | text (default: jsonl)
${WINDOW_HELP}  --multiline on|off     join stack traces and continuation lines (default: on)
  --config FILE          JSON config file
  --debug                print stack traces for internal errors
`;

const OPTIONS = { ...COMMON_OPTIONS, ...WINDOW_OPTIONS, format: { type: "string" } } as const;

function textRow(row: ScanRow): string {
  const span = row.endLine === row.line ? `${row.line}` : `${row.line}-${row.endLine}`;
  const flag = row.anomalous ? "!" : " ";
  return `${row.source}:${span}\t${flag} ${row.score.toFixed(2)}\t${row.templateId}\t${row.template}\t${row.reasons.join(",")}\n`;
}

/** Batches writes: one write call per record would dominate the run time. */
function bufferedStdout() {
  let buffer: string[] = [];
  let size = 0;
  const flush = () => {
    if (buffer.length > 0) process.stdout.write(buffer.join(""));
    buffer = [];
    size = 0;
  };
  return {
    write(text: string) {
      buffer.push(text);
      size += text.length;
      if (size > 1 << 20) flush();
    },
    flush,
  };
}

export async function runScan(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(SCAN_HELP);
    return 0;
  }
  const format = oneOf("format", values.format, ["jsonl", "text"] as const) ?? "jsonl";
  const config = configFrom(values);
  const window = windowFlags(values);
  const sources = await resolveInputs(positionals);
  const progress = createProgress(sources);
  const out = bufferedStdout();
  const result = await scan(
    sources,
    config,
    (row) => out.write(format === "jsonl" ? `${JSON.stringify(row)}\n` : textRow(row)),
    { progress: progress.update, window },
  );
  out.flush();
  progress.done();
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  return 0;
}

/** What src/cli/main.ts loads when this command runs. */
export const command = { run: runScan, help: SCAN_HELP };
