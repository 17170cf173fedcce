/**
 * Hugging Face Inference through @huggingface/inference's featureExtraction: the hosted
 * hf-inference service, or `endpointUrl` (a dedicated Inference Endpoint or any server speaking
 * the same API). Sentence models answer one pooled vector per text; a model that answers token
 * vectors is mean-pooled here.
 */
import { InferenceClient, InferenceClientProviderApiError } from "@huggingface/inference";
import type { EmbedConfig } from "../../config.js";
import { EmbedError } from "../../errors.js";
import type { EmbedTransport } from "./port.js";
import { meanPool } from "./vector.js";

type Settings = Extract<EmbedConfig, { provider: "hf" }>;

const isNumbers = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === "number");

/** One vector per text, from pooled (text x dims) or token-level (text x tokens x dims) output. */
function vectorsOf(output: unknown, name: string): number[][] {
  if (Array.isArray(output)) {
    if (output.every(isNumbers)) return output;
    if (output.every((t) => Array.isArray(t) && t.every(isNumbers))) {
      return (output as number[][][]).map(meanPool);
    }
  }
  throw new EmbedError(`embedder ${name} answered something other than vectors`);
}

export function hfTransport(settings: Settings): EmbedTransport {
  const client = new InferenceClient(settings.token);
  const name = `hf:${settings.model}`;
  return {
    name,
    async request(texts, signal) {
      try {
        const output = await client.featureExtraction(
          {
            model: settings.model,
            inputs: [...texts],
            ...(settings.endpointUrl
              ? { endpointUrl: settings.endpointUrl }
              : { provider: "hf-inference" as const }),
          },
          { signal, retry_on_error: false },
        );
        return vectorsOf(output, name);
      } catch (err) {
        if (err instanceof InferenceClientProviderApiError) {
          throw new EmbedError(`embedder ${name}: ${err.message}`, {
            status: err.httpResponse.status,
            cause: err,
          });
        }
        throw err;
      }
    },
  };
}
