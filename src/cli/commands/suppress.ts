/**
 * `logsage suppress add|list|remove`: the suppressions of known noise that the service's
 * `/v1/kb/suppressions` manages, from the command line: the same store, rules and audit log.
 */
import { openDatabase } from "../../db/client.js";
import { UsageError } from "../../errors.js";
import {
  createSuppressionStore,
  type Suppression,
  SuppressionInputSchema,
  suppressionStoreOptions,
} from "../../server/suppressions.js";
import { validate } from "../../server/validate.js";
import { cliActor } from "../actor.js";
import { COMMON_OPTIONS, configFrom, oneOf, parse, str } from "../args.js";

export const SUPPRESS_HELP = `Usage: logsage suppress <add | list | remove ID> [options]

  add                    quiet a known-noise finding in later analyses (CLI and service):
                         --pattern REGEX (matched against the finding's template) or
                         --template TEXT (equal to it), --reason TEXT (required),
                         --action drop|demote (default drop; demote keeps it, as info, last)
  list                   suppressions with id, action, rule and reason (--format text|json)
  remove ID              stop suppressing

Options: --data-dir DIR, --config FILE
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  pattern: { type: "string" },
  template: { type: "string" },
  reason: { type: "string" },
  action: { type: "string" },
  format: { type: "string" },
} as const;

function line(s: Suppression): string {
  const rule = s.pattern !== null ? `pattern ${s.pattern}` : `template ${s.template}`;
  return [s.id, s.action, rule, s.reason, s.actor, s.createdAt].join("\t");
}

function idArgument(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) {
    throw new UsageError(
      `suppress remove needs a suppression id (see suppress list), got ${value}`,
    );
  }
  return id;
}

export async function runSuppress(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  const [action, ...args] = positionals;
  if (values.help || action === undefined) {
    process.stdout.write(SUPPRESS_HELP);
    return action === undefined && !values.help ? 1 : 0;
  }
  if (!["add", "list", "remove"].includes(action)) {
    throw new UsageError(`unknown suppress action "${action}"; use add, list or remove`);
  }
  const json = (oneOf("format", values.format, ["text", "json"] as const) ?? "text") === "json";
  // Checked before the store is opened: a typo should not cost a database start-up.
  const input =
    action === "add"
      ? validate(
          SuppressionInputSchema,
          {
            pattern: str(values.pattern),
            template: str(values.template),
            reason: str(values.reason) ?? "",
            action: str(values.action),
          },
          "suppress",
        )
      : undefined;
  const id = action === "remove" ? idArgument(args[0]) : undefined;
  const config = configFrom(values);
  const database = await openDatabase(config);
  const store = createSuppressionStore(database.db, suppressionStoreOptions(config));
  const out = (text: string) => process.stdout.write(`${text}\n`);
  try {
    if (input) {
      const created = await store.add(input, cliActor());
      out(json ? JSON.stringify(created, null, 2) : `added suppression ${created.id}`);
    } else if (id !== undefined) {
      await store.remove(id, cliActor());
      out(`removed suppression ${id}`);
    } else {
      const all = await store.list();
      out(json ? JSON.stringify(all, null, 2) : all.map(line).join("\n") || "no suppressions");
    }
    return 0;
  } finally {
    await database.close();
  }
}

/** What src/cli/main.ts loads when this command runs. */
export const command = { run: runSuppress, help: SUPPRESS_HELP };
