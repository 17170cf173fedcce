/**
 * The response schemas in /openapi.json against what the routes really send: every operation is
 * called (in-process) and its body parsed with the schema it declares, strictly, so a field the
 * document does not list, or one it promises and the server leaves out, fails here.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { declaredSuccess } from "../../src/server/openapi.js";
import { Problem } from "../../src/server/responses.js";
import { startTestApp } from "../helpers/server.js";

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
}, 120_000);

type Method = "get" | "post" | "put" | "delete";

/** Calls the route as `role` and checks status and body against the declared success response. */
async function conforms(
  role: Parameters<typeof t.call>[0],
  method: Method,
  path: string,
  template: string,
  init: Parameters<typeof t.call>[3] = {},
): Promise<unknown> {
  const declared = declaredSuccess(method, template);
  if (!declared) throw new Error(`${method} ${template} is not in the document`);
  const res = await t.call(role, method.toUpperCase(), path, init);
  expect(res.status, `${method} ${path}`).toBe(declared.status);
  if (!declared.json) return undefined;
  const parsed = declared.json.safeParse(await res.json());
  expect(parsed.error?.issues ?? [], `${method} ${path}`).toEqual([]);
  return parsed.data;
}

const LOG = "2024-05-01T10:00:02Z ERROR connection refused to db-primary:5432 (ECONNREFUSED)\n";
const DOC = { kind: "runbook", title: "Schema test", body: "# Fix\n\nrestart it" };

describe("response schemas in /openapi.json", () => {
  it("match what every route sends", async () => {
    await conforms(undefined, "get", "/healthz", "/healthz");
    await conforms(undefined, "get", "/readyz", "/readyz");
    await conforms(undefined, "get", "/openapi.json", "/openapi.json");

    await conforms("analyst", "post", "/v1/analyze", "/v1/analyze", { json: { text: LOG } });
    const list = (await conforms("reader", "get", "/v1/analyses", "/v1/analyses")) as {
      analyses: { id: string }[];
    };
    const id = list.analyses[0]?.id ?? "";
    const one = (await conforms("reader", "get", `/v1/analyses/${id}`, "/v1/analyses/{id}")) as {
      report: { findings: { id: string }[] };
    };
    const finding = one.report.findings[0]?.id ?? "";
    await conforms(
      "analyst",
      "post",
      `/v1/analyses/${id}/findings/${finding}/feedback`,
      "/v1/analyses/{id}/findings/{findingId}/feedback",
      { json: { verdict: "wrong", cause: "the replica was down", fix: ["fail over"] } },
    );

    const job = (await conforms("analyst", "post", "/v1/jobs", "/v1/jobs", {
      body: LOG,
      headers: { "content-type": "text/plain" },
    })) as { id: string };
    await conforms("analyst", "get", `/v1/jobs/${job.id}`, "/v1/jobs/{id}");
    await conforms("analyst", "get", "/v1/jobs?limit=5", "/v1/jobs");

    await conforms("curator", "post", "/v1/kb/documents", "/v1/kb/documents", {
      json: { id: "schema-test", ...DOC },
    });
    await conforms("reader", "get", "/v1/kb/documents?limit=3", "/v1/kb/documents");
    await conforms("reader", "get", "/v1/kb/documents/schema-test", "/v1/kb/documents/{id}");
    await conforms("curator", "put", "/v1/kb/documents/schema-test", "/v1/kb/documents/{id}", {
      json: { ...DOC, title: "Schema test, edited" },
    });
    await conforms("reader", "get", "/v1/kb/search?q=connection%20refused", "/v1/kb/search");
    await conforms("admin", "get", "/v1/kb/audit?limit=5", "/v1/kb/audit");
    await conforms("curator", "delete", "/v1/kb/documents/schema-test", "/v1/kb/documents/{id}");

    const suppression = (await conforms(
      "curator",
      "post",
      "/v1/kb/suppressions",
      "/v1/kb/suppressions",
      {
        json: { pattern: "cache warmup", reason: "expected at start-up" },
      },
    )) as { id: number };
    await conforms("reader", "get", "/v1/kb/suppressions", "/v1/kb/suppressions");
    await conforms(
      "curator",
      "delete",
      `/v1/kb/suppressions/${suppression.id}`,
      "/v1/kb/suppressions/{id}",
    );
  });

  it("match the problem details errors are answered with", async () => {
    for (const [role, method, path] of [
      [undefined, "GET", "/v1/analyses"],
      ["reader", "POST", "/v1/analyze"],
      ["reader", "GET", "/v1/analyses/nope"],
      ["reader", "GET", "/v1/analyses?limit=0"],
    ] as const) {
      const res = await t.call(role, method, path);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(Problem.safeParse(await res.json()).error?.issues ?? []).toEqual([]);
    }
  });
});
