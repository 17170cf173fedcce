/**
 * Resolves what the user named (files, directories, globs, "-" for stdin, a single entry) into an
 * ordered list of sources. Directories are walked recursively in a stable order. Missing paths are
 * an InputError: the user typed something that is not there.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { glob, isDynamicPattern } from "tinyglobby";
import { InputError } from "../../errors.js";

export type Source =
  | { kind: "file"; path: string; size: number }
  | { kind: "stdin" }
  | { kind: "text"; name: string; text: string }
  /** Bytes arriving from elsewhere (an HTTP upload); gzip is recognised like a file's. */
  | { kind: "stream"; name: string; stream: Readable };

export function sourceName(source: Source): string {
  switch (source.kind) {
    case "file":
      return source.path;
    case "stdin":
      return "<stdin>";
    case "text":
    case "stream":
      return source.name;
  }
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

function describeFsError(path: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  const reason =
    code === "ENOENT"
      ? "no such file or directory"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : (err as Error).message;
  return new InputError(`cannot read ${path}: ${reason}`, { cause: err });
}

async function expand(arg: string): Promise<string[]> {
  if (isDynamicPattern(arg)) {
    const matches = await glob(arg, { onlyFiles: true, dot: false });
    if (matches.length === 0) throw new InputError(`no files match ${arg}`);
    return matches.sort();
  }
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(arg);
  } catch (err) {
    throw describeFsError(arg, err);
  }
  if (info.isDirectory()) {
    try {
      return await walk(arg);
    } catch (err) {
      throw describeFsError(arg, err);
    }
  }
  return [arg];
}

/** Resolve CLI arguments into sources. `single` is one log entry given as text. */
export async function resolveInputs(args: string[], single?: string): Promise<Source[]> {
  const sources: Source[] = [];
  if (single !== undefined) sources.push({ kind: "text", name: "<entry>", text: single });
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === "-") {
      sources.push({ kind: "stdin" });
      continue;
    }
    for (const path of await expand(arg)) {
      if (seen.has(path)) continue;
      seen.add(path);
      const info = await stat(path).catch((err: unknown) => {
        throw describeFsError(path, err);
      });
      sources.push({ kind: "file", path, size: info.size });
    }
  }
  if (sources.length === 0)
    throw new InputError("no input: give a file, directory, glob or - for stdin");
  return sources;
}
