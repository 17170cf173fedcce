/**
 * The embedder flags through the real CLI: ingest with --embed endpoint, a search that finds a
 * paraphrase by meaning, the one-line error (and stored documents) when the embedder is down,
 * and flag misuse.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { useEmbedServer } from "../helpers/embed-server.js";
import { tempDir } from "../helpers/tmp.js";
import { writeParaphraseKb } from "../helpers/toy-embedding.js";

const server = useEmbedServer(32);

const dir = tempDir("logsage-embed-cli-");
const kb = join(dir, "kb");
writeParaphraseKb(kb);

const flags = (model = "toy") => [
  "--embed",
  "endpoint",
  "--embed-url",
  server().url,
  "--embed-model",
  model,
];
const cli = (data: string, args: string[]) =>
  runCli(args, { env: { LOGSAGE_DATA_DIR: join(dir, data) } });

describe("--embed flags", () => {
  it("ingest embeds, and kb search finds the paraphrase only with the embedder", async () => {
    const ingest = await cli("ok", ["ingest", kb, ...flags()]);
    expect(ingest.stderr).toBe("");
    expect(ingest.code).toBe(0);
    const dense = await cli("ok", ["kb", "search", "disk full", "--format", "json", ...flags()]);
    expect(dense.code).toBe(0);
    expect((JSON.parse(dense.stdout) as { id: string }[])[0]?.id).toBe("volume-capacity");
    const words = await cli("ok", ["kb", "search", "disk full"]);
    expect(words.stdout.trim()).toBe("no matching knowledge");
  });

  it("stores the documents and exits 2 with one line when the embedder is down", async () => {
    server().failWith = { status: 503 };
    const ingest = await cli("down", ["ingest", kb, ...flags("toy-down")]);
    expect(ingest.code).toBe(2);
    const lines = ingest.stderr.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^logsage: .*embedder endpoint:toy-down.*503/);
    expect(ingest.stderr).not.toMatch(/\n\s+at /);
    const list = await cli("down", ["kb", "list"]);
    expect(list.stdout).toContain("volume-capacity");
  });

  it("rejects an unknown provider and a URL the local embedder cannot use", async () => {
    const unknown = await cli("x", ["kb", "search", "x", "--embed", "magic"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("--embed must be one of none, local, hf, endpoint");
    const local = await cli("x", [
      "kb",
      "search",
      "x",
      "--embed",
      "local",
      "--embed-url",
      "http://x",
    ]);
    expect(local.code).toBe(1);
    expect(local.stderr).toContain("--embed-url is not used by --embed local");
  });
});
