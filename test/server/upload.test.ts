/**
 * Multipart uploads to POST /v1/analyze over real HTTP, parsed as they stream in: a part of
 * several MB, a gzip part, other fields around the file, the size limit (413, and the server goes
 * on serving) and broken forms.
 */
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { freshRequest, listen } from "../helpers/http.js";
import { startTestApp } from "../helpers/server.js";

const LIMIT = 8 * 1024 * 1024;
const LINE = "2024-05-01T10:00:00Z INFO request ok path=/checkout status=200 ms=12\n";
const ERROR = "2024-05-01T10:00:01Z ERROR connection refused to db-primary:5432 (ECONNREFUSED)\n";

/** About `bytes` of log with one error in the middle; `lines` says how many lines it has. */
function log(bytes: number): { text: string; lines: number } {
  const lines = Math.floor(bytes / LINE.length);
  const half = LINE.repeat(Math.floor(lines / 2));
  return { text: `${half}${ERROR}${half}`, lines: 2 * Math.floor(lines / 2) + 1 };
}

let t: Awaited<ReturnType<typeof startTestApp>>;
let url: string;

beforeAll(async () => {
  t = await startTestApp({ server: { bodyLimitBytes: LIMIT } });
  url = await listen(t.app);
}, 120_000);

async function upload(form: FormData) {
  return fetch(`${url}/v1/analyze`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.tokens.analyst}` },
    body: form,
  });
}

interface Report {
  stats: { lines: number; formats: Record<string, string> };
  findings: { template: string }[];
}

describe("multipart uploads", () => {
  it("analyzes a file part of several MB between other fields", async () => {
    const { text, lines } = log(6 * 1024 * 1024);
    const form = new FormData();
    form.append("note", "before the file");
    form.append("other", new Blob(["not the log\n"]), "other.txt");
    form.append("file", new Blob([text]), "app.log");
    form.append("after", "after the file");
    const res = await upload(form);
    expect(res.status).toBe(200);
    const report = (await res.json()) as Report;
    expect(report.stats.lines).toBe(lines);
    expect(Object.keys(report.stats.formats)).toEqual(["app.log"]);
    expect(report.findings.some((f) => f.template.includes("connection refused"))).toBe(true);
  });

  it("decompresses a gzip part, larger unpacked than the body limit", async () => {
    const { text, lines } = log(12 * 1024 * 1024);
    const form = new FormData();
    form.append("file", new Blob([gzipSync(text)]), "app.log.gz");
    const res = await upload(form);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Report).stats.lines).toBe(lines);
  });

  it("answers 413 for a part over the limit and keeps serving", async () => {
    const form = new FormData();
    form.append("file", new Blob([log(LIMIT + 1024 * 1024).text]), "big.log");
    const res = await upload(form);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toContain(`${LIMIT} bytes`);
    const after = await freshRequest(`${url}/v1/analyze`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.tokens.analyst}`, "content-type": "text/plain" },
      body: ERROR,
    });
    expect(after.status).toBe(200);
  });

  it("refuses broken forms with a line naming the problem", async () => {
    const headers = { authorization: `Bearer ${t.tokens.analyst}` };
    const noBoundary = await freshRequest(`${url}/v1/analyze`, {
      method: "POST",
      headers: { ...headers, "content-type": "multipart/form-data" },
      body: "x",
    });
    expect(noBoundary.status).toBe(400);
    expect(JSON.parse(noBoundary.body).detail).toContain("not a valid multipart form");
    const truncated = await freshRequest(`${url}/v1/analyze`, {
      method: "POST",
      headers: { ...headers, "content-type": "multipart/form-data; boundary=b" },
      body: `--b\r\ncontent-disposition: form-data; name="file"; filename="a.log"\r\n\r\n${ERROR}`,
    });
    expect(truncated.status).toBe(400);
    expect(JSON.parse(truncated.body).detail).toBe("cannot read a.log: Unexpected end of form");
  });
});
