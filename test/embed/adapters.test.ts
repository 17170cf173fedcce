/**
 * The `endpoint` and `hf` embedders against a real HTTP server on 127.0.0.1 (test/helpers/
 * embed-server().ts): ids with the probed length, batching, order, unit length, token pooling,
 * credentials, and every failure as an EmbedError that says what happened.
 */
import { describe, expect, it } from "vitest";
import { type EmbedConfig, loadConfig } from "../../src/config.js";
import { ConfigError, EmbedError } from "../../src/errors.js";
import { openEmbedder } from "../../src/knowledge/embed/open.js";
import type { Embedder } from "../../src/knowledge/embed/port.js";
import { useEmbedServer } from "../helpers/embed-server.js";
import { toyVector } from "../helpers/toy-embedding.js";

const server = useEmbedServer(16);

/** The embed section as the config file would give it, defaults filled in. */
function embedConfig(section: Record<string, unknown>): EmbedConfig {
  return loadConfig({ env: {}, cwd: "/", flags: { embed: section as EmbedConfig } }).embed;
}

const endpoint = (extra: Record<string, unknown> = {}) =>
  embedConfig({ provider: "endpoint", url: server().url, model: "toy-bge", ...extra });
const hf = (extra: Record<string, unknown> = {}) =>
  embedConfig({ provider: "hf", model: "org/toy", endpointUrl: server().hfUrl, ...extra });

async function open(config: EmbedConfig): Promise<Embedder> {
  const embedder = await openEmbedder(config);
  if (!embedder) throw new Error("expected an embedder");
  return embedder;
}

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

describe.each([
  ["endpoint", endpoint, "endpoint:toy-bge:16"],
  ["hf", hf, "hf:org/toy:16"],
])("%s embedder", (_name, config, id) => {
  it("learns the vector length from one probe and names itself by provider, model and length", async () => {
    const embedder = await open(config());
    expect(embedder.id).toBe(id);
    expect(embedder.dimensions).toBe(16);
    expect(server().requests).toHaveLength(1);
  });

  it("sends batches of batchSize and returns unit vectors in input order", async () => {
    const embedder = await open(config({ batchSize: 2, dimensions: 16 }));
    const texts = ["disk full", "connection refused", "certificate expired", "heap memory"];
    server().shuffle = true;
    const vectors = await embedder.embed(texts);
    expect(server().requests.map((r) => r.texts)).toEqual([texts.slice(0, 2), texts.slice(2)]);
    expect(vectors).toHaveLength(4);
    vectors.forEach((v, i) => {
      expect(norm(v)).toBeCloseTo(1, 5);
      const raw = toyVector(texts[i] as string, 16);
      const rawNorm = Math.sqrt(raw.reduce((s, x) => s + x * x, 0));
      expect([...v].map((x) => x.toFixed(5))).toEqual(raw.map((x) => (x / rawNorm).toFixed(5)));
    });
  });

  it("turns a 5xx into a retryable EmbedError naming the embedder and status", async () => {
    const embedder = await open(config({ dimensions: 16 }));
    server().failWith = { status: 503, body: '{"error":"model loading"}' };
    const failing = embedder.embed(["x"]);
    await expect(failing).rejects.toBeInstanceOf(EmbedError);
    const err = (await failing.catch((e: unknown) => e)) as EmbedError;
    expect(err.status).toBe(503);
    expect(err.retryable).toBe(true);
    expect(err.message).toContain(id.split(":16")[0] as string);
  });

  it("turns a 401 into an EmbedError that is not retryable", async () => {
    const embedder = await open(config({ dimensions: 16 }));
    server().failWith = { status: 401, body: '{"error":"bad token"}' };
    const err = (await embedder.embed(["x"]).catch((e: unknown) => e)) as EmbedError;
    expect(err).toBeInstanceOf(EmbedError);
    expect(err.retryable).toBe(false);
  });

  it("gives up after timeoutMs when the server does not answer", async () => {
    const embedder = await open(config({ dimensions: 16, timeoutMs: 200 }));
    server().hang = true;
    await expect(embedder.embed(["x"])).rejects.toThrow(/did not answer within 200 ms|aborted/);
  });

  it("rejects vectors of another length than configured", async () => {
    const embedder = await open(config({ dimensions: 8 }));
    await expect(embedder.embed(["x"])).rejects.toThrow("expected 8");
  });

  it("fails to open, with an EmbedError, when the probe cannot be answered", async () => {
    server().failWith = { status: 500 };
    await expect(openEmbedder(config())).rejects.toBeInstanceOf(EmbedError);
  });
});

describe("endpoint embedder specifics", () => {
  it("sends the model and the API key", async () => {
    const embedder = await open(endpoint({ apiKey: "sk-test", dimensions: 16 }));
    await embedder.embed(["disk full"]);
    expect(server().requests[0]?.body.model).toBe("toy-bge");
    expect(server().requests[0]?.headers.authorization).toBe("Bearer sk-test");
  });

  it("says so when the answer is not an embeddings list", async () => {
    const embedder = await open(endpoint({ dimensions: 16 }));
    server().failWith = { status: 200, body: '{"vectors":[]}' };
    await expect(embedder.embed(["x"])).rejects.toThrow("not an embeddings list");
  });

  it("takes its API key from LOGSAGE_EMBED_API_KEY", () => {
    const config = loadConfig({
      env: { LOGSAGE_EMBED_API_KEY: "sk-env", HF_TOKEN: "hf_x" },
      cwd: "/",
      flags: { embed: { provider: "endpoint", url: server().url, model: "m" } },
    });
    expect(config.embed).toMatchObject({ provider: "endpoint", apiKey: "sk-env" });
    expect(config.llm).toEqual({ provider: "none" });
  });
});

describe("hf embedder specifics", () => {
  it("mean-pools token vectors when the model answers per token", async () => {
    const embedder = await open(hf({ dimensions: 16 }));
    server().tokens = true;
    const [pooled] = await embedder.embed(["disk full"]);
    const sum = toyVector("disk", 16).map((x, i) => x + (toyVector("full", 16)[i] ?? 0));
    const sumNorm = Math.sqrt(sum.reduce((s, x) => s + x * x, 0));
    expect([...(pooled ?? [])].map((x) => x.toFixed(5))).toEqual(
      sum.map((x) => (x / sumNorm).toFixed(5)),
    );
  });

  it("sends HF_TOKEN as the bearer token", async () => {
    const config = loadConfig({
      env: { HF_TOKEN: "hf_secret" },
      cwd: "/",
      flags: { embed: { provider: "hf", endpointUrl: server().hfUrl, dimensions: 16 } },
    });
    const embedder = await open(config.embed);
    await embedder.embed(["x"]);
    expect(server().requests[0]?.headers.authorization).toBe("Bearer hf_secret");
  });
});

describe("embed config", () => {
  it("defaults to none, and rejects unknown providers and keys at start-up", () => {
    expect(loadConfig({ env: {}, cwd: "/" }).embed).toEqual({ provider: "none" });
    expect(() =>
      loadConfig({ env: {}, cwd: "/", flags: { embed: { provider: "magic" } as never } }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({
        env: {},
        cwd: "/",
        flags: {
          embed: { provider: "endpoint", url: server().url, model: "m", colour: 1 } as never,
        },
      }),
    ).toThrow("unknown key(s) colour");
  });

  it("says which folder is not a model folder for the local embedder", async () => {
    await expect(
      openEmbedder(embedConfig({ provider: "local", model: "/nonexistent/model" })),
    ).rejects.toThrow(ConfigError);
  });
});
