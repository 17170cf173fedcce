/**
 * Classes of failure with generic next steps, used when no knowledge matches a finding: an honest
 * "nothing in the knowledge base" plus what an SRE would check first for that kind of error.
 */

export interface FailureClass {
  name: string;
  pattern: RegExp;
  cause: string;
  fix: string[];
}

export const FAILURE_CLASSES: FailureClass[] = [
  {
    name: "memory exhaustion",
    pattern:
      /out of memory|\boom(?:-kill\w*)?\b|OutOfMemoryError|MemoryError|heap out of memory|Cannot allocate memory|ENOMEM/i,
    cause: "A process or container ran out of memory: a leak, a load spike, or limits set too low.",
    fix: [
      "Check which process was killed or failed and its memory use over time (dmesg, container metrics).",
      "Compare the memory limit (cgroup, -Xmx, --max-old-space-size) with the actual working set.",
      "Look for a leak or an unbounded cache before raising limits.",
    ],
  },
  {
    name: "disk space",
    pattern: /no space left|ENOSPC|disk full|could not extend file|inode/i,
    cause: "A filesystem is full (blocks or inodes), so writes fail.",
    fix: [
      "Find the full filesystem with `df -h` and `df -i`.",
      "Locate what grew with `du -xh --max-depth=2 /path | sort -h` and deleted-but-open files with `lsof +L1`.",
      "Free space (rotate or compress logs, prune old data), then fix retention so it does not recur.",
    ],
  },
  {
    name: "storage I/O",
    pattern: /I\/O error|EXT4-fs error|blk_update_request|EIO\b|read-only file system/i,
    cause:
      "The kernel reported errors reading or writing a block device: failing hardware or a detached volume.",
    fix: [
      "Read `dmesg -T` for the device and sector involved.",
      "Check the disk's health (`smartctl -a`) or the cloud volume's status.",
      "Move the workload off the device and restore from a replica or backup if errors persist.",
    ],
  },
  {
    name: "TLS or certificate",
    pattern: /x509|certificate|handshake|SSL|TLS/i,
    cause:
      "A TLS handshake failed: an expired or untrusted certificate, a hostname mismatch, or a protocol mismatch.",
    fix: [
      "Inspect the peer's certificate with `openssl s_client -connect host:port -servername host`.",
      "Check expiry dates, the chain, and that the client trusts the issuing CA.",
    ],
  },
  {
    name: "name resolution",
    pattern:
      /NXDOMAIN|getaddrinfo|Name or service not known|Temporary failure in name resolution|no such host|UnknownHostException|ENOTFOUND|EAI_AGAIN/i,
    cause:
      "A hostname could not be resolved: a wrong name, a missing record, or an unreachable DNS server.",
    fix: [
      "Resolve the name from the failing host with `dig` or `getent hosts`.",
      "Check /etc/resolv.conf (or the cluster DNS service) and recent DNS changes.",
    ],
  },
  {
    name: "connection failure",
    pattern:
      /refused|reset by peer|ECONNRESET|ECONNREFUSED|broken pipe|unreachable|EHOSTUNREACH|Link has been severed|connect\(\) failed/i,
    cause:
      "A network peer refused or dropped connections: the service is down, restarting, overloaded, or firewalled.",
    fix: [
      "Check that the target service is running and listening (`ss -ltnp`, health endpoint).",
      "Test connectivity from the failing host (`nc -vz host port`).",
      "Look at the peer's own logs around the first occurrence.",
    ],
  },
  {
    name: "timeout",
    pattern: /tim(?:ed|ing)[ -]?out|timeout|deadline exceeded/i,
    cause:
      "Calls took longer than their deadline: a slow or overloaded dependency, network trouble, or a timeout set too tight.",
    fix: [
      "Find which dependency is slow (latency metrics, traces) and whether it is saturated.",
      "Check for retries multiplying load, and that timeouts decrease along the call chain.",
    ],
  },
  {
    name: "authentication or authorisation",
    pattern:
      /denied|unauthori[sz]ed|forbidden|authentication failed|invalid credentials|Failed password|\b40[13]\b/i,
    cause:
      "Credentials were rejected or lack permission: rotated or expired secrets, wrong roles, or an attack.",
    fix: [
      "Check which identity is failing and whether its secret or token was rotated or expired.",
      "Verify the permissions or roles it needs; if the source is unknown, treat it as an intrusion attempt.",
    ],
  },
  {
    name: "database",
    pattern:
      /deadlock|too many (?:clients|connections)|SQLSTATE|lock wait|replication|postgres|mysql/i,
    cause:
      "The database rejected or aborted work: connection limits, lock conflicts, or replication trouble.",
    fix: [
      "Check active connections and locks (pg_stat_activity, SHOW PROCESSLIST).",
      "Find the statements involved and the application code paths that issue them.",
    ],
  },
  {
    name: "upstream HTTP failure",
    pattern: /\b50[0-4]\b|bad gateway|service unavailable|gateway timeout|upstream/i,
    cause:
      "Requests failed with server errors: an upstream crashed, was unreachable, or was too slow.",
    fix: [
      "Match the failing requests to the upstream that served them (proxy error log, traces).",
      "Check that upstream's health, restarts and latency at the time of the errors.",
    ],
  },
  {
    name: "crash or kernel fault",
    pattern:
      /panic|segfault|segmentation fault|core dumped|general protection|hung_task|blocked for more than|machine check|terminated/i,
    cause:
      "A process or the kernel crashed or stalled: a software bug, bad memory, or a hardware fault.",
    fix: [
      "Collect the full crash output (kernel log, core dump, stack trace) around the first occurrence.",
      "Check whether it follows a deploy, a kernel or driver update, or recurs on one host (hardware).",
    ],
  },
];

export const GENERIC_CLASS: FailureClass = {
  name: "application error",
  pattern: /.*/,
  cause: "The application reported an error; the log text does not say more about why.",
  fix: [
    "Read the samples and their context lines for the operation that failed.",
    "Check what changed around the first occurrence (deploys, configuration, traffic).",
    "Add this problem to the knowledge base once understood, so the next analysis can explain it.",
  ],
};

export function classify(text: string): FailureClass {
  return FAILURE_CLASSES.find((c) => c.pattern.test(text)) ?? GENERIC_CLASS;
}
