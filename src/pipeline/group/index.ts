/**
 * group: templates -> findings. Decides which templates are anomalous once input-wide context
 * (rarity, bursts) is known, merges templates that are the same problem (same exception, same
 * error code), assigns severity, and orders findings most important first.
 */
import { createHash } from "node:crypto";
import type { GroupConfig } from "../../config.js";
import {
  type BurstTracker,
  type BurstView,
  burstView,
  combine,
  contextSignals,
  type Signal,
} from "../score/index.js";
import { type Finding, type Sample, type Severity, severityRank, unexplained } from "../types.js";
import {
  apart,
  type Evidence,
  type EvidenceCollector,
  HOSTS_KEPT,
  type TemplateStats,
} from "./collect.js";
import { DETAIL_LIMITS, type Detail } from "./detail.js";

export { EvidenceCollector } from "./collect.js";
export { DETAIL_LIMITS, DETAILS, type Detail } from "./detail.js";

export interface GroupInput {
  collector: EvidenceCollector;
  bursts: BurstTracker;
  templateText(template: number): string;
  templateId(template: number): string;
  threshold: number;
  detail: Detail;
  config: GroupConfig;
  /** Epoch ms of a timestamp as logged, for firstSeen/lastSeen. */
  toTime(timestamp: string): number | undefined;
  /** With a baseline: its signalled records of a template (the miner is shared by both inputs). */
  known?(template: number): number;
}

interface Candidate {
  template: number;
  stats: TemplateStats;
  evidence: Evidence;
  score: number;
  signals: Signal[];
  key: string;
}

/** Final score of a record or template: its own score plus the template's rarity and bursts. */
export function templateScore(
  ownScore: number,
  count: number,
  total: number,
  burst: BurstView,
): { score: number; context: Signal[] } {
  const context = contextSignals({ count, total, burst });
  return { score: combine([ownScore, ...context.map((s) => s.weight)]), context };
}

/** errno names that identify a problem on their own, whatever the message around them. */
const ERRNO =
  "ENOSPC|ENOMEM|EMFILE|ENFILE|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|EACCES|EPERM|ENOENT|EIO|EROFS|EDQUOT|EADDRINUSE|ENOTFOUND|EAI_AGAIN";
const ERROR_CODE = new RegExp(
  `\\b(${ERRNO})\\b|\\bSQLSTATE[ =:[]*([0-9A-Z]{5})\\b|\\b(ORA-\\d{5})\\b|\\b(\\d{3}) (?:Bad Gateway|Service Unavailable|Gateway Timeout|Internal Server Error)\\b`,
);

const PROBLEM_CLASSES = [
  "kernel:",
  "runtime:",
  "vocab:no-space",
  "vocab:deadlock",
  "vocab:corruption",
];

/** Templates with the same key are one problem. */
function problemKey(template: string, signals: readonly Signal[], id: string): string {
  const exception = signals.find((s) => s.reason.startsWith("exception:"));
  if (exception) return exception.reason;
  const http = signals.find((s) => s.reason.startsWith("http:"));
  if (http) return http.reason;
  const code = ERROR_CODE.exec(template);
  const value = code?.slice(1).find((v) => v !== undefined);
  if (value) return `code:${value}`;
  // Kernel and runtime failure classes name the problem whatever the wording: the OOM killer's
  // report, its victim's unit failing with 'oom-kill' and the cgroup line are one event.
  const failure = signals.find((s) =>
    PROBLEM_CLASSES.some((prefix) => s.reason.startsWith(prefix)),
  );
  if (failure) return failure.reason;
  const client = signals.find((s) => s.reason.startsWith("client:"));
  return client ? client.reason : `template:${id}`;
}

function severityOf(signals: readonly Signal[], score: number): Severity {
  const reasons = signals.map((s) => s.reason);
  const has = (prefix: string) => reasons.some((r) => r.startsWith(prefix));
  if (
    has("level:fatal") ||
    has("level:critical") ||
    has("kernel:") ||
    has("runtime:") ||
    has("vocab:no-space") ||
    has("vocab:corruption")
  ) {
    return "critical";
  }
  if (has("level:error") || has("exception:") || has("http:") || has("stacktrace")) return "error";
  if (signals.some((s) => s.weight >= 0.5)) return "error";
  if (score > 0 && (has("level:warn") || signals.length > 0)) return "warning";
  return "info";
}

