/**
 * Hugging Face Inference through @huggingface/inference: the serverless router (with a chosen
 * inference provider) or a dedicated Inference Endpoint. The client's own 503 retry is turned
 * off so that ../retry.ts alone decides; its HTTP errors become LlmError with their status.
 */
import {
  InferenceClient,
  InferenceClientProviderApiError,
  type InferenceProviderOrPolicy,
  PROVIDERS_OR_POLICIES,
} from "@huggingface/inference";
import { ConfigError, LlmError } from "../../errors.js";
import type { ChatMessage, ChatOptions, ChatResult, LlmProvider } from "../provider.js";

export interface HfSettings {
  model: string;
  token?: string;
  inferenceProvider?: string;
  endpointUrl?: string;
}

function inferenceProvider(name: string | undefined): InferenceProviderOrPolicy | undefined {
  if (name === undefined) return undefined;
  if ((PROVIDERS_OR_POLICIES as readonly string[]).includes(name)) {
    return name as InferenceProviderOrPolicy;
  }
  throw new ConfigError(
    `unknown llm.inferenceProvider "${name}"; known: ${PROVIDERS_OR_POLICIES.join(", ")}`,
  );
}

function toLlmError(err: unknown): unknown {
  if (err instanceof InferenceClientProviderApiError) {
    return new LlmError(`Hugging Face Inference: ${err.message}`, {
      status: err.httpResponse.status,
      cause: err,
    });
  }
  return err;
}

export function hfProvider(settings: HfSettings): LlmProvider {
  const provider = inferenceProvider(settings.inferenceProvider);
  const client = new InferenceClient(settings.token);
  const target = settings.endpointUrl ? client.endpoint(settings.endpointUrl) : client;

  return {
    name: "hf",
    model: settings.model,
    async chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
      // The model is always passed: without it, endpoint mode sends the URL as the model name.
      const args = {
        model: settings.model,
        messages: messages.map(({ role, content }) => ({ role, content })),
        max_tokens: options.maxTokens,
        temperature: 0,
        ...(provider ? { provider } : {}),
      };
      const callOptions = { signal: options.signal, retry_on_error: false };
      try {
        if (!options.onToken) {
          const out = await target.chatCompletion(args, callOptions);
          return {
            text: out.choices[0]?.message.content ?? "",
            tokensIn: out.usage?.prompt_tokens,
            tokensOut: out.usage?.completion_tokens,
          };
        }
        let text = "";
        for await (const chunk of target.chatCompletionStream(args, callOptions)) {
          const delta = chunk.choices[0]?.delta.content;
          if (!delta) continue;
          text += delta;
          options.onToken(delta);
        }
        return { text };
      } catch (err) {
        throw toLlmError(err);
      }
    },
  };
}
