/**
 * `logsage suppress` and CLI analyses honouring suppressions, through the real CLI: add, list,
 * remove, bad input, the data dir's copy going dirty, and the audit trail of each write.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { listAudit } from "../src/knowledge/audit.js";
import { runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

const dataDir = tempDir("logsage-suppress-");
const cli = (args: string[]) => runCli(args, { env: { LOGSAGE_DATA_DIR: dataDir } });

const LOG = [
  "2024-05-01T10:00:01Z ERROR cache warmup skipped for tenant 17",
  "2024-05-01T10:00:02Z ERROR connection refused to db:5432 (ECONNREFUSED)",
].join("\n");

type Report = { warnings: string[]; findings: { template: string; severity: string }[] };

async function analyzeLog(): Promise<Report> {
  const result = await runCli(["analyze", "-", "--format", "json"], {
    env: { LOGSAGE_DATA_DIR: dataDir },
    stdin: LOG,
  });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

const warmup = (r: Report) => r.findings.filter((f) => f.template.includes("cache warmup"));

describe("logsage suppress", () => {
  it("quiets a finding in later CLI analyses until it is removed, and audits both writes", async () => {
    const before = await analyzeLog();
    expect(warmup(before)).toHaveLength(1);

    const added = await cli([
      "suppress",
      "add",
      "--pattern",
      "cache warmup skipped",
      "--reason",
      "expected at start-up",
    ]);
    expect([added.code, added.stderr]).toEqual([0, ""]);
    const id = Number(/added suppression (\d+)/.exec(added.stdout)?.[1]);
    expect(id).toBeGreaterThan(0);

    const after = await analyzeLog();
    expect(warmup(after)).toHaveLength(0);
    expect(after.findings).toHaveLength(before.findings.length - 1);
    expect(after.warnings.join("\n")).toContain(
      `dropped by suppression ${id} (expected at start-up)`,
    );

    const listed = await cli(["suppress", "list"]);
    expect(listed.stdout).toMatch(
      new RegExp(`^${id}\\tdrop\\tpattern cache warmup skipped\\texpected at start-up\\tcli:`),
    );
    const asJson = JSON.parse((await cli(["suppress", "list", "--format", "json"])).stdout);
    expect(asJson).toMatchObject([{ id, pattern: "cache warmup skipped", template: null }]);

    expect((await cli(["suppress", "remove", String(id)])).code).toBe(0);
    const again = await cli(["suppress", "remove", String(id)]);
    expect([again.code, again.stderr]).toEqual([1, `logsage: no suppression with id ${id}\n`]);
    expect(warmup(await analyzeLog())).toHaveLength(1);

    const database = await openDatabase(defaultConfig({ dataDir }));
    try {
      const entries = (await listAudit(database.db)).filter((e) =>
        e.action.startsWith("suppression."),
      );
      expect(entries.map((e) => e.action)).toEqual(["suppression.delete", "suppression.create"]);
      expect(entries[0]).toMatchObject({ before: { id }, after: null });
      expect(entries[1]).toMatchObject({
        before: null,
        after: { id, reason: "expected at start-up" },
      });
      expect(entries.every((e) => e.actor.startsWith("cli:"))).toBe(true);
    } finally {
      await database.close();
    }
  }, 120_000);

  it("demotes by exact template, and reads the store when the data dir's copy is dirty", async () => {
    const target = (await analyzeLog()).findings.find((f) => f.template.includes("refused"));
    expect(target).toBeDefined();
    const added = await cli([
      "suppress",
      "add",
      "--template",
      target?.template ?? "",
      "--action",
      "demote",
      "--reason",
      "db maintenance",
    ]);
    expect(added.code).toBe(0);
    // As a crash between a write and the copy's refresh would leave it.
    const copy = join(dataDir, "suppressions.json");
    writeFileSync(copy, JSON.stringify({ state: "dirty" }));
    const report = await analyzeLog();
    expect(report.findings.at(-1)).toMatchObject({ template: target?.template, severity: "info" });
    expect(JSON.parse(readFileSync(copy, "utf8"))).toMatchObject({ state: "clean" });
  }, 120_000);

  it("rejects bad input with one line and exit code 1, before opening the store", async () => {
    const cases: [string[], string][] = [
      [["suppress", "add", "--pattern", "(", "--reason", "x"], "suppress.pattern: not a valid"],
      [["suppress", "add", "--pattern", "x"], "suppress.reason: say why this is noise"],
      [
        ["suppress", "add", "--pattern", "x", "--template", "y", "--reason", "z"],
        "give either template or pattern",
      ],
      [["suppress", "add", "--pattern", "x", "--reason", "z", "--action", "hide"], "action"],
      [["suppress", "remove"], "suppress remove needs a suppression id"],
      [["suppress", "mute"], 'unknown suppress action "mute"'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli([...args, "--data-dir", join(dataDir, "never-created")]);
      expect(run.code, args.join(" ")).toBe(1);
      expect(run.stderr.split("\n")).toHaveLength(2);
      expect(run.stderr).toContain(message);
    }
    expect(existsSync(join(dataDir, "never-created"))).toBe(false);
  }, 60_000);
});
