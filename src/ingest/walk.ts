/**
 * Finds knowledge files under the paths given to `ingest`, recursively and in a stable order, and
 * reads them as text. Each file remembers its path relative to the root it was found under: ids
 * missing from a file are derived from that relative path.
 */
import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, extname, join, normalize, sep } from "node:path";

export const MARKDOWN_EXTENSIONS = new Set([".md", ".markdown"]);
const KNOWLEDGE_EXTENSIONS = new Set([...MARKDOWN_EXTENSIONS, ".yaml", ".yml", ".json"]);

/**
 * Repository documentation that sits beside knowledge files (kb/README.md, a dataset's SOURCE.md,
 * Hugo's _index.md section stubs) is not knowledge. Skipped only while walking a directory: a file
 * named explicitly is always loaded.
 */
const NOT_KNOWLEDGE = new Set([
  "readme",
  "source",
  "license",
  "notice",
  "changelog",
  "contributing",
  "code_of_conduct",
  "_index",
]);

/** Knowledge files are small; a bigger file is a mistake, not something to read into memory. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface KnowledgeFile {
  /** The path as given or walked (the root joined with the relative path): the document source. */
  path: string;
  /** Relative to the root given; the file name when the root was the file itself. */
  relative: string;
}

export interface Failure {
  file: string;
  message: string;
}

export function isKnowledgeFile(path: string): boolean {
  return KNOWLEDGE_EXTENSIONS.has(extname(path).toLowerCase());
}

/** True when a document's source lies under an ingested root (for `ingest --prune`). */
export function isUnderRoot(source: string, root: string): boolean {
  const s = normalize(source);
  const r = normalize(root).replace(/[\\/]+$/, "");
  return s === r || s.startsWith(r + sep);
}

export async function listKnowledgeFiles(
  paths: readonly string[],
): Promise<{ files: KnowledgeFile[]; failures: Failure[] }> {
  const files: KnowledgeFile[] = [];
  const failures: Failure[] = [];
  const seen = new Set<string>();
  const add = (file: KnowledgeFile) => {
    // Overlapping roots (`kb kb/runbooks`) must not load a file twice and report a duplicate id.
    const key = normalize(file.path);
    if (!seen.has(key)) files.push(file);
    seen.add(key);
  };
  for (const root of paths) {
    const info = await stat(root).catch((err: unknown) => err as NodeJS.ErrnoException);
    if (info instanceof Error) {
      failures.push({ file: root, message: `${root}: ${describe(info)}` });
    } else if (info.isDirectory()) {
      await walk(root, "", add, failures);
    } else if (isKnowledgeFile(root)) {
      add({ path: normalize(root), relative: basename(root) });
    } else {
      failures.push({
        file: root,
        message: `${root}: not a knowledge file (expected .md, .markdown, .yaml, .yml or .json)`,
      });
    }
  }
  return { files, failures };
}

async function walk(
  root: string,
  relative: string,
  add: (file: KnowledgeFile) => void,
  failures: Failure[],
): Promise<void> {
  const dir = join(root, relative);
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    failures.push({ file: dir, message: `${dir}: ${describe(err as NodeJS.ErrnoException)}` });
    return;
  }
  // Code-point order, not locale order: the same tree loads in the same order on every machine.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const rel = join(relative, entry.name);
    // Symbolic links to files are followed; links to directories are not, so a cycle cannot loop.
    const isFile =
      entry.isFile() ||
      (entry.isSymbolicLink() && (await stat(join(root, rel)).catch(() => null))?.isFile());
    if (entry.isDirectory()) {
      await walk(root, rel, add, failures);
    } else if (isFile && isKnowledgeFile(entry.name) && !isRepositoryDoc(entry.name)) {
      add({ path: join(root, rel), relative: rel });
    }
  }
}

function isRepositoryDoc(name: string): boolean {
  return NOT_KNOWLEDGE.has(basename(name, extname(name)).toLowerCase());
}

/** Read a knowledge file as UTF-8 text with LF line ends; a clear message instead of a throw. */
export async function readKnowledgeText(
  path: string,
): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  try {
    const info = await stat(path);
    if (info.size > MAX_FILE_BYTES) {
      return { ok: false, message: `too large (${info.size} bytes, at most ${MAX_FILE_BYTES})` };
    }
    const bytes = await readFile(path);
    if (bytes.includes(0)) return { ok: false, message: "binary file, not text" };
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { ok: true, text: text.replace(/\r\n?/g, "\n") };
  } catch (err) {
    if (err instanceof TypeError) return { ok: false, message: "not valid UTF-8 text" };
    return { ok: false, message: describe(err as NodeJS.ErrnoException) };
  }
}

function describe(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return err.message;
  }
}

/** An id from a relative path: lowercase, runs of other characters as "-", extension dropped. */
export function idFromPath(relative: string): string {
  return relative
    .slice(0, relative.length - extname(relative).length)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
