// The fake fleet behind the mixed benchmark log: which programs run on which hosts with which
// pids, and how each line's `host program[pid]:` origin is written. Fixed pids stay the same
// for a whole file (a long-running daemon); varying ones change per line (sshd, cron, postgres
// backends), as they do on real machines.

import type { Rng } from "./rng.js";

export type Level = "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";

type PidKind = "fixed" | "varying" | "none" | number;

const host = (n: number): string => `host-${String(n).padStart(2, "0")}`;
const hosts = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => host(from + i));

const ALL = hosts(1, 24);
const K8S_NODES = hosts(1, 13);

const SOURCES = {
  "checkout-api": { hosts: hosts(1, 4), pid: "fixed" },
  payments: { hosts: hosts(5, 6), pid: "fixed" },
  inventory: { hosts: hosts(7, 8), pid: "fixed" },
  search: { hosts: hosts(9, 11), pid: "fixed" },
  "auth-svc": { hosts: hosts(12, 13), pid: "fixed" },
  nginx: { hosts: hosts(14, 15), pid: "fixed" },
  postgres: { hosts: [host(16)], pid: "varying" },
  redis: { hosts: [host(17)], pid: "fixed" },
  "order-events": { hosts: hosts(18, 19), pid: "fixed" },
  notifier: { hosts: hosts(18, 19), pid: "fixed" },
  worker: { hosts: hosts(20, 22), pid: "fixed" },
  scheduler: { hosts: [host(20)], pid: "fixed" },
  kubelet: { hosts: K8S_NODES, pid: "fixed" },
  containerd: { hosts: K8S_NODES, pid: "fixed" },
  kernel: { hosts: ALL, pid: "none" },
  sshd: { hosts: ALL, pid: "varying" },
  systemd: { hosts: ALL, pid: 1 },
  CRON: { hosts: ALL, pid: "varying" },
  chronyd: { hosts: ALL, pid: "fixed" },
} as const satisfies Record<string, { hosts: readonly string[]; pid: PidKind }>;

export type SourceName = keyof typeof SOURCES;

export class Fleet {
  private readonly pids = new Map<string, number>();
  /** Ready-made origins, one per host, of the sources whose pid does not change per line. */
  private readonly steady = new Map<SourceName, string[]>();

  constructor(private readonly rng: Rng) {
    for (const name of Object.keys(SOURCES) as SourceName[]) {
      const { hosts: on, pid } = SOURCES[name];
      if (pid === "varying") continue;
      for (const h of on) if (pid === "fixed") this.pids.set(`${h} ${name}`, rng.int(600, 48000));
      this.steady.set(
        name,
        on.map((h) => this.format(name, h)),
      );
    }
  }

  /** `host-07 inventory[2314]:` for a random instance of `source`. */
  origin(source: SourceName): string {
    const steady = this.steady.get(source);
    if (steady) return this.rng.pick(steady);
    return this.format(source, this.rng.pick(SOURCES[source].hosts));
  }

  /** The origin of `source` on one given host. */
  originOn(source: SourceName, onHost: string): string {
    return this.format(source, onHost);
  }

  /** The pid a fixed-pid program runs with on a host (used to make the OOM kill consistent). */
  pidOf(source: SourceName, onHost: string): number {
    return this.pids.get(`${onHost} ${source}`) ?? 1;
  }

  /** A fixed-pid program restarted on a host: it runs on under a new pid from now on. */
  restart(source: SourceName, onHost: string): void {
    this.pids.set(`${onHost} ${source}`, this.rng.int(600, 48000));
    const on = SOURCES[source].hosts as readonly string[];
    this.steady.get(source)?.splice(on.indexOf(onHost), 1, this.format(source, onHost));
  }

  private format(source: SourceName, onHost: string): string {
    const kind: PidKind = SOURCES[source].pid;
    if (kind === "none") return `${onHost} ${source}:`;
    const pid =
      kind === "varying"
        ? this.rng.int(1000, 65000)
        : kind === "fixed"
          ? this.pidOf(source, onHost)
          : kind;
    return `${onHost} ${source}[${pid}]:`;
  }
}
