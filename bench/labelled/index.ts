// The labelled set of the retrieval-quality benchmark: realistic logs in many formats, each with
// one planted fault and the kb/ document that explains it. Generation is seeded, so every run
// and every machine measures the same bytes.

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LabelledCase, LabelledLog } from "./compose.js";
import { GO_CASES } from "./go.js";
import { HADOOP_CASES } from "./hadoop.js";
import { JAVA_CASES } from "./java.js";
import { JOURNAL_CASES } from "./journal.js";
import { KAFKA_CASES } from "./kafka.js";
import { KUBE_CASES } from "./kube.js";
import { MYSQL_REDIS_CASES } from "./mysql-redis.js";
import { NGINX_CASES } from "./nginx.js";
import { NODE_CASES } from "./node.js";
import { POSTGRES_CASES } from "./postgres.js";
import { PYTHON_CASES } from "./python.js";
import { SYSLOG_CASES } from "./syslog.js";

export type { LabelledCase, LabelledLog } from "./compose.js";

export const LABELLED_CASES: readonly LabelledCase[] = [
  ...JAVA_CASES,
  ...PYTHON_CASES,
  ...SYSLOG_CASES,
  ...JOURNAL_CASES,
  ...NGINX_CASES,
  ...POSTGRES_CASES,
  ...MYSQL_REDIS_CASES,
  ...KUBE_CASES,
  ...KAFKA_CASES,
  ...GO_CASES,
  ...NODE_CASES,
  ...HADOOP_CASES,
];

export const DEFAULT_SEED = 20250314;

export interface WrittenCase extends LabelledLog {
  case: LabelledCase;
  path: string;
}

/** Each case gets its own seed derived from its position, so cases sharing a format differ. */
export async function writeLabelledSet(dir: string, seed = DEFAULT_SEED): Promise<WrittenCase[]> {
  await mkdir(dir, { recursive: true });
  return Promise.all(
    LABELLED_CASES.map(async (c, i) => {
      const log = c.generate(seed + i * 7919);
      const path = join(dir, `${c.name}.log`);
      await writeFile(path, log.text);
      return { ...log, case: c, path };
    }),
  );
}
