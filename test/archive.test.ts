/** Tar archives (plain and gzip, ustar, GNU long names, pax), made by the system's own tar. */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config.js";
import { EventLog } from "../src/pipeline/events.js";
import { readSources, resolveInputs, type Source } from "../src/pipeline/read/index.js";
import { TarSplitter } from "../src/pipeline/read/tar.js";
import type { Line } from "../src/pipeline/types.js";
import { tempDir } from "./helpers/tmp.js";

const dir = tempDir();
const LONG = `${"deeply-nested-directory-name/".repeat(4)}service-with-a-long-name.log`;

/** A bundle as a support tool would make it: logs, a subfolder, a link, junk and a rotated .gz. */
function bundle(): string {
  const root = join(dir, "bundle");
  if (existsSync(root)) return root;
  mkdirSync(join(root, "pods", LONG, ".."), { recursive: true });
  writeFileSync(join(root, "app.log"), "one\ntwo\nthree");
  writeFileSync(join(root, "pods", LONG), "long name\n");
  writeFileSync(join(root, "empty.log"), "");
  writeFileSync(join(root, "core.bin"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
  writeFileSync(join(root, "old.log.1.gz"), gzipSync("rotated\n"));
  symlinkSync("app.log", join(root, "latest.log"));
  return root;
}

function tar(name: string, ...flags: string[]): string {
  const root = bundle();
  const path = join(dir, name);
  execFileSync("tar", [...flags, "-cf", path, "-C", root, "."]);
  return path;
}

async function readAll(sources: Source[]) {
  const events = new EventLog();
  const lines: Line[] = [];
  const ended: string[] = [];
  const config = defaultConfig({ read: { chunkBytes: 4096 } }).read;
  await readSources(
    sources,
    config,
    { line: (l) => lines.push(l), endSource: (s) => ended.push(s) },
    events,
  );
  const bySource = (suffix: string) =>
    lines.filter((l) => l.source.endsWith(suffix)).map((l) => [l.line, l.text]);
  return { lines, events, ended, bySource };
}

describe("tar archives", () => {
  it("reads every file of a .tar.gz as a source of its own, numbered from 1", async () => {
    const path = tar("bundle.tar.gz", "-z");
    const { bySource, events, ended } = await readAll(await resolveInputs([path]));
    expect(bySource("/app.log")).toEqual([
      [1, "one"],
      [2, "two"],
      [3, "three"],
    ]);
    expect(bySource(LONG)).toEqual([[1, "long name"]]);
    expect(ended).toContain(`${path}/./app.log`);
    const warnings = events.warnings.join("\n");
    expect(warnings).toMatch(/core\.bin: binary data, skipped/);
    // A rotated log gzipped inside the archive is read too, after the archive's other files.
    expect(bySource("/old.log.1.gz")).toEqual([[1, "rotated"]]);
    expect(ended.at(-2)).toBe(`${path}/./old.log.1.gz`);
    expect(readdirSync(tmpdir()).filter((d) => d.startsWith("logsage-archive-"))).toEqual([]);
    expect(warnings).toMatch(/empty\.log: empty, nothing to analyze/);
    // The link is an entry of its own in the archive, not a second copy of app.log.
    expect(bySource("/latest.log")).toEqual([]);
  });

  it("reads plain tar and pax names alike", async () => {
    for (const [name, flags] of [
      ["plain.tar", []],
      ["pax.tar", ["--format=pax"]],
    ] as const) {
      const path = tar(name, ...flags);
      const { bySource } = await readAll(await resolveInputs([path]));
      expect(bySource("/app.log"), name).toHaveLength(3);
      expect(bySource(LONG), name).toEqual([[1, "long name"]]);
    }
  });

  it("cuts members the same wherever the chunks break, headers and names included", () => {
    const bytes = readFileSync(tar("gnu.tar"));
    const members = (size: number) => {
      const out: { name: string; text: string }[] = [];
      const splitter = new TarSplitter({
        begin: (name) => out.push({ name, text: "" }),
        data: (chunk) => {
          const last = out[out.length - 1];
          if (last) last.text += chunk.toString("latin1");
        },
        end: () => undefined,
      });
      for (let at = 0; at < bytes.length; at += size) splitter.push(bytes.subarray(at, at + size));
      splitter.finish();
      return out;
    };
    const whole = members(bytes.length);
    expect(whole.map((m) => m.name)).toContain(`./pods/${LONG}`);
    expect(members(700)).toEqual(whole);
    expect(members(1)).toEqual(whole);
  });

  it("reads an archive piped in, and what a truncated .tar.gz held", async () => {
    const gz = readFileSync(tar("piped.tar.gz", "-z"));
    const stream: Source = { kind: "stream", name: "upload", stream: Readable.from([gz]) };
    const piped = await readAll([stream]);
    expect(piped.bySource("upload/./app.log")).toHaveLength(3);

    const cut = join(dir, "cut.tar.gz");
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const partial = await readAll(await resolveInputs([cut]));
    expect(partial.lines.length).toBeGreaterThan(0);
    expect(partial.events.warnings.join("\n")).toMatch(/truncated or corrupt/);
  });

  it("stops at a header whose size is no number, keeping the files before it", () => {
    const bytes = Buffer.from(readFileSync(tar("broken.tar")));
    const names = (archive: Buffer) => {
      const out: string[] = [];
      const splitter = new TarSplitter({
        begin: (name) => out.push(name),
        data: () => undefined,
        end: () => undefined,
      });
      splitter.push(archive);
      splitter.finish();
      return out;
    };
    const whole = names(bytes);
    // empty.log's header: its size field becomes text, its checksum is made to add up again.
    const header = bytes.indexOf("./empty.log");
    expect(header % 512).toBe(0);
    bytes.write("zzzzzzzzzzz\0", header + 124, "latin1");
    bytes.write("        ", header + 148, "latin1");
    let sum = 0;
    for (let i = header; i < header + 512; i++) sum += bytes[i] as number;
    bytes.write(`${sum.toString(8).padStart(6, "0")}\0 `, header + 148, "latin1");
    expect(names(bytes)).toEqual(whole.slice(0, whole.indexOf("./empty.log")));
  });
});
