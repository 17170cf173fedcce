/**
 * Request bodies under the size limit, streamed: the limit is checked against Content-Length up
 * front and counted again as bytes arrive (a chunked upload has no length), so an oversized
 * upload fails with TooLargeError without ever being held in memory.
 */
import { Readable, Transform } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import busboy from "busboy";
import { LogsageError, TooLargeError, ValidationError } from "../errors.js";

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
  // A declared length within the limit is all the HTTP parser will deliver, so the body can be
  // read whole: on Node this skips the web stream, which cost more than small requests' analysis.
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) <= limit) return request.text();
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

/** Longest value a non-file form field may have; only the `file` part is meant to be large. */
const FIELD_BYTES = 64 * 1024;

function badForm(err: unknown): ValidationError {
  return new ValidationError(`body: not a valid multipart form (${(err as Error).message})`);
}

/**
 * One file part of a multipart form as a stream, parsed while the body arrives (busboy), so the
 * upload is never held whole: the part is read as fast as the caller consumes it. Other parts are
 * skipped. Going over the size limit, or a form broken after the part began, fails the part's
 * stream with the error; a form without the part is a ValidationError.
 */
export function limitedFile(
  request: Request,
  limit: number,
  field: string,
): Promise<{ name: string; stream: Readable }> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": request.headers.get("content-type") ?? "" },
      limits: { fieldSize: FIELD_BYTES },
    });
  } catch (err) {
    return Promise.reject(badForm(err));
  }
  const body = limitedBody(request, limit);
  return new Promise((resolve, reject) => {
    let part: Readable | undefined;
    const fail = (err: unknown) => {
      const error = err instanceof LogsageError ? err : badForm(err);
      body.unpipe(parser);
      body.destroy();
      if (part) part.destroy(error);
      else reject(error);
    };
    body.once("error", fail);
    parser.once("error", fail);
    parser.on("file", (name, stream, info) => {
      if (name !== field || part) {
        stream.resume();
        return;
      }
      part = stream;
      resolve({ name: info.filename || "<upload>", stream });
    });
    parser.once("close", () => {
      if (!part)
        reject(
          new ValidationError(`${field}: a multipart field '${field}' with the log is required`),
        );
    });
    body.pipe(parser);
  });
}
