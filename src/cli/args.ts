/**
 * Flag parsing shared by the commands: node's parseArgs with errors turned into UsageError, and
 * helpers that check a flag's value against the allowed set.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { type Config, type ConfigInput, loadConfig } from "../config.js";
import { UsageError } from "../errors.js";
import { type TimeWindow, windowOf } from "../pipeline/analyze.js";

export type Options = NonNullable<ParseArgsConfig["options"]>;

export function parse(argv: string[], options: Options) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(usageMessage((err as Error).message));
  }
}

/**
 * parseArgs messages are user-facing ("Unknown option '--x'"), but a flag given without its value
 * is reported as "argument is ambiguous" when another flag follows it: say what is wrong instead.
 */
function usageMessage(message: string): string {
  const missing = /^Option '(-[\w-]+)(?: <value>)?' argument (?:is ambiguous|missing)/.exec(
    message,
  );
  if (missing) return `${missing[1]} needs a value`;
  return message.split("\n")[0] ?? "bad arguments";
}

export function oneOf<T extends string>(
  flag: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(", ")} (got ${String(value)})`);
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Flags every analysis command understands. */
export const COMMON_OPTIONS: Options = {
  config: { type: "string" },
  "data-dir": { type: "string" },
  multiline: { type: "string" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

/** Flags of the commands that search knowledge: analyze, ingest, kb, serve. */
export const EMBED_OPTIONS: Options = {
  embed: { type: "string" },
  "embed-model": { type: "string" },
  "embed-url": { type: "string" },
};

export const EMBED_HELP = `  --embed PROVIDER       none | local | hf | endpoint: dense vectors beside word search (default: none)
  --embed-model ID       model id (hf, endpoint) or model folder (local)
  --embed-url URL        embeddings base URL ending in /v1 (endpoint) or Inference Endpoint URL (hf)
`;

/** --embed, --embed-model and --embed-url as a partial embed config, merged over the file's. */
function embedFlags(values: Record<string, unknown>) {
  const provider = oneOf("embed", values.embed, ["none", "local", "hf", "endpoint"] as const);
  const model = str(values["embed-model"]);
  const url = str(values["embed-url"]);
  if (provider === "none") return { provider };
  if (url !== undefined && provider === "local")
    throw new UsageError("--embed-url is not used by --embed local");
  const urlKey = provider === "hf" ? "endpointUrl" : "url";
  const flags = { provider, model, ...(url === undefined ? {} : { [urlKey]: url }) };
  return Object.values(flags).some((v) => v !== undefined) ? flags : undefined;
}

export function multilineFlag(value: unknown): boolean | undefined {
  const v = oneOf("multiline", value, ["on", "off"] as const);
  return v === undefined ? undefined : v === "on";
}

/**
 * The one config object, from --config, the environment and the common flags, plus `extra`.
 * Flags are partial layers (`--model` alone refines the file's llm section), so they are typed
 * loosely here and validated as a whole once merged.
 */
export function configFrom(
  values: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Config {
  const multiline = multilineFlag(values.multiline);
  const flags = {
    dataDir: str(values["data-dir"]),
    parse: multiline === undefined ? undefined : { multiline },
    embed: embedFlags(values),
    ...extra,
  };
  return loadConfig({ file: str(values.config), flags: flags as ConfigInput });
}

/** --since and --until: the time window analyze and scan read (pipeline/select). */
export const WINDOW_OPTIONS: Options = {
  since: { type: "string" },
  until: { type: "string" },
};

export const WINDOW_HELP = `  --since TIME           only records from TIME on: 2025-03-14, 2025-03-14T10:30, a full
                         timestamp (UTC unless it names a zone), or a duration before now (90m, 2h, 1d)
  --until TIME           only records before TIME (same forms)
`;

/** --since and --until as a window; relative durations count back from now. */
export function windowFlags(values: Record<string, unknown>): TimeWindow | undefined {
  return windowOf(
    { since: str(values.since), until: str(values.until) },
    Date.now(),
    (b) => `--${b}`,
  );
}
