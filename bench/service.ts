/**
 * The HTTP service under load: the real `logsage serve` (the built dist/, as users run it, in its
 * own process, an analyst key, JSON logs to a file), driven from a second process by autocannon on
 * loopback with POST /v1/analyze of one log entry, knowledge-only, at concurrency 32; then again
 * with a request id in the entry that differs in every request (the same problem, never the same
 * bytes). The peer is a bare hono endpoint on the same adapter (bench/service-peer.ts) driven the
 * same way in the same run. Also printed: the server's CPU time per request (from /proc, steadier
 * than req/s on a shared machine). Then a ~100 MB log is uploaded as a raw body and as a job, each
 * to a freshly started server, with its peak RSS (VmHWM, reset after warm-up) read from /proc.
 *
 * Runs with the embedded store (PGlite inside the server) and, when the machine's PostgreSQL
 * answers at BENCH_SERVICE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/test), again
 * on a throwaway database there. BENCH_SERVICE_SECONDS (20) and BENCH_SERVICE_ROUNDS (2) set
 * the load runs.
 */
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { request } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { generateMixedLog } from "./gen-mixed.js";
import { runIfMain } from "./lib/main.js";
import { cpuMs, peakRssMb, resetPeak, startLogged, stop } from "./lib/process.js";

const DATA = fileURLToPath(new URL("./.data/", import.meta.url));
/** The built CLI, as `npx logsage serve` runs it: tsx would add its compiler to the RSS measured. */
const MAIN = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PEER = fileURLToPath(new URL("./service-peer.ts", import.meta.url));
const AUTOCANNON = createRequire(import.meta.url).resolve("autocannon/autocannon.js");
const ADMIN_URL = process.env.BENCH_SERVICE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SECONDS = Number(process.env.BENCH_SERVICE_SECONDS ?? 20);
const ROUNDS = Number(process.env.BENCH_SERVICE_ROUNDS ?? 2);
const CONNECTIONS = 32;
/** About 100 MB of the mixed fleet log. */
const UPLOAD_LINES = 700_000;
const LINE = "2024-05-01T10:00:02Z ERROR connection refused to db:5432 (ECONNREFUSED)";
const ENTRY = JSON.stringify({ text: LINE });
/**
 * The same problem with a value that differs in every request (autocannon puts a fresh id where
 * `[<id>]` stands): the template, and so the remembered search, is shared, but the text is not,
 * so nothing that depends on the exact bytes can be reused.
 */
const VARIED_ENTRY = JSON.stringify({ text: `${LINE} request [<id>]` });

const run = promisify(execFile);
const tsx = (...args: string[]) => ["--import", "tsx", ...args];

interface Setup {
  label: string;
  /** --data-dir and --config, and DATABASE_URL when the store is a server. */
  args: string[];
  env: NodeJS.ProcessEnv;
}

function startServer(setup: Setup, logFile: string) {
  return startLogged([MAIN, "serve", "--port", "0", ...setup.args], setup.env, logFile, (line) => {
    if (!line.startsWith("{")) return undefined;
    const entry = JSON.parse(line) as { msg?: string; url?: string };
    return entry.msg === "listening" ? entry.url : undefined;
  });
}

interface Load {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  failed: number;
}

/** autocannon in its own process, so the server's event loop is never the load generator's. */
async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  body = ENTRY,
): Promise<Load> {
  const flags = Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}=${v}`]);
  const argv = [AUTOCANNON, "-c", String(CONNECTIONS), "-d", String(seconds), "-m", "POST"];
  const ids = body.includes("[<id>]") ? ["-I"] : [];
  const { stdout } = await run(
    process.execPath,
    [...argv, ...flags, ...ids, "-b", body, "--json", `${url}/v1/analyze`],
    { maxBuffer: 16 << 20 },
  );
  const r = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return {
    requests: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failed: r.non2xx + r.errors,
  };
}

function format(l: Load): string {
  const failed = l.failed > 0 ? `, ${l.failed} failed` : "";
  return `${Math.round(l.rps)} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms${failed}`;
}

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  file?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.on("error", reject);
    if (file === undefined) req.end();
    else createReadStream(file).pipe(req);
  });
}

async function loadRounds(setup: Setup, dir: string, json: Record<string, string>) {
  const server = await startServer(setup, join(dir, "serve-load.log"));
  const peer = await startLogged(tsx(PEER), process.env, join(dir, "peer.log"), (line) =>
    line.startsWith("http") ? line.trim() : undefined,
  );
  const pid = server.child.pid ?? 0;
  try {
    // Warm both up (JIT, the tokenizer, caches) before anything is counted.
    await load(server.value, json, 3);
    await load(peer.value, json, 3);
    const measured = async (body: string) => {
      const cpuBefore = cpuMs(pid);
      const ours = await load(server.value, json, SECONDS, body);
      return { ours, cpu: (cpuMs(pid) - cpuBefore) / Math.max(1, ours.requests) };
    };
    for (let round = 1; round <= ROUNDS; round++) {
      const same = await measured(ENTRY);
      const varied = await measured(VARIED_ENTRY);
      const bare = await load(peer.value, json, SECONDS);
      const line = ({ ours, cpu }: { ours: Load; cpu: number }) =>
        `${format(ours)}, ${cpu.toFixed(2)} ms server CPU per request, ${((100 * ours.rps) / bare.rps).toFixed(1)}% of the peer's req/s`;
      console.log(`  round ${round}: logsage ${line(same)}`);
      console.log(`    each entry with its own request id: ${line(varied)}`);
      console.log(`    peer (bare hono): ${format(bare)}`);
    }
    const load1 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
    console.log(`  machine load average at the end: ${load1} (2 cores)`);
  } finally {
    await stop(peer.child);
    await stop(server.child);
  }
}

