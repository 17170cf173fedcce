/**
 * Picks the adapter the config names; "none" has no provider (knowledge-only answers). The
 * Hugging Face client is loaded only when it is used: loading it cost every analysis 0.08 s.
 */
import type { LlmConfig } from "../../config.js";
import type { LlmProvider } from "../provider.js";
import { endpointProvider } from "./endpoint.js";

export async function createProvider(config: LlmConfig): Promise<LlmProvider | undefined> {
  switch (config.provider) {
    case "none":
      return undefined;
    case "hf":
      return (await import("./hf.js")).hfProvider(config);
    case "endpoint":
      return endpointProvider(config);
  }
}
