import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../src/config.js";
import { createMiner } from "../src/pipeline/mine/index.js";
import { maskMessage } from "../src/pipeline/mine/mask.js";

const miner = (mine: Record<string, unknown> = {}) =>
  createMiner(ConfigSchema.parse({ mine }).mine);

describe("mask", () => {
  it.each([
    ["took 12ms for 3.5MB", "took <*> for <*>"],
    ["from 10.0.0.12:8080 and fe80::1:2", "from <*> and <*>"],
    ["connect db.example.com:5432 failed", "connect <*> failed"],
    ["id 123e4567-e89b-12d3-a456-426614174000 at 0x7ffe12", "id <*> at <*>"],
    ["user=alice retries=3 empty=", "user=<*> retries=<*> empty="],
    ["read /var/data/part-0001.bin", "read <*>"],
    ["at Fri Mar  1 10:00:00 2024 done", "at <*> done"],
    ["via SOCKS5 over ssh2 on node14", "via SOCKS5 over ssh2 on <*>"],
    ["onExtend:1514038530000 (total 7)", "onExtend:<*> (total <*>)"],
  ])("%s", (input, masked) => {
    expect(maskMessage(input)).toBe(masked);
  });
});

describe("miner", () => {
  it("groups messages that differ only in variables and prints <*>", () => {
    const m = miner();
    const a = m.add("Accepted connection from 10.0.0.1 port 5000");
    const b = m.add("Accepted connection from 10.0.0.2 port 6000");
    const c = m.add("Closed connection from 10.0.0.1 port 5000");
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(m.template(a)).toBe("Accepted connection from <*> port <*>");
    expect(m.count(a)).toBe(2);
    expect(m.size()).toBe(2);
  });

  it("turns a differing word into <*> while a template is young", () => {
    const m = miner();
    const a = m.add("Invalid user admin from 10.0.0.1");
    expect(m.add("Invalid user guest from 10.0.0.7")).toBe(a);
    expect(m.template(a)).toBe("Invalid user <*> from <*>");
  });

  it("keeps a new word apart once a template has matured", () => {
    const m = miner({ matureAfter: 5 });
    const ids = Array.from({ length: 5 }, (_, i) => m.add(`session ${i}0 closed by client Agent.`));
    const other = m.add("session 99 closed by client Scheduler.");
    expect(new Set(ids).size).toBe(1);
    expect(other).not.toBe(ids[0]);
  });

  it("merges an event whose variable spans a varying number of tokens", () => {
    const m = miner();
    const a = m.add("conn 7 close, 120 bytes sent, lifetime 00:01");
    const b = m.add("conn 8 close, 4410 bytes (4.3 KB) sent, lifetime <1 sec");
    expect(b).toBe(a);
  });

  it("template ids are stable 16-hex hashes of the template text", () => {
    const m1 = miner();
    const m2 = miner();
    const a = m1.add("disk sda1 is 91% full");
    const b = m2.add("disk sda1 is 91% full");
    expect(m1.templateId(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(m1.templateId(a)).toBe(m2.templateId(b));
    const c = m1.add("cache warmed in 3 ms");
    expect(m1.templateId(c)).not.toBe(m1.templateId(a));
  });

  it("returns the same index for a repeated shape (cache) and handles empty messages", () => {
    const m = miner();
    const e = m.add("");
    expect(m.add("   ")).toBe(e);
    const a = m.add("job 12 finished");
    expect(m.add("job 34 finished")).toBe(a);
    expect(m.template(e)).toBe("");
  });

  it("never holds more than maxClusters templates (plus one overflow template)", () => {
    const m = miner({ maxClusters: 100 });
    const words = (i: number) =>
      `${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
    for (let i = 0; i < 400; i++) m.add(`${words(i)} alpha beta ${words(i + 1)}`);
    expect(m.size()).toBeLessThanOrEqual(101);
    expect(m.add("zz unseen shape")).toBeLessThan(m.size());
  });
});
