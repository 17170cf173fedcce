/** Lets a benchmark module run on its own (`npx tsx bench/x.ts`) and from bench/run.ts. */
import { pathToFileURL } from "node:url";

export function runIfMain(url: string, main: () => Promise<void>): void {
  const entry = process.argv[1];
  if (entry && url === pathToFileURL(entry).href) {
    main().catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
  }
}
