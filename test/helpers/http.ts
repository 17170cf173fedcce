/**
 * Puts an app on a real socket (127.0.0.1, a free port) for tests that need HTTP itself: streamed
 * request bodies, server-sent events, a client that hangs up, a browser.
 */
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { afterAll } from "vitest";

// biome-ignore lint/suspicious/noExplicitAny: any app, whatever its environment type
export async function listen(app: Hono<any>): Promise<string> {
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  const { port } = await new Promise<AddressInfo>((resolve) =>
    server.once("listening", () => resolve(server.address() as AddressInfo)),
  );
  afterAll(
    () =>
      new Promise<void>((closed) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => closed());
      }),
  );
  return `http://127.0.0.1:${port}`;
}

export interface SseEvent {
  event: string;
  data: string;
}

/** Server-sent events from a response body as they arrive (one `data:` line per event here). */
export async function* sseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    for (let end = buffered.indexOf("\n\n"); end >= 0; end = buffered.indexOf("\n\n")) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const field = (name: string) =>
        block
          .split("\n")
          .filter((line) => line.startsWith(`${name}: `))
          .map((line) => line.slice(name.length + 2))
          .join("\n");
      yield { event: field("event") || "message", data: field("data") };
    }
  }
}

/**
 * One request on a connection of its own. After an upload the server refused part-way, the
 * server closes that connection once it has drained what it will; a pooled client could pick it
 * for its next request and see it close.
 */
export function freshRequest(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method, headers: init.headers, agent: false });
    req.once("error", reject);
    req.once("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.once("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.once("error", reject);
    });
    req.end(init.body);
  });
}
