/**
 * A progress bar on stderr for large inputs, drawn only when stderr is a terminal so that logs
 * and pipes never see control characters.
 */
import type { Source } from "../pipeline/read/index.js";

const MIN_BYTES = 32 * 1024 * 1024;
const REDRAW_MS = 200;
const WIDTH = 30;

export interface Progress {
  update(bytes: number): void;
  done(): void;
}

const NONE: Progress = { update() {}, done() {} };

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export function createProgress(
  sources: Source[],
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const totalBytes = sources.reduce((n, s) => n + (s.kind === "file" ? s.size : 0), 0);
  if (!stream.isTTY || totalBytes < MIN_BYTES) return NONE;
  let last = 0;
  let drawn = false;
  return {
    update(bytes) {
      const now = Date.now();
      if (now - last < REDRAW_MS) return;
      last = now;
      drawn = true;
      const ratio = Math.min(1, bytes / totalBytes);
      const filled = Math.round(ratio * WIDTH);
      stream.write(
        `\r[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${(ratio * 100).toFixed(0)}% ${mb(bytes)}/${mb(totalBytes)}`,
      );
    },
    done() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}
