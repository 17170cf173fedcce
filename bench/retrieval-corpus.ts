/**
 * A seeded synthetic knowledge base and finding queries for the retrieval benchmark: runbook-like
 * documents (title, symptoms with log-style messages, cause, remediation, body sections) built from
 * a vocabulary of real failure words, and prose drawn Zipf-like from the words of the real kb/
 * bodies, so the index sees realistic term statistics at 10,000 documents.
 */
import type { Chunk, StoredDocument } from "../src/knowledge/model.js";
import type { Finding } from "../src/pipeline/types.js";
import { stored } from "../test/helpers/kb-docs.js";
import { goldenFinding } from "../test/retrieve/golden.js";
import { Rng } from "./gen-mixed/rng.js";

const SERVICES =
  "nginx postgresql mysql redis kafka kubelet etcd haproxy envoy java node python go systemd sshd docker containerd coredns elasticsearch rabbitmq zookeeper hdfs spark airflow vault consul".split(
    " ",
  );
const SUBJECTS =
  "connection pool replica broker consumer partition lease lock socket certificate volume disk inode heap thread worker queue cache session token shard index snapshot checkpoint segment pipeline scheduler probe container image node gateway upstream listener resolver".split(
    " ",
  );
const FAILURES =
  "timed out|refused|reset by peer|exhausted|not available|rejected|expired|corrupted|stalled|unreachable|failed to start|out of memory|limit exceeded|permission denied|not found|too many open|throttled|crashed|lagging behind|deadlocked".split(
    "|",
  );
const CONTEXT =
  "while reading response|during handshake|on startup|after retry|during commit|while writing|in background job|under load|during failover|while flushing|at shutdown|during rebalance".split(
    "|",
  );
const EXCEPTIONS =
  "SocketTimeoutException ConnectException IOException IllegalStateException TimeoutException SQLException RejectedExecutionException EOFException SSLHandshakeException RedisConnectionException".split(
    " ",
  );
const CODES =
  "ETIMEDOUT ECONNREFUSED ECONNRESET ENOSPC EMFILE 53300 40P01 503 502 504 429 1040 1205 137 ORA-00060".split(
    " ",
  );

export interface Corpus {
  documents: { document: StoredDocument; chunks: Chunk[] }[];
  /** Findings whose query text resembles a synthetic document's symptom. */
  findings: Finding[];
}

/** Words of the real kb/ bodies, most frequent first. */
function vocabulary(texts: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of text.toLowerCase().match(/[a-z][a-z0-9_-]+/g) ?? []) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
}

/** Prose with a Zipf-like word distribution: rank r is drawn with probability about 1/r. */
function sentence(random: () => number, words: readonly string[], length: number): string {
  const out: string[] = [];
  for (let i = 0; i < length; i++) out.push(words[Math.floor(words.length ** random()) - 1] ?? "");
  return out.join(" ");
}

function symptom(pick: <T>(a: readonly T[]) => T, n: () => number): string {
  const service = pick(SERVICES);
  const subject = pick(SUBJECTS);
  const failure = pick(FAILURES);
  return `${service}: ${subject} ${failure} ${pick(CONTEXT)} (${pick(CODES)}) ${pick(EXCEPTIONS)} id=${n()}`;
}

/** `prose` are real texts (kb/ bodies) whose words make up the synthetic prose. */
export function syntheticCorpus(
  size: number,
  queries: number,
  prose: readonly string[],
  seed = 42,
): Corpus {
  const rng = new Rng(seed);
  const random = () => rng.next();
  const words = vocabulary(prose);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)] as T;
  const n = () => Math.floor(random() * 100000);
  const documents: Corpus["documents"] = [];
  const messages: string[] = [];
  for (let i = 0; i < size; i++) {
    const symptoms = Array.from({ length: 2 + (i % 4) }, () => symptom(pick, n));
    messages.push(symptoms[0] ?? "");
    const id = `syn-${i}`;
    const document = stored({
      id,
      title: `${pick(SERVICES)} ${pick(SUBJECTS)} ${pick(FAILURES)} ${i}`,
      services: [pick(SERVICES)],
      tags: [pick(SUBJECTS), pick(SUBJECTS)],
      errorCodes: [pick(CODES), pick(EXCEPTIONS)],
      symptoms,
      cause: sentence(random, words, 40),
      fix: Array.from({ length: 4 }, () => sentence(random, words, 14)),
    });
    const sections = ["Symptoms", "Cause", "Remediation", "Prevention"];
    const chunks = sections.map((heading, ordinal) => ({
      documentId: id,
      ordinal,
      sectionPath: [heading],
      text:
        heading === "Symptoms" ? symptoms.join("\n") : sentence(random, words, 60 + ordinal * 20),
    }));
    documents.push({
      document: { ...document, body: chunks.map((c) => c.text).join("\n\n") },
      chunks,
    });
  }
  const findings = Array.from({ length: queries }, (_, i) => {
    const message = pick(messages).replace(/id=\d+/, `id=${n()}`);
    return goldenFinding({ template: message.replace(/\d+/g, "<*>"), sample: message }, `q${i}`);
  });
  return { documents, findings };
}
