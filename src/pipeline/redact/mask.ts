/**
 * redact/mask: apply compiled rules to a text, replacing each secret with [REDACTED:kind] and
 * counting what was masked. Only lines that passed the pre-check get here.
 */
import type { CompiledRule } from "./compile.js";

export type Counts = Record<string, number>;

export function maskToken(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/**
 * Masked text keeps its newlines (after the mask) so a record whose private key spans
 * continuation lines still splits into the same number of lines.
 */
function newlinesIn(text: string): string {
  let out = "";
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) out += "\n";
  return out;
}

export function applyRules(text: string, rules: readonly CompiledRule[], counts: Counts): string {
  let out = text;
  for (const { kind, regex, trigger } of rules) {
    if (trigger !== undefined && !trigger.test(out)) continue;
    const token = maskToken(kind);
    out = out.replace(regex, (match: string, ...args: unknown[]) => {
      // With named groups the last replacer argument is the groups object.
      const groups = args[args.length - 1];
      const keep =
        typeof groups === "object" && groups !== null
          ? ((groups as Record<string, string | undefined>).keep ?? "")
          : "";
      counts[kind] = (counts[kind] ?? 0) + 1;
      return keep + token + newlinesIn(match.slice(keep.length));
    });
  }
  return out;
}
