// The problems planted in the mixed benchmark log. Each episode starts at a fixed fraction of
// the file, takes a share of a budget of about 0.1% of all lines, and is interleaved with normal
// traffic the way a real incident is. `signature` is constant text that every episode carries
// and no normal family produces, so a benchmark can check that a finding covers it.

import type { Fleet, Level } from "./fleet.js";
import type { Rng } from "./rng.js";
import { ms, orderId, paymentId, reqId, uptime } from "./vocab.js";

export interface PlantedFault {
  id: string;
  description: string;
  /** Constant text present in the episode and in no normal line. */
  signature: string;
}

export interface FaultLine {
  origin: string;
  level: Level;
  text: string;
  /** Physical lines that belong to this record (a stack trace), written without a header. */
  continuation?: readonly string[];
}

export interface FaultEpisode extends PlantedFault {
  /** Where the episode starts, as a fraction of the file's lines. */
  at: number;
  /** Share of the fault-line budget. */
  share: number;
  /** Chance that a line during the episode is a fault unit rather than normal traffic. */
  density: number;
  /** The `n`-th group of lines of this episode (a log call, or a short related sequence). */
  unit: (r: Rng, fleet: Fleet, now: number, n: number) => FaultLine[];
}

const PAY_HOST = "host-05";
const EDGE = "host-14";
const ATTACKER = "203.0.113.77";

const socketTimeoutTrace = (r: Rng): string[] => [
  'org.springframework.web.client.ResourceAccessException: I/O error on POST request for "https://api.psp.example.com/v2/captures": Read timed out',
  "\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:791)",
  "\tat org.springframework.web.client.RestTemplate.postForEntity(RestTemplate.java:470)",
  `\tat com.acme.payments.PaymentClient.capture(PaymentClient.java:${r.pick([142, 142, 147])})`,
  "\tat com.acme.payments.PaymentService.captureWithRetry(PaymentService.java:88)",
  "\tat com.acme.payments.PaymentController.capture(PaymentController.java:57)",
  "\tat java.base/java.lang.Thread.run(Thread.java:1583)",
  "Caused by: java.net.SocketTimeoutException: Read timed out",
  "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)",
  "\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)",
  "\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)",
  "\tat java.base/sun.security.ssl.SSLSocketInputRecord.read(SSLSocketInputRecord.java:489)",
  "\t... 38 common frames omitted",
];

