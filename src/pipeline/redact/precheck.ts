/**
 * redact/precheck: the cheap test that keeps clean lines off the slow path. Nearly every log
 * line holds no secret, so the full rules run only on a line containing one of the rules'
 * trigger substrings.
 */

function escapeLiteral(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A test that is true for any text holding one of the triggers, case-insensitively. */
export function buildPrecheck(triggers: Iterable<string>): (text: string) => boolean {
  const unique = [...new Set(triggers)];
  if (unique.length === 0) return () => false;
  const regex = new RegExp(unique.map(escapeLiteral).join("|"), "i");
  return (text) => regex.test(text);
}
