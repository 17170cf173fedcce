/**
 * A short analysis is mostly start-up: with a current knowledge snapshot, `analyze` must not load
 * the store's modules (drizzle, the YAML loader), which cost a fifth of such a run.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

const dir = tempDir();

/** A module hook that names every import of a store module on stderr. */
function watchImports(): string {
  const hooks = join(dir, "hooks.mjs");
  writeFileSync(
    hooks,
    `export async function resolve(specifier, context, next) {
  if (/^(drizzle-orm|yaml|@electric-sql\\/pglite|pg)(\\/|$)/.test(specifier)) {
    process.stderr.write("store module: " + specifier + "\\n");
  }
  return next(specifier, context);
}
`,
  );
  const register = join(dir, "register.mjs");
  writeFileSync(
    register,
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  return register;
}

describe("analyze's start-up", () => {
  it("reads the knowledge snapshot without loading the store's modules", async () => {
    const log = join(dir, "app.log");
    writeFileSync(log, "2025-03-14T10:00:02Z ERROR payment failed: connection refused\n");
    const env = { LOGSAGE_DATA_DIR: join(dir, "data") };
    const nodeArgs = ["--import", watchImports()];
    // The first analysis seeds the knowledge base, through the store, and writes the snapshot.
    const first = await runCli(["analyze", log, "--format", "json"], { env, nodeArgs });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("store module: drizzle-orm");
    const second = await runCli(["analyze", log, "--format", "json"], { env, nodeArgs });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).findings[0].knowledge.length).toBeGreaterThan(0);
    expect(second.stderr).not.toContain("store module");
  });
});
