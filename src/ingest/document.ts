/**
 * Turns the fields read from one file item (snake_case keys as people write them) into a validated
 * KnowledgeDocument. Validation messages name the file, the item and the key as written in the file
 * (`kb/x.yaml: [2].root_cause: Expected string, received array`), not the model's names.
 */
import type { ZodIssue } from "zod";
import { type KnowledgeDocument, KnowledgeDocumentSchema } from "../knowledge/model.js";
import type { BodyFormat } from "./chunk.js";
import { renderBody } from "./render.js";

/** One document's worth of fields read from a file. */
export interface RawItem {
  /** Where in the file, for messages: "" for the whole file, "[2]" for the third list item. */
  where: string;
  /** Keys as written in the file; anything but a mapping is reported. */
  data: unknown;
  /** Values the file format supplies when `data` lacks them (Markdown: kind, title, sections). */
  defaults: Record<string, unknown>;
  format: BodyFormat;
}

type Mapped = "id" | "kind" | "title" | "body" | "services" | "tags" | "errorCodes";
type MappedList = "symptoms" | "fix";

/** Model field <- file keys, first present wins; keys not used here are kept in `fields`. */
const KEYS: Record<Mapped | MappedList | "cause", readonly string[]> = {
  id: ["id"],
  kind: ["kind"],
  title: ["title"],
  body: ["body"],
  services: ["services"],
  tags: ["tags"],
  errorCodes: ["error_codes"],
  symptoms: ["symptoms"],
  cause: ["cause", "root_cause"],
  fix: ["fix", "resolution", "remediation"],
};

/** Fields where a single string is accepted for a one-element list. */
const LISTS = new Set(["services", "tags", "errorCodes", "symptoms", "fix"]);

export type ItemResult =
  | { ok: true; document: KnowledgeDocument; format: BodyFormat }
  | { ok: false; message: string };

export function toDocument(item: RawItem, file: { source: string; derivedId: string }): ItemResult {
  const prefix = item.where ? `${file.source}: ${item.where}` : file.source;
  if (!isRecord(item.data)) {
    return { ok: false, message: `${prefix}: expected a mapping of fields (key: value)` };
  }
  const data = { ...item.defaults, ...withoutNulls(item.data) };
  // A whole file may leave its id to its path; list items must name theirs, or reordering the
  // list would silently give documents each other's ids.
  if (data.id === undefined && item.where === "") data.id = file.derivedId;

  // An empty body is rendered from the fields once they are valid.
  const candidate: Record<string, unknown> = { source: file.source, body: "" };
  const origin: Record<string, string> = {};
  const used = new Set<string>();
  for (const [field, keys] of Object.entries(KEYS)) {
    const key = keys.find((k) => data[k] !== undefined);
    if (key === undefined) continue;
    used.add(key);
    origin[field] = key;
    const value = data[key];
    candidate[field] = LISTS.has(field) && typeof value === "string" ? [value] : value;
  }
  candidate.fields = Object.fromEntries(Object.entries(data).filter(([k]) => !used.has(k)));
  addOwnCode(candidate, data);

  const parsed = KnowledgeDocumentSchema.safeParse(candidate);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => describeIssue(issue, item.where, origin));
    return { ok: false, message: `${file.source}: ${issues.join("; ")}` };
  }
  const document = parsed.data;
  if (item.format === "fields" && document.body === "") {
    return { ok: true, document: { ...document, body: renderBody(document) }, format: "fields" };
  }
  // A body written in the file is Markdown, whatever the file format.
  return { ok: true, document, format: "markdown" };
}

/** An error code's own code is one of its error codes: the index boosts matches on those. */
function addOwnCode(candidate: Record<string, unknown>, data: Record<string, unknown>): void {
  const codes = candidate.errorCodes ?? [];
  if (data.kind !== "error_code" || typeof data.code !== "string" || !Array.isArray(codes)) return;
  if (!codes.includes(data.code)) candidate.errorCodes = [data.code, ...codes];
}

function describeIssue(issue: ZodIssue, where: string, origin: Record<string, string>): string {
  const [field, ...rest] = issue.path;
  const head = typeof field === "string" ? (origin[field] ?? snake(field)) : "";
  const path = rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
  const name = `${where}${where && head ? "." : ""}${head}${path}`;
  return name ? `${name}: ${issue.message}` : issue.message;
}

/** `errorCodes` -> `error_codes`, for a required field that was absent from the file. */
function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `key:` with no value means "not given", so that defaults still apply. */
function withoutNulls(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
