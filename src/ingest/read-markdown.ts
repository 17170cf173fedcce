/**
 * Reads a Markdown runbook: optional YAML front matter, then a body whose sections give the
 * document's symptoms, cause and fix. Section names vary between teams (ours: Symptoms, Cause,
 * Remediation; Prometheus-operator's: Meaning, Impact, Diagnosis, Mitigation), so each field
 * accepts a few common headings, at any level, with their subsections.
 */
import type { RawItem } from "./document.js";
import { isRecord } from "./document.js";
import { type Block, parseBlocks, parseSections, type Section } from "./markdown.js";
import { parseYaml } from "./parse-yaml.js";

const SYMPTOM_HEADINGS = new Set(["symptoms", "symptom", "signs", "log messages", "what you see"]);
const CAUSE_HEADINGS = new Set([
  "cause",
  "causes",
  "root cause",
  "root causes",
  "probable cause",
  "probable causes",
  "likely cause",
  "likely causes",
]);
/** Used for the cause only when no cause heading exists: they explain what is going on. */
const CONTEXT_HEADINGS = new Set(["meaning", "impact", "description", "overview", "explanation"]);
const FIX_HEADINGS = new Set([
  "remediation",
  "fix",
  "fixes",
  "resolution",
  "mitigation",
  "mitigations",
  "solution",
  "solutions",
  "workaround",
  "workarounds",
  "how to fix",
  "recovery",
  "runbook",
  "steps",
]);
/** Used for the fix only when no fix section has steps: checking is the next thing to do. */
const DIAGNOSIS_HEADINGS = new Set([
  "diagnosis",
  "diagnostics",
  "investigation",
  "troubleshooting",
]);

export function readMarkdown(
  text: string,
): { ok: true; item: RawItem } | { ok: false; message: string } {
  const split = splitFrontMatter(text);
  if (!split.ok) return split;
  const lines = split.body.split("\n");
  const sections = parseSections(lines);
  const title = (sections.find((s) => s.level === 1) ?? sections.find((s) => s.level > 0))?.heading;
  const defaults: Record<string, unknown> = { kind: "runbook", body: split.body };
  if (title) defaults.title = title;
  Object.assign(defaults, extractFields(lines, sections));
  return { ok: true, item: { where: "", data: split.frontMatter, defaults, format: "markdown" } };
}

function splitFrontMatter(
  text: string,
): { ok: true; frontMatter: unknown; body: string } | { ok: false; message: string } {
  const lines = text.split("\n");
  if (lines[0]?.trim() !== "---") return { ok: true, frontMatter: {}, body: tidy(text) };
  const close = lines.findIndex((l, i) => i > 0 && (l.trim() === "---" || l.trim() === "..."));
  if (close < 0) return { ok: false, message: "front matter: no closing --- line" };
  const parsed = parseYaml(lines.slice(1, close).join("\n"));
  if (!parsed.ok) return { ok: false, message: `front matter: ${parsed.message}` };
  const frontMatter = parsed.value ?? {};
  if (!isRecord(frontMatter))
    return { ok: false, message: "front matter: expected key: value pairs" };
  return { ok: true, frontMatter, body: tidy(lines.slice(close + 1).join("\n")) };
}

/** Drop blank lines around the body; keep everything else exactly as written. */
function tidy(body: string): string {
  return body.replace(/^(?:[ \t]*\n)+/, "").trimEnd();
}

function extractFields(lines: string[], sections: Section[]): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  const symptoms = matching(sections, SYMPTOM_HEADINGS)
    .flatMap((s) => blocksOf(lines, s))
    .filter((b) => b.type === "item")
    .map((b) => b.text.replaceAll("`", "").trim())
    .filter((s) => s !== "");
  if (symptoms.length > 0) found.symptoms = symptoms;
  const causeText = (names: ReadonlySet<string>) =>
    matching(sections, names)
      .map((s) => lines.slice(s.start, s.subtreeEnd).join("\n").trim())
      .filter((c) => c !== "")
      .join("\n\n");
  const cause = causeText(CAUSE_HEADINGS) || causeText(CONTEXT_HEADINGS);
  if (cause) found.cause = cause;
  const steps = (names: ReadonlySet<string>) =>
    toSteps(matching(sections, names).flatMap((s) => blocksOf(lines, s)));
  let fix = steps(FIX_HEADINGS);
  if (fix.length === 0) fix = steps(DIAGNOSIS_HEADINGS);
  // A free-form runbook (nothing we recognise) is read as one procedure: its steps are the fix.
  if (fix.length === 0 && !cause && symptoms.length === 0) fix = toSteps(parseBlocks(lines));
  if (fix.length > 0) found.fix = fix;
  return found;
}

/** Sections whose heading is in `names`, minus those nested in an earlier match. */
function matching(sections: readonly Section[], names: ReadonlySet<string>): Section[] {
  const found: Section[] = [];
  for (const s of sections) {
    const inside = found.some((f) => s.start > f.start && s.start < f.subtreeEnd);
    if (!inside && names.has(normalizeHeading(s.heading))) found.push(s);
  }
  return found;
}

/** "Root-cause:" -> "root cause", "Cause(s)" -> "causes". */
function normalizeHeading(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[-_]/g, " ")
    .replace(/[^a-z ]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function blocksOf(lines: readonly string[], section: Section): Block[] {
  return parseBlocks(lines.slice(section.start, section.subtreeEnd));
}

/**
 * Steps from blocks: each list item or paragraph is a step; nested items and code blocks belong to
 * the step before them (a command shown under "2. Restart the service" is part of step 2), unless
 * a heading stands between them.
 */
function toSteps(blocks: readonly Block[]): string[] {
  const steps: string[] = [];
  let attach = false;
  for (const block of blocks) {
    const last = steps.length - 1;
    if (block.type === "heading") attach = false;
    else if (attach && block.type === "code") steps[last] += `\n${block.text}`;
    else if (attach && block.type === "item" && block.nested) steps[last] += `\n  - ${block.text}`;
    else {
      steps.push(block.text);
      attach = true;
    }
  }
  return steps;
}
