/** API keys over HTTP: created once-visible, listed without secrets, revoked at once, audited. */
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/server.js";

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
}, 120_000);

interface Created {
  id: string;
  name: string;
  role: string;
  key: string;
  revokedAt: string | null;
}
interface Audit {
  entries: { actor: string; action: string; before: unknown; after: unknown }[];
}

describe("/v1/keys", () => {
  it("creates a key shown once, lists it without secrets, revokes it at once, and audits both", async () => {
    const res = await t.call("admin", "POST", "/v1/keys", {
      json: { name: "ci-pipeline", role: "analyst" },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const created = (await res.json()) as Created;
    expect(created).toMatchObject({ name: "ci-pipeline", role: "analyst", revokedAt: null });
    expect(created.key).toMatch(/^lsk_[\w-]{40,}$/);

    const withNewKey = (path: string) =>
      t.app.request(path, { headers: { authorization: `Bearer ${created.key}` } });
    expect((await withNewKey("/v1/analyses")).status).toBe(200);
    // An analyst key is not an admin key.
    expect((await withNewKey("/v1/keys")).status).toBe(403);

    const listed = await t.call("admin", "GET", "/v1/keys");
    const text = await listed.text();
    expect(text).not.toContain(created.key);
    expect(text).not.toMatch(/"(hash|key)"/);
    const { keys } = JSON.parse(text) as { keys: Created[] };
    expect(keys.find((k) => k.id === created.id)).toMatchObject({
      name: "ci-pipeline",
      revokedAt: null,
    });

    expect((await t.call("admin", "DELETE", `/v1/keys/${created.id}`)).status).toBe(204);
    // Verified keys are remembered for speed; a revoke through the store forgets them.
    expect((await withNewKey("/v1/analyses")).status).toBe(401);
    const again = await t.call("admin", "DELETE", `/v1/keys/${created.id}`);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { detail: string }).detail).toContain(created.id);

    const audit = (await (await t.call("admin", "GET", "/v1/kb/audit")).json()) as Audit;
    const mine = audit.entries.filter(
      (e) => JSON.stringify(e.after).includes(created.id) && e.actor === "admin-key",
    );
    expect(mine.map((e) => e.action)).toEqual(["key.revoke", "key.create"]);
    expect(mine[0]?.before).toMatchObject({ id: created.id, revokedAt: null });
    expect(mine[0]?.after).toMatchObject({ id: created.id, revokedAt: expect.any(String) });
    expect(JSON.stringify(audit)).not.toContain(created.key);
  });

  it("names the field of an invalid key request", async () => {
    const detail = async (json: unknown) => {
      const res = await t.call("admin", "POST", "/v1/keys", { json });
      expect(res.status).toBe(400);
      return ((await res.json()) as { detail: string }).detail;
    };
    expect(await detail({ name: "x", role: "root" })).toContain("body.role");
    expect(await detail({ name: " ", role: "reader" })).toContain("body.name");
    expect(await detail({ name: "x", role: "reader", hash: "y" })).toContain(
      "unknown field(s) hash",
    );
  });
});
