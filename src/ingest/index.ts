/**
 * Loads knowledge files (Markdown runbooks, YAML/JSON error codes, incidents and runbooks) from
 * files and directories into validated documents with their chunks, ready for the store and the
 * index. Never throws for bad input: every unreadable file, invalid item or duplicate id becomes a
 * failure naming the file and field, and everything else still loads.
 */
import { extname } from "node:path";
import type { Chunk, KnowledgeDocument } from "../knowledge/model.js";
import { chunkDocument } from "./chunk.js";
import { toDocument } from "./document.js";
import { readMarkdown } from "./read-markdown.js";
import { readStructured } from "./read-structured.js";
import {
  type Failure,
  idFromPath,
  type KnowledgeFile,
  listKnowledgeFiles,
  MARKDOWN_EXTENSIONS,
  readKnowledgeText,
} from "./walk.js";

/** For documents written over HTTP: a runbook body is "markdown", other kinds "fields". */
export { type BodyFormat, chunkDocument } from "./chunk.js";
export { isUnderRoot } from "./walk.js";

export interface LoadedDocument {
  document: KnowledgeDocument;
  chunks: Chunk[];
}

/** `message` is a whole line that names the file, e.g. `kb/x.yaml: [2].title: Required`. */
export type LoadFailure = Failure;

export interface LoadResult {
  documents: LoadedDocument[];
  failures: LoadFailure[];
}

export async function loadKnowledge(paths: string[]): Promise<LoadResult> {
  const { files, failures } = await listKnowledgeFiles(paths);
  const documents: LoadedDocument[] = [];
  /** Where each id was first defined, to name both places when it comes again. */
  const firstSeen = new Map<string, string>();
  for (const file of files) {
    const items = await readItems(file);
    if (!items.ok) {
      failures.push({ file: file.path, message: `${file.path}: ${items.message}` });
      continue;
    }
    for (const item of items.items) {
      const result = toDocument(item, { source: file.path, derivedId: idFromPath(file.relative) });
      const here = item.where ? `${file.path} ${item.where}` : file.path;
      const previous = result.ok ? firstSeen.get(result.document.id) : undefined;
      if (!result.ok) {
        failures.push({ file: file.path, message: result.message });
      } else if (previous !== undefined) {
        const message = `${here}: id "${result.document.id}" is already used by ${previous}`;
        failures.push({ file: file.path, message });
      } else {
        firstSeen.set(result.document.id, here);
        const { document, format } = result;
        documents.push({ document, chunks: chunkDocument(document, format) });
      }
    }
  }
  return { documents, failures };
}

async function readItems(file: KnowledgeFile) {
  const read = await readKnowledgeText(file.path);
  if (!read.ok) return read;
  if (!MARKDOWN_EXTENSIONS.has(extname(file.path).toLowerCase())) return readStructured(read.text);
  const markdown = readMarkdown(read.text);
  return markdown.ok ? { ok: true as const, items: [markdown.item] } : markdown;
}
