// Hosts logging through rsyslog (RFC 3164): cron, systemd, dhclient, chrony, sshd and kernel
// firewall lines as normal traffic; the planted faults are the kernel's and the daemons' own
// reports of memory, disk, clock and scheduling trouble.

import type { Rng } from "../gen-mixed/rng.js";
import { uptime } from "../gen-mixed/vocab.js";
import { defineCase, type Entry, type Family, type Scenario } from "./compose.js";
import { syslog } from "./formats.js";

const HOST = "app-07";
const k = (now: number, text: string): string => `[${uptime(now)}] ${text}`;

const NORMAL: readonly Family[] = [
  {
    weight: 10,
    level: "INFO",
    origin: "CRON",
    render: (r) =>
      `(root) CMD (${r.pick(["/usr/lib/sysstat/debian-sa1 1 1", "command -v debian-sa1 > /dev/null && debian-sa1 1 1", "/usr/local/bin/backup-wal.sh"])})`,
  },
  {
    weight: 6,
    level: "INFO",
    origin: "systemd",
    render: (r) =>
      `${r.pick(["logrotate", "apt-daily", "man-db", "fstrim", "sysstat-collect"])}.service: Deactivated successfully.`,
  },
  {
    weight: 4,
    level: "INFO",
    origin: "systemd",
    render: (r) => `Started Session ${r.int(100, 9999)} of User deploy.`,
  },
  {
    weight: 6,
    level: "INFO",
    origin: "dhclient",
    render: (r) => `DHCPREQUEST for 10.0.3.17 on ens5 to 10.0.3.1 port 67 (xid=0x${r.hex(8)})`,
  },
  {
    weight: 4,
    level: "INFO",
    origin: "sshd",
    render: (r) =>
      `Accepted publickey for deploy from ${r.privateIp()} port ${r.int(32768, 60999)} ssh2: ED25519 SHA256:${r.alnum(43)}`,
  },
  {
    weight: 3,
    level: "INFO",
    origin: "sshd",
    render: () => "pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)",
  },
  {
    weight: 8,
    level: "WARN",
    origin: "kernel",
    render: (r, now) =>
      k(
        now,
        `[UFW BLOCK] IN=ens5 OUT= MAC= SRC=${r.publicIp()} DST=10.0.3.17 LEN=44 TOS=0x00 PREC=0x00 TTL=${r.int(40, 250)} ID=${r.int(1, 65535)} PROTO=TCP SPT=${r.int(1024, 65535)} DPT=${r.pick([23, 445, 3389, 5900])} WINDOW=1024 RES=0x00 SYN URGP=0`,
      ),
  },
  {
    weight: 3,
    level: "INFO",
    origin: "chronyd",
    render: (r) => `Selected source 10.0.0.${r.pick([2, 3])} (ntp${r.pick([1, 2])}.internal)`,
  },
  {
    weight: 8,
    level: "INFO",
    origin: "payments",
    render: (r) =>
      `[${r.int(80000, 90000)}.${r.int(100, 999)}s][info][gc] GC(${r.int(100, 9000)}) Pause Young (Normal) (G1 Evacuation Pause) ${r.int(2000, 3600)}M->${r.int(1800, 2600)}M(4096M) ${r.logNormal(9, 0.5).toFixed(3)}ms`,
  },
  {
    weight: 2,
    level: "INFO",
    origin: "node_exporter",
    render: (r, now) =>
      `ts=${new Date(now).toISOString()} caller=textfile.go:${r.int(200, 230)} level=info msg="textfile collector ran" errors=0`,
  },
  {
    weight: 1,
    level: "WARN",
    origin: "systemd-resolved",
    render: () => "Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 10.0.0.2.",
  },
];

const scenario = (fault: Scenario["fault"], normal: readonly Family[] = NORMAL): Scenario => ({
  format: syslog(HOST),
  normal,
  fault,
});
const kernel = (now: number, lines: readonly string[]): Entry[] =>
  lines.map((text) => ({ level: "ERROR", origin: "kernel", text: k(now, text) }));

const oomKiller = defineCase(
  { name: "syslog-oom-kill", format: "syslog", expected: "oom-killer" },
  scenario({
    units: 1,
    density: 1,
    unit: (r, now) => {
      const pid = r.int(2000, 9000);
      return kernel(now, [
        "java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0",
        `CPU: 2 PID: ${pid + 11} Comm: java Not tainted 6.1.0-18-cloud-amd64 #1 Debian 6.1.76-1`,
        "Mem-Info:",
        `active_anon:${r.int(900000, 990000)} inactive_anon:${r.int(10000, 40000)} isolated_anon:0 free:${r.int(10000, 14000)}`,
        "Tasks state (memory values in pages):",
        `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/payments.service,task=java,pid=${pid},uid=998`,
        `Out of memory: Killed process ${pid} (java) total-vm:${r.int(7000000, 8000000)}kB, anon-rss:${r.int(3800000, 3990000)}kB, file-rss:0kB, shmem-rss:0kB, UID:998 pgtables:8424kB oom_score_adj:0`,
      ]).concat([
        {
          level: "WARN",
          origin: "systemd",
          text: "payments.service: A process of this unit has been killed by the OOM killer.",
        },
      ]);
    },
  }),
);

