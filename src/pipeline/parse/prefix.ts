/**
 * `kubectl logs --prefix` puts `[pod/NAME/CONTAINER] ` before every line of several pods' logs.
 * The format is detected and parsed on what follows it; the pod becomes the record's host when
 * the line names none, and the raw line keeps the prefix, as logged.
 */
const POD_PREFIX = /^\[pod\/([^/\]\s]+)\/[^\]\s]+\] /;

export interface Prefixed {
  /** The line without its prefix. */
  body: string;
  pod?: string;
}

export function unprefixed(text: string): Prefixed {
  // One character test for the lines of every other log.
  if (text.charCodeAt(0) !== 91) return { body: text };
  const m = POD_PREFIX.exec(text);
  return m ? { body: text.slice(m[0].length), pod: m[1] } : { body: text };
}
