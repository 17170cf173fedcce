/**
 * A stand-in for the knowledge loader in retrieval tests and the retrieval benchmark, until
 * `loadKnowledge` from src/knowledge/load lands: reads kb/ (runbook Markdown with front matter,
 * error-code and incident YAML) into stored documents with section chunks.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { Chunk, KnowledgeDocument, StoredDocument } from "../../src/knowledge/model.js";

export interface Loaded {
  document: StoredDocument;
  chunks: Chunk[];
}

type Raw = Record<string, unknown>;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export function stored(
  doc: Partial<KnowledgeDocument> & Pick<KnowledgeDocument, "id">,
): StoredDocument {
  return {
    kind: "runbook",
    title: doc.id,
    body: "",
    services: [],
    tags: [],
    errorCodes: [],
    symptoms: [],
    cause: "",
    fix: [],
    fields: {},
    source: "test",
    contentHash: "",
    version: 1,
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2025-01-01T00:00:00Z",
    ...doc,
  };
}

function runbook(path: string): Loaded {
  const text = readFileSync(path, "utf8");
  const [, front = "", body = ""] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
  const meta = parse(front) as Raw;
  const sections = body.split(/^## /m).filter((s) => s.trim());
  const section = (name: string) => sections.find((s) => s.startsWith(name))?.slice(name.length);
  const bullets = (s = "") => s.split("\n").filter((l) => /^\s*(?:-|\d+\.)\s/.test(l));
  const document = stored({
    id: String(meta.id),
    title: String(meta.title),
    body,
    services: list(meta.services),
    tags: list(meta.tags),
    errorCodes: list(meta.error_codes),
    symptoms: bullets(section("Symptoms")).map((l) => /`([^`]+)`/.exec(l)?.[1] ?? l.slice(2)),
    cause: section("Cause")?.trim() ?? "",
    fix: bullets(section("Remediation")).map((l) => l.replace(/^\s*(?:-|\d+\.)\s/, "")),
    source: path,
  });
  const chunks = sections.map((s, ordinal) => {
    const [heading = "", ...rest] = s.split("\n");
    return {
      documentId: document.id,
      ordinal,
      sectionPath: [heading.trim()],
      text: rest.join("\n").trim(),
    };
  });
  return { document, chunks };
}

function fromYaml(raw: Raw, path: string): Loaded {
  const incident = raw.kind === "incident";
  const summary = incident ? String(raw.summary ?? "") : "";
  const cause = String((incident ? raw.root_cause : raw.cause) ?? "");
  const fix = list(incident ? raw.resolution : raw.fix);
  const document = stored({
    id: String(raw.id),
    kind: raw.kind as KnowledgeDocument["kind"],
    title: String(raw.title),
    body: [summary, cause, ...fix].join("\n\n"),
    services: list(raw.services),
    tags: list(raw.tags),
    errorCodes: incident ? list(raw.error_codes) : [String(raw.code)],
    symptoms: list(raw.symptoms),
    cause,
    fix,
    source: path,
  });
  const parts: [string, string][] = [
    ["Summary", summary],
    ["Cause", cause],
    ["Fix", fix.join("\n")],
  ];
  const chunks = parts
    .filter(([, text]) => text)
    .map(([heading, text], ordinal) => ({
      documentId: document.id,
      ordinal,
      sectionPath: [heading],
      text,
    }));
  return { document, chunks };
}

/** Every document under `root` (kb/ by default). */
export function readKb(root = "kb"): Loaded[] {
  return files(root).flatMap((path) => {
    if (path.endsWith(".md")) return path.endsWith("README.md") ? [] : [runbook(path)];
    if (!path.endsWith(".yaml")) return [];
    const value = parse(readFileSync(path, "utf8")) as Raw | Raw[];
    return (Array.isArray(value) ? value : [value]).map((raw) => fromYaml(raw, path));
  });
}
