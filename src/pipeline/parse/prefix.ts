/**
 * What container tooling puts before each line of a log: `kubectl logs --prefix` adds
 * `[pod/NAME/CONTAINER] `, and `docker logs -t` or `kubectl logs --timestamps` add an RFC 3339
 * time, before a JSON object among others. The format is detected and parsed on what follows; the
 * pod becomes the record's host and the time its timestamp when the line names none, and the raw
 * line keeps the prefix, as logged.
 */
const POD_PREFIX = /^\[pod\/([^/\]\s]+)\/[^\]\s]+\] /;
/** The runtime's time, only before a JSON object: a timestamp before text is the log's own. */
const TIME_BEFORE_JSON = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) (?=\{)/;

export interface Prefix {
  /** Characters before the line's own text. */
  length: number;
  pod?: string;
  timestamp?: string;
}

const NONE: Prefix = { length: 0 };

/** The prefix of a line; lines without one share one object, so they allocate nothing. */
export function prefixOf(text: string): Prefix {
  const c = text.charCodeAt(0);
  // One character test for the lines of every other log.
  if (c !== 91 && !(c >= 48 && c <= 57)) return NONE;
  const pod = c === 91 ? POD_PREFIX.exec(text) : null;
  const after = pod ? pod[0].length : 0;
  const time =
    text.charCodeAt(text.length - 1) === 125 ? TIME_BEFORE_JSON.exec(text.slice(after)) : null;
  if (!pod && !time) return NONE;
  return {
    length: after + (time ? time[0].length : 0),
    ...(pod ? { pod: pod[1] } : {}),
    ...(time ? { timestamp: time[1] } : {}),
  };
}

/** The line without its prefix. */
export function unprefixed(text: string): string {
  const { length } = prefixOf(text);
  return length === 0 ? text : text.slice(length);
}
