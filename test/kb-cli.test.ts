/** The knowledge commands as a user runs them: ingest, idempotency, prune, validation, kb search. */
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

const dir = tempDir();
const GOOD = new URL("./fixtures/kb/good", import.meta.url).pathname;
const BAD = new URL("./fixtures/kb/bad", import.meta.url).pathname;

function cli(dataDir: string, args: string[]) {
  return runCli(args, { env: { LOGSAGE_DATA_DIR: dataDir } });
}

interface Summary {
  added: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
  failed: { file: string; message: string }[];
}

describe("logsage ingest", () => {
  it("ingests into a fresh data dir only what it was given, then is idempotent", async () => {
    const data = join(dir, "fresh");
    const root = join(dir, "kb-copy");
    cpSync(GOOD, root, { recursive: true });
    const first = await cli(data, ["ingest", root, "--format", "json"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const added = (JSON.parse(first.stdout) as Summary).added;
    expect(added.length).toBeGreaterThan(0);
    const list = await cli(data, ["kb", "list", "--format", "json"]);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((d) => d.id).sort()).toEqual(
      [...added].sort(),
    );
    const again = JSON.parse(
      (await cli(data, ["ingest", root, "--format", "json"])).stdout,
    ) as Summary;
    expect(again.added).toEqual([]);
    expect(again.unchanged.sort()).toEqual([...added].sort());
  });

  it("updates changed files and prunes removed ones with --prune", async () => {
    const data = join(dir, "prune");
    const root = join(dir, "kb-prune");
    mkdirSync(root, { recursive: true });
    const doc = (id: string, cause: string) =>
      `---\nid: ${id}\ntitle: ${id} title\n---\n## Symptoms\n- \`${id} failed\`\n## Cause\n${cause}\n## Remediation\n1. restart ${id}\n`;
    writeFileSync(join(root, "a.md"), doc("svc-a", "first cause"));
    writeFileSync(join(root, "b.md"), doc("svc-b", "b cause"));
    expect((await cli(data, ["ingest", root])).stdout).toMatch(/added 2/);
    writeFileSync(join(root, "a.md"), doc("svc-a", "second cause"));
    rmSync(join(root, "b.md"));
    const kept = JSON.parse(
      (await cli(data, ["ingest", root, "--format", "json"])).stdout,
    ) as Summary;
    expect(kept).toMatchObject({ updated: ["svc-a"], removed: [] });
    const pruned = JSON.parse(
      (await cli(data, ["ingest", root, "--prune", "--format", "json"])).stdout,
    ) as Summary;
    expect(pruned).toMatchObject({ unchanged: ["svc-a"], removed: ["svc-b"] });
    const shown = await cli(data, ["kb", "show", "svc-a", "--format", "json"]);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      id: "svc-a",
      version: 2,
      cause: "second cause",
    });
    const gone = await cli(data, ["kb", "show", "svc-b"]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/no knowledge document with id "svc-b"/);
  });

  it("exits 1 naming each bad file, and still ingests the good ones", async () => {
    const data = join(dir, "bad");
    const r = await cli(data, ["ingest", GOOD, BAD, "--format", "json"]);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout) as Summary;
    expect(summary.added.length).toBeGreaterThan(0);
    expect(summary.failed.length).toBeGreaterThanOrEqual(5);
    for (const f of summary.failed) expect(f.message).toContain(f.file);
  });
});

describe("logsage kb search", () => {
  it("seeds an empty store with the bundled kb/ and finds the right runbook", async () => {
    const data = join(dir, "search");
    const r = await cli(data, [
      "kb",
      "search",
      "write failed: No space left on device",
      "--format",
      "json",
      "--k",
      "3",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/loaded \d+ documents from the bundled kb/);
    const ids = (JSON.parse(r.stdout) as { id: string }[]).map((h) => h.id);
    expect(ids.some((id) => id === "disk-full" || id === "errno-enospc")).toBe(true);
  });
});
