/**
 * Any OpenAI-compatible server (TGI, vLLM, Ollama, llama.cpp server) through plain fetch: it gives
 * the HTTP status and the Retry-After header, which the retry policy needs and the Hugging Face
 * client does not expose, and SSE is a few lines (../sse.ts).
 */
import { z } from "zod";
import { LlmError } from "../../errors.js";
import type { ChatMessage, ChatOptions, ChatResult, LlmProvider } from "../provider.js";
import { parseRetryAfter } from "../retry.js";
import { sseData } from "../sse.js";

const CompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
  usage: z
    .object({ prompt_tokens: z.number(), completion_tokens: z.number() })
    .partial()
    .optional(),
});

const ChunkSchema = z.object({
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullish() }).partial() })),
});

/** Keeps a server's error body short enough for a one-line warning. */
const ERROR_BODY_CHARS = 200;

export interface EndpointSettings {
  url: string;
  model: string;
  apiKey?: string;
}

export function endpointProvider(settings: EndpointSettings): LlmProvider {
  const url = `${settings.url.replace(/\/+$/, "")}/chat/completions`;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;

  async function post(body: object, signal: AbortSignal): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal });
    } catch (err) {
      throw new LlmError(`cannot reach ${url}: ${(err as Error).message}`, { cause: err });
    }
    if (res.ok) return res;
    const text = (await res.text().catch(() => "")).slice(0, ERROR_BODY_CHARS);
    // The usual mistake: a server URL without the /v1 of the OpenAI-style base.
    const hint = res.status === 404 ? " (is the URL the OpenAI-style base ending in /v1?)" : "";
    throw new LlmError(`${url} answered HTTP ${res.status}${text ? `: ${text}` : ""}${hint}`, {
      status: res.status,
      retryAfterMs: parseRetryAfter(res.headers.get("retry-after")),
    });
  }

  async function complete(res: Response): Promise<ChatResult> {
    const parsed = CompletionSchema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new LlmError(`${url} sent a response that is not a chat completion`);
    return {
      text: parsed.data.choices[0]?.message.content ?? "",
      tokensIn: parsed.data.usage?.prompt_tokens,
      tokensOut: parsed.data.usage?.completion_tokens,
    };
  }

  async function stream(res: Response, onToken: (delta: string) => void): Promise<ChatResult> {
    if (!res.body) throw new LlmError(`${url} sent an empty stream`);
    let text = "";
    for await (const data of sseData(res.body)) {
      const chunk = ChunkSchema.safeParse(JSON.parse(data));
      const delta = chunk.success ? chunk.data.choices[0]?.delta.content : undefined;
      if (!delta) continue;
      text += delta;
      onToken(delta);
    }
    return { text };
  }

  return {
    name: "endpoint",
    model: settings.model,
    async chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
      const streaming = options.onToken !== undefined;
      const res = await post(
        {
          model: settings.model,
          messages,
          max_tokens: options.maxTokens,
          // Explanations should be reproducible, and the cache assumes they are.
          temperature: 0,
          stream: streaming,
        },
        options.signal,
      );
      return options.onToken ? stream(res, options.onToken) : complete(res);
    },
  };
}
