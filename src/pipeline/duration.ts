/**
 * A length of time as a reader wants it: "40 s", "25 min", "3 h", "2 days". Shared by the
 * stages that write prose (explain) and the reports (report); it is wording, not a stage.
 */
export function durationText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
