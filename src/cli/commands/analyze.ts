/** `logsage analyze [INPUT...]`: find what is going wrong and report it. */
import { writeFile } from "node:fs/promises";
import { InputError, UsageError } from "../../errors.js";
import { analyze } from "../../pipeline/analyze.js";
import { DETAILS } from "../../pipeline/group/index.js";
import { resolveInputs, type Source } from "../../pipeline/read/index.js";
import { FORMAT_EXTENSION, FORMATS, render } from "../../pipeline/report/index.js";
import { applySuppressions } from "../../pipeline/suppress/index.js";
import { type Finding, SEVERITIES, type Severity, severityRank } from "../../pipeline/types.js";
import { loadSuppressions } from "../../server/suppression-file.js";
import {
  COMMON_OPTIONS,
  configFrom,
  EMBED_HELP,
  EMBED_OPTIONS,
  oneOf,
  parse,
  str,
  WINDOW_HELP,
  WINDOW_OPTIONS,
  windowFlags,
} from "../args.js";
import { createProgress } from "../progress.js";

/** The exit code of `--fail-on` when the report has such a finding (README, "Exit codes"). */
const FINDINGS_EXIT = 3;

export const ANALYZE_HELP = `Usage: logsage analyze [INPUT...] [options]

INPUT is a file, directory (recursive), glob, .gz file, tar archive (.tar, .tar.gz), or - for stdin.

Options:
  --single TEXT          analyze one log entry given as text
  --format FORMAT        text | json | markdown | html (default: text on a terminal, json otherwise)
  --output WHERE         terminal | file (default: terminal)
  --out PATH             write the report to PATH (implies --output file)
  --detail LEVEL         critical | summary | full (default: summary)
  --llm PROVIDER         none | hf | endpoint (default: none; logs leave the machine only then)
  --llm-url URL          OpenAI-style base URL ending in /v1 (with --llm endpoint)
  --model ID             model id (default meta-llama/Meta-Llama-3-8B-Instruct)
  --baseline PATH        compare with a known-good log (file, directory, glob, .gz, tar; may be
                         repeated): each finding says whether the baseline had it, new ones first
${EMBED_HELP}${WINDOW_HELP}  --multiline on|off     join stack traces and continuation lines (default: on)
  --sift on|off          pass over lines that cannot be a problem without parsing or mining
                         them (default: on; off mines every record, as scan does)
  --data-dir DIR         where logsage keeps its data (env LOGSAGE_DATA_DIR)
  --config FILE          JSON config file (default: ./logsage.config.json if present)
  --fail-on SEVERITY     exit 3 when the report has a finding this severe or worse
                         (critical | error | warning | info); with --baseline, a new one
  --no-cache             ask the LLM again even for answers it gave before
  --no-color             plain text even on a terminal
  --debug                print stack traces for internal errors
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...EMBED_OPTIONS,
  ...WINDOW_OPTIONS,
  single: { type: "string" },
  baseline: { type: "string", multiple: true },
  format: { type: "string" },
  output: { type: "string" },
  out: { type: "string" },
  detail: { type: "string" },
  llm: { type: "string" },
  "llm-url": { type: "string" },
  model: { type: "string" },
  "no-color": { type: "boolean" },
  "no-cache": { type: "boolean" },
  sift: { type: "string" },
  "fail-on": { type: "string" },
} as const;

/** --llm, --llm-url and --model as a partial llm config, merged over the config file's. */
function llmFlags(values: Record<string, unknown>) {
  const provider = oneOf("llm", values.llm, ["none", "hf", "endpoint"] as const);
  const url = str(values["llm-url"]);
  const model = str(values.model);
  if (url !== undefined && provider !== undefined && provider !== "endpoint") {
    throw new UsageError("--llm-url needs --llm endpoint");
  }
  if (provider === "none") return { provider };
  const flags = { provider, url, model };
  return Object.values(flags).some((v) => v !== undefined) ? flags : undefined;
}

/**
 * Streams LLM answers to stderr, a finished line at a time and prefixed with the finding, so
 * answers written at the same time stay readable. The report itself is printed at the end.
 */
function streamTo(stream: NodeJS.WriteStream) {
  const pending = new Map<string, string>();
  return (id: string, delta: string) => {
    const lines = `${pending.get(id) ?? ""}${delta}`.split("\n");
    pending.set(id, lines.pop() ?? "");
    for (const line of lines) if (line.trim()) stream.write(`[${id}] ${line}\n`);
  };
}

/** --baseline paths as sources; stdin is the analyzed input's alone. */
async function baselineOf(value: unknown): Promise<Source[] | undefined> {
  const paths = Array.isArray(value) ? value.filter((p): p is string => typeof p === "string") : [];
  if (paths.length === 0) return undefined;
  if (paths.includes("-")) throw new UsageError("--baseline reads files, not stdin");
  return resolveInputs(paths);
}

function reportName(ext: string): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[:.]/g, "-")
    .replace(/-\d{3}Z$/, "Z");
  return `logsage-report-${stamp}.${ext}`;
}

export async function runAnalyze(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(ANALYZE_HELP);
    return 0;
  }
  const format =
    oneOf("format", values.format, FORMATS) ?? (process.stdout.isTTY ? "text" : "json");
  const output = values.out
    ? "file"
    : (oneOf("output", values.output, ["terminal", "file"] as const) ?? "terminal");
  const detail = oneOf("detail", values.detail, DETAILS) ?? "summary";
  const failOn = oneOf("fail-on", values["fail-on"], SEVERITIES);
  const sift = oneOf("sift", values.sift, ["on", "off"] as const);
  const config = configFrom(values, {
    llm: llmFlags(values),
    read: sift === undefined ? undefined : { sift: sift === "on" },
  });
  const window = windowFlags(values);
  const sources = await resolveInputs(positionals, str(values.single));
  const baseline = await baselineOf(values.baseline);
  const progress = createProgress(sources);
  const analyzed = await analyze(sources, config, {
    detail,
    window,
    baseline,
    progress: progress.update,
    notice: (message) => process.stderr.write(`logsage: ${message}\n`),
    noCache: values["no-cache"] === true,
    // Streaming is for a person watching a terminal; files and pipes get the final report only.
    onToken: format === "text" && process.stderr.isTTY ? streamTo(process.stderr) : undefined,
  });
  progress.done();
  // The same suppressions as the service's analyses, so a curated rule quiets both.
  const report = applySuppressions(analyzed, await loadSuppressions(config));
  const colour =
    format === "text" &&
    output === "terminal" &&
    process.stdout.isTTY &&
    !values["no-color"] &&
    !process.env.NO_COLOR;
  const text = render(report, format, colour);
  if (output === "terminal") {
    process.stdout.write(text);
  } else {
    const path = str(values.out) ?? reportName(FORMAT_EXTENSION[format]);
    try {
      await writeFile(path, text);
    } catch (err) {
      throw new InputError(`cannot write report to ${path}: ${(err as Error).message}`);
    }
    process.stderr.write(`report written to ${path}\n`);
  }
  return failOn ? exitFor(report.findings, failOn) : 0;
}

/** --fail-on: 3 when a finding is that severe or worse (and new, against a baseline). */
function exitFor(findings: Finding[], failOn: Severity): number {
  const failing = findings.filter(
    (f) => severityRank(f.severity) >= severityRank(failOn) && (f.baseline?.count ?? 0) === 0,
  );
  if (failing.length === 0) return 0;
  const what = failing.length === 1 ? "1 finding" : `${failing.length} findings`;
  process.stderr.write(`logsage: ${what} at ${failOn} or worse (--fail-on ${failOn}): exit 3\n`);
  return FINDINGS_EXIT;
}

/** What src/cli/main.ts loads when this command runs. */
export const command = { run: runAnalyze, help: ANALYZE_HELP };
