/**
 * Roles of the HTTP service, each including everything the one before it may do: reader (read
 * and search) < analyst (analyze, jobs, feedback) < curator (knowledge writes) < admin (keys,
 * audit). A route names the least role it needs.
 */
export const ROLES = ["reader", "analyst", "curator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function allows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/** Without a key, when the config allows it: read and analyze, never write. */
export const ANONYMOUS_ROLE: Role = "analyst";
