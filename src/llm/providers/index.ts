/** Picks the adapter the config names; "none" has no provider (knowledge-only answers). */
import type { LlmConfig } from "../../config.js";
import type { LlmProvider } from "../provider.js";
import { endpointProvider } from "./endpoint.js";
import { hfProvider } from "./hf.js";

export function createProvider(config: LlmConfig): LlmProvider | undefined {
  switch (config.provider) {
    case "none":
      return undefined;
    case "hf":
      return hfProvider(config);
    case "endpoint":
      return endpointProvider(config);
  }
}
