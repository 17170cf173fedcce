/** The JSON report: the contract other tools depend on (see README, "JSON report"). */
import type { Finding, Report } from "../types.js";

/** Field order of a finding as documented; internal fields stay out of the contract. */
function publicFinding(f: Finding) {
  return {
    id: f.id,
    severity: f.severity,
    score: f.score,
    template: f.template,
    count: f.count,
    lines: f.lines,
    samples: f.samples,
    ...(f.hosts?.length ? { hosts: f.hosts } : {}),
    ...(f.loggers?.length ? { loggers: f.loggers } : {}),
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    description: f.description,
    cause: f.cause,
    fix: f.fix,
    confidence: f.confidence,
    knowledge: f.knowledge,
    generatedBy: f.generatedBy,
    reasons: f.reasons,
    sources: f.sources,
    templateIds: f.templateIds,
    ...(f.baseline ? { baseline: f.baseline } : {}),
  };
}

export function renderJson(report: Report): string {
  const body = { ...report, findings: report.findings.map(publicFinding) };
  return `${JSON.stringify(body, null, 2)}\n`;
}
