/**
 * Build step (`npm run build`, so also `npm install`): writes what the built CLI would otherwise
 * make again on every run or first run, each made aside and moved in whole so that a build
 * stopped midway never leaves half of one:
 * - the cluster a fresh embedded store is copied from (db/pglite.ts);
 * - the Llama-3 BPE tables in compact form (llm/bpe-tables.ts).
 *   node dist/build-assets.js
 */
import { mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makePgliteTemplate, PGLITE_TEMPLATE } from "./db/pglite.js";
import {
  BPE_FILE,
  encodeModel,
  modelOf,
  tablesFromJson,
  tokenizerJsonPath,
} from "./llm/bpe-tables.js";

async function writeStoreTemplate(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), "logsage-template-"));
  try {
    const cluster = await makePgliteTemplate(scratch);
    rmSync(PGLITE_TEMPLATE, { recursive: true, force: true });
    renameSync(cluster, PGLITE_TEMPLATE);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function writeBpeTables(): void {
  const source = tokenizerJsonPath();
  const model = modelOf(tablesFromJson(source));
  writeFileSync(`${BPE_FILE}.part`, encodeModel(model, statSync(source).size));
  renameSync(`${BPE_FILE}.part`, BPE_FILE);
}

writeBpeTables();
await writeStoreTemplate();
