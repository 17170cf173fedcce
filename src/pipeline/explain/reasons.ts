/**
 * Why a finding was flagged, in words: the scorer's reason codes (`level:error`, `vocab:retry`,
 * `rare:2/2000`) stay the machine-readable record in `reasons`; a description says them as a
 * reader would ("the ERROR level, retries and rarity (2 of 2,000 records)").
 */
import { thousands } from "../wording.js";

const VOCABULARY: Record<string, string> = {
  fatal: "fatal or severe words",
  timeout: "timeouts",
  refused: "refused or reset connections",
  denied: "denied access",
  error: "error words",
  exception: "exception words",
  failed: "failure words",
  unable: "'unable to' or 'could not'",
  crash: "crash words",
  unavailable: "unavailability",
  warning: "warnings",
  retry: "retries",
  degraded: "degradation",
  "no-space": "no space left",
  deadlock: "a deadlock",
  corruption: "corruption",
};

const FAULTS: Record<string, string> = {
  "oom-killer": "the OOM killer",
  "out-of-memory": "running out of memory",
  panic: "a panic",
  segfault: "a segmentation fault",
  "hung-task": "a hung task",
  "io-error": "I/O errors",
};

function rarity(value: string): string {
  const [count, total] = value.split("/").map(Number);
  if (count === undefined || total === undefined) return "rarity";
  return `rarity (${thousands(count)} of ${thousands(total)} records)`;
}

/** One reason code in words; a code this does not know is shown as it is. */
export function reasonText(reason: string): string {
  const colon = reason.indexOf(":");
  const kind = colon === -1 ? reason : reason.slice(0, colon);
  const value = colon === -1 ? "" : reason.slice(colon + 1);
  switch (kind) {
    case "level":
      return `the ${value.toUpperCase()} level`;
    case "vocab":
      return VOCABULARY[value] ?? reason;
    case "kernel":
    case "runtime":
      return FAULTS[value] ?? reason;
    case "exception":
      return value;
    case "http":
      return `HTTP ${value}`;
    case "client":
      return `HTTP ${value} answers`;
    case "stacktrace":
      return "a stack trace";
    case "readout":
      return "a register or status readout";
    case "rare":
      return rarity(value);
    case "burst":
      return `a burst of ${value.replace("/min", " a minute")}`;
    default:
      return reason;
  }
}

/** "a", "a and b", "a, b and c". */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
