/**
 * The auth matrix: every endpoint under /v1 with no key, an unknown key, a revoked key and each
 * role (401, 403 or success); anonymous access when enabled; per-key rate limits.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { chunkDocument } from "../../src/ingest/index.js";
import { KnowledgeDocumentSchema } from "../../src/knowledge/model.js";
import { createApp } from "../../src/server/app.js";
import { allows, ROLES, type Role } from "../../src/server/auth/roles.js";
import { startTestApp } from "../helpers/server.js";

let t: Awaited<ReturnType<typeof startTestApp>>;
/** A stored analysis and one of its findings, for the analyses endpoints. */
let analysis: string;
let finding: string;
/** A job accepted before the matrix runs. */
let job: string;
/** A key per role for that role's DELETE /v1/keys/:id to revoke. */
const revocable = {} as Record<Role, string>;
beforeAll(async () => {
  t = await startTestApp();
  for (const role of ROLES) {
    revocable[role] = (await t.keys.create(`revocable-${role}`, "reader", "test")).record.id;
  }
  // Defaults filled in by the model's schema, as the loader would.
  const fixture = KnowledgeDocumentSchema.parse({ ...doc("auth-fixture"), source: "test" });
  await t.knowledge.put(fixture, chunkDocument(fixture, "markdown"), { actor: "test" });
  const res = await t.call("analyst", "POST", "/v1/analyze", { json: { text: "ERROR disk full" } });
  analysis = res.headers.get("location") ?? "";
  finding = ((await res.json()) as { findings: { id: string }[] }).findings[0]?.id ?? "";
  const accepted = await t.call("analyst", "POST", "/v1/jobs", { body: "ERROR x" });
  job = accepted.headers.get("location") ?? "";
}, 120_000);

const doc = (id: string) => ({
  id,
  kind: "runbook",
  title: `Auth test ${id}`,
  body: "# Steps\n\nok",
});

interface Endpoint {
  needs: Role;
  method: string;
  path: (role: Role) => string;
  json?: (role: Role) => unknown;
}

// In this order for each role: the document a role creates is the one it then replaces and deletes.
const ENDPOINTS: Endpoint[] = [
  { needs: "reader", method: "GET", path: () => "/v1/kb/documents" },
  { needs: "reader", method: "GET", path: () => "/v1/kb/search?q=disk" },
  {
    needs: "analyst",
    method: "POST",
    path: () => "/v1/analyze",
    json: () => ({ text: "ERROR x" }),
  },
  {
    needs: "curator",
    method: "POST",
    path: () => "/v1/kb/documents",
    json: (r) => doc(`auth-${r}`),
  },
  { needs: "reader", method: "GET", path: () => "/v1/kb/documents/auth-fixture" },
  {
    needs: "curator",
    method: "PUT",
    path: (r) => `/v1/kb/documents/auth-${r}`,
    json: (r) => ({ ...doc(`auth-${r}`), title: "changed" }),
  },
  { needs: "curator", method: "DELETE", path: (r) => `/v1/kb/documents/auth-${r}` },
  { needs: "admin", method: "GET", path: () => "/v1/kb/audit" },
  { needs: "reader", method: "GET", path: () => "/v1/kb/suppressions" },
  { needs: "analyst", method: "POST", path: () => "/v1/jobs", json: () => ({ any: "log text" }) },
  { needs: "analyst", method: "GET", path: () => job },
  { needs: "analyst", method: "GET", path: () => `${job}/events` },
  {
    needs: "curator",
    method: "POST",
    path: () => "/v1/kb/suppressions",
    json: (r) => ({ pattern: `never-matches-${r}`, reason: "auth test" }),
  },
  { needs: "reader", method: "GET", path: () => "/v1/analyses" },
  { needs: "reader", method: "GET", path: () => analysis },
  {
    needs: "analyst",
    method: "POST",
    path: () => `${analysis}/findings/${finding}/feedback`,
    json: () => ({ verdict: "helpful" }),
  },
  {
    needs: "curator",
    method: "POST",
    path: () => `${analysis}/findings/${finding}/promote`,
    json: (r) => ({ id: `inc-auth-${r}`, cause: "auth test" }),
  },
  { needs: "admin", method: "GET", path: () => "/v1/keys" },
  {
    needs: "admin",
    method: "POST",
    path: () => "/v1/keys",
    json: (r) => ({ name: `made-by-${r}`, role: "reader" }),
  },
  { needs: "admin", method: "DELETE", path: (r) => `/v1/keys/${revocable[r]}` },
];

describe("auth matrix", () => {
  for (const role of ROLES) {
    it(`${role}: allowed up to its role, 403 beyond`, async () => {
      for (const e of ENDPOINTS) {
        const res = await t.call(role, e.method, e.path(role), { json: e.json?.(role) });
        const label = `${role} ${e.method} ${e.path(role)}`;
        if (allows(role, e.needs)) expect(res.status, label).toBeLessThan(300);
        else {
          expect(res.status, label).toBe(403);
          expect(((await res.json()) as { detail: string }).detail).toContain(e.needs);
        }
      }
    });
  }

  it("answers 401 with WWW-Authenticate for no key, an unknown key and a revoked key", async () => {
    const { key, record } = await t.keys.create("short-lived", "admin", "test");
    await t.keys.revoke(record.id, "test");
    const variants: (Record<string, string> | undefined)[] = [
      undefined,
      { authorization: "Bearer lsk_not-a-real-key" },
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: `Bearer ${key}` },
    ];
    for (const headers of variants) {
      for (const e of ENDPOINTS) {
        const res = await t.call(undefined, e.method, e.path("admin"), {
          json: e.json?.("admin"),
          headers,
        });
        expect(res.status, `${JSON.stringify(headers)} ${e.method} ${e.path("admin")}`).toBe(401);
        expect(res.headers.get("www-authenticate")).toContain("Bearer");
      }
    }
  });

  it("lets anonymous callers read and analyze, never write, when the config allows it", async () => {
    const config = { ...t.config, server: { ...t.config.server, anonymous: true } };
    const app = createApp({ config, knowledge: t.knowledge, keys: t.keys });
    for (const e of ENDPOINTS) {
      const json = e.json?.("reader");
      const res = await app.request(e.path("reader"), {
        method: e.method,
        headers: json ? { "content-type": "application/json" } : {},
        body: json ? JSON.stringify(json) : undefined,
      });
      const label = `anonymous ${e.method} ${e.path("reader")}`;
      // Jobs belong to the app that accepted them, so this app answers 404 for the matrix's job.
      if (allows("analyst", e.needs)) expect([401, 403], label).not.toContain(res.status);
      else expect(res.status, label).toBe(403);
    }
  });

  it("limits each key's requests per minute with 429 and Retry-After", async () => {
    const config = {
      ...t.config,
      server: { ...t.config.server, rateLimit: { requestsPerMinute: 2 } },
    };
    const app = createApp({ config, knowledge: t.knowledge, keys: t.keys });
    const get = (role: Role) =>
      app.request("/v1/kb/documents?limit=1", {
        headers: { authorization: `Bearer ${t.tokens[role]}` },
      });
    expect((await get("reader")).status).toBe(200);
    expect((await get("reader")).status).toBe(200);
    const limited = await get("reader");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another key has its own budget.
    expect((await get("analyst")).status).toBe(200);
  });
});
