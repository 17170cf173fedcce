#!/usr/bin/env node
/**
 * The logsage command line: dispatches to a command and turns every failure into one line on
 * stderr and a documented exit code (0 ok, 1 bad usage or input, 2 internal failure).
 */
import { readFileSync } from "node:fs";
import { toLogsageError, UsageError } from "../errors.js";

interface Command {
  run(argv: string[]): Promise<number>;
  help: string;
}

/**
 * Each command's module is loaded only when it runs: `analyze` need not load the HTTP server, its
 * OpenAPI schemas and logger (a tenth of a second of every short analysis).
 */
const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  analyze: () => import("./commands/analyze.js"),
  scan: () => import("./commands/scan.js"),
  ingest: () => import("./commands/ingest.js"),
  kb: () => import("./commands/kb.js"),
  serve: () => import("./commands/serve.js"),
  keys: () => import("./commands/keys.js"),
  suppress: () => import("./commands/suppress.js"),
};

const HELP = `Usage: logsage <command> [options]

Commands:
  analyze [INPUT...]   find what is going wrong in logs and explain it
  scan INPUT...        show every record's template and anomaly score
  ingest PATH...       load knowledge files (runbooks, error codes, incidents)
  kb search|list|show  look into the knowledge base
  serve                run the HTTP service
  keys create|list|revoke  API keys for the HTTP service
  suppress add|list|remove  quiet known noise in later analyses

Run "logsage <command> --help" for a command's options, "logsage --version" for the version.
`;

/** The package's version: package.json sits two folders up from both src/cli and dist/cli. */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return String(pkg.version);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    const modules = await Promise.all(Object.values(COMMANDS).map((load) => load()));
    process.stdout.write([HELP, ...modules.map((m) => m.command.help)].join("\n"));
    return 0;
  }
  if (command === "--version" || command === "-V" || command === "version") {
    process.stdout.write(`logsage ${version()}\n`);
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) throw new UsageError(`unknown command "${command}"; run "logsage --help"`);
  return (await load()).command.run(rest);
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
