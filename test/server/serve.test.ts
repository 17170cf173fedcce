/**
 * End to end: `logsage keys create`, then `logsage serve --port 0` as a real process, spoken to
 * over HTTP, then stopped with SIGTERM while a request is in flight.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

describe("logsage serve", () => {
  it("serves the API over HTTP and shuts down gracefully on SIGTERM", async () => {
    const dataDir = tempDir();
    const created = await runCli([
      "keys",
      "create",
      "--role",
      "curator",
      "--name",
      "e2e",
      "--data-dir",
      dataDir,
    ]);
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split("\n").at(-1) ?? "";
    expect(key).toMatch(/^lsk_/);
    const listed = await runCli(["keys", "list", "--data-dir", dataDir]);
    expect(listed.stdout).toMatch(/\tcurator\te2e\t.*\tactive/);
    expect(listed.stdout).not.toContain(key);
    const unknown = await runCli(["keys", "revoke", "nope", "--data-dir", dataDir]);
    expect([unknown.code, unknown.stderr]).toEqual([
      1,
      'logsage: no active API key with id "nope"\n',
    ]);
    const badRole = await runCli([
      "keys",
      "create",
      "--role",
      "root",
      "--name",
      "x",
      "--data-dir",
      dataDir,
    ]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain("--role must be one of reader, analyst, curator, admin");

    const child = spawn(process.execPath, [
      "--import",
      TSX,
      MAIN,
      "serve",
      "--port",
      "0",
      "--data-dir",
      dataDir,
    ]);
    const logs: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      let buffered = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) {
          logs.push(line);
          const entry = JSON.parse(line) as { msg: string; url?: string };
          if (entry.msg === "listening" && entry.url) resolve(entry.url);
        }
      });
      child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const auth = { authorization: `Bearer ${key}` };

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/v1/kb/documents`)).status).toBe(401);
    const analyzed = await fetch(`${url}/v1/analyze`, {
      method: "POST",
      headers: { ...auth, "content-type": "text/plain" },
      body: "2024-05-01T10:00:00Z ERROR out of memory: killed process 4242 (java)\n",
    });
    expect(analyzed.status).toBe(200);
    expect(((await analyzed.json()) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    const put = await fetch(`${url}/v1/kb/documents/e2e-doc`, {
      method: "PUT",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ kind: "runbook", title: "E2E", body: "# Fix\n\nrestart" }),
    });
    expect(put.status).toBe(201);
    expect(put.headers.get("etag")).toBe('W/"1"');

    // In flight when SIGTERM arrives: it must still be answered.
    const inFlight = fetch(`${url}/v1/analyze`, {
      method: "POST",
      headers: { ...auth, "content-type": "text/plain" },
      body: "ERROR disk full\n".repeat(20_000),
    });
    await new Promise((r) => setTimeout(r, 50));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect((await inFlight).status).toBe(200);
    expect(await exited).toBe(0);
    const messages = logs.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toContain("stopped");
    const request = logs.map(
      (l) => JSON.parse(l) as { msg: string; reqId?: string; actor?: string },
    );
    expect(request.find((r) => r.msg === "request" && r.actor === "e2e")?.reqId).toBeTruthy();
  }, 120_000);
});
