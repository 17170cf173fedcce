/**
 * How much a report says, by detail level: `critical` is the short list for a pager, `summary` the
 * default, `full` everything with context.
 */
import type { Severity } from "../types.js";

export const DETAILS = ["critical", "summary", "full"] as const;
export type Detail = (typeof DETAILS)[number];

export interface DetailLimits {
  findings: number;
  samples: number;
  context: boolean;
  minSeverity: Severity;
}

export const DETAIL_LIMITS: Record<Detail, DetailLimits> = {
  critical: { findings: 5, samples: 1, context: false, minSeverity: "error" },
  summary: { findings: 20, samples: 3, context: true, minSeverity: "info" },
  full: { findings: Number.POSITIVE_INFINITY, samples: 5, context: true, minSeverity: "info" },
};
