/**
 * A real embeddings HTTP server on 127.0.0.1 (random port) answering with toy vectors: the
 * OpenAI-style `POST /v1/embeddings` (TEI, vLLM, Ollama) and the Hugging Face feature-extraction
 * API at `POST /hf/<anything>` (pooled, or one vector per word when `tokens` is set). Failures are
 * scripted; every request is recorded.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { toyVector } from "./toy-embedding.js";

export interface EmbedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  texts: string[];
  body: Record<string, unknown>;
}

export interface EmbedServer {
  /** OpenAI-style base URL ending in /v1. */
  readonly url: string;
  /** Hugging Face feature-extraction URL (for embed.endpointUrl). */
  readonly hfUrl: string;
  readonly requests: EmbedRequest[];
  dimensions: number;
  /** Answer this status (and body) instead of vectors while set. */
  failWith?: { status: number; body?: string };
  /** Never answer while set: the client's timeout has to end it. */
  hang: boolean;
  /** Answer the HF API with token vectors (text x words x dims) instead of pooled ones. */
  tokens: boolean;
  /** Answer in reverse order (with correct `index` fields), as servers may. */
  shuffle: boolean;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString("utf8")) as Record<string, unknown>;
}

const asTexts = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : [String(value)];

export async function startEmbedServer(dimensions = 64): Promise<EmbedServer> {
  const requests: EmbedRequest[] = [];
  const state: Omit<EmbedServer, "url" | "hfUrl" | "close"> = {
    requests,
    dimensions,
    hang: false,
    tokens: false,
    shuffle: false,
  };
  const server = createServer(async (req, res) => {
    const body = await readJson(req);
    const path = req.url ?? "/";
    const openAi = path === "/v1/embeddings";
    const texts = asTexts(openAi ? body.input : body.inputs);
    requests.push({ path, headers: req.headers, texts, body });
    if (state.hang) return;
    if (state.failWith) {
      res.writeHead(state.failWith.status, { "content-type": "application/json" });
      res.end(state.failWith.body ?? JSON.stringify({ error: "scripted failure" }));
      return;
    }
    const vectors = texts.map((t) => toyVector(t, state.dimensions));
    let answer: unknown;
    if (openAi) {
      const data = vectors.map((embedding, index) => ({ object: "embedding", index, embedding }));
      answer = { object: "list", model: body.model, data: state.shuffle ? data.reverse() : data };
    } else if (path.startsWith("/hf")) {
      answer = state.tokens
        ? texts.map((t) => t.split(/\s+/).map((word) => toyVector(word, state.dimensions)))
        : vectors;
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/v1`,
    hfUrl: `http://127.0.0.1:${port}/hf/toy-model`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/**
 * One embed server per test file: started before the tests, closed after, and reset before each
 * test (no scripted failure, request log empty).
 */
export function useEmbedServer(dimensions: number): () => EmbedServer {
  let server: EmbedServer | undefined;
  const get = (): EmbedServer => {
    if (!server) throw new Error("the embed server is not running (use it inside a test)");
    return server;
  };
  beforeAll(async () => {
    server = await startEmbedServer(dimensions);
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    Object.assign(get(), { failWith: undefined, hang: false, tokens: false, shuffle: false });
    get().requests.length = 0;
  });
  return get;
}
