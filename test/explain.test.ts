import { describe, expect, it } from "vitest";
import {
  describe as describeFinding,
  explainWithoutKnowledge,
} from "../src/pipeline/explain/index.js";
import { listed, reasonText } from "../src/pipeline/explain/reasons.js";
import { makeFinding } from "./llm/fixtures.js";

describe("reasons in words", () => {
  it("says every kind of reason code as a reader would", () => {
    expect(reasonText("level:error")).toBe("the ERROR level");
    expect(reasonText("vocab:retry")).toBe("retries");
    expect(reasonText("kernel:oom-killer")).toBe("the OOM killer");
    expect(reasonText("runtime:out-of-memory")).toBe("running out of memory");
    expect(reasonText("exception:SocketTimeoutException")).toBe("SocketTimeoutException");
    expect(reasonText("http:503")).toBe("HTTP 503");
    expect(reasonText("stacktrace")).toBe("a stack trace");
    expect(reasonText("readout")).toBe("a register or status readout");
    expect(reasonText("rare:2/20000")).toBe("rarity (2 of 20,000 records)");
    expect(reasonText("burst:14/min")).toBe("a burst of 14 a minute");
    expect(reasonText("vocab:something-new")).toBe("vocab:something-new");
  });

  it("lists them as a sentence does", () => {
    expect(listed([])).toBe("");
    expect(listed(["a"])).toBe("a");
    expect(listed(["a", "b"])).toBe("a and b");
    expect(listed(["a", "b", "c"])).toBe("a, b and c");
  });
});

describe("a finding's description", () => {
  it("says how often, when, for how long, where and why, without repeating the template", () => {
    const finding = makeFinding({
      count: 12,
      lines: [10, 20],
      firstSeen: "2025-03-14T10:00:00Z",
      lastSeen: "2025-03-14T10:25:00Z",
      reasons: ["level:error", "vocab:refused", "rare:12/5000"],
    });
    expect(describeFinding(finding)).toBe(
      "12 records of this template from 2025-03-14T10:00:00Z to 2025-03-14T10:25:00Z (25 min) in app.log, lines 10–20, flagged for the ERROR level, refused or reset connections and rarity (12 of 5,000 records).",
    );
  });

  it("gives no length for a span it cannot read, and one time for one record", () => {
    const bgl = makeFinding({
      firstSeen: "2005-06-03-15.42.50.675872",
      lastSeen: "2005-06-03-16.42.50.675872",
    });
    expect(describeFinding(bgl)).toContain("to 2005-06-03-16.42.50.675872 in app.log");
    const once = makeFinding({ count: 1, lines: [7], lastSeen: "2025-03-14T10:00:00Z" });
    expect(describeFinding(once)).toMatch(
      /^1 record of this template at 2025-03-14T10:00:00Z in app\.log at line 7,/,
    );
  });

  it("counts the templates of a merged finding and says their rarity and bursts once", () => {
    const merged = makeFinding({
      templateIds: ["t1", "t2", "t3"],
      reasons: ["level:warn", "client:404", "rare:5/5159", "rare:4/5159", "burst:12/min"],
    });
    expect(describeFinding(merged)).toMatch(
      /^12 records of 3 templates .*, flagged for the WARN level, HTTP 404 answers, rarity and a burst of 12 a minute\.$/,
    );
  });

  it("says whether a baseline had the problem", () => {
    expect(describeFinding(makeFinding({ baseline: { count: 0 } }))).toMatch(
      / New: the baseline has no such record\.$/,
    );
    expect(describeFinding(makeFinding({ baseline: { count: 3 } }))).toMatch(
      / The baseline has it too \(3 records\)\.$/,
    );
    expect(describeFinding(makeFinding())).not.toMatch(/baseline/);
  });

  it("names the failure class with the right article when nothing matched", () => {
    const app = explainWithoutKnowledge(
      makeFinding({ template: "something odd <*>", samples: [] }),
    );
    expect(app.cause).toMatch(
      /^No matching knowledge found\. This looks like an application error problem/,
    );
    const db = explainWithoutKnowledge(makeFinding());
    expect(db.cause).toMatch(/This looks like a connection failure problem/);
  });
});
