/**
 * Request bodies under the size limit, streamed: the limit is checked against Content-Length up
 * front and counted again as bytes arrive (a chunked upload has no length), so an oversized
 * upload fails with TooLargeError without ever being held in memory.
 */
import { Readable, Transform } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { TooLargeError, ValidationError } from "../errors.js";

function tooLarge(limit: number): TooLargeError {
  return new TooLargeError(`the request body is larger than the limit of ${limit} bytes`);
}

/** The body as a Node stream that fails with TooLargeError once it passes `limit` bytes. */
export function limitedBody(request: Request, limit: number): Readable {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return Readable.from([]);
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > limit ? tooLarge(limit) : null, chunk);
    },
  });
  const source = Readable.fromWeb(request.body as NodeWebStream<Uint8Array>);
  source.once("error", (err) => counter.destroy(err));
  return source.pipe(counter);
}

export async function limitedText(request: Request, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of limitedBody(request, limit)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function limitedJson(request: Request, limit: number): Promise<unknown> {
  const text = await limitedText(request, limit);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ValidationError(`body: not valid JSON (${(err as Error).message})`);
  }
}

/**
 * A multipart form, parsed by the platform once the limited stream has been read; the form parser
 * holds the parts in memory, so uploads meant to stream should be sent as the raw body.
 */
export function limitedForm(request: Request, limit: number): Promise<FormData> {
  const body = Readable.toWeb(limitedBody(request, limit)) as ReadableStream<Uint8Array>;
  const copy = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    duplex: "half",
  } as RequestInit);
  return copy.formData().catch((err: unknown) => {
    if (err instanceof TooLargeError || (err as Error).cause instanceof TooLargeError) {
      throw tooLarge(limit);
    }
    throw new ValidationError(`body: not a valid multipart form (${(err as Error).message})`);
  });
}
