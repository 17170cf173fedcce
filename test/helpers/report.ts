/** A report around hand-made findings, for the renderers' tests. */
import type { Finding, Report } from "../../src/pipeline/types.js";

export function reportOf(findings: Finding[], warnings: string[] = []): Report {
  return {
    version: "1",
    stats: {
      sources: 1,
      bytes: 100,
      lines: 10,
      records: 10,
      passedOver: 0,
      templates: findings.length,
      anomalousRecords: findings.length,
      findingsTotal: findings.length,
      findings: findings.length,
      timeSpan: { start: "2025-03-14T10:00:00Z", end: "2025-03-14T11:00:00Z" },
      formats: {},
      redactions: {},
      tokens: { input: 100, inputEstimated: false, evidence: 10 },
      durationMs: 5,
    },
    warnings,
    findings,
  };
}
