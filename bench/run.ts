/**
 * `npm run bench`: every benchmark in sequence, each printing its figures beside the peer it was
 * measured against in the same run. Benchmarks that need ../shared/datasets say so and skip.
 * Pick some with `npm run bench -- loghub prefilter`.
 */
const BENCHES: Record<string, () => Promise<{ main(): Promise<void> }>> = {
  loghub: () => import("./loghub.js"),
  prefilter: () => import("./prefilter.js"),
  redact: () => import("./redact.js"),
  throughput: () => import("./throughput.js"),
  "ingest-runbooks": () => import("./ingest-runbooks.js"),
  "retrieval-quality": () => import("./retrieval-quality.js"),
  "retrieval-latency": () => import("./retrieval-latency.js"),
  "llm-tokens": () => import("./llm-tokens.js"),
  service: () => import("./service.js"),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark(s): ${unknown.join(", ")}; known: ${Object.keys(BENCHES).join(", ")}`,
  );
  process.exit(1);
}
for (const [name, load] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  await (await load()).main();
}
