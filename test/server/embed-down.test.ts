/**
 * A document write while the embedder is down: the document is stored and readable, and the
 * answer is a 503 problem naming the embedder, not a 500.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useEmbedServer } from "../helpers/embed-server.js";
import { startTestApp } from "../helpers/server.js";

const server = useEmbedServer(32);
let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp({ embed: { provider: "endpoint", url: server().url, model: "toy" } });
}, 120_000);

describe("an embedder failure over HTTP", () => {
  it("answers 503 with problem details and keeps the document", async () => {
    server().failWith = { status: 503 };
    const res = await t.call("curator", "POST", "/v1/kb/documents", {
      json: {
        id: "EX-EMBED-DOWN",
        kind: "error_code",
        title: "Widget spindle jammed",
        cause: "The spindle jammed.",
        fix: ["Unjam the spindle"],
      },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { type: string; detail: string };
    expect(body.type).toBe("urn:logsage:problem:embed");
    expect(body.detail).toMatch(/stored and searchable by words/);
    server().failWith = undefined;
    const stored = await t.call("reader", "GET", "/v1/kb/documents/EX-EMBED-DOWN");
    expect(stored.status).toBe(200);
  });
});
