/** Who a CLI write acts as, for the audit log: the operating-system user, marked as the CLI's. */
import { userInfo } from "node:os";

export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // A uid with no passwd entry (some containers) has no name.
    return `cli:uid-${process.getuid?.() ?? "unknown"}`;
  }
}