export const FAULT_EPISODES: readonly FaultEpisode[] = [
  {
    id: "db-pool-exhaustion",
    description:
      "PostgreSQL refuses connections (too many clients); checkout-api's pool times out and nginx returns 503",
    signature: "sorry, too many clients already",
    at: 0.18,
    share: 0.22,
    density: 0.2,
    unit: (r, fleet, _now, n) => {
      switch (n % 3) {
        case 0:
          return [
            {
              origin: fleet.origin("postgres"),
              level: "FATAL",
              text: "sorry, too many clients already",
            },
          ];
        case 1:
          return [
            {
              origin: fleet.origin("checkout-api"),
              level: "ERROR",
              text: `failed to acquire connection from pool: timeout after 5000ms (total=50, idle=0, waiting=${r.int(20, 60)}) req_id=${reqId(r)} err="sorry, too many clients already"`,
            },
          ];
        default:
          return [
            {
              origin: fleet.origin("nginx"),
              level: "ERROR",
              text: `${r.publicIp()} - - "POST /api/v1/checkout HTTP/1.1" 503 97 rt=${(ms(r, 5000, 0.05) / 1000).toFixed(3)} "okhttp/4.12.0"`,
            },
          ];
      }
    },
  },
  {
    id: "payment-provider-timeouts",
    description:
      "payments' calls to the PSP time out (java.net.SocketTimeoutException: Read timed out): retry bursts, then captures fail with stack traces",
    signature: "java.net.SocketTimeoutException: Read timed out",
    at: 0.33,
    share: 0.25,
    density: 0.1,
    unit: (r, fleet, _now, n) => {
      const pay = paymentId(r);
      const origin = fleet.origin("payments");
      if (n % 3 < 2) {
        return [
          {
            origin,
            level: "WARN",
            text: `c.a.p.PaymentClient - Capture ${pay} attempt ${(n % 3) + 1}/3 failed with java.net.SocketTimeoutException: Read timed out, retrying in ${200 * 2 ** (n % 3)}ms`,
          },
        ];
      }
      return [
        {
          origin,
          level: "ERROR",
          text: `c.a.p.PaymentService - Payment capture failed for ${pay} order ${orderId(r)} after 3 attempts`,
          continuation: socketTimeoutTrace(r),
        },
      ];
    },
  },
  {
    id: "oom-kill",
    description:
      "the kernel OOM killer kills the payments JVM on host-05; systemd restarts it again and again",
    signature: "Out of memory: Killed process",
    at: 0.47,
    share: 0.06,
    density: 0.004,
    unit: (r, fleet, now, n) => {
      const kernel = fleet.originOn("kernel", PAY_HOST);
      const systemd = fleet.originOn("systemd", PAY_HOST);
      const pid = fleet.pidOf("payments", PAY_HOST);
      const anon = r.int(7_600_000, 7_900_000);
      fleet.restart("payments", PAY_HOST);
      return [
        {
          origin: kernel,
          level: "WARN",
          text: `[${uptime(now)}] java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0`,
        },
        {
          origin: kernel,
          level: "ERROR",
          text: `[${uptime(now)}] Out of memory: Killed process ${pid} (java) total-vm:${anon + r.int(2_000_000, 2_600_000)}kB, anon-rss:${anon}kB, file-rss:${r.int(20_000, 40_000)}kB, shmem-rss:0kB, UID:1001 pgtables:${r.int(15_000, 17_000)}kB oom_score_adj:0`,
        },
        {
          origin: kernel,
          level: "INFO",
          text: `[${uptime(now)}] oom_reaper: reaped process ${pid} (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`,
        },
        {
          origin: systemd,
          level: "WARN",
          text: "payments.service: Main process exited, code=killed, status=9/KILL",
        },
        {
          origin: systemd,
          level: "ERROR",
          text: "payments.service: Failed with result 'oom-kill'.",
        },
        {
          origin: systemd,
          level: "INFO",
          text: `payments.service: Scheduled restart job, restart counter is at ${n + 1}.`,
        },
        { origin: systemd, level: "INFO", text: "Started payments.service - Payments API." },
      ];
    },
  },
  {
    id: "disk-full",
    description:
      "the database volume fills up: PostgreSQL cannot extend relation files and order inserts fail",
    signature: "No space left on device",
    at: 0.61,
    share: 0.12,
    density: 0.15,
    unit: (r, fleet, _now, n) => {
      const file = `base/16384/${r.pick([24611, 24611, 24617, 24630])}${r.chance(0.3) ? `.${r.int(1, 3)}` : ""}`;
      const err = `could not extend file "${file}": No space left on device`;
      if (n % 2 === 1) {
        return [
          {
            origin: fleet.origin("checkout-api"),
            level: "ERROR",
            text: `order insert failed req_id=${reqId(r)} err="${err}" sqlstate=53100`,
          },
        ];
      }
      const origin = fleet.origin("postgres");
      return [
        { origin, level: "ERROR", text: err },
        { origin, level: "INFO", text: "HINT:  Check free disk space." },
      ];
    },
  },
  {
    id: "ssh-bruteforce",
    description: `an SSH password-guessing attack on ${EDGE} from ${ATTACKER}`,
    signature: "Failed password for invalid user",
    at: 0.72,
    share: 0.15,
    density: 0.2,
    unit: (r, fleet, _now, n) => {
      const user = r.pick(["admin", "oracle", "test", "ubuntu", "git", "postgres", "support"]);
      const origin = fleet.originOn("sshd", EDGE);
      const port = r.int(32768, 60999);
      const lines: FaultLine[] = [
        {
          origin,
          level: "WARN",
          text: `Failed password for invalid user ${user} from ${ATTACKER} port ${port} ssh2`,
        },
      ];
      if (n % 6 === 5) {
        lines.push({
          origin,
          level: "ERROR",
          text: `error: maximum authentication attempts exceeded for invalid user ${user} from ${ATTACKER} port ${port} ssh2 [preauth]`,
        });
      }
      return lines;
    },
  },
  {
    id: "webhook-cert-expired",
    description:
      "a partner's TLS certificate expired: every webhook delivery from notifier fails with an x509 error",
    signature: "x509: certificate has expired or is not yet valid",
    at: 0.83,
    share: 0.1,
    density: 0.1,
    unit: (r, fleet, now) => [
      {
        origin: fleet.origin("notifier"),
        level: "ERROR",
        text: `webhook delivery failed url=https://hooks.partner-3.example.net/orders attempt=${r.int(1, 5)} err="Post \\"https://hooks.partner-3.example.net/orders\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${new Date(now).toISOString().slice(0, 19)}Z is after 2025-03-14T00:00:00Z"`,
      },
    ],
  },
  {
    id: "upstream-timeouts",
    description:
      "nginx times out waiting for checkout-api on 10.0.4.21:8080 and answers 504 to clients",
    signature: "upstream timed out (110: Connection timed out)",
    at: 0.9,
    share: 0.1,
    density: 0.2,
    unit: (r, fleet, _now, n) => {
      const client = r.publicIp();
      const origin = fleet.origin("nginx");
      if (n % 2 === 0) {
        return [
          {
            origin,
            level: "ERROR",
            text: `*${r.int(100000, 999999)} upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${client}, server: shop.example.com, request: "POST /api/v1/checkout HTTP/1.1", upstream: "http://10.0.4.21:8080/api/v1/checkout", host: "shop.example.com"`,
          },
        ];
      }
      return [
        {
          origin,
          level: "ERROR",
          text: `${client} - - "POST /api/v1/checkout HTTP/1.1" 504 167 rt=60.00${r.int(0, 9)} "${r.pick(["okhttp/4.12.0", "ShopApp/5.14.2 (Android 14; Pixel 8)"])}"`,
        },
      ];
    },
  },
];
