/**
 * Builds the knowledge query for one finding. The template (wildcards removed) carries the stable
 * words of the message; samples add what the miner masked or kept off the first line (exception
 * names in stack traces, the syslog program that logged it); codes are matched exactly by the index.
 * Query building knows nothing about the index adapter, so Elasticsearch can take the same query.
 */
import type { SearchQuery } from "../../knowledge/index-port.js";
import type { Finding } from "../types.js";
import { findCodes } from "./codes.js";

/** Above this share of masked tokens the template alone says too little; the first sample helps. */
const MASKED_SHARE = 0.34;
/** Enough of a sample to hold its message; the rest is usually a stack or a payload. */
const SAMPLE_CHARS = 400;

const EXCEPTION_LINE = /^\s*(?:Caused by:\s*)?[\w$.]+(?:Exception|Error)\b.*$/gm;
/** `host prog[pid]:` in syslog lines, `prog:` after a timestamp: the program is a service hint. */
const SYSLOG_PROGRAM = /^(?:\S+\s+){3,4}([A-Za-z][\w.-]*)(?:\[\d+\])?:\s/;

function exceptionNames(reasons: readonly string[]): string[] {
  return reasons.filter((r) => r.startsWith("exception:")).map((r) => r.slice("exception:".length));
}

function httpStatuses(reasons: readonly string[]): string[] {
  return reasons.filter((r) => r.startsWith("http:")).map((r) => r.slice("http:".length));
}

function maskedShare(template: string): number {
  const words = template.split(/\s+/).filter(Boolean);
  if (words.length === 0) return 1;
  return words.filter((w) => w.includes("<*>")).length / words.length;
}

/**
 * The message part of a sample line: where the template starts in it. The header before it
 * (timestamp, host, pid) is different on every line and only adds words no document explains.
 * The template's first literal word is found in the line, then the line is walked back over as
 * many words as the template has before it. Undefined when the line lacks that word: the sample
 * belongs to another template merged into the finding.
 */
function messageOf(line: string, template: string): string | undefined {
  const words = template.split(/\s+/).filter(Boolean);
  const at = words.findIndex((w) => !w.includes("<*>"));
  const literal = words[at];
  if (literal === undefined) return line;
  let start = -1;
  for (let i = line.indexOf(literal); i >= 0; i = line.indexOf(literal, i + 1)) {
    if (i === 0 || /\s/.test(line[i - 1] ?? "")) {
      start = i;
      break;
    }
  }
  if (start < 0) return undefined;
  for (let n = 0; n < at && start > 0; n++) {
    while (start > 0 && /\s/.test(line[start - 1] ?? "")) start--;
    while (start > 0 && !/\s/.test(line[start - 1] ?? "")) start--;
  }
  return line.slice(start);
}

/** The message of the first sample written the template's way; else the first line whole. */
function sampleMessage(finding: Finding): string {
  const lines = finding.samples.map((s) => s.text.slice(0, SAMPLE_CHARS).split("\n")[0] ?? "");
  for (const line of lines) {
    const message = messageOf(line, finding.template);
    if (message !== undefined) return message;
  }
  return lines[0] ?? "";
}

/** Key phrases of the samples: exception lines, the program, and a message when masked. */
function samplePhrases(finding: Finding): string[] {
  const phrases: string[] = [];
  if (maskedShare(finding.template) > MASKED_SHARE) phrases.push(sampleMessage(finding));
  for (const sample of finding.samples.slice(0, 3)) {
    const text = sample.text.slice(0, SAMPLE_CHARS * 4);
    phrases.push(...(text.match(EXCEPTION_LINE) ?? []).slice(0, 3));
    const program = SYSLOG_PROGRAM.exec(text)?.[1];
    if (program) phrases.push(program);
  }
  return phrases;
}

/**
 * `key=<*>` in logfmt and key=value lines: the key names a field whose value varies (time, level,
 * sink, uid), not the problem, and structured formats put several on every line.
 */
const MASKED_FIELD = /(?<![\w.-])[\w.-]+="?<\*>"?/g;

/**
 * URLs and request targets (`"GET /api/v1/checkout HTTP/1.1"`) name the resource a request was
 * for, not what went wrong with it; their path words would tie a finding to whichever document's
 * example line happens to share the endpoint. The method stays.
 */
const URL = /\b(?:https?|wss?):\/\/[^\s"'<>]*/gi;
const REQUEST_TARGET = /\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \/\S*/g;

function withoutResources(text: string): string {
  return text.replace(URL, " ").replace(REQUEST_TARGET, "$1 ");
}

export function buildQuery(finding: Finding): SearchQuery {
  const template = finding.template
    .replace(MASKED_FIELD, " ")
    .replaceAll("<*>", " ")
    .replace(/\s+/g, " ")
    .trim();
  const exceptions = exceptionNames(finding.reasons);
  const phrases = samplePhrases(finding);
  const sampleText = finding.samples
    .slice(0, 3)
    .map((s) => s.text.slice(0, SAMPLE_CHARS * 4))
    .join("\n");
  const codes = new Set([
    ...httpStatuses(finding.reasons),
    ...exceptions,
    ...findCodes(template),
    ...findCodes(sampleText),
  ]);
  const text = withoutResources(
    [...new Set([template, ...exceptions, ...phrases])].filter(Boolean).join("\n"),
  );
  return { text, codes: [...codes] };
}
