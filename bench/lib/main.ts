/** Lets a benchmark module run on its own (`npx tsx bench/x.ts`) and from bench/run.ts. */
import { pathToFileURL } from "node:url";

export function runIfMain(url: string, main: () => Promise<void>): void {
  const entry = process.argv[1];
  if (entry && url === pathToFileURL(entry).href) {
    main().catch((err: unknown) => {
      // One line for a setting to fix (a missing dataset, a wrong BENCH_COMPARE); the stack only
      // when asked for.
      const brief = err instanceof Error && !process.env.BENCH_DEBUG;
      console.error(brief ? `error: ${err.message}` : err);
      process.exitCode = 1;
    });
  }
}
