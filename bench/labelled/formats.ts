// Line formats of the labelled logs: each writes the header the real software writes (time,
// level word, pid, thread, host) in front of an entry's text. A format is created per log with
// that log's Rng, so daemon pids and hosts stay fixed for a whole file as on a real machine.

import type { Rng } from "../gen-mixed/rng.js";
import type { Level, LineFormat } from "./compose.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number): string => String(n).padStart(2, "0");

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: string;
  mi: string;
  s: string;
  ms: string;
  us: string;
}

function parts(now: number): Parts {
  const t = new Date(now);
  const us = (now % 1000) * 1000 + ((now * 7919) % 1000);
  return {
    y: t.getUTCFullYear(),
    mo: t.getUTCMonth(),
    d: t.getUTCDate(),
    h: p2(t.getUTCHours()),
    mi: p2(t.getUTCMinutes()),
    s: p2(t.getUTCSeconds()),
    ms: String(t.getUTCMilliseconds()).padStart(3, "0"),
    us: String(us).padStart(6, "0"),
  };
}

/** `2025-03-14 10:00:00` followed by `sep` and milliseconds. */
function spaced(now: number, sep: string): string {
  const t = parts(now);
  return `${t.y}-${p2(t.mo + 1)}-${p2(t.d)} ${t.h}:${t.mi}:${t.s}${sep}${t.ms}`;
}

const syslogTime = (now: number): string => {
  const t = parts(now);
  return `${MONTHS[t.mo]} ${String(t.d).padStart(2, " ")} ${t.h}:${t.mi}:${t.s}`;
};

const word = (level: Level, names: Partial<Record<Level, string>> = {}): string =>
  names[level] ?? level;

/** pino-style JSON lines; `fields` of an entry are merged in (error objects, request data). */
export const jsonLines =
  (service: string) =>
  (r: Rng): LineFormat => {
    const pid = r.int(7, 90);
    const hostname = `${service}-${r.hex(9)}-${r.alnum(5).toLowerCase()}`;
    return (now, e) =>
      JSON.stringify({
        level: e.level.toLowerCase(),
        time: new Date(now).toISOString(),
        pid,
        hostname,
        service,
        ...(e.origin ? { logger: e.origin } : {}),
        msg: e.text,
        ...e.fields,
      });
  };

/** Spring Boot / logback default-ish pattern: time, level, [thread], logger - message. */
export const logback =
  (threads: readonly string[]) =>
  (r: Rng): LineFormat =>
  (now, e) =>
    `${spaced(now, ".")} ${e.level.padEnd(5)} [${r.pick(threads)}] ${e.origin ?? "main"} - ${e.text}`;

/** Hadoop/HBase log4j: `2025-03-14 10:00:00,123 INFO org.apache.X: message`. */
export const log4j = () => (): LineFormat => (now, e) =>
  `${spaced(now, ",")} ${e.level} ${e.origin ?? "root"}: ${e.text}`;

/** Kafka's own log4j layout: `[time] LEVEL message (logger)`. */
export const kafkaClient = () => (): LineFormat => (now, e) =>
  `[${spaced(now, ",")}] ${e.level} ${e.text} (${e.origin ?? "org.apache.kafka"})`;

/** Python logging `%(asctime)s - %(name)s - %(levelname)s - %(message)s`. */
export const pythonLogging = () => (): LineFormat => (now, e) =>
  `${spaced(now, ",")} - ${e.origin ?? "root"} - ${word(e.level, { WARN: "WARNING", FATAL: "CRITICAL" })} - ${e.text}`;

/** Programs whose pid changes per line (per connection or per run). */
const PER_LINE_PID = new Set(["sshd", "CRON", "sudo", "postfix/smtpd", "kubectl"]);

function origins(r: Rng): (origin: string) => string {
  const fixed = new Map<string, number>([["systemd", 1]]);
  return (origin) => {
    if (origin === "kernel") return origin;
    if (PER_LINE_PID.has(origin)) return `${origin}[${r.int(2000, 60000)}]`;
    const pid = fixed.get(origin) ?? r.int(300, 9000);
    fixed.set(origin, pid);
    return `${origin}[${pid}]`;
  };
}

/** RFC 3164 syslog as rsyslog writes /var/log/syslog and auth.log. */
export const syslog =
  (host: string) =>
  (r: Rng): LineFormat => {
    const origin = origins(r);
    return (now, e) => `${syslogTime(now)} ${host} ${origin(e.origin ?? "app")}: ${e.text}`;
  };

/** `journalctl -o short-iso`. */
export const journal =
  (host: string) =>
  (r: Rng): LineFormat => {
    const origin = origins(r);
    return (now, e) =>
      `${new Date(now).toISOString().slice(0, 19)}+0000 ${host} ${origin(e.origin ?? "app")}: ${e.text}`;
  };