function collectCandidates(input: GroupInput): Candidate[] {
  const { collector, bursts, threshold } = input;
  const out: Candidate[] = [];
  collector.templates.forEach((stats, template) => {
    if (!stats) return;
    const { score, context } = templateScore(
      stats.maxScore,
      stats.count,
      collector.total,
      burstView(bursts, template),
    );
    if (score < threshold) return;
    const evidence = stats.flagged.count > 0 ? stats.flagged : stats.signalled;
    const signals = [...stats.strongest.signals, ...context];
    const text = input.templateText(template);
    const key = problemKey(text, signals, input.templateId(template));
    out.push({ template, stats, evidence, score, signals, key });
  });
  return out;
}

function isoOf(input: GroupInput, timestamp: string | undefined): string | null {
  if (!timestamp) return null;
  const ms = input.toTime(timestamp);
  return ms === undefined ? null : new Date(ms).toISOString();
}

function spanOf(input: GroupInput, members: Candidate[]): [string | null, string | null] {
  const times = members
    .flatMap((m) => [isoOf(input, m.evidence.firstTs), isoOf(input, m.evidence.lastTs)])
    .filter((t): t is string => t !== null)
    .sort();
  return [times[0] ?? null, times[times.length - 1] ?? null];
}

function withoutContext(s: Sample): Sample {
  const parsed = s.parsed && { ...s.parsed, before: [], after: [] };
  return { line: s.line, text: s.text, source: s.source, ...(parsed ? { parsed } : {}) };
}

/** Distinct values of the members' capped sets, still at most HOSTS_KEPT. */
function union(sets: Set<string>[]): string[] {
  return [...new Set(sets.flatMap((set) => [...set]))].slice(0, HOSTS_KEPT);
}

function buildFinding(input: GroupInput, key: string, members: Candidate[]): Finding {
  members.sort((a, b) => b.evidence.count - a.evidence.count || b.score - a.score);
  const lead = members[0] as Candidate;
  const limits = DETAIL_LIMITS[input.detail];
  const signals = members.flatMap((m) => m.signals);
  const score = Math.max(...members.map((m) => m.score));
  const lines = [...new Set(members.flatMap((m) => m.evidence.lines))]
    .sort((a, b) => a - b)
    .slice(0, input.config.maxLines);
  const samples = members
    .flatMap((m) => m.evidence.samples)
    .sort((a, b) => a.line - b.line)
    .reduce<Sample[]>((kept, s) => {
      const last = kept[kept.length - 1];
      if (!last || apart(last, s, input.config.contextLines)) kept.push(s);
      return kept;
    }, [])
    .slice(0, limits.samples)
    .map((s) => (limits.context ? s : withoutContext(s)));
  const [firstSeen, lastSeen] = spanOf(input, members);
  return {
    id: `f-${createHash("sha1").update(key).digest("hex").slice(0, 12)}`,
    severity: severityOf(signals, score),
    score,
    template: input.templateText(lead.template),
    templateIds: members.map((m) => input.templateId(m.template)),
    count: members.reduce((n, m) => n + m.evidence.count, 0),
    lines,
    sources: [...new Set(members.flatMap((m) => [...m.evidence.sources]))],
    hosts: union(members.map((m) => m.evidence.hosts)),
    loggers: union(members.map((m) => m.evidence.loggers)),
    samples,
    firstSeen,
    lastSeen,
    reasons: [...new Set(signals.map((s) => s.reason))],
    ...baselineOf(input, members),
    ...unexplained(),
  };
}

function baselineOf(input: GroupInput, members: Candidate[]): Pick<Finding, "baseline"> {
  const { known } = input;
  if (!known) return {};
  return { baseline: { count: members.reduce((n, m) => n + known(m.template), 0) } };
}

/** Severity first; against a baseline, what is new before what it already had; then score, count. */
function byImportance(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    Number(isKnown(a)) - Number(isKnown(b)) ||
    b.score - a.score ||
    b.count - a.count
  );
}

const isKnown = (f: Finding): boolean => (f.baseline?.count ?? 0) > 0;

export interface Grouped {
  /** Findings kept for the report, most important first. */
  findings: Finding[];
  /** All anomalous problems before the detail level cut the list. */
  total: number;
}

export function groupFindings(input: GroupInput): Grouped {
  const groups = new Map<string, Candidate[]>();
  for (const candidate of collectCandidates(input)) {
    const members = groups.get(candidate.key);
    if (members) members.push(candidate);
    else groups.set(candidate.key, [candidate]);
  }
  const all = [...groups]
    .map(([key, members]) => buildFinding(input, key, members))
    .sort(byImportance);
  const limits = DETAIL_LIMITS[input.detail];
  const kept = all.filter((f) => severityRank(f.severity) >= severityRank(limits.minSeverity));
  return { findings: kept.slice(0, limits.findings), total: all.length };
}
