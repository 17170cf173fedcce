/**
 * Suppress: the team's noise rules applied to findings. A matching finding is dropped, or demoted
 * to info and moved after the rest, and the report says so in a warning: nothing disappears
 * without a trace. The service and the CLI share this, for whole reports and for findings
 * streamed one at a time.
 */
import type { Finding, Report } from "../types.js";

export interface SuppressionRule {
  id: number;
  /** Exactly one of template (equal) and pattern (regular expression) is set. */
  template: string | null;
  pattern: string | null;
  action: "drop" | "demote";
  reason: string;
}

function matcher(rule: SuppressionRule): (template: string) => boolean {
  if (rule.template !== null) return (t) => t === rule.template;
  // Patterns were compiled when they were accepted, so this cannot throw.
  const regex = new RegExp(rule.pattern ?? "");
  return (t) => regex.test(t);
}

export type Suppressed<R extends SuppressionRule> =
  | { finding: Finding | null; rule: R }
  | { finding: Finding };

/** What the rules do to one finding: nothing, demote it to info, or drop it (finding null). */
export function suppressor<R extends SuppressionRule>(
  rules: R[],
): (finding: Finding) => Suppressed<R> {
  const tests = rules.map((rule) => ({ rule, test: matcher(rule) }));
  return (finding) => {
    const rule = tests.find(({ test }) => test(finding.template))?.rule;
    if (!rule) return { finding };
    return { finding: rule.action === "demote" ? { ...finding, severity: "info" } : null, rule };
  };
}

/** The report with matching findings dropped or demoted, and a warning naming what was done. */
export function applySuppressions(report: Report, rules: SuppressionRule[]): Report {
  if (rules.length === 0) return report;
  const suppress = suppressor(rules);
  const kept: Report["findings"] = [];
  const demoted: Report["findings"] = [];
  const warnings: string[] = [];
  for (const finding of report.findings) {
    const outcome = suppress(finding);
    if (!("rule" in outcome)) kept.push(finding);
    else {
      const { rule } = outcome;
      warnings.push(
        `finding ${finding.id} ${rule.action === "drop" ? "dropped" : "demoted"} by suppression ${rule.id} (${rule.reason})`,
      );
      if (outcome.finding) demoted.push(outcome.finding);
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
