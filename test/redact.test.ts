/**
 * Tests for the redact stage: every built-in kind is masked, the notable look-alikes are not,
 * records keep their shape, and config patterns are validated.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig, type RedactConfig } from "../src/config.js";
import { ConfigError } from "../src/errors.js";
import { createRedactor } from "../src/pipeline/redact/index.js";
import type { LogRecord } from "../src/pipeline/types.js";

const config = (overrides: Partial<RedactConfig> = {}): RedactConfig => ({
  ...defaultConfig().redact,
  ...overrides,
});
const redact = (text: string, overrides?: Partial<RedactConfig>) =>
  createRedactor(config(overrides)).redact(text);

// Fake credentials assembled at run time so no scanner mistakes this file for a leak.
const alnum = (n: number) => "a1B2c3D4e5".repeat(Math.ceil(n / 10)).slice(0, n);
const hex = (n: number) => "0a1b2c3d4e5f6789".repeat(Math.ceil(n / 16)).slice(0, n);
const JWT = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${alnum(43)}`;

// [input, expected output]
const positives: Record<string, [string, string][]> = {
  "aws-access-key": [
    [`key id AKIA${"ABCDEFGHIJ234567"} used`, "key id [REDACTED:aws-access-key] used"],
    [`creds=ASIA${"Q2WE3RT4YU5IO6PA"}`, "creds=[REDACTED:aws-access-key]"],
  ],
  "aws-secret": [
    [`aws_secret_access_key=${alnum(40)}`, "aws_secret_access_key=[REDACTED:aws-secret]"],
    [`{"SecretAccessKey": "${alnum(40)}"}`, '{"SecretAccessKey": "[REDACTED:aws-secret]"}'],
  ],
  "google-api-key": [[`key=AIza${alnum(35)} `, "key=[REDACTED:google-api-key] "]],
  "azure-storage-key": [
    [
      `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${alnum(86)}==;EndpointSuffix=core`,
      "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=[REDACTED:azure-storage-key];EndpointSuffix=core",
    ],
  ],
  bearer: [
    [`Authorization: Bearer ${alnum(32)}`, "Authorization: Bearer [REDACTED:bearer]"],
    [`calling api with bearer ${alnum(20)}.x`, "calling api with bearer [REDACTED:bearer]"],
  ],
  "basic-auth": [
    ["authorization: Basic dXNlcjpodW50ZXIy", "authorization: Basic [REDACTED:basic-auth]"],
  ],
  jwt: [
    [`session ${JWT} refreshed`, "session [REDACTED:jwt] refreshed"],
    [`Authorization: Bearer ${JWT}`, "Authorization: Bearer [REDACTED:jwt]"],
  ],
  password: [
    ["login password=hunter2 ok", "login password=[REDACTED:password] ok"],
    ["passwd=s3cr3t pwd=abc", "passwd=[REDACTED:password] pwd=[REDACTED:password]"],
    ['{"user":"bob","password":"my s3cret"}', '{"user":"bob","password":"[REDACTED:password]"}'],
    ["db_password: hunter2", "db_password: [REDACTED:password]"],
    [
      "GET /login?user=bob&password=x1&next=/",
      "GET /login?user=bob&password=[REDACTED:password]&next=/",
    ],
    ["dbPassword='p@ss w0rd'", "dbPassword='[REDACTED:password]'"],
    [
      'payload="{\\"password\\":\\"hunter2\\"}"',
      'payload="{\\"password\\":\\"[REDACTED:password]\\"}"',
    ],
  ],
  secret: [
    ["client_secret=abc123", "client_secret=[REDACTED:secret]"],
    ['"secret_key": "k3y"', '"secret_key": "[REDACTED:secret]"'],
  ],
  token: [
    ["access_token=ya29.a0AfH6 ", "access_token=[REDACTED:token] "],
    ["token=0", "token=[REDACTED:token]"],
    ["GET /cb#access_token=abc&state=1", "GET /cb#access_token=[REDACTED:token]&state=1"],
  ],
  "api-key": [
    ["X-Api-Key: 9f8e7d6c5b", "X-Api-Key: [REDACTED:api-key]"],
    ["apikey=zzz111 api_key=yyy222", "apikey=[REDACTED:api-key] api_key=[REDACTED:api-key]"],
  ],
  "connection-password": [
    [
      "dsn postgres://app:s3cret@db:5432/x",
      "dsn postgres://app:[REDACTED:connection-password]@db:5432/x",
    ],
    [
      "mongodb+srv://admin:pa55@cluster0.example.net/db",
      "mongodb+srv://admin:[REDACTED:connection-password]@cluster0.example.net/db",
    ],
    ["redis://:hunter2@cache:6379/0", "redis://:[REDACTED:connection-password]@cache:6379/0"],
    [
      "jdbc:sqlserver://db:1433;user=sa;password=Hunt3r;encrypt=true",
      "jdbc:sqlserver://db:1433;user=sa;password=[REDACTED:connection-password];encrypt=true",
    ],
  ],
  "private-key": [
    [
      `key -----BEGIN RSA PRIVATE KEY-----\\nMIIEow${alnum(40)}\\n-----END RSA PRIVATE KEY----- loaded`,
      "key [REDACTED:private-key] loaded",
    ],
    ["-----BEGIN OPENSSH PRIVATE KEY----- truncat", "[REDACTED:private-key]"],
  ],
  "github-token": [
    [`ghp_${alnum(36)} gho_${alnum(36)}`, "[REDACTED:github-token] [REDACTED:github-token]"],
    [`token ghs_${alnum(36)}`, "token [REDACTED:github-token]"],
    [`github_pat_${alnum(22)}_${alnum(59)}`, "[REDACTED:github-token]"],
  ],
  "slack-token": [[`xoxb-${hex(12)}-${alnum(24)}`, "[REDACTED:slack-token]"]],
  "slack-webhook": [
    [
      `post https://hooks.slack.com/services/T000/B000/${alnum(24)} ok`,
      "post [REDACTED:slack-webhook] ok",
    ],
  ],
  "stripe-key": [
    [`api_key=sk_live_${alnum(24)}`, "api_key=[REDACTED:stripe-key]"],
    [`rk_live_${alnum(24)}`, "[REDACTED:stripe-key]"],
  ],
  "gitlab-token": [[`glpat-${alnum(20)}`, "[REDACTED:gitlab-token]"]],
  "npm-token": [
    [`//registry/:_authToken npm_${alnum(36)}`, "//registry/:_authToken [REDACTED:npm-token]"],
  ],
  "sendgrid-key": [[`SG.${alnum(22)}.${alnum(43)}`, "[REDACTED:sendgrid-key]"]],
  "twilio-key": [[`sid SK${hex(32)}`, "sid [REDACTED:twilio-key]"]],
  "openai-key": [
    [`sk-${alnum(48)}`, "[REDACTED:openai-key]"],
    [`sk-proj-${alnum(40)}`, "[REDACTED:openai-key]"],
  ],
  "anthropic-key": [[`sk-ant-api03-${alnum(40)}`, "[REDACTED:anthropic-key]"]],
  "hf-token": [[`hf_${alnum(34)}`, "[REDACTED:hf-token]"]],
  email: [
    ["mail to jane.doe+ops@example.co.uk failed", "mail to [REDACTED:email] failed"],
    ["<bob@corp.example.com>", "<[REDACTED:email]>"],
  ],
};

describe("redact: every kind is masked", () => {
  for (const [kind, cases] of Object.entries(positives)) {
    it(kind, () => {
      for (const [input, expected] of cases) expect(redact(input), input).toBe(expected);
    });
  }
});

describe("redact: look-alikes are left alone", () => {
  const clean = [
    'FATAL: password authentication failed for user "app"',
    "token expired for session 42",
    "invalid token: signature mismatch",
    "refresh token: context deadline exceeded",
    "request id 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 done",
    "trace 3fa85f64-5717-4562-b3fc-2c963f66afa6 at 2024-05-01T12:00:01.123Z",
    "bypass=true cwd=/srv/app passed=12",
    'WWW-Authenticate: Bearer realm="api"',
    "Bearer token missing",
    "tokens_used=512 token_type=refresh",
    "java.lang.Object@1b6d3586 at com.example.Svc.run(Svc.java:42)",
    "clone https://github.com/org/repo.git and ssh://git@host/repo",
    "disk task asked for 3 keys, secret sauce",
  ];
  for (const line of clean) it(line, () => expect(redact(line)).toBe(line));
});

describe("redact: options", () => {
  it("leaves emails alone when emails is false", () => {
    const line = "notify ops@example.com password=x";
    expect(redact(line, { emails: false })).toBe(
      "notify ops@example.com password=[REDACTED:password]",
    );
  });

  it("masks config patterns, named and case-sensitive as given", () => {
    const r = createRedactor(
      config({
        patterns: [
          { name: "Employee", pattern: "EMP-\\d{6}" },
          { name: "ticket", pattern: "(?<keep>ticket )[a-z]+", flags: "i" },
        ],
      }),
    );
    expect(r.redact("EMP-123456 emp-123456 TICKET Abc")).toBe(
      "[REDACTED:employee] emp-123456 TICKET [REDACTED:ticket]",
    );
    expect(r.counts).toEqual({ employee: 1, ticket: 1 });
  });

  it("rejects an invalid pattern with a ConfigError naming it", () => {
    const bad = config({ patterns: [{ name: "broken", pattern: "(unclosed" }] });
    expect(() => createRedactor(bad)).toThrow(ConfigError);
    expect(() => createRedactor(bad)).toThrow(/"broken"/);
  });

  it("rejects a pattern that matches the empty string", () => {
    const bad = config({ patterns: [{ name: "empty", pattern: "x*" }] });
    expect(() => createRedactor(bad)).toThrow(ConfigError);
  });
});

describe("redact: counts", () => {
  it("counts each masked value by kind", () => {
    const r = createRedactor(config());
    r.redact("password=a token=b");
    r.redact("password=c a@b.io");
    r.redact("nothing here");
    expect(r.counts).toEqual({ password: 2, token: 1, email: 1 });
  });
});

describe("redact: records", () => {
  const record = (first: string, continuation: string[] = []): LogRecord => ({
    source: "app.log",
    line: 10,
    endLine: 10 + continuation.length,
    raw: [`2024-05-01T12:00:00Z ERROR ${first}`, ...continuation].join("\n"),
    message: first,
    continuation,
    format: "generic",
    truncated: false,
  });

  it("returns the same object when nothing matched", () => {
    const clean = record("connection pool exhausted", ["  at Pool.get(pool.js:1)"]);
    expect(createRedactor(config()).redactRecord(clean)).toBe(clean);
  });

  it("masks raw, message and continuation in a new record", () => {
    const r = createRedactor(config());
    const input = record("login failed password=hunter2", ["  retry with token=abc"]);
    const out = r.redactRecord(input);
    expect(out).not.toBe(input);
    expect(out.message).toBe("login failed password=[REDACTED:password]");
    expect(out.continuation).toEqual(["  retry with token=[REDACTED:token]"]);
    expect(out.raw).not.toContain("hunter2");
    expect(out.raw).not.toContain("abc");
    // raw and message hold the same secrets: counted once.
    expect(r.counts).toEqual({ password: 1, token: 1 });
    expect(input.message).toBe("login failed password=hunter2");
  });

  it("checks a JSON line's decoded message even when the raw text hides the trigger", () => {
    const input: LogRecord = {
      ...record("x"),
      format: "jsonl",
      raw: '{"level":"error","msg":"login with \\u0070assword=hunter2 failed"}',
      message: "login with password=hunter2 failed",
    };
    const out = createRedactor(config()).redactRecord(input);
    expect(out.message).toBe("login with password=[REDACTED:password] failed");
  });

  it("masks message and continuation as they would be masked without the header, whatever it is", () => {
    // Every positive and look-alike, at the start of the message, after headers that end in a
    // space, a tab, or a character a rule looks at (a letter, a quote, a dash).
    const texts = [
      ...Object.values(positives).flatMap((cases) => cases.map(([input]) => input)),
      "token issued sub=42 client=web",
      "Authorization header missing",
      "password reset requested for user 7",
    ];
    const headers = ["2024-05-01T12:00:00Z ERROR ", "host-1 app[2]:\t", "INFO x", 'k="', "a-"];
    for (const header of headers) {
      for (const text of texts) {
        for (const continuation of [[], ["  token=abc123 at x", "  at y"]]) {
          const r = createRedactor(config());
          const input: LogRecord = {
            ...record(text, continuation),
            raw: [`${header}${text}`, ...continuation].join("\n"),
          };
          const out = r.redactRecord(input);
          // Message and continuation are masked as one text (a key block may span them).
          const alone = redact([text, ...continuation].join("\n")).split("\n");
          expect([out.message, ...out.continuation], `${header}|${text}`).toEqual(alone);
        }
      }
    }
  });

  it("masks a private key spanning continuation lines and keeps the line count", () => {
    const r = createRedactor(config());
    const input = record("loaded key -----BEGIN EC PRIVATE KEY-----", [
      `MHcCAQEEI${alnum(40)}`,
      `oUQDQgAE${alnum(40)}`,
      "-----END EC PRIVATE KEY----- from vault",
      "  at Loader.load(loader.js:7)",
    ]);
    const out = r.redactRecord(input);
    expect(out.message).toBe("loaded key [REDACTED:private-key]");
    expect(out.continuation).toEqual(["", "", " from vault", "  at Loader.load(loader.js:7)"]);
    expect(out.raw.split("\n")).toHaveLength(5);
    expect(out.raw).not.toMatch(/MHcCAQ|oUQDQ/);
    expect(r.counts).toEqual({ "private-key": 1 });
  });
});
