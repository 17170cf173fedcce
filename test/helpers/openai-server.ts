/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 (random port) for the LLM tests and the
 * token benchmark: POST /v1/chat/completions answers as JSON or, when the body asks for
 * `stream: true`, as SSE. Replies are scripted: queued ones first, then a default function (a
 * valid answer for every finding asked about). It records every request body and the most
 * requests it ever had in flight at once.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Reply =
  /** A chat completion whose message content is `content`, after `delayMs`. */
  | { kind: "content"; content: string; delayMs?: number }
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  /** Never answers: the client's timeout has to end it. */
  | { kind: "hang" };

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  max_tokens?: number;
  stream?: boolean;
}

export interface RecordedRequest {
  body: ChatRequestBody;
  headers: IncomingMessage["headers"];
  at: number;
}

export interface OpenAiServer {
  /** Base URL ending in /v1, as --llm-url takes it. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly maxInFlight: number;
  /** Replies used in order before falling back to `reply`. */
  enqueue(...replies: Reply[]): void;
  reply: (request: RecordedRequest) => Reply;
  close(): Promise<void>;
}

/** A valid answer in the contract's shape; `overrides` changes any key. */
export function answerJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    description: "The payment service could not reach its database.",
    cause: "The database refused connections.",
    fix: ["Check the database is up", "Check connection limits"],
    severity: "error",
    confidence: 0.7,
    citations: [],
    ...overrides,
  });
}

const KEY = String.raw`F\d+ to F\d+|F\d+|summary`;
const KEYS = new RegExp(String.raw`keys ((?:${KEY})(?:, (?:${KEY}))*)`);

/** One key of a prompt, or a range of them ("F1 to F10"), as the keys it stands for. */
function expand(key: string): string[] {
  const range = /^F(\d+) to F(\d+)$/.exec(key);
  if (!range) return [key];
  const [from, to] = [Number(range[1]), Number(range[2])];
  return Array.from({ length: to - from + 1 }, (_, i) => `F${from + i}`);
}

/**
 * The keys a logsage prompt asks to be answered ("keys F1, F2, summary" or "keys F1 to F10,
 * summary"), from its last message.
 */
export function askedKeys(request: RecordedRequest): string[] {
  const last = request.body.messages.at(-1)?.content ?? "";
  const keys = KEYS.exec(last)?.[1];
  return keys ? keys.split(", ").flatMap(expand) : [];
}

/**
 * A valid answer to whatever findings the request asks about, keyed as logsage asks (and the
 * incident summary when asked for); `overrides` changes keys of every finding's answer.
 */
export function batchAnswerJson(
  request: RecordedRequest,
  overrides: Record<string, unknown> = {},
  summary = "Timeline:\n- errors began\nLikely chain of causes: unknown",
): string {
  const entries = askedKeys(request).map((key) => [
    key,
    key === "summary" ? summary : JSON.parse(answerJson(overrides)),
  ]);
  return JSON.stringify(Object.fromEntries(entries));
}

function completion(content: string): object {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "test-model",
    system_fingerprint: null,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

/** SSE in small deltas, so streaming clients see more than one. */
function streamContent(res: ServerResponse, content: string): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (let i = 0; i < content.length; i += 16) {
    const chunk = {
      id: "chatcmpl-test",
      object: "chat.completion.chunk",
      created: Math.floor(Date.now() / 1000),
      model: "test-model",
      system_fingerprint: null,
      choices: [{ index: 0, delta: { content: content.slice(i, i + 16) }, finish_reason: null }],
    };
    res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  }
  res.end("data: [DONE]\n\n");
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startOpenAiServer(): Promise<OpenAiServer> {
  const queue: Reply[] = [];
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404).end();
      return;
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    const recorded: RecordedRequest = {
      body: JSON.parse(await readBody(req)) as ChatRequestBody,
      headers: req.headers,
      at: Date.now(),
    };
    requests.push(recorded);
    const reply = queue.shift() ?? api.reply(recorded);
    if (reply.kind === "hang") return;
    if (reply.kind === "status") {
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(reply.body ?? JSON.stringify({ error: { message: `status ${reply.status}` } }));
      return;
    }
    if (reply.delayMs) await new Promise((done) => setTimeout(done, reply.delayMs));
    if (recorded.body.stream) streamContent(res, reply.content);
    else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(completion(reply.content)));
    }
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;

  const api: OpenAiServer = {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    reply: (request) => ({ kind: "content", content: batchAnswerJson(request) }),
    close: () =>
      new Promise<void>((closed) => {
        // Hanging requests would keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
  return api;
}
