/**
 * Renders a document's fields as readable Markdown. YAML and JSON documents have no body of their
 * own; this text becomes their body (what a reader sees and what lexical search matches) and the
 * source of their chunks, so both always say the same thing.
 */
import type { KnowledgeDocument } from "../knowledge/model.js";

/** The logical parts of a fields document, each "" when it has nothing to say. */
export interface RenderedParts {
  /** Title, short fields (code, date, services...) and long texts such as an incident summary. */
  head: string;
  symptoms: string;
  cause: string;
  fix: string;
  /** Remaining list fields, such as related ids. */
  tail: string;
}

/** Short one-line values are shown as "Label: value" lines, longer ones as their own section. */
const SHORT_VALUE = 100;

export function renderParts(doc: KnowledgeDocument): RenderedParts {
  const meta: string[] = [];
  const texts: string[] = [];
  const lists: string[] = [];
  for (const [key, value] of Object.entries(doc.fields)) {
    if (isScalar(value)) {
      const text = String(value);
      if (text.length <= SHORT_VALUE && !text.includes("\n")) meta.push(`${label(key)}: ${text}`);
      else texts.push(section(label(key), text));
    } else if (Array.isArray(value) && value.every(isScalar)) {
      lists.push(section(label(key), bullets(value.map(String))));
    }
    // Nested objects stay in `fields` as given; they have no natural reading as text.
  }
  if (doc.services.length > 0) meta.push(`Services: ${doc.services.join(", ")}`);
  if (doc.tags.length > 0) meta.push(`Tags: ${doc.tags.join(", ")}`);
  if (doc.errorCodes.length > 0) meta.push(`Error codes: ${doc.errorCodes.join(", ")}`);
  return {
    head: join([`# ${doc.title}`, meta.join("\n"), ...texts]),
    symptoms: doc.symptoms.length > 0 ? section("Symptoms", bullets(doc.symptoms)) : "",
    cause: doc.cause ? section("Cause", doc.cause) : "",
    fix:
      doc.fix.length > 0 ? section("Fix", doc.fix.map((s, i) => `${i + 1}. ${s}`).join("\n")) : "",
    tail: join(lists),
  };
}

export function renderBody(doc: KnowledgeDocument): string {
  const parts = renderParts(doc);
  return join([parts.head, parts.symptoms, parts.cause, parts.fix, parts.tail]);
}

/** Non-empty parts separated by a blank line. */
export function join(parts: readonly string[]): string {
  return parts.filter((p) => p !== "").join("\n\n");
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function section(heading: string, text: string): string {
  return `## ${heading}\n\n${text.trim()}`;
}

function bullets(items: readonly string[]): string {
  return items.map((s) => `- ${s}`).join("\n");
}

/** `root_cause` -> "Root cause". */
function label(key: string): string {
  const words = key.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
