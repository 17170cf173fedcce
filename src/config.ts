/**
 * The one typed configuration object. Sources are layered defaults < file < environment < flags,
 * validated with zod (unknown keys are rejected so a typo fails loudly). Only this module reads
 * process.env.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import { ConfigError } from "./errors.js";

const ReadSchema = z
  .object({
    /** Longest line kept, in bytes; the rest is dropped and the line flagged as truncated. */
    maxLineBytes: z
      .number()
      .int()
      .min(256)
      .default(64 * 1024),
    /**
     * Bytes read per chunk. Bounds memory together with maxLineBytes. 1 MiB reads as fast as
     * 4 MiB did (same CPU on a 100 MB log) and a server analyzing an uploaded file peaked about
     * 20 MB lower with it.
     */
    chunkBytes: z
      .number()
      .int()
      .min(4096)
      .default(1024 * 1024),
    /**
     * analyze passes over quiet lines (read/sift.ts) instead of parsing and mining them; scan
     * never does. Off: every record is mined, as scan mines them.
     */
    sift: z.boolean().default(true),
  })
  .strict();

const ParseSchema = z
  .object({
    /** Join stack traces and continuation lines into their record. */
    multiline: z.boolean().default(true),
    /** Lines sampled per source to detect its format. */
    sampleLines: z.number().int().min(1).default(64),
    /** A record stops growing after this many physical lines (a runaway stack trace). */
    maxRecordLines: z.number().int().min(1).default(200),
  })
  .strict();

const RedactPatternSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9_-]+$/i, "use letters, digits, _ or -"),
    pattern: z.string().min(1),
    flags: z.string().optional(),
  })
  .strict();

const RedactSchema = z
  .object({
    /** Mask email addresses (personal data) as well as secrets. */
    emails: z.boolean().default(true),
    /** Extra patterns to mask, each reported as [REDACTED:name]. */
    patterns: z.array(RedactPatternSchema).default([]),
  })
  .strict();

const MineSchema = z
  .object({
    /** Depth of the Drain prefix tree (including the length layer). */
    depth: z.number().int().min(3).default(4),
    /**
     * Fraction of equal constant tokens for a message to join an existing template (positions
     * that are variables on both sides are not compared).
     */
    similarity: z.number().min(0).max(1).default(0.7),
    maxChildren: z.number().int().min(2).default(100),
    /**
     * Messages after which a template's constant words are trusted: a message differing in one
     * of them starts a new template instead of turning the word into <*>.
     */
    matureAfter: z.number().int().min(1).default(50),
    /** Bounds memory: the miner never holds more templates than this. */
    maxClusters: z.number().int().min(100).default(20000),
  })
  .strict();

const ScoreSchema = z
  .object({
    /** A record at or above this score is anomalous. */
    threshold: z.number().min(0).max(1).default(0.5),
  })
  .strict();

const GroupSchema = z
  .object({
    /** Line numbers kept per finding (the JSON contract caps this at 1000). */
    maxLines: z.number().int().min(1).max(1000).default(1000),
    /** Context lines kept before and after each sample. */
    contextLines: z.number().int().min(0).max(20).default(2),
  })
  .strict();

/** How LLM calls are made, the same for every remote provider. */
const LlmCallsShape = {
  /** Findings explained at the same time. */
  concurrency: z.number().int().min(1).max(64).default(4),
  /** Per call, including streaming; a call past it is aborted (and retried like a 5xx). */
  timeoutMs: z.number().int().min(1).default(60_000),
  /**
   * Findings explained in one call, as many as also fit the token budget: they share the system
   * prompt and the knowledge they have in common. 1 makes one call per finding.
   */
  batchSize: z.number().int().min(1).max(32).default(10),
  /** Findings sent per run, most important first; the rest keep their knowledge-only answer. */
  maxFindings: z.number().int().min(0).default(10),
  /** Retries of one call on 429, 5xx and timeouts, with exponential backoff. */
  maxRetries: z.number().int().min(0).max(10).default(3),
  /** Reuse answers stored for the same model, prompt and evidence. */
  cache: z.boolean().default(true),
};

