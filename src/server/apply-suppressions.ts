/**
 * Applies suppressions to a finished report: a matching finding is dropped, or demoted to info and
 * moved after the rest, and the report says so in a warning: nothing disappears without a trace.
 * The same for the service's analyses and the CLI's.
 */
import type { Report } from "../pipeline/types.js";
import type { Suppression } from "./suppressions.js";

function matcher(rule: Suppression): (template: string) => boolean {
  if (rule.template !== null) return (t) => t === rule.template;
  // Patterns were compiled when they were accepted, so this cannot throw.
  const regex = new RegExp(rule.pattern ?? "");
  return (t) => regex.test(t);
}

/** The report with matching findings dropped or demoted, and a warning naming what was done. */
export function applySuppressions(report: Report, rules: Suppression[]): Report {
  if (rules.length === 0) return report;
  const tests = rules.map((rule) => ({ rule, test: matcher(rule) }));
  const kept: Report["findings"] = [];
  const demoted: Report["findings"] = [];
  const warnings: string[] = [];
  for (const finding of report.findings) {
    const hit = tests.find(({ test }) => test(finding.template))?.rule;
    if (!hit) kept.push(finding);
    else {
      warnings.push(
        `finding ${finding.id} ${hit.action === "drop" ? "dropped" : "demoted"} by suppression ${hit.id} (${hit.reason})`,
      );
      if (hit.action === "demote") demoted.push({ ...finding, severity: "info" });
    }
  }
  const findings = [...kept, ...demoted];
  return {
    ...report,
    stats: { ...report.stats, findings: findings.length },
    warnings: [...report.warnings, ...warnings],
    findings,
  };
}
