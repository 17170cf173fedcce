/**
 * Numbers and lengths of time as a reader wants them. Shared by the stages that write prose
 * (explain, select) and the reports; it is wording, not a stage.
 */

/** "20,000": by hand, because toLocaleString's first call loads ICU data (16 ms, per run). */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "40 s", "25 min", "3 h", "2 days". */
export function durationText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
