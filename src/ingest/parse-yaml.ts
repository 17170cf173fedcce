/**
 * Parses YAML (and JSON, a subset of YAML) from knowledge files. Knowledge is text: a plain number
 * under a text key (`code: 08006`, `error_codes: [49]`, `id: 404`) keeps the characters written,
 * because YAML would turn SQLSTATE 08006 into 8006. Dates stay strings: the YAML 1.2 core schema
 * has no timestamp type, so `date: 2025-03-14` is read as "2025-03-14".
 */
import { isPair, isScalar, parseDocument, visit } from "yaml";

/** Keys whose values are text in the knowledge model, whatever YAML would infer. */
const TEXT_KEYS = new Set([
  "id",
  "title",
  "code",
  "date",
  "services",
  "tags",
  "error_codes",
  "symptoms",
  "cause",
  "root_cause",
  "fix",
  "resolution",
  "remediation",
  "summary",
  "related",
]);

export type ParseResult = { ok: true; value: unknown } | { ok: false; message: string };

export function parseYaml(text: string): ParseResult {
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  // Pretty errors end their first line with "at line L, column C:"; the rest is a code excerpt.
  if (error) return { ok: false, message: `invalid YAML: ${firstLine(error.message)}` };
  visit(doc, {
    Scalar(_key, node, path) {
      if (typeof node.value !== "number" || node.source === undefined) return;
      const pair = [...path].reverse().find((p) => isPair(p));
      const key = isPair(pair) && isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key === "string" && TEXT_KEYS.has(key)) node.value = node.source;
    },
  });
  return { ok: true, value: doc.toJS() };
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/:$/, "");
}
