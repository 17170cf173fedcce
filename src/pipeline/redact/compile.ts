/**
 * redact/compile: turn rule data (built-in rules and the user's config patterns) into RegExps,
 * rejecting user patterns that cannot work with a ConfigError that names them.
 */
import type { RedactConfig } from "../../config.js";
import { ConfigError } from "../../errors.js";
import type { RuleSpec } from "./rules.js";

export interface CompiledRule {
  readonly kind: string;
  /** Global, so one `replace` masks every occurrence. */
  readonly regex: RegExp;
  /**
   * The rule's own triggers: on a line that passed the pre-check, most rules can be skipped
   * with this one cheap test instead of a full pattern scan.
   */
  readonly trigger?: RegExp;
}

/** `g` is always added; `y` would make the rule match only at the start of a line. */
function globalFlags(flags = ""): string {
  return `${flags.replace(/[gy]/g, "")}g`;
}

export function compileRule(spec: RuleSpec): CompiledRule {
  return {
    kind: spec.kind,
    regex: new RegExp(spec.pattern, globalFlags(spec.flags)),
    trigger: new RegExp(spec.triggers.join("|"), "i"),
  };
}

type UserPattern = RedactConfig["patterns"][number];

export function compileUserPattern(spec: UserPattern): CompiledRule {
  let regex: RegExp;
  try {
    regex = new RegExp(spec.pattern, globalFlags(spec.flags));
  } catch (err) {
    throw new ConfigError(
      `redact pattern "${spec.name}" is not a valid regular expression: ${(err as Error).message}`,
      { cause: err },
    );
  }
  // A pattern that matches nothing at all would insert a mask between every character.
  if (new RegExp(regex.source, regex.flags.replace("g", "")).test("")) {
    throw new ConfigError(`redact pattern "${spec.name}" matches the empty string`);
  }
  return { kind: spec.name.toLowerCase(), regex };
}
