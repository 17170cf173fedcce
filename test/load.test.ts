/**
 * Tests for the knowledge loader (src/ingest): the fixture files under test/fixtures/kb
 * (good and bad), id and source rules, the foreign Markdown shapes of the Prometheus-operator
 * runbooks, and the project's own starter kb/.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isUnderRoot, type LoadedDocument, loadKnowledge } from "../src/ingest/index.js";
import { tempDir } from "./helpers/tmp.js";

const GOOD = "test/fixtures/kb/good";
const BAD = "test/fixtures/kb/bad";

function byId(docs: LoadedDocument[], id: string): LoadedDocument {
  const found = docs.find((d) => d.document.id === id);
  if (!found) throw new Error(`no document ${id} in ${docs.map((d) => d.document.id).join(", ")}`);
  return found;
}

describe("loadKnowledge on good files", async () => {
  const { documents, failures } = await loadKnowledge([GOOD]);

  it("loads every knowledge file in a stable order, skipping hidden dirs, READMEs and other files", () => {
    expect(failures).toEqual([]);
    expect(documents.map((d) => d.document.id)).toEqual([
      "sqlstate-08006",
      "http-503",
      "incident",
      "json-runbook",
      "runbooks-nofrontmatter",
      "Disk_Full.v2",
      "runbooks-free-form",
    ]);
    expect(documents.map((d) => d.document.source)).toContain(`${GOOD}/runbooks/disk-full.md`);
  });

  it("reads a Markdown runbook: front matter, symptoms, cause and fix sections", () => {
    const { document } = byId(documents, "Disk_Full.v2");
    expect(document).toMatchObject({
      kind: "runbook",
      title: "Disk full: no space left on device",
      services: ["linux", "postgresql"],
      errorCodes: ["28", "ENOSPC"],
      fields: { owner: "storage-team" },
      symptoms: [
        "No space left on device",
        'could not write to file "pg_wal/xlogtemp.123": No space left on device (PostgreSQL)',
      ],
      cause: "The filesystem ran out of blocks.\n\n### Why it happens\nLogs grow without rotation.",
      fix: [
        "Check usage: `df -h /var`",
        "Find big files:\n```shell\n# this comment is not a heading\ndu -xh /var | sort -h | tail\n```",
        "Rotate logs with `logrotate -f /etc/logrotate.conf`\n  - nested detail about rotation",
      ],
    });
    expect(document.body.startsWith("Intro text before any heading.")).toBe(true);
  });

  it("chunks Markdown by section, keeps the heading path and never splits on a # inside code", () => {
    const { chunks } = byId(documents, "Disk_Full.v2");
    expect(chunks.map((c) => c.sectionPath)).toEqual([
      [],
      ["Symptoms"],
      ["Root cause"],
      ["Root cause", "Why it happens"],
      ["Remediation"],
      ["Prevention"],
    ]);
    expect(chunks.map((c) => c.ordinal)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(chunks[4]?.text).toContain("# this comment is not a heading");
    for (const c of chunks)
      expect(c.text.startsWith("Disk full: no space left on device")).toBe(true);
  });

  it("reads foreign runbooks: id from the path, title from the first heading, Meaning/Impact and Mitigation", () => {
    const { document, chunks } = byId(documents, "runbooks-nofrontmatter");
    expect(document.title).toBe("NoFrontMatterAlert");
    expect(document.cause).toBe("The alert fires when nothing works.\n\nEverything is slow.");
    expect(document.fix).toEqual(["Restart the thing.\n```shell\n$ systemctl restart thing\n```"]);
    expect(chunks[0]?.sectionPath).toEqual(["NoFrontMatterAlert", "Meaning"]);
    expect(chunks[0]?.text).toBe(
      "NoFrontMatterAlert — Meaning\n\nThe alert fires when nothing works.",
    );
  });

  it("reads a free-form runbook's paragraphs and bullets as its fix, other front matter as fields", () => {
    const { document } = byId(documents, "runbooks-free-form");
    expect(document.fix).toEqual(["See the other runbook first.", "Then check the dashboard."]);
    expect(document.fields).toEqual({ weight: 20 });
  });

  it("keeps numeric codes as written, adds an error code's own code and accepts a single string", () => {
    const { document } = byId(documents, "sqlstate-08006");
    expect(document.fields).toEqual({ code: "08006" });
    expect(document.errorCodes).toEqual(["08006"]);
    expect(document.symptoms).toEqual(["connection to server was lost"]);
    expect(document.fix).toEqual(["Reconnect."]);
    expect(byId(documents, "http-503").document.errorCodes).toEqual(["503", "502"]);
  });

  it("maps incident fields, keeps the date a string and renders a searchable body", () => {
    const { document, chunks } = byId(documents, "incident");
    expect(document.cause).toBe("Pool size per pod without a global budget.");
    expect(document.fix).toEqual(["Capped the HPA.", "Added PgBouncer."]);
    expect(document.fields).toEqual({
      date: "2025-03-14",
      summary: "Checkout returned 503 for 47 minutes.",
      related: ["http-503"],
    });
    for (const text of [
      "# Checkout outage",
      "47 minutes",
      "too many clients",
      "1. Capped the HPA.",
    ]) {
      expect(document.body).toContain(text);
    }
    expect(chunks).toEqual([
      { documentId: "incident", ordinal: 0, sectionPath: [], text: document.body },
    ]);
  });

  it("keeps a body written in a JSON file as Markdown", () => {
    const { document, chunks } = byId(documents, "json-runbook");
    expect(document.body).toBe("## Symptoms\n- `boom`\n\n## Fix\n1. Stop the boom.");
    expect(chunks.map((c) => c.sectionPath)).toEqual([["Symptoms"], ["Fix"]]);
  });
});

describe("loadKnowledge on bad files", async () => {
  const { documents, failures } = await loadKnowledge([BAD]);

  it("names the file and the field of every problem and loads everything else", () => {
    expect(failures.map((f) => f.message)).toEqual([
      `${BAD}/bad-id.json: id: letters, digits, . _ : - (max 128)`,
      `${BAD}/broken.yaml: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 4, column 1`,
      `${BAD}/dup-b.md: id "dup" is already used by ${BAD}/dup-a.yaml`,
      `${BAD}/items.yaml: [1].title: Required`,
      `${BAD}/items.yaml: [2].kind: Invalid enum value. Expected 'runbook' | 'error_code' | 'incident', received 'nonsense'`,
      `${BAD}/items.yaml: [3].id: Required`,
      `${BAD}/items.yaml: [4].root_cause: Expected string, received array; [4].fix[1]: Expected string, received object`,
      `${BAD}/items.yaml: [5]: expected a mapping of fields (key: value)`,
      `${BAD}/latin1.yaml: not valid UTF-8 text`,
      `${BAD}/no-title.md: title: Required`,
      `${BAD}/scalar.yaml: expected a document (key: value pairs) or a list of documents`,
      `${BAD}/unclosed.md: front matter: no closing --- line`,
    ]);
    expect(failures.find((f) => f.message.includes("[3].id"))?.file).toBe(`${BAD}/items.yaml`);
    expect(documents.map((d) => d.document.id)).toEqual(["dup", "ok-item"]);
  });
});

describe("paths given to loadKnowledge", () => {
  const dir = tempDir();

  it("reports missing paths and non-knowledge files, loads a named README, loads overlaps once", async () => {
    const { documents, failures } = await loadKnowledge([
      join(dir, "missing"),
      `${GOOD}/notes.txt`,
      `${GOOD}/README.md`,
      `${GOOD}/runbooks`,
      `${GOOD}/runbooks/disk-full.md`,
    ]);
    expect(failures.map((f) => f.message)).toEqual([
      `${join(dir, "missing")}: no such file or directory`,
      `${GOOD}/notes.txt: not a knowledge file (expected .md, .markdown, .yaml, .yml or .json)`,
    ]);
    expect(documents.map((d) => d.document.id)).toEqual([
      "readme",
      "nofrontmatter",
      "Disk_Full.v2",
      "free-form",
    ]);
  });

  it("reads CRLF files with a byte-order mark", async () => {
    const file = join(dir, "crlf.md");
    writeFileSync(file, "\uFEFF---\r\nid: crlf\r\ntitle: CRLF\r\n---\r\n## Fix\r\n- Do it.\r\n");
    const { documents, failures } = await loadKnowledge([file]);
    expect(failures).toEqual([]);
    expect(documents[0]?.document).toMatchObject({ id: "crlf", fix: ["Do it."] });
  });

  it("splits a long section on paragraph boundaries and a long YAML document into cause and fix", async () => {
    const sub = join(dir, "long");
    mkdirSync(sub);
    const paragraph = (i: number) => `Paragraph ${i} ${"word ".repeat(60)}`.trim();
    const paragraphs = Array.from({ length: 12 }, (_, i) => paragraph(i));
    writeFileSync(join(sub, "long.md"), `# Long\n\n## Cause\n\n${paragraphs.join("\n\n")}\n`);
    const steps = paragraphs.map((p) => `  - "${p}"`).join("\n");
    writeFileSync(
      join(sub, "long.yaml"),
      `kind: error_code\nid: long-code\ntitle: Long code\ncause: short\nfix:\n${steps}\n`,
    );
    const { documents } = await loadKnowledge([sub]);
    const markdown = byId(documents, "long").chunks;
    expect(markdown.length).toBeGreaterThan(2);
    for (const c of markdown) {
      expect(c.sectionPath).toEqual(["Long", "Cause"]);
      expect(c.text.length).toBeLessThanOrEqual(1600);
    }
    const joined = markdown.map((c) => c.text.replace("Long — Cause\n\n", "")).join("\n\n");
    expect(joined).toBe(paragraphs.join("\n\n"));
    const yaml = byId(documents, "long-code").chunks;
    expect(yaml.map((c) => c.sectionPath)).toEqual([[], ["Fix"]]);
    expect(yaml[0]?.text).toContain("## Cause\n\nshort");
    expect(yaml[1]?.text).toContain("# Long code");
  });

  it("tells whether a source lies under an ingested root", () => {
    expect(isUnderRoot("kb/runbooks/a.md", "kb/")).toBe(true);
    expect(isUnderRoot("kb/runbooks/a.md", "./kb")).toBe(true);
    expect(isUnderRoot("kb2/a.md", "kb")).toBe(false);
    expect(isUnderRoot("kb/a.md", "kb/a.md")).toBe(true);
  });
});

describe("the starter kb/", async () => {
  const { documents, failures } = await loadKnowledge(["kb"]);
  const ids = documents.map((d) => d.document.id);

  it("loads without failures, with unique ids and a chunk holding each title", () => {
    expect(failures).toEqual([]);
    expect(documents.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { document, chunks } of documents) {
      expect(chunks.some((c) => c.text.includes(document.title))).toBe(true);
    }
  });

  it("gives every runbook symptoms, a cause and fix steps", () => {
    const runbooks = documents.filter((d) => d.document.kind === "runbook");
    expect(runbooks.length).toBeGreaterThan(0);
    for (const { document } of runbooks) {
      expect(document.symptoms.length, document.id).toBeGreaterThan(0);
      expect(document.cause, document.id).not.toBe("");
      expect(document.fix.length, document.id).toBeGreaterThan(0);
    }
  });

  it("keeps the ids written in the files", () => {
    const sources = [...new Set(documents.map((d) => d.document.source))];
    const written = sources.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/^\s*(?:- )?id: *"?([^"\s]+)"?\s*$/gm)].map(
        (m) => m[1],
      ),
    );
    expect(written.length).toBe(ids.length);
    expect([...ids].sort()).toEqual([...written].sort());
  });
});
