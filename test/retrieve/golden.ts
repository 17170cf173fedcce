/**
 * Golden retrieval cases against the starter kb/: a finding as the pipeline would produce it
 * (template with wildcards, one sample line, scorer reasons) and the document that explains it.
 * `top1` marks cases where the expected document must rank first, not only in the top 3.
 * Shared by the retrieval tests and the retrieval benchmark's quality figures.
 */
import { type Finding, unexplained } from "../../src/pipeline/types.js";

export interface GoldenCase {
  template: string;
  sample: string;
  reasons?: string[];
  /** Any of these ids counts as the answer. */
  expect: string[];
  top1: boolean;
}

export const GOLDEN: readonly GoldenCase[] = [
  {
    template: "write error: No space left on device",
    sample: "May  1 12:00:01 web-3 app[812]: write error: No space left on device",
    expect: ["disk-full", "errno-enospc"],
    top1: true,
  },
  {
    template: "Out of memory: Killed process <*> (<*>) total-vm:<*>, anon-rss:<*>",
    sample:
      "May  1 12:00:01 db-1 kernel: Out of memory: Killed process 2314 (java) total-vm:8123456kB, anon-rss:6012345kB",
    expect: ["oom-killer"],
    top1: true,
  },
  {
    template: 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
    sample: 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
    reasons: ["exception:OutOfMemoryError"],
    expect: ["jvm-heap-oom"],
    top1: true,
  },
  {
    template: "FATAL: sorry, too many clients already",
    sample: "2024-05-01 12:00:01.123 UTC [4242] FATAL:  sorry, too many clients already",
    expect: ["postgres-too-many-connections", "sqlstate-53300"],
    top1: true,
  },
  {
    template: "ERROR: deadlock detected",
    sample: "2024-05-01 12:00:01.123 UTC [4242] ERROR:  deadlock detected",
    expect: ["postgres-deadlock-detected", "sqlstate-40p01"],
    top1: true,
  },
  {
    template: "x509: certificate has expired or is not yet valid: current time <*> is after <*>",
    sample:
      'Get "https://partner.example.com/v1": x509: certificate has expired or is not yet valid: current time 2025-05-01T12:00:01Z is after 2025-04-30T23:59:59Z',
    expect: ["x509-certificate-expired"],
    top1: true,
  },
  {
    template:
      'upstream timed out (110: Connection timed out) while reading response header from upstream, client: <*>, server: <*>, request: "GET <*> HTTP/1.1", upstream: <*>',
    sample:
      '2024/05/01 12:00:01 [error] 31#31: *4711 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.7, server: api.example.com, request: "GET /v1/orders HTTP/1.1", upstream: "http://10.0.1.5:8080/v1/orders"',
    expect: ["http-504-gateway-timeout"],
    top1: true,
  },
  {
    template: "Back-off restarting failed container <*> in pod <*>",
    sample:
      "Warning  BackOff  kubelet  Back-off restarting failed container api in pod api-7d9f8b6c5-x2x4z_default",
    expect: ["k8s-crashloopbackoff"],
    top1: true,
  },
  {
    template: "Failed password for invalid user <*> from <*> port <*> ssh2",
    sample:
      "May  1 12:00:01 bastion sshd[2231]: Failed password for invalid user admin from 1.2.3.4 port 22 ssh2",
    expect: ["ssh-failed-password"],
    top1: true,
  },
  {
    template: "java.net.SocketTimeoutException: Read timed out",
    sample:
      "java.net.SocketTimeoutException: Read timed out\n\tat java.net.SocketInputStream.socketRead0(Native Method)",
    reasons: ["exception:SocketTimeoutException"],
    expect: ["java-socket-timeout"],
    top1: true,
  },
  {
    template: "accept4() failed (24: Too many open files)",
    sample: "2024/05/01 12:00:01 [crit] 31#31: accept4() failed (24: Too many open files)",
    expect: ["too-many-open-files", "errno-emfile"],
    top1: true,
  },
  {
    template: "dial tcp <*>: connect: connection refused",
    sample: "dial tcp 10.0.3.4:5432: connect: connection refused",
    expect: ["connection-refused", "errno-econnrefused"],
    top1: true,
  },
  {
    template: "read tcp <*>-><*>: read: connection reset by peer",
    sample: "read tcp 10.0.0.5:51234->10.0.3.4:443: read: connection reset by peer",
    expect: ["connection-reset-by-peer", "errno-econnreset"],
    top1: true,
  },
  {
    template: "dial tcp: lookup <*> on <*>: no such host",
    sample: "dial tcp: lookup payments.internal on 10.96.0.10:53: no such host",
    expect: ["dns-resolution-failure"],
    top1: true,
  },
  {
    template:
      "Failed to pull image <*>: rpc error: code = NotFound desc = failed to pull and unpack image <*>",
    sample:
      'Failed to pull image "registry.example.com/api:1.4.2": rpc error: code = NotFound desc = failed to pull and unpack image',
    expect: ["k8s-imagepullbackoff"],
    top1: true,
  },
  {
    template: "Deadlock found when trying to get lock; try restarting transaction",
    sample:
      "ERROR 1213 (40001): Deadlock found when trying to get lock; try restarting transaction",
    expect: ["mysql-deadlock", "mysql-1213"],
    top1: true,
  },
  {
    template: "Too many connections",
    sample: "ERROR 1040 (08004): Too many connections",
    expect: ["mysql-too-many-connections", "mysql-1040"],
    top1: true,
  },
  {
    template:
      "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk",
    sample:
      "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled",
    expect: ["redis-misconf-persistence"],
    top1: true,
  },
  {
    template: "OOM command not allowed when used memory > 'maxmemory'",
    sample: "OOM command not allowed when used memory > 'maxmemory'.",
    expect: ["redis-oom-maxmemory"],
    top1: true,
  },
  {
    template: "INFO: task <*> blocked for more than <*> seconds.",
    sample: "kernel: INFO: task jbd2/sda1-8:312 blocked for more than 120 seconds.",
    expect: ["kernel-hung-task"],
    top1: true,
  },
  {
    template: "<*>[<*>]: segfault at <*> ip <*> sp <*> error <*> in <*>",
    sample:
      "kernel: app[4123]: segfault at 0 ip 00007f1c2a3b4c5d sp 00007ffd1e2f3a40 error 4 in libc.so.6",
    expect: ["kernel-segfault"],
    top1: true,
  },
  {
    template: "<*>: Failed with result 'exit-code'.",
    sample: "systemd[1]: orders.service: Failed with result 'exit-code'.",
    expect: ["systemd-unit-failed"],
    top1: true,
  },
  {
    template: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
    sample: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
    expect: ["nodejs-heap-oom"],
    top1: true,
  },
  {
    template: "panic: runtime error: invalid memory address or nil pointer dereference",
    sample:
      "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]",
    expect: ["go-panic-nil-pointer"],
    top1: true,
  },
  {
    template: '"<*> <*> HTTP/1.1" 503 <*>',
    sample: '10.0.0.7 - - [01/May/2024:12:00:01 +0000] "POST /api/checkout HTTP/1.1" 503 62',
    reasons: ["http:503"],
    expect: ["http-503-service-unavailable", "http-503"],
    top1: false,
  },
  {
    template: "clock skew detected: time difference <*> exceeds threshold",
    sample: "clock skew detected: time difference 12.3s exceeds threshold",
    expect: ["clock-skew-ntp"],
    top1: false,
  },
  {
    template:
      "Offset commit failed: CommitFailedException: Commit cannot be completed since the group has already rebalanced",
    sample:
      "org.apache.kafka.clients.consumer.CommitFailedException: Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member.",
    reasons: ["exception:CommitFailedException"],
    expect: ["kafka-consumer-rebalance-lag"],
    top1: true,
  },
  {
    template: "0/<*> nodes are available: <*> Insufficient cpu.",
    sample:
      "Warning  FailedScheduling  default-scheduler  0/6 nodes are available: 6 Insufficient cpu.",
    expect: ["k8s-unschedulable-pods"],
    top1: true,
  },
  {
    template: "blk_update_request: I/O error, dev <*>, sector <*>",
    sample: "kernel: blk_update_request: I/O error, dev sda, sector 123456 op 0x0:(READ)",
    expect: ["disk-io-errors"],
    top1: true,
  },
];

/** Ordinary text that no document explains: must come back with no hits above the threshold. */
export const NEGATIVE: readonly string[] = [
  "user clicked the blue button twice",
  "GET /api/v1/items?page=2 completed in 35 ms status=200",
  "cache warmed with 1200 entries in 4 s",
  "scheduled report emailed to the finance team",
  "Deployment finished: 14 pods updated to version 2.3.1 by pipeline release-train",
];

export function goldenFinding(
  c: Pick<GoldenCase, "template" | "sample" | "reasons">,
  id = "f1",
): Finding {
  return {
    id,
    severity: "error",
    score: 0.9,
    template: c.template,
    templateIds: ["t1"],
    count: 1,
    lines: [1],
    sources: ["test.log"],
    samples: [{ line: 1, text: c.sample }],
    firstSeen: null,
    lastSeen: null,
    reasons: c.reasons ?? [],
    ...unexplained(),
  };
}
