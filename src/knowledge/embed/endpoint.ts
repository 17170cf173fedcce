/**
 * An OpenAI-compatible embeddings server (Text Embeddings Inference, vLLM, Ollama, llama.cpp):
 * `POST <url>/embeddings` with `{model, input}`, answered with `{data: [{index, embedding}]}`.
 */
import { z } from "zod";
import type { EmbedConfig } from "../../config.js";
import { EmbedError } from "../../errors.js";
import type { EmbedTransport } from "./port.js";

type Settings = Extract<EmbedConfig, { provider: "endpoint" }>;

const Answer = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()) })),
});

export function endpointTransport(settings: Settings): EmbedTransport {
  const url = `${settings.url.replace(/\/+$/, "")}/embeddings`;
  const name = `endpoint:${settings.model}`;
  return {
    name,
    async request(texts, signal) {
      const response = await fetch(url, {
        method: "POST",
        signal,
        headers: {
          "content-type": "application/json",
          ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: settings.model, input: texts }),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new EmbedError(
          `embedder ${name} at ${url} answered ${response.status}: ${text.slice(0, 200)}`,
          { status: response.status },
        );
      }
      let parsed: z.infer<typeof Answer>;
      try {
        parsed = Answer.parse(JSON.parse(text));
      } catch (err) {
        throw new EmbedError(
          `embedder ${name} at ${url} sent an answer that is not an embeddings list: ${text.slice(0, 200)}`,
          { cause: err },
        );
      }
      // Servers may answer out of order; `index` says whose vector each one is.
      return [...parsed.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    },
  };
}
