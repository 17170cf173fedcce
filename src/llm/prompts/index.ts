/**
 * The prompt set in use and how its placeholders are filled. Bumping PROMPT_VERSION (a new folder
 * beside v4/) invalidates cached answers, which were written for the old wording.
 */
import {
  BATCH,
  FINDING,
  KNOWLEDGE,
  PART,
  PREVIOUS,
  REPAIR,
  SUMMARY,
  SUMMARY_ENTRY,
  WHERE,
} from "./v4/finding.js";
import { SUMMARY_SYSTEM, SYSTEM } from "./v4/system.js";

export const PROMPT_VERSION = "v4";

export const PROMPTS = {
  system: SYSTEM,
  summarySystem: SUMMARY_SYSTEM,
  batch: BATCH,
  finding: FINDING,
  knowledge: KNOWLEDGE,
  where: WHERE,
  part: PART,
  previous: PREVIOUS,
  summaryEntry: SUMMARY_ENTRY,
  repair: REPAIR,
  summary: SUMMARY,
} as const;

/** Fills {{name}} placeholders in one pass, so a value that contains "{{x}}" stays literal. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (match, name: string) => values[name] ?? match);
}

const FENCE_TAG = /<(\/?)(log|knowledge)\b/gi;

/**
 * Makes text safe to put inside a fence: a log line cannot close the fence (or open a fake
 * knowledge section) by writing the tag itself; the tag's "<" becomes a look-alike.
 */
export function defang(text: string): string {
  return text.replace(FENCE_TAG, "‹$1$2");
}
