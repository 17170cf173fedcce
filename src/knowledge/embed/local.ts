/**
 * A model folder on disk run in-process with @huggingface/transformers (ONNX Runtime): the
 * feature-extraction pipeline with mean pooling and unit length, as sentence-transformers models
 * expect. Remote models are switched off: this never downloads anything. The package is an
 * optional dependency, loaded only when this adapter is chosen.
 */
import { existsSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { EmbedConfig } from "../../config.js";
import { ConfigError } from "../../errors.js";
import type { EmbedTransport } from "./port.js";

type Settings = Extract<EmbedConfig, { provider: "local" }>;

/** The part of the feature-extraction pipeline used here. */
interface Extractor {
  (
    texts: string[],
    options: { pooling: "mean"; normalize: boolean },
  ): Promise<{ dims: number[]; data: unknown }>;
  dispose(): Promise<void>;
}

const PACKAGE = "@huggingface/transformers";

async function loadTransformers() {
  try {
    return await import("@huggingface/transformers");
  } catch (err) {
    throw new ConfigError(
      `embed.provider "local" needs the optional package ${PACKAGE}, which is not installed: ` +
        `run "npm install ${PACKAGE}@3.8.1" (with the project's .npmrc), or choose another embedder`,
      { cause: err },
    );
  }
}

export async function localTransport(settings: Settings): Promise<EmbedTransport> {
  const folder = resolve(settings.model);
  if (!existsSync(`${folder}/config.json`)) {
    throw new ConfigError(
      `embed.model ${folder} is not a model folder (no config.json); give the path of a folder holding config.json, tokenizer.json and onnx/`,
    );
  }
  const { env, pipeline } = await loadTransformers();
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(folder)}/`;
  let extractor: Extractor;
  try {
    // Typed by hand: the library's own pipeline types are too large for the compiler here.
    extractor = (await pipeline("feature-extraction", basename(folder), {
      dtype: settings.dtype,
      local_files_only: true,
    })) as unknown as Extractor;
  } catch (err) {
    throw new ConfigError(`cannot load the model in ${folder}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return {
    name: `local:${folder}`,
    async request(texts) {
      const output = await extractor([...texts], { pooling: "mean", normalize: true });
      const [rows = 0, dims = 0] = output.dims;
      const data = output.data as Float32Array;
      return Array.from({ length: rows }, (_, i) => data.subarray(i * dims, (i + 1) * dims));
    },
    close: () => extractor.dispose(),
  };
}