/** One upload to a fresh server: warm it with a small request, reset its peak, then upload. */
async function upload(
  setup: Setup,
  dir: string,
  auth: Record<string, string>,
  file: string,
  asJob: boolean,
) {
  const server = await startServer(setup, join(dir, `serve-${asJob ? "job" : "raw"}.log`));
  const url = server.value;
  const pid = server.child.pid ?? 0;
  const mb = statSync(file).size / 1e6;
  try {
    await load(url, { ...auth, "content-type": "application/json" }, 1);
    const idle = peakRssMb(pid);
    resetPeak(pid);
    const headers = {
      ...auth,
      "content-type": "text/plain",
      "content-length": String(statSync(file).size),
    };
    const started = performance.now();
    let outcome: string;
    if (asJob) {
      const job = JSON.parse((await send(`${url}/v1/jobs`, "POST", headers, file)).text) as {
        id: string;
      };
      let state = "queued";
      while (state !== "succeeded" && state !== "failed") {
        await new Promise((r) => setTimeout(r, 250));
        state = (
          JSON.parse((await send(`${url}/v1/jobs/${job.id}`, "GET", auth)).text) as {
            state: string;
          }
        ).state;
      }
      outcome = `job ${state}`;
    } else {
      const res = await send(`${url}/v1/analyze`, "POST", headers, file);
      const findings =
        res.status === 200 ? (JSON.parse(res.text) as { findings: unknown[] }).findings.length : 0;
      outcome = `HTTP ${res.status}, ${findings} findings`;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `  ${mb.toFixed(0)} MB ${asJob ? "as a job (POST /v1/jobs, then polled)" : "raw body to POST /v1/analyze"}: ${outcome}, ${seconds.toFixed(1)} s; server peak RSS ${peakRssMb(pid).toFixed(0)} MB (${idle.toFixed(0)} MB after start and warm-up)`,
    );
  } finally {
    await stop(server.child);
  }
}

async function runSetup(setup: Setup, dir: string, file: string): Promise<void> {
  console.log(`\n## ${setup.label}`);
  const created = execFileSync(
    process.execPath,
    [MAIN, "keys", "create", "--role", "analyst", "--name", "bench", ...setup.args],
    {
      encoding: "utf8",
      env: setup.env,
    },
  );
  const auth = { authorization: `Bearer ${created.trim().split("\n").at(-1) ?? ""}` };
  await loadRounds(setup, dir, { ...auth, "content-type": "application/json" });
  await upload(setup, dir, auth, file, false);
  await upload(setup, dir, auth, file, true);
}

/** A throwaway database on the machine's PostgreSQL, or undefined when none answers. */
async function throwawayDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const name = `logsage_bench_${randomBytes(4).toString("hex")}`;
  try {
    await admin(`create database ${name}`);
  } catch {
    return undefined;
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export async function main(): Promise<void> {
  console.log(
    `\n# HTTP service: POST /v1/analyze with one entry, knowledge-only, ${CONNECTIONS} connections from autocannon in a second process; ~100 MB uploads`,
  );
  // Built first, so what is measured is this checkout's code.
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
  mkdirSync(DATA, { recursive: true });
  const file = join(DATA, `mixed-${UPLOAD_LINES}.log`);
  if (!existsSync(file)) await generateMixedLog(file, UPLOAD_LINES, 1);
  const dir = join(DATA, `service-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, "config.json");
  // The per-key rate limit would otherwise be what is measured.
  writeFileSync(
    config,
    JSON.stringify({ server: { rateLimit: { requestsPerMinute: 100_000_000 } } }),
  );
  const env = { ...process.env };
  delete env.DATABASE_URL;
  try {
    const embedded = ["--data-dir", join(dir, "embedded"), "--config", config];
    await runSetup(
      { label: "embedded store (PGlite inside the server process)", args: embedded, env },
      dir,
      file,
    );
    const database = await throwawayDatabase();
    if (!database) {
      console.log(`\n## PostgreSQL server: skipped, nothing answers at ${ADMIN_URL}`);
      return;
    }
    try {
      const args = ["--data-dir", join(dir, "server"), "--config", config];
      const label =
        "PostgreSQL server on this machine (DATABASE_URL; the store's memory and CPU are its own)";
      await runSetup({ label, args, env: { ...env, DATABASE_URL: database.url } }, dir, file);
    } finally {
      await database.drop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
