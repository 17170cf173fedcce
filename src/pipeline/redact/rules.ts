/**
 * redact/rules: the built-in masking rules, as data. Each rule names the kind it reports
 * ([REDACTED:kind]), the pattern that finds the secret and the trigger substrings that the
 * redactor's pre-check looks for before running any pattern on a line.
 *
 * Pattern conventions (shared with config patterns, see compile.ts):
 * - a named group `keep` at the start of a match is kept, so `password=hunter2` becomes
 *   `password=[REDACTED:password]`; everything else in the match is masked;
 * - every value pattern refuses to start at an earlier `[REDACTED:` so rules never mask a mask.
 * Order matters: specific vendor formats come before generic key=value rules so a Stripe key
 * in `api_key=sk_live_…` is reported as `stripe-key`.
 */

export interface RuleSpec {
  readonly kind: string;
  /** RegExp source; compiled with the `g` flag added to `flags`. */
  readonly pattern: string;
  readonly flags?: string;
  /**
   * Lower-case regex fragments starting with a plain character, one of which occurs
   * (case-insensitively) in any text the pattern can match. They build the pre-check, so a
   * rule whose match holds none of its triggers would never fire.
   */
  readonly triggers: readonly string[];
}

const NOT_MASKED = "(?!\\[REDACTED:)";

/**
 * `key=value`, `key: value`, `"key": "value"`, `'key'='value'` and URL query `?key=value&`.
 * A quoted value may hold spaces; a bare value ends at whitespace, a quote, `&`, `,` or `;`.
 * After a bare `key:` a single plain word is not taken as a value: `invalid token: expired`
 * is an error message, not a credential.
 */
function assignment(key: string): string {
  const separator = `(?:[ \\t]*=|:(?![ \\t]*[a-z]+(?:[\\s,;.)]|$)))`;
  const keep = `(?<keep>${key}\\\\?["']?${separator}[ \\t]*\\\\?["']?)`;
  const value = `(?:(?<=")(?:[^"\\\\\\n]|\\\\[^"\\n])+|(?<=')[^'\\n]+|[^\\s"'&,;\\\\]+)`;
  return `${keep}${NOT_MASKED}${value}`;
}

/** A token with a fixed prefix, bounded so it is not the tail of a longer word. */
function prefixed(body: string): string {
  return `(?<![A-Za-z0-9])${body}(?![A-Za-z0-9])`;
}

export const BUILTIN_RULES: readonly RuleSpec[] = [
  {
    // A PEM block may span continuation lines; an unterminated one is masked to the end.
    kind: "private-key",
    pattern:
      "-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)",
    triggers: ["private key"],
  },
  {
    kind: "aws-access-key",
    pattern: prefixed("(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}"),
    triggers: ["akia", "asia", "abia", "acca"],
  },
  {
    kind: "aws-secret",
    pattern: assignment("(?:aws[_-]?secret[_-]?(?:access[_-]?)?key|secretaccesskey)"),
    flags: "i",
    triggers: ["secret"],
  },
  {
    kind: "azure-storage-key",
    pattern: `(?<keep>(?:Account|SharedAccess)Key=)${NOT_MASKED}[A-Za-z0-9+/]{16,}={0,2}`,
    flags: "i",
    triggers: ["accountkey", "accesskey"],
  },
  { kind: "google-api-key", pattern: prefixed("AIza[0-9A-Za-z_-]{35}"), triggers: ["aiza"] },
  {
    kind: "github-token",
    pattern: prefixed("(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"),
    triggers: ["gh[pousr]_", "github_pat_"],
  },
  {
    kind: "gitlab-token",
    pattern: prefixed("glpat-[A-Za-z0-9_-]{20,}"),
    triggers: ["glpat-"],
  },
  {
    kind: "slack-token",
    pattern: prefixed("xox[abprse]-[A-Za-z0-9-]{10,}"),
    triggers: ["xox[abprse]-"],
  },
  {
    kind: "slack-webhook",
    pattern: "https://hooks\\.slack\\.com/services/[A-Za-z0-9/_-]+",
    triggers: ["hooks\\.slack"],
  },
  {
    kind: "stripe-key",
    pattern: prefixed("(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"),
    triggers: ["k_(?:live|test)_"],
  },
  { kind: "npm-token", pattern: prefixed("npm_[A-Za-z0-9]{36}"), triggers: ["npm_"] },
  {
    kind: "sendgrid-key",
    pattern: prefixed("SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}"),
    triggers: ["sg\\."],
  },
  {
    // Twilio API key SIDs; the account SID (AC…) is an identifier, not a secret.
    kind: "twilio-key",
    pattern: prefixed("SK[0-9a-fA-F]{32}"),
    triggers: ["sk[0-9a-f]{8}"],
  },
  {
    kind: "anthropic-key",
    pattern: prefixed("sk-ant-[A-Za-z0-9_-]{20,}"),
    triggers: ["sk-"],
  },
  {
    kind: "openai-key",
    pattern: prefixed("sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
    triggers: ["sk-"],
  },
  { kind: "hf-token", pattern: prefixed("hf_[A-Za-z0-9]{30,}"), triggers: ["hf_"] },
  {
    kind: "jwt",
    pattern: prefixed("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*"),
    triggers: ["eyj"],
  },
  {
    // HTTP basic credentials are base64 of user:password.
    kind: "basic-auth",
    pattern: `(?<keep>authorization["']?[ \\t]*[:=][ \\t]*["']?basic[ \\t]+)${NOT_MASKED}[A-Za-z0-9+/]{6,}={0,2}`,
    flags: "i",
    triggers: ["authoriz"],
  },
  {
    // A real bearer credential holds a digit; `Bearer realm=` and `Bearer token` are prose.
    kind: "bearer",
    pattern: `(?<keep>\\bbearer[ \\t]+)${NOT_MASKED}(?=[A-Za-z._~+/-]*[0-9])[A-Za-z0-9._~+/-]{8,}=*`,
    flags: "i",
    triggers: ["bearer"],
  },
  {
    kind: "connection-password",
    pattern: `(?<keep>\\b[a-z][a-z0-9+.-]*://[^\\s:/@?#]*:)${NOT_MASKED}[^\\s@/]+(?=@)`,
    flags: "i",
    triggers: ["@"],
  },
  {
    kind: "connection-password",
    pattern: `(?<keep>jdbc:[^\\s]*?[;?&]password=)${NOT_MASKED}[^\\s;&]+`,
    flags: "i",
    triggers: ["jdbc:"],
  },
  {
    // `pwd` and `pass` only as whole key words: `bypass=` and `cwd=` are not credentials.
    kind: "password",
    pattern: assignment("(?:pass(?:word|wd|phrase)|(?<![a-z0-9])(?:pwd|pass)(?![a-z0-9]))"),
    flags: "i",
    triggers: ["pass", "pwd"],
  },
  {
    kind: "secret",
    pattern: assignment("secret(?:[_-]?(?:access[_-]?)?key)?"),
    flags: "i",
    triggers: ["secret"],
  },
  {
    kind: "api-key",
    pattern: assignment("api[_-]?key"),
    flags: "i",
    triggers: ["api[_-]?key"],
  },
  { kind: "token", pattern: assignment("token"), flags: "i", triggers: ["token"] },
  {
    // The user in `scheme://user@host` is an account name, not a mailbox.
    kind: "email",
    pattern: "(?<![\\w.%+/-])[\\w.%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b",
    triggers: ["@"],
  },
];
