/**
 * Child processes for benchmarks that measure a server from outside: start one with its stdout in
 * a file and wait for the line that says it is ready, stop it, and read its CPU time and peak
 * memory from /proc (Linux).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { openSync, readFileSync, writeFileSync } from "node:fs";

const TICK_MS = 10;

/** Starts a process whose stdout goes to a file, and waits for a line `found` accepts. */
export async function startLogged(
  argv: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  found: (line: string) => string | undefined,
): Promise<{ child: ChildProcess; value: string }> {
  const out = openSync(logFile, "w");
  const child = spawn(process.execPath, argv, { stdio: ["ignore", out, "inherit"], env });
  for (let waited = 0; waited < 180_000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    if (child.exitCode !== null) throw new Error(`${argv.join(" ")} exited with ${child.exitCode}`);
    for (const line of readFileSync(logFile, "utf8").split("\n")) {
      const value = found(line);
      if (value) return { child, value };
    }
  }
  child.kill();
  throw new Error(`${argv.join(" ")} did not start within 180 s`);
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

function proc(pid: number, file: string): string {
  return readFileSync(`/proc/${pid}/${file}`, "utf8");
}

/** User plus system CPU time of a process, in ms. */
export function cpuMs(pid: number): number {
  const fields = proc(pid, "stat").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Peak RSS since the last reset, in MB; writing 5 to clear_refs resets it (Linux). */
export function peakRssMb(pid: number): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(proc(pid, "status"))?.[1] ?? 0) / 1024;
}

/** Starts peak-RSS tracking afresh from the current RSS. */
export function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}
