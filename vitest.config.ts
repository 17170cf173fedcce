import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // CLI tests start real processes that open PGlite; on a busy 2-core machine that takes seconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
