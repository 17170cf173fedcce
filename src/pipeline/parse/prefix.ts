/**
 * `kubectl logs --prefix` puts `[pod/NAME/CONTAINER] ` before every line of several pods' logs.
 * The format is detected and parsed on what follows it; the pod becomes the record's host when
 * the line names none, and the raw line keeps the prefix, as logged.
 */
const POD_PREFIX = /^\[pod\/([^/\]\s]+)\/[^\]\s]+\] /;

/** The prefix's length, 0 for a line without one: a number, so no line allocates for it. */
export function prefixLength(text: string): number {
  // One character test for the lines of every other log.
  if (text.charCodeAt(0) !== 91) return 0;
  return POD_PREFIX.exec(text)?.[0].length ?? 0;
}

/** The pod named by a prefix `prefixLength` found. */
export function podOf(text: string): string {
  return text.slice(5, text.indexOf("/", 5));
}

/** The line without its prefix. */
export function unprefixed(text: string): string {
  const length = prefixLength(text);
  return length === 0 ? text : text.slice(length);
}
