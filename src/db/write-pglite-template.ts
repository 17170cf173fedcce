/**
 * Build step: writes the cluster a fresh embedded store is copied from (./pglite.ts).
 *   node dist/db/write-pglite-template.js [OUT_DIR]
 */
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makePgliteTemplate, PGLITE_TEMPLATE } from "./pglite.js";

const out = process.argv[2] ?? PGLITE_TEMPLATE;
const scratch = mkdtempSync(join(tmpdir(), "logsage-template-"));
try {
  // Made aside and moved in whole, so a build stopped midway never leaves half a template.
  const cluster = await makePgliteTemplate(scratch);
  rmSync(out, { recursive: true, force: true });
  renameSync(cluster, out);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
