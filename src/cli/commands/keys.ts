/** `logsage keys create|list|revoke`: API keys for the HTTP service, stored hashed. */
import { openDatabase } from "../../db/client.js";
import { UsageError } from "../../errors.js";
import { type ApiKey, createKeyStore } from "../../server/auth/keys.js";
import { ROLES } from "../../server/auth/roles.js";
import { cliActor } from "../actor.js";
import { COMMON_OPTIONS, configFrom, oneOf, parse, str } from "../args.js";

export const KEYS_HELP = `Usage: logsage keys <create --role ROLE --name NAME | list | revoke ID> [options]

  create                 make a key; it is printed once, on the last line of stdout
                         (--role reader|analyst|curator|admin, --name who or what uses it)
  list                   keys with id, role, name and state (--format text|json)
  revoke ID              stop a key from working

Options: --data-dir DIR, --config FILE
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  role: { type: "string" },
  name: { type: "string" },
  format: { type: "string" },
} as const;

function line(k: ApiKey): string {
  return [
    k.id,
    k.role,
    k.name,
    k.createdAt,
    k.revokedAt ? `revoked ${k.revokedAt}` : "active",
  ].join("\t");
}

export async function runKeys(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  const [action, ...args] = positionals;
  if (values.help || action === undefined) {
    process.stdout.write(KEYS_HELP);
    return action === undefined && !values.help ? 1 : 0;
  }
  const json = (oneOf("format", values.format, ["text", "json"] as const) ?? "text") === "json";
  const database = await openDatabase(configFrom(values));
  const keys = createKeyStore(database.db);
  const out = (text: string) => process.stdout.write(`${text}\n`);
  try {
    if (action === "create") {
      const role = oneOf("role", values.role, ROLES);
      const name = str(values.name);
      if (!role || !name) throw new UsageError("keys create needs --role and --name");
      const { key, record } = await keys.create(name, role, cliActor());
      out(`created key ${record.id} (${record.role}) for ${record.name}; it is shown only now:`);
      out(key);
    } else if (action === "list") {
      const all = await keys.list();
      out(json ? JSON.stringify(all, null, 2) : all.map(line).join("\n") || "no keys");
    } else if (action === "revoke") {
      if (!args[0]) throw new UsageError("keys revoke needs a key id (see keys list)");
      await keys.revoke(args[0], cliActor());
      out(`revoked ${args[0]}`);
    } else {
      throw new UsageError(`unknown keys action "${action}"; use create, list or revoke`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

/** What src/cli/main.ts loads when this command runs. */
export const command = { run: runKeys, help: KEYS_HELP };
