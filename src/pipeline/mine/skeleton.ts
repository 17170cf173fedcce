/**
 * The constant skeleton of a template: its tokens without the purely variable ones (`<*>`,
 * `(<*>`, `[<*>]`) and without a unit word right after a variable (`<*> KB`, `<*> sec`). Drain
 * keys on token count, so a variable that is sometimes one token and sometimes several
 * (`lifetime 00:01` / `lifetime <1 sec`, `bytes sent` / `bytes (1.2 KB) sent`) splits one event
 * into several clusters; clusters with the same skeleton are the same event and are merged.
 */
import { WILDCARD } from "./mask.js";

const UNITS = new Set(
  "B KB MB GB TB PB KiB MiB GiB TiB kB bytes ns us µs ms s sec secs second seconds min mins minute minutes h hr hrs hour hours days".split(
    " ",
  ),
);

/** Only wildcards and punctuation: `<*>`, `(<*>`, `<*>:<*>`, `<<*>`. */
export function isPureVariable(token: string): boolean {
  if (!token.includes(WILDCARD)) return false;
  const rest = token.split(WILDCARD).join("");
  return !/[A-Za-z0-9]/.test(rest);
}

function isUnit(token: string): boolean {
  return UNITS.has(token.replace(/[^A-Za-zµ]+$/, ""));
}

/** A key equal for templates that differ only in how many tokens their variables span. */
export function skeleton(tokens: readonly string[]): string {
  const kept: string[] = [];
  let prevVariable = false;
  for (const token of tokens) {
    if (isPureVariable(token)) {
      prevVariable = true;
      continue;
    }
    if (prevVariable && isUnit(token)) continue;
    prevVariable = false;
    kept.push(token);
  }
  // Without a constant token there is nothing to recognise an event by: keep lengths apart.
  return kept.length === 0 ? `#${tokens.length}` : kept.join(" ");
}