const LlmUnion = z.discriminatedUnion("provider", [
  z.object({ provider: z.literal("none") }).strict(),
  z
    .object({
      provider: z.literal("hf"),
      model: z.string().default("meta-llama/Meta-Llama-3-8B-Instruct"),
      token: z.string().optional(),
      inferenceProvider: z.string().optional(),
      /** A dedicated Inference Endpoint (https://<name>.endpoints.huggingface.cloud/v1). */
      endpointUrl: z.string().url().optional(),
      ...LlmCallsShape,
    })
    .strict(),
  z
    .object({
      provider: z.literal("endpoint"),
      url: z.string().url(),
      model: z.string().default("meta-llama/Meta-Llama-3-8B-Instruct"),
      apiKey: z.string().optional(),
      ...LlmCallsShape,
    })
    .strict(),
]);

/** `logsage serve`: where it listens and what it lets through. */
const ServerSchema = z
  .object({
    /** Loopback by default: exposing the service is a decision, not an accident. */
    host: z.string().min(1).default("127.0.0.1"),
    port: z.number().int().min(0).max(65535).default(8080),
    /** Largest request body; a bigger upload is answered 413 while it streams in. */
    bodyLimitBytes: z
      .number()
      .int()
      .min(1)
      .default(100 * 1024 * 1024),
    /** Requests without a key may read and analyze (never write) when true. */
    anonymous: z.boolean().default(false),
    rateLimit: z
      .object({
        /** Requests per key (or per anonymous client) per minute; beyond it, 429. */
        requestsPerMinute: z.number().int().min(1).default(600),
      })
      .strict()
      .default({}),
  })
  .strict();

/**
 * Secrets from the environment arrive under this key (fromEnv cannot know which provider the
 * file or flags chose) and are moved onto the provider that uses them, so HF_TOKEN set in a shell
 * does not break `provider: "none"`.
 */
const ENV_SECRETS = "fromEnv";

function applyEnvSecrets(value: unknown): unknown {
  if (!isPlainObject(value) || !(ENV_SECRETS in value)) return value;
  const { [ENV_SECRETS]: secrets, ...rest } = value;
  const { hfToken, apiKey } = (secrets ?? {}) as { hfToken?: string; apiKey?: string };
  if (rest.provider === undefined && Object.keys(rest).length === 0) return { provider: "none" };
  if (rest.provider === "hf" && hfToken) return { ...rest, token: hfToken };
  if (rest.provider === "endpoint" && apiKey) return { ...rest, apiKey };
  return rest;
}

// The cast keeps the union's input type for ConfigInput; preprocess alone would make it unknown.
const LlmSchema = z.preprocess(applyEnvSecrets, LlmUnion) as z.ZodType<
  z.output<typeof LlmUnion>,
  z.ZodTypeDef,
  z.input<typeof LlmUnion>
>;

/** How embedding requests are made, the same for every embedder. */
const EmbedCallsShape = {
  /** Texts per request (or per local model run). */
  batchSize: z.number().int().min(1).max(2048).default(32),
  /** Per request; a slower answer is an EmbedError. */
  timeoutMs: z.number().int().min(1).default(30_000),
  /**
   * Vector length. Left out, one probe text is embedded when the embedder opens; given, every
   * vector is checked against it and no probe is made.
   */
  dimensions: z.number().int().min(1).max(16_384).optional(),
  /** Cosine similarity below which a document is not a dense candidate (model-dependent). */
  minSimilarity: z.number().min(-1).max(1).default(0.5),
};

/** Dense vectors for knowledge search; `none` keeps retrieval lexical only. */
const EmbedUnion = z.discriminatedUnion("provider", [
  z.object({ provider: z.literal("none") }).strict(),
  z
    .object({
      provider: z.literal("local"),
      /** A model folder on disk (config.json, tokenizer.json, onnx/model.onnx); nothing is downloaded. */
      model: z.string().min(1),
      /** ONNX weights to load: fp32 reads onnx/model.onnx, q8 onnx/model_quantized.onnx, ... */
      dtype: z.enum(["fp32", "fp16", "q8", "int8", "uint8", "q4", "bnb4", "q4f16"]).default("fp32"),
      ...EmbedCallsShape,
    })
    .strict(),
  z
    .object({
      provider: z.literal("hf"),
      model: z.string().min(1).default("sentence-transformers/all-MiniLM-L6-v2"),
      token: z.string().optional(),
      /** A dedicated Inference Endpoint (or any server speaking the feature-extraction API). */
      endpointUrl: z.string().url().optional(),
      ...EmbedCallsShape,
    })
    .strict(),
  z
    .object({
      provider: z.literal("endpoint"),
      /** OpenAI-style base URL ending in /v1 (TEI, vLLM, Ollama); POST <url>/embeddings. */
      url: z.string().url(),
      model: z.string().min(1),
      apiKey: z.string().optional(),
      ...EmbedCallsShape,
    })
    .strict(),
]);

