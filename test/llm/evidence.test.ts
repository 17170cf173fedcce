/**
 * How a finding's evidence and knowledge are rendered: messages without their record headers,
 * the finding's facts once, later samples by the values in which they differ, continuation lines
 * kept, a share of log text and of document text that shrinks as the call carries more findings,
 * and a document's cause and fix rather than the symptoms chunk that matched.
 */
import { describe, expect, it } from "vitest";
import { KnowledgeDocumentSchema } from "../../src/knowledge/model.js";
import {
  evidenceCap,
  evidenceLines,
  findingSection,
  type Shown,
  templateValues,
} from "../../src/llm/evidence.js";
import { knowledgeCap, knowledgeEntries, shownHits } from "../../src/llm/knowledge.js";
import { countTokens } from "../../src/llm/tokens.js";
import type { Sample } from "../../src/pipeline/types.js";
import { makeFinding, makeHit } from "./fixtures.js";

const HEADER =
  "2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL";

function sample(line: number, message: string, context = true): Sample {
  return {
    line,
    text: `${HEADER} FATAL ${message}`,
    before: context ? [`${HEADER} INFO before ${line}`] : [],
    after: context ? [`${HEADER} INFO after ${line}`] : [],
    parsed: {
      message,
      level: "fatal",
      before: context ? [`before ${line}`] : [],
      after: context ? [`after ${line}`] : [],
    },
  };
}

const fresh = (): Shown => ({ lines: new Set(), templates: [] });
const alone = { context: true, withSource: false, cap: evidenceCap(1) };

describe("evidence", () => {
  it("extracts the values of a template's wildcards, and only from a one-line match", () => {
    const template = "ciod: Error reading message prefix on CioStream socket to <*>, <*>";
    expect(
      templateValues(
        template,
        "ciod: Error reading message prefix on CioStream socket to 10.0.0.1:41554, Link severed",
      ),
    ).toEqual(["10.0.0.1:41554", "Link severed"]);
    expect(templateValues(template, "ciod: something else")).toBeUndefined();
    expect(
      templateValues(
        template,
        "ciod: Error reading message prefix on CioStream socket to a, b\n  at x",
      ),
    ).toBeUndefined();
  });

  it("sends messages without their headers, and a later sample by the values that differ", () => {
    const finding = makeFinding({
      template: "data TLB error interrupt on <*>",
      samples: [
        sample(10, "data TLB error interrupt on cpu0"),
        sample(20, "data TLB error interrupt on cpu3"),
        sample(30, "data TLB error interrupt on cpu0"),
      ],
    });
    const lines = evidenceLines(finding, fresh(), alone);
    expect(lines).toEqual([
      "  before 10",
      "10> data TLB error interrupt on cpu0",
      "  after 10",
      "  before 20",
      "20> (same with cpu3)",
      "  after 20",
      "  before 30",
      "30> (same)",
      "  after 30",
    ]);
    expect(lines.join("\n")).not.toContain("R02-M1-N0-C");
  });

  it("keeps a stack trace's continuation lines and shows the template when no sample matches it", () => {
    const trace =
      "NullPointerException: user was null\n  at app.Users.load(Users.java:42)\n  at app.Main.run(Main.java:7)";
    const finding = makeFinding({
      template: "request failed <*>",
      samples: [sample(5, trace, false)],
    });
    expect(evidenceLines(finding, fresh(), alone)).toEqual([
      "template: request failed <*>",
      `5> ${trace}`,
    ]);
  });

  it("says (same) for a later sample that repeats the first, even one not of the template", () => {
    const finding = makeFinding({
      template: "MACHINE CHECK DCR read timeout (mc=<*>)",
      samples: [
        sample(1, "machine check: i-fetch...0", false),
        sample(2, "machine check: i-fetch...0", false),
      ],
    });
    expect(evidenceLines(finding, fresh(), alone)).toEqual([
      "template: MACHINE CHECK DCR read timeout (mc=<*>)",
      "1> machine check: i-fetch...0",
      "2> (same)",
    ]);
  });

  it("leaves out a context line the prompt already holds and names a record of another finding", () => {
    const shown = fresh();
    shown.lines.add("before 10");
    shown.templates.push({ key: "F2", pattern: /(?:^|\s)after\s+\S*\s*$/ });
    const finding = makeFinding({ template: "crash in <*>", samples: [sample(10, "crash in 1")] });
    expect(evidenceLines(finding, shown, alone)).toEqual(["10> crash in 1", "  (a record of F2)"]);
  });

  it("keeps the first sample whole in a full call and drops context before later samples", () => {
    const long = `kernel panic ${"word ".repeat(120)}`.trim();
    const finding = makeFinding({
      template: "kernel panic <*>",
      samples: [sample(1, long), sample(9, "kernel panic short")],
    });
    const cap = evidenceCap(10);
    expect(cap).toBeLessThan(evidenceCap(2));
    const lines = evidenceLines(finding, fresh(), { ...alone, cap });
    expect(lines[0]).toBe(`1> ${long}`);
    expect(countTokens(lines[0] ?? "")).toBeGreaterThan(cap);
    expect(lines.some((l) => l.startsWith("  before"))).toBe(false);
    // Alone, everything is sent.
    expect(evidenceLines(finding, fresh(), alone)).toHaveLength(6);
  });

  it("states the hosts and loggers once, a few by name and the rest counted", () => {
    const finding = makeFinding({
      hosts: ["node-a", "node-b", "node-c", "node-d"],
      loggers: ["KERNEL"],
    });
    const section = findingSection("F1", finding, ["kb-1"], ["10> x"], false, true);
    expect(section).toContain("<log>\nhosts: node-a, node-b +2 more; loggers: KERNEL\n10> x");
    // In a shared call several hosts are only counted; a single one is still named.
    expect(findingSection("F1", finding, [], [], false, false)).toContain(
      "4 hosts; loggers: KERNEL",
    );
    const one = makeFinding({ hosts: ["node-a"], loggers: ["KERNEL"] });
    expect(findingSection("F1", one, [], [], false, false)).toContain("hosts: node-a; loggers");
  });

  it("says why a finding was flagged without what its facts already say", () => {
    const flagged = (reasons: string[], count = 2) =>
      findingSection("F1", makeFinding({ reasons, count }), [], [], false, false).split("\n")[0];
    expect(flagged(["level:fatal", "kernel:panic", "rare:2/2000", "vocab:error"])).toContain(
      "flagged: kernel:panic, rare;",
    );
    expect(flagged(["level:error", "vocab:error"])).toContain("flagged: level:error;");
    expect(flagged(["vocab:error"], 1)).toMatch(/^F1: \w+, 1 record, .*flagged: unusual words;/);
  });
});

