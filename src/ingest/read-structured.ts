/**
 * Reads a YAML or JSON knowledge file: one document (a mapping) or a list of them. Each list item
 * is validated on its own later, so one bad item never hides the others.
 */
import type { RawItem } from "./document.js";
import { parseYaml } from "./parse-yaml.js";

export function readStructured(
  text: string,
): { ok: true; items: RawItem[] } | { ok: false; message: string } {
  const parsed = parseYaml(text);
  if (!parsed.ok) return parsed;
  const { value } = parsed;
  if (value === null || value === undefined || typeof value !== "object") {
    return { ok: false, message: "expected a document (key: value pairs) or a list of documents" };
  }
  if (!Array.isArray(value)) return { ok: true, items: [item("", value)] };
  return { ok: true, items: value.map((v, i) => item(`[${i}]`, v)) };
}

function item(where: string, data: unknown): RawItem {
  return { where, data, defaults: {}, format: "fields" };
}