const EmbedSchema = z.preprocess(applyEnvSecrets, EmbedUnion) as z.ZodType<
  z.output<typeof EmbedUnion>,
  z.ZodTypeDef,
  z.input<typeof EmbedUnion>
>;

export const ConfigSchema = z
  .object({
    dataDir: z.string().default(join(homedir(), ".local", "share", "logsage")),
    /** A PostgreSQL server for the store; without it the store is PGlite inside dataDir. */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL")
      .optional(),
    read: ReadSchema.default({}),
    parse: ParseSchema.default({}),
    redact: RedactSchema.default({}),
    mine: MineSchema.default({}),
    score: ScoreSchema.default({}),
    group: GroupSchema.default({}),
    llm: LlmSchema.default({ provider: "none" }),
    embed: EmbedSchema.default({ provider: "none" }),
    server: ServerSchema.default({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type ReadConfig = Config["read"];
export type ParseConfig = Config["parse"];
export type RedactConfig = Config["redact"];
export type MineConfig = Config["mine"];
export type ScoreConfig = Config["score"];
export type GroupConfig = Config["group"];
export type LlmConfig = Config["llm"];
export type ServerConfig = Config["server"];
export type EmbedConfig = Config["embed"];

/** A partial config as it may appear in a file or be built from flags; merged over defaults. */
export type ConfigInput = z.input<typeof ConfigSchema>;

type Env = Record<string, string | undefined>;

/** Environment variables that map onto config keys. */
function fromEnv(env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (env.LOGSAGE_DATA_DIR) out.dataDir = env.LOGSAGE_DATA_DIR;
  if (env.DATABASE_URL) out.databaseUrl = env.DATABASE_URL;
  if (env.HF_TOKEN || env.LOGSAGE_LLM_API_KEY) {
    out.llm = { [ENV_SECRETS]: { hfToken: env.HF_TOKEN, apiKey: env.LOGSAGE_LLM_API_KEY } };
  }
  if (env.HF_TOKEN || env.LOGSAGE_EMBED_API_KEY) {
    out.embed = { [ENV_SECRETS]: { hfToken: env.HF_TOKEN, apiKey: env.LOGSAGE_EMBED_API_KEY } };
  }
  return out;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new Error("expected a JSON object");
    }
    return value as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Deep-merge plain objects; later layers win, arrays and scalars are replaced whole. */
export function mergeLayers(...layers: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const current = out[key];
      out[key] =
        isPlainObject(current) && isPlainObject(value) ? mergeLayers(current, value) : value;
    }
  }
  return out;
}

function describeIssue(issue: z.ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join(".") : "(root)";
  if (issue.code === "unrecognized_keys")
    return `${where}: unknown key(s) ${issue.keys.join(", ")}`;
  return `${where}: ${issue.message}`;
}

export interface LoadConfigOptions {
  /** Explicit config file; otherwise LOGSAGE_CONFIG, then ./logsage.config.json if present. */
  file?: string;
  /** Values from command-line flags, highest precedence. */
  flags?: ConfigInput;
  env?: Env;
  cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const implicit = resolve(cwd, "logsage.config.json");
  const file = options.file ?? env.LOGSAGE_CONFIG ?? (existsSync(implicit) ? implicit : undefined);
  const layers = [
    file ? readConfigFile(resolve(cwd, file)) : {},
    fromEnv(env),
    (options.flags ?? {}) as Record<string, unknown>,
  ];
  const parsed = ConfigSchema.safeParse(mergeLayers(...layers));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(
      `invalid configuration: ${first ? describeIssue(first) : "unknown problem"}`,
    );
  }
  return parsed.data;
}

/** Defaults only; for tests and library callers. */
export function defaultConfig(overrides: ConfigInput = {}): Config {
  return ConfigSchema.parse(overrides);
}
