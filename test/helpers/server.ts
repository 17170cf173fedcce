/**
 * An in-process HTTP service over a fresh PGlite data dir (seeded with the bundled kb/), with one
 * API key per role. PGlite is slow to open, so each test file builds one and shares it.
 */
import type { Logger } from "pino";
import { afterAll } from "vitest";
import { type ConfigInput, defaultConfig } from "../../src/config.js";
import { openKnowledgeBase } from "../../src/knowledge/base.js";
import { createApp } from "../../src/server/app.js";
import { createKeyStore } from "../../src/server/auth/keys.js";
import { ROLES, type Role } from "../../src/server/auth/roles.js";
import { tempDir } from "./tmp.js";

export async function startTestApp(overrides: ConfigInput = {}, options: { logger?: Logger } = {}) {
  const config = defaultConfig({ ...overrides, dataDir: tempDir("logsage-server-") });
  const { knowledge } = await openKnowledgeBase(config, { seed: true });
  afterAll(() => knowledge.close());
  const keys = createKeyStore(knowledge.database.db);
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = (await keys.create(`${role}-key`, role, "test")).key;
  const app = createApp({ config, knowledge, keys, logger: options.logger });
  /** app.request with the key of `role` (or none), JSON bodies encoded. */
  const call = (
    role: Role | undefined,
    method: string,
    path: string,
    init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...init.headers };
    if (role) headers.authorization = `Bearer ${tokens[role]}`;
    let body = init.body;
    if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    return app.request(path, { method, headers, body });
  };
  return { app, config, knowledge, keys, tokens, call };
}
