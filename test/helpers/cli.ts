/** Runs the real CLI (from source, through tsx) in a child process, as a user would. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
/** Absolute, so the CLI can run from any working directory. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/**
 * One data dir per test file (each vitest worker imports this module once): the knowledge base is
 * seeded by the first analysis and reused by the rest, and never touches the user's own.
 */
const DATA_DIR = mkdtempSync(join(tmpdir(), "logsage-cli-data-"));
process.on("exit", () => rmSync(DATA_DIR, { recursive: true, force: true }));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: {
    stdin?: string | Buffer;
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    /** Node's own flags, before the CLI's. */
    nodeArgs?: string[];
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const node = [...(options.nodeArgs ?? []), "--import", TSX, MAIN];
    const child = spawn(process.execPath, [...node, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: "1", LOGSAGE_DATA_DIR: DATA_DIR, ...options.env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
    child.stdin.end(options.stdin ?? "");
  });
}
