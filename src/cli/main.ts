#!/usr/bin/env node
/**
 * The logsage command line: dispatches to a command and turns every failure into one line on
 * stderr and a documented exit code (0 ok, 1 bad usage or input, 2 internal failure).
 */
import { toLogsageError, UsageError } from "../errors.js";
import { ANALYZE_HELP, runAnalyze } from "./commands/analyze.js";
import { INGEST_HELP, runIngest } from "./commands/ingest.js";
import { KB_HELP, runKb } from "./commands/kb.js";
import { KEYS_HELP, runKeys } from "./commands/keys.js";
import { runScan, SCAN_HELP } from "./commands/scan.js";
import { runServe, SERVE_HELP } from "./commands/serve.js";
import { runSuppress, SUPPRESS_HELP } from "./commands/suppress.js";

const HELP = `Usage: logsage <command> [options]

Commands:
  analyze [INPUT...]   find what is going wrong in logs and explain it
  scan INPUT...        show every record's template and anomaly score
  ingest PATH...       load knowledge files (runbooks, error codes, incidents)
  kb search|list|show  look into the knowledge base
  serve                run the HTTP service
  keys create|list|revoke  API keys for the HTTP service
  suppress add|list|remove  quiet known noise in later analyses

Run "logsage <command> --help" for a command's options.
`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  analyze: runAnalyze,
  scan: runScan,
  ingest: runIngest,
  kb: runKb,
  serve: runServe,
  keys: runKeys,
  suppress: runSuppress,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(
      [
        HELP,
        ANALYZE_HELP,
        SCAN_HELP,
        INGEST_HELP,
        KB_HELP,
        SERVE_HELP,
        KEYS_HELP,
        SUPPRESS_HELP,
      ].join("\n"),
    );
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command "${command}"; run "logsage --help"`);
  return run(rest);
}

const debug = process.argv.includes("--debug");
// Writing to a closed pipe (logsage scan | head) is not an error worth a stack trace.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const error = toLogsageError(err);
    process.stderr.write(`logsage: ${error.message}\n`);
    if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = error.exitCode;
  },
);
