/**
 * Suppressions: curated rules for known noise, stored beside the knowledge, applied to every report
 * the service makes. A matching finding is dropped, or demoted to info and moved after the rest,
 * and the report says so in a warning: nothing disappears without a trace.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { type SUPPRESSION_ACTIONS, suppressions } from "../db/schema.js";
import { NotFoundError } from "../errors.js";
import type { Finding, Report } from "../pipeline/types.js";

export type SuppressionAction = (typeof SUPPRESSION_ACTIONS)[number];

export interface Suppression {
  id: number;
  /** Exactly one of template (equal) and pattern (regular expression) is set. */
  template: string | null;
  pattern: string | null;
  action: SuppressionAction;
  reason: string;
  actor: string;
  createdAt: string;
}

export type SuppressionInput = Pick<Suppression, "action" | "reason"> &
  Partial<Pick<Suppression, "template" | "pattern">>;

function toSuppression(row: typeof suppressions.$inferSelect): Suppression {
  // The suppressions_action_check constraint keeps action within SUPPRESSION_ACTIONS.
  return {
    ...row,
    action: row.action as SuppressionAction,
    createdAt: row.createdAt.toISOString(),
  };
}

export function createSuppressionStore(db: Db) {
  return {
    async list(): Promise<Suppression[]> {
      return (await db.select().from(suppressions).orderBy(asc(suppressions.id))).map(
        toSuppression,
      );
    },
    async add(input: SuppressionInput, actor: string): Promise<Suppression> {
      const [row] = await db
        .insert(suppressions)
        .values({
          ...input,
          template: input.template ?? null,
          pattern: input.pattern ?? null,
          actor,
        })
        .returning();
      if (!row) throw new Error("insert returned no row");
      return toSuppression(row);
    },
    async remove(id: number): Promise<void> {
      const rows = await db.delete(suppressions).where(eq(suppressions.id, id)).returning();
      if (rows.length === 0) throw new NotFoundError(`no suppression with id ${id}`);
    },
  };
}

export type SuppressionStore = ReturnType<typeof createSuppressionStore>;

function matcher(rule: Suppression): (template: string) => boolean {
  if (rule.template !== null) return (t) => t === rule.template;
  // Patterns were compiled when they were accepted, so this cannot throw.
  const regex = new RegExp(rule.pattern ?? "");
  return (t) => regex.test(t);
}

export type Suppressed = { finding: Finding | null; rule: Suppression } | { finding: Finding };

/** What the rules do to one finding: nothing, demote it to info, or drop it (finding null). */
export function suppressor(rules: Suppression[]): (finding: Finding) => Suppressed {
  const tests = rules.map((rule) => ({ rule, test: matcher(rule) }));
  return (finding) => {
    const rule = tests.find(({ test }) => test(finding.template))?.rule;
    if (!rule) return { finding };
    return { finding: rule.action === "demote" ? { ...finding, severity: "info" } : null, rule };
  };
}

/** The report with matching findings dropped or demoted, and a warning naming what was done. */
export function applySuppressions(report: Report, rules: Suppression[]): Report {
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
