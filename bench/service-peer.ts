/**
 * The peer of the service benchmark: a bare hono app on the same Node HTTP adapter that reads the
 * JSON body and answers a fixed report-sized JSON. It is the ceiling of the HTTP stack on this
 * machine, so logsage's requests/s are quoted as a share of it. Prints its URL on stdout.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

/** About the size of a one-finding report, so both answer similar bytes. */
const ANSWER = { version: "1", findings: [{ id: "f-0", text: "x".repeat(3500) }] };

const app = new Hono().post("/v1/analyze", async (c) => {
  await c.req.json();
  return c.json(ANSWER);
});
const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => {
  console.log(`http://127.0.0.1:${info.port}`);
});
process.once("SIGTERM", () => server.close());
