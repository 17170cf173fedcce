/**
 * Finds the codes that identify a problem in log text: errno names (also from their strerror
 * wording), SQLSTATE, HTTP status, vendor codes (ORA-, MySQL error numbers), exit codes and
 * signals, and code-shaped identifiers (ER_LOCK_DEADLOCK, CrashLoopBackOff). The index matches
 * codes exactly against a document's error codes, so a false candidate costs nothing unless some
 * document lists it.
 */

const ERRNO =
  /\b(E(?:NOSPC|NOMEM|MFILE|NFILE|CONNREFUSED|CONNRESET|CONNABORTED|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE|ACCES|PERM|NOENT|IO|ROFS|DQUOT|ADDRINUSE|NOTFOUND|AI_AGAIN|AI_NONAME|AGAIN|BUSY|EXIST|NOTCONN|SOCKETTIMEDOUT))\b/g;

/** strerror(3) texts, so "No space left on device" finds the ENOSPC documents too. */
const STRERROR: readonly [RegExp, string][] = [
  [/no space left on device/i, "ENOSPC"],
  [/too many open files in system/i, "ENFILE"],
  [/too many open files(?! in system)/i, "EMFILE"],
  [/cannot allocate memory/i, "ENOMEM"],
  [/connection refused/i, "ECONNREFUSED"],
  [/connection reset by peer/i, "ECONNRESET"],
  [/connection timed out/i, "ETIMEDOUT"],
  [/no route to host/i, "EHOSTUNREACH"],
  [/network is unreachable/i, "ENETUNREACH"],
  [/broken pipe/i, "EPIPE"],
  [/permission denied/i, "EACCES"],
  [/operation not permitted/i, "EPERM"],
  [/no such file or directory/i, "ENOENT"],
  [/input\/output error/i, "EIO"],
  [/read-only file system/i, "EROFS"],
  [/address already in use/i, "EADDRINUSE"],
];

/** Each pattern's first defined group is the code. */
const PATTERNS: readonly RegExp[] = [
  /\bSQLSTATE\s*[=:[(]?\s*([0-9A-Z]{5})\b/g,
  /\b(ORA-\d{5})\b/g,
  /\bERROR (\d{4}) \(([0-9A-Z]{5})\)/g,
  /\b(?:MySQL )?[Ee]rror:? ?(1\d{3}|2\d{3})\b(?=[:\s(])/g,
  /\bHTTP\/\d(?:\.\d)?"? ([1-5]\d\d)\b/g,
  /\b(?:status(?: code)?|code)[=: ]+([1-5]\d\d)\b(?!\/)/gi,
  /\b([1-5]\d\d) (?:Bad Request|Unauthorized|Forbidden|Not Found|Request Timeout|Payload Too Large|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b/g,
  /\bexit(?:ed with)? (?:code|status)[=: ]*(\d{1,3})\b/gi,
  /\bstatus=(\d{1,3}\/[A-Z]+)/g,
  /\b(SIG(?:KILL|SEGV|TERM|ABRT|BUS|ILL|FPE|HUP|INT|PIPE))\b/g,
  // AWS SDK error codes, which may be one plain word (Throttling, AccessDenied): Go v2 writes
  // `api error Code: message`, boto `An error occurred (Code) when calling`, Java `Error Code: Code`.
  /\bapi error ([A-Z][A-Za-z0-9.]+):/g,
  /\bAn error occurred \(([A-Z][A-Za-z0-9.]+)\)/g,
  /\bError Code: ([A-Z][A-Za-z0-9.]+)/g,
];

/** Identifiers shaped like codes: UPPER_SNAKE (two parts or more) and CamelCase with 2+ humps. */
const CODE_SHAPED =
  /\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+|[A-Z]{2,}[a-z]+[A-Za-z]*)\b/g;

function addAll(text: string, pattern: RegExp, into: Set<string>): void {
  for (const m of text.matchAll(pattern)) {
    for (const group of m.slice(1)) if (group) into.add(group);
  }
}

/** The codes found in `text`, in first-seen order, without repeats. */
export function findCodes(text: string): string[] {
  const codes = new Set<string>();
  for (const pattern of PATTERNS) addAll(text, pattern, codes);
  addAll(text, ERRNO, codes);
  for (const [pattern, errno] of STRERROR) if (pattern.test(text)) codes.add(errno);
  addAll(text, CODE_SHAPED, codes);
  return [...codes];
}
