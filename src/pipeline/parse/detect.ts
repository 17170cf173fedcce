/**
 * Format detection: run every candidate format over a source's first lines and keep the one that
 * parses most of them. Ties go to the earlier (more specific) candidate; if none parses a third
 * of the sample, the generic header scanner is used.
 */
import type { LogRecord } from "../types.js";
import { FORMATS, type Format, generic, headerFormat } from "./formats.js";
import { scanHeader, TsKind } from "./header.js";

function scratch(): LogRecord {
  return {
    source: "",
    line: 0,
    endLine: 0,
    raw: "",
    message: "",
    continuation: [],
    format: "",
    truncated: false,
  };
}

export function detectFormat(sample: readonly string[]): Format {
  const lines = sample.filter((l) => l.trim() !== "" && !/^\s/.test(l));
  if (lines.length === 0) return generic;
  let best: Format = generic;
  let bestCount = 0;
  for (const format of FORMATS) {
    const count = lines.filter((l) => format.parse(l, scratch())).length;
    if (count > bestCount) {
      best = format;
      bestCount = count;
    }
  }
  const kinds = new Map<TsKind, number>();
  for (const l of lines) {
    const kind = scanHeader(l, scratch());
    if (kind !== TsKind.None) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  for (const [kind, count] of kinds) {
    if (count > bestCount) {
      best = headerFormat(kind);
      bestCount = count;
    }
  }
  return bestCount * 3 >= lines.length ? best : generic;
}
