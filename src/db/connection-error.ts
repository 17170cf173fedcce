/**
 * Turns node-postgres connection failures into one line a user can act on, without ever
 * printing the password from DATABASE_URL.
 */

/** The URL with its password masked, safe for error messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    // Not a URL the WHATWG parser accepts: mask anything between "user:" and "@" instead.
    return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@");
  }
}

const HINTS: Record<string, string> = {
  ECONNREFUSED: "connection refused; is the server running and listening on that host and port?",
  ENOTFOUND: "host not found; check the host name",
  EAI_AGAIN: "host name lookup failed; check the host name and DNS",
  ETIMEDOUT: "no answer; check the host, the port and any firewall in between",
  EHOSTUNREACH: "host unreachable; check the network path to the server",
  "28P01": "authentication failed; check the user name and password",
  "28000": "authentication rejected; check the user and pg_hba.conf",
  "3D000": "database does not exist; create it (createdb NAME) or fix the database name",
};

/** A reason and a next step for a failed connection attempt. */
export function describeConnectionError(err: unknown): string {
  const code = errorCode(err);
  const reason = (code && HINTS[code]) ?? (err instanceof Error ? err.message : String(err));
  return `${reason}. Set DATABASE_URL to a reachable server, or unset it to use the embedded database`;
}

/** The first code found: pg errors carry SQLSTATE, socket errors errno names (maybe nested). */
function errorCode(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") return code;
  if (err instanceof AggregateError) return err.errors.map(errorCode).find(Boolean);
  return errorCode(err.cause);
}
