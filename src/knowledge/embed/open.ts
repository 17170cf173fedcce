/**
 * Opens the configured embedder: picks the adapter, learns the vector length (from config, or by
 * embedding one probe text), and wraps the adapter's requests with what every embedder needs:
 * batches, a timeout, a check of count and length, unit-length vectors and one error type.
 */
import type { EmbedConfig } from "../../config.js";
import { EmbedError, LogsageError } from "../../errors.js";
import type { Embedder, EmbedTransport } from "./port.js";
import { normalize } from "./vector.js";

type Settings = Exclude<EmbedConfig, { provider: "none" }>;

const PROBE = "disk full: no space left on device";

async function transportFor(config: Settings): Promise<EmbedTransport> {
  // Each adapter is loaded on demand: the local one pulls in onnxruntime, hundreds of megabytes.
  switch (config.provider) {
    case "local":
      return (await import("./local.js")).localTransport(config);
    case "hf":
      return (await import("./hf.js")).hfTransport(config);
    case "endpoint":
      return (await import("./endpoint.js")).endpointTransport(config);
  }
}

/** Undefined for `none`. Throws ConfigError for a setup problem, EmbedError when it fails. */
export async function openEmbedder(config: EmbedConfig): Promise<Embedder | undefined> {
  if (config.provider === "none") return undefined;
  return createEmbedder(await transportFor(config), config);
}

export async function createEmbedder(
  transport: EmbedTransport,
  settings: Pick<Settings, "batchSize" | "timeoutMs" | "dimensions">,
): Promise<Embedder> {
  const call = async (texts: readonly string[], dimensions?: number) => {
    let raw: readonly ArrayLike<number>[];
    try {
      raw = await transport.request(texts, AbortSignal.timeout(settings.timeoutMs));
    } catch (err) {
      throw asEmbedError(transport.name, settings.timeoutMs, err);
    }
    if (raw.length !== texts.length) {
      throw new EmbedError(
        `embedder ${transport.name} returned ${raw.length} vectors for ${texts.length} texts`,
      );
    }
    return raw.map((values) => {
      if (values.length === 0 || (dimensions !== undefined && values.length !== dimensions)) {
        throw new EmbedError(
          `embedder ${transport.name} returned a vector of length ${values.length}, expected ${dimensions ?? "more than 0"}; ` +
            "check embed.model and embed.dimensions",
        );
      }
      return normalize(values);
    });
  };
  const dimensions =
    settings.dimensions ??
    (await call([PROBE]).then(
      (v) => v[0]?.length ?? 0,
      async (err: unknown) => {
        await transport.close?.();
        throw err;
      },
    ));
  return {
    id: `${transport.name}:${dimensions}`,
    dimensions,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += settings.batchSize) {
        out.push(...(await call(texts.slice(i, i + settings.batchSize), dimensions)));
      }
      return out;
    },
    close: async () => transport.close?.(),
  };
}

function asEmbedError(name: string, timeoutMs: number, err: unknown): LogsageError {
  if (err instanceof LogsageError) return err;
  const e = err as Error;
  if (e.name === "TimeoutError" || e.name === "AbortError") {
    return new EmbedError(`embedder ${name} did not answer within ${timeoutMs} ms`, { cause: err });
  }
  return new EmbedError(`embedder ${name} failed: ${e.message ?? String(err)}`, { cause: err });
}
