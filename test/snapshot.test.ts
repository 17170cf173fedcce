/** The knowledge snapshot analyses read instead of opening PGlite, and its freshness protocol. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openKnowledgeBase } from "../src/knowledge/base.js";
import { openKnowledgeReader } from "../src/knowledge/reader.js";
import { markDirty, readSnapshot, writeSnapshot } from "../src/knowledge/snapshot.js";
import { tempDir } from "./helpers/tmp.js";

const dir = tempDir();

describe("snapshot freshness", () => {
  it("is read only while the marker vouches for it", async () => {
    const data = join(dir, "unit");
    mkdirSync(data, { recursive: true });
    expect(await readSnapshot(data)).toBeUndefined();
    await writeSnapshot(data, { entries: [] });
    expect((await readSnapshot(data))?.entries).toEqual([]);
    await markDirty(data);
    expect(await readSnapshot(data)).toBeUndefined();
    await writeSnapshot(data, { entries: [] });
    writeFileSync(join(data, "knowledge-snapshot.json"), "{ torn");
    expect(await readSnapshot(data)).toBeUndefined();
  });

  it("follows every ingest, so a reader sees new knowledge without opening the store", async () => {
    const data = join(dir, "store");
    const kbDir = join(dir, "kb");
    mkdirSync(kbDir, { recursive: true });
    writeFileSync(
      join(kbDir, "widget.md"),
      "---\nid: widget-jam\ntitle: Widget press jammed\n---\n## Symptoms\n- `widget press jammed at station`\n## Cause\nA worn cam.\n## Remediation\n1. Replace the cam.\n",
    );
    const { knowledge } = await openKnowledgeBase({ dataDir: data });
    await knowledge.ingest([kbDir]);
    await knowledge.close();
    expect((await readSnapshot(data))?.entries.map((e) => e.document.id)).toEqual(["widget-jam"]);
    const { knowledge: reader } = await openKnowledgeReader({ dataDir: data });
    expect("repository" in reader).toBe(false);
    const hits = await reader.index.search({ text: "widget press jammed", k: 3 });
    expect(hits[0]?.id).toBe("widget-jam");
    expect((await reader.documents(["widget-jam"])).get("widget-jam")?.cause).toBe("A worn cam.");
    await reader.close();
  });
});
