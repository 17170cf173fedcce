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

/** Key phrases of the samples: exception lines, the program, and the first line when masked. */
function samplePhrases(finding: Finding): string[] {
  const phrases: string[] = [];
  const first = finding.samples[0]?.text.slice(0, SAMPLE_CHARS) ?? "";
  if (first && maskedShare(finding.template) > MASKED_SHARE)
    phrases.push(first.split("\n")[0] ?? "");
  for (const sample of finding.samples.slice(0, 3)) {
    const text = sample.text.slice(0, SAMPLE_CHARS * 4);
    phrases.push(...(text.match(EXCEPTION_LINE) ?? []).slice(0, 3));
    const program = SYSLOG_PROGRAM.exec(text)?.[1];
    if (program) phrases.push(program);
  }
  return phrases;
}

export function buildQuery(finding: Finding): SearchQuery {
  const template = finding.template.replaceAll("<*>", " ").replace(/\s+/g, " ").trim();
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
  const text = [...new Set([template, ...exceptions, ...phrases])].filter(Boolean).join("\n");
  return { text, codes: [...codes] };
}