describe("knowledge", () => {
  const document = KnowledgeDocumentSchema.parse({
    id: "kb-node",
    kind: "runbook",
    title: "Compute node failures",
    body: "",
    cause: `A node fails through hardware faults. ${Array.from({ length: 60 }, (_, i) => `qz${i}vxkwtrp`).join(" ")}`,
    fix: ["Drain the node.", "Run the hardware diagnostics.", "Replace the failing part."],
  });
  const symptoms = makeHit("kb-node", "Symptoms: RAS KERNEL FATAL data TLB error interrupt");

  it("sends the best document's cause and fix, not the symptoms chunk, within a cap that shrinks with the call", () => {
    const documents = new Map([["kb-node", document]]);
    const [lone] = knowledgeEntries([{ hits: [symptoms], documents }]);
    expect(lone).toMatch(
      /^\[kb-node\] Runbook kb-node\nCause: A node fails through hardware faults\./,
    );
    expect(lone).toContain("Fix: 1. Drain the node. 2. Run the hardware diagnostics.");
    expect(lone).not.toContain("Symptoms");
    const ten = Array.from({ length: 10 }, () => ({ hits: [symptoms], documents }));
    const batched = knowledgeEntries(ten);
    // Shared by ten findings, shown once, and shorter.
    expect(batched).toHaveLength(1);
    expect(knowledgeCap(10)).toBeLessThan(knowledgeCap(1));
    expect(countTokens(batched[0] ?? "")).toBeLessThan(countTokens(lone ?? ""));
    expect(batched[0]).toContain("Fix: 1. Drain the node.");
    // Cut at the end of a word, never inside one.
    const cause = /^Cause: (.*)…$/m.exec(batched[0] ?? "")?.[1] ?? "";
    expect(cause.length).toBeGreaterThan(20);
    expect(document.cause.startsWith(cause)).toBe(true);
    expect(document.cause[cause.length]).toBe(" ");
  });

  it("shows the next hits by id and title only, still citable", () => {
    const entries = knowledgeEntries([
      {
        hits: [makeHit("kb-best"), makeHit("kb-other", "long text that is not sent")],
        documents: new Map(),
      },
    ]);
    expect(entries).toEqual([
      "[kb-best] Runbook kb-best\nRunbook kb-best: restart the database.",
      "[kb-other] Runbook kb-other",
    ]);
  });

  it("names the kind of a past incident, and sends no text for a best hit retrieval is unsure of", () => {
    const incident = { ...makeHit("inc-1"), kind: "incident" as const };
    const unsure = { ...makeHit("kb-unsure", "text that answers another problem"), score: 0.6 };
    const entries = knowledgeEntries([
      { hits: [incident], documents: new Map() },
      { hits: [unsure], documents: new Map() },
    ]);
    expect(entries).toEqual([
      "[inc-1] incident: Runbook inc-1\nRunbook inc-1: restart the database.",
      "[kb-unsure] Runbook kb-unsure",
    ]);
  });

  it("shows a further hit only when it scores near the finding's best", () => {
    const best = { ...makeHit("kb-best"), score: 0.9 };
    const near = { ...makeHit("kb-near"), score: 0.75 };
    const far = { ...makeHit("kb-far"), score: 0.7 };
    expect(shownHits([best, near, far]).map((h) => h.id)).toEqual(["kb-best", "kb-near"]);
    expect(shownHits([])).toEqual([]);
  });
});
