/**
 * Resolves what the user named (files, directories, globs, "-" for stdin, a single entry) into an
 * ordered list of sources. Directories are walked recursively in a stable order, following links.
 * Missing paths are an InputError: the user typed something that is not there.
 */
import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
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

/**
 * Files under a directory, recursively, in name order. Symbolic links are followed, since log
 * directories are often made of them (/var/log/containers links every container's log); a link
 * to nothing is skipped, and a directory already walked is not walked again (a link loop).
 */
async function walk(dir: string, walked = new Set<string>()): Promise<string[]> {
  const real = await realpath(dir);
  if (walked.has(real)) return [];
  walked.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const kind = await kindOf(entry, path);
    if (kind === "directory") files.push(...(await walk(path, walked)));
    else if (kind === "file") files.push(path);
  }
  return files;
}

async function kindOf(entry: Dirent, path: string): Promise<"file" | "directory" | undefined> {
  const info = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
  if (info?.isDirectory()) return "directory";
  return info?.isFile() ? "file" : undefined;
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
  const empty: string[] = [];
  for (const arg of args) {
    if (arg === "-") {
      sources.push({ kind: "stdin" });
      continue;
    }
    const paths = await expand(arg);
    if (paths.length === 0) empty.push(arg);
    for (const path of paths) {
      // One file named twice (a link beside its target, a glob and a directory) is read once.
      const real = await realpath(path).catch((err: unknown) => {
        throw describeFsError(path, err);
      });
      if (seen.has(real)) continue;
      seen.add(real);
      const info = await stat(path).catch((err: unknown) => {
        throw describeFsError(path, err);
      });
      sources.push({ kind: "file", path, size: info.size });
    }
  }
  if (sources.length > 0) return sources;
  if (empty.length > 0) throw new InputError(`no files to read in ${empty.join(", ")}`);
  throw new InputError("no input: give a file, directory, glob or - for stdin");
}