const segfault = defineCase(
  {
    name: "syslog-segfault",
    format: "syslog",
    expected: "kernel-segfault",
    alsoAccept: ["exit-code-139"],
  },
  scenario({
    units: 3,
    density: 0.02,
    unit: (r, now) => [
      ...kernel(now, [
        `img-resize[${r.int(10000, 30000)}]: segfault at 18 ip 00007f${r.hex(10)} sp 00007ffd${r.hex(8)} error 4 in libvips.so.42.17.1[7f${r.hex(7)}000+1f4000] likely on CPU ${r.int(0, 3)} (core ${r.int(0, 3)}, socket 0)`,
        "Code: 48 8b 47 18 48 85 c0 74 0b 48 8b 40 08 c3 0f 1f 44 00 00 31 c0 c3 66 2e 0f 1f 84 00 00 00 00 00",
      ]),
      {
        level: "WARN",
        origin: "systemd",
        text: "img-resize.service: Main process exited, code=dumped, status=11/SEGV",
      },
    ],
  }),
);

const hungTask = defineCase(
  { name: "syslog-hung-task", format: "syslog", expected: "kernel-hung-task" },
  scenario({
    units: 2,
    density: 0.05,
    unit: (r, now) =>
      kernel(now, [
        `INFO: task ${r.pick(["jbd2/nvme1n1p1-8:412", `postgres:${r.int(3000, 9000)}`, `kworker/u8:2:${r.int(100, 900)}`])} blocked for more than ${r.pick([120, 241])} seconds.`,
        "      Not tainted 6.1.0-18-cloud-amd64 #1 Debian 6.1.76-1",
        '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
        "Call Trace:",
        " <TASK>",
        " __schedule+0x351/0xa20",
        " io_schedule+0x42/0x70",
        " bit_wait_io+0xd/0x60",
        " jbd2_journal_commit_transaction+0x12e1/0x1a00 [jbd2]",
        " </TASK>",
      ]),
  }),
);

const ioErrors = defineCase(
  {
    name: "syslog-blk-io-error",
    format: "syslog",
    expected: "disk-io-errors",
    alsoAccept: ["errno-eio"],
  },
  scenario({
    units: 6,
    density: 0.1,
    unit: (r, now) => {
      const sector = r.int(100000000, 900000000);
      return kernel(now, [
        `ata3.00: failed command: READ FPDMA QUEUED`,
        `sd 2:0:0:0: [sdb] tag#${r.int(0, 31)} FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=${r.int(1, 9)}s`,
        `I/O error, dev sdb, sector ${sector} op 0x0:(READ) flags 0x80700 phys_seg ${r.int(1, 8)} prio class 2`,
        `EXT4-fs warning (device sdb1): ext4_end_bio:343: I/O error 10 writing to inode ${r.int(100000, 999999)} starting block ${Math.floor(sector / 8)})`,
      ]);
    },
  }),
);

const clockSkew = defineCase(
  { name: "syslog-chrony-drift", format: "syslog", expected: "clock-skew-ntp" },
  scenario({
    units: 5,
    density: 0.03,
    unit: (r) => [
      { level: "WARN", origin: "chronyd", text: `Source 10.0.0.${r.pick([2, 3])} offline` },
      { level: "WARN", origin: "chronyd", text: "Can't synchronise: no selectable sources" },
      {
        level: "ERROR",
        origin: "payments",
        text: `AuthenticationFailure: Signature not yet current: 20250314T${r.int(10, 11)}2512Z is still later than 20250314T${r.int(10, 11)}0959Z - clock offset ${r.int(300, 400)}s`,
      },
    ],
  }),
);

const inodes = defineCase(
  { name: "syslog-inodes", format: "syslog", expected: "inode-exhaustion" },
  scenario({
    units: 6,
    density: 0.05,
    unit: (r, now) => [
      {
        level: "ERROR",
        origin: "php-fpm",
        text: `PHP Warning:  session_start(): open(/var/lib/php/sessions/sess_${r.alnum(26).toLowerCase()}, O_RDWR) failed: No space left on device (28)`,
      },
      ...kernel(now, [
        `EXT4-fs warning (device nvme0n1p1): ext4_dx_add_entry:${r.int(2400, 2500)}: inode #${r.int(100000, 200000)}: comm php-fpm: Directory index full!`,
      ]),
      {
        level: "WARN",
        origin: "disk-check",
        text: "/ usage: blocks 41% (16G of 40G), inodes 100% (2621440 of 2621440)",
      },
    ],
  }),
);

const AUTH_NORMAL: readonly Family[] = [
  ...NORMAL,
  {
    weight: 3,
    level: "INFO",
    origin: "sshd",
    render: (r) =>
      `Received disconnect from ${r.privateIp()} port ${r.int(32768, 60999)}:11: disconnected by user`,
  },
];

const sshBrute = defineCase(
  { name: "authlog-ssh-bruteforce", format: "syslog-auth", expected: "ssh-failed-password" },
  scenario(
    {
      units: 40,
      density: 0.5,
      unit: (r: Rng) => {
        const user = r.pick(["admin", "oracle", "ubuntu", "test", "git", "postgres"]);
        const port = r.int(30000, 65000);
        return [
          {
            level: "WARN",
            origin: "sshd",
            text: `Invalid user ${user} from 198.51.100.23 port ${port}`,
          },
          {
            level: "WARN",
            origin: "sshd",
            text: `Failed password for invalid user ${user} from 198.51.100.23 port ${port} ssh2`,
          },
          {
            level: "INFO",
            origin: "sshd",
            text: `Connection closed by invalid user ${user} 198.51.100.23 port ${port} [preauth]`,
          },
        ];
      },
    },
    AUTH_NORMAL,
  ),
);

export const SYSLOG_CASES = [oomKiller, segfault, hungTask, ioErrors, clockSkew, inodes, sshBrute];