/** nginx `combined` access log; the entry text is everything after the time. */
export const nginxAccess =
  () =>
  (r: Rng): LineFormat =>
  (now, e) => {
    const t = parts(now);
    const client = e.origin ?? r.publicIp();
    return `${client} - - [${p2(t.d)}/${MONTHS[t.mo]}/${t.y}:${t.h}:${t.mi}:${t.s} +0000] ${e.text}`;
  };

/** nginx error log with worker pid and a growing connection number. */
export const nginxError =
  () =>
  (r: Rng): LineFormat => {
    const workers = [r.int(20, 40), r.int(41, 60)];
    let conn = r.int(100000, 900000);
    return (now, e) => {
      const t = parts(now);
      const pid = r.pick(workers);
      conn += r.int(1, 30);
      const level = word(e.level, { INFO: "notice", WARN: "warn", FATAL: "crit" }).toLowerCase();
      return `${t.y}/${p2(t.mo + 1)}/${p2(t.d)} ${t.h}:${t.mi}:${t.s} [${level}] ${pid}#${pid}: *${conn} ${e.text}`;
    };
  };

/** PostgreSQL `log_line_prefix = '%m [%p] %q%u@%d '`; DETAIL/HINT/STATEMENT lines carry their tag. */
export const postgres =
  () =>
  (r: Rng): LineFormat =>
  (now, e) => {
    const tagged = /^[A-Z]+: {2}/.test(e.text);
    const level = word(e.level, { INFO: "LOG", WARN: "WARNING" });
    const who = e.origin ? `${e.origin} ` : "";
    return `${spaced(now, ".")} UTC [${r.int(1000, 99999)}] ${who}${tagged ? "" : `${level}:  `}${e.text}`;
  };

/** MySQL 8 error log: time, thread id, [label], then `[MY-code] [Subsystem]` in the text. */
export const mysqlError =
  () =>
  (r: Rng): LineFormat =>
  (now, e) => {
    const t = parts(now);
    const label = word(e.level, { INFO: "Note", WARN: "Warning", FATAL: "ERROR", DEBUG: "Note" });
    const thread = e.origin === "conn" ? r.int(1000, 90000) : 0;
    return `${t.y}-${p2(t.mo + 1)}-${p2(t.d)}T${t.h}:${t.mi}:${t.s}.${t.us}Z ${thread} [${label}] ${e.text}`;
  };

/** klog (kubelet, controllers): `I0314 10:05:04.512690    1187 file.go:117] message`. */
export const klog =
  () =>
  (r: Rng): LineFormat => {
    const pid = r.int(800, 3000);
    return (now, e) => {
      const t = parts(now);
      const letter = e.level === "FATAL" ? "F" : e.level === "DEBUG" ? "I" : e.level[0];
      return `${letter}${p2(t.mo + 1)}${p2(t.d)} ${t.h}:${t.mi}:${t.s}.${t.us} ${String(pid).padStart(8)} ${e.origin ?? "kubelet.go:2000"}] ${e.text}`;
    };
  };

/** Redis server log: `pid:role day Mon year time.ms <mark> message`; origin "C" is a fork. */
export const redis =
  () =>
  (r: Rng): LineFormat => {
    const pid = r.int(1, 9);
    return (now, e) => {
      const t = parts(now);
      const mark = { DEBUG: ".", INFO: "*", WARN: "#", ERROR: "#", FATAL: "#" }[e.level];
      const who = e.origin === "C" ? `${r.int(100, 9000)}:C` : `${pid}:M`;
      return `${who} ${p2(t.d)} ${MONTHS[t.mo]} ${t.y} ${t.h}:${t.mi}:${t.s}.${t.ms} ${mark} ${e.text}`;
    };
  };

/** Go log/slog text handler: `time=... level=INFO msg="..." attrs`; the entry text starts at msg. */
export const goSlog = () => (): LineFormat => (now, e) =>
  `time=${new Date(now).toISOString()} level=${word(e.level, { FATAL: "ERROR" })} ${e.text}`;

/** HDFS as in the classic LogHub capture: `250314 100000 148 INFO dfs.DataNode: message`. */
export const hdfsClassic =
  () =>
  (r: Rng): LineFormat =>
  (now, e) => {
    const t = parts(now);
    const date = `${String(t.y).slice(2)}${p2(t.mo + 1)}${p2(t.d)} ${t.h}${t.mi}${t.s}`;
    return `${date} ${r.int(10, 9000)} ${e.level} ${e.origin ?? "dfs.DataNode"}: ${e.text}`;
  };
