// PostgreSQL server logs (`log_line_prefix = '%m [%p] %q%u@%d '`): statement durations,
// connections, checkpoints and autovacuum as normal traffic; faults are the server's own
// FATAL/ERROR/PANIC reports with their DETAIL, HINT and STATEMENT lines.

import { productId } from "../gen-mixed/vocab.js";
import { defineCase, type Entry, type Family, type Scenario } from "./compose.js";
import { postgres } from "./formats.js";

const APP = "app@shop";

const NORMAL: readonly Family[] = [
  {
    weight: 20,
    level: "INFO",
    origin: APP,
    render: (r) =>
      `duration: ${r.logNormal(4, 1).toFixed(3)} ms  execute <unnamed>: SELECT id, name, price_cents FROM products WHERE id = $1 /* ${productId(r)} */`,
  },
  {
    weight: 8,
    level: "INFO",
    origin: "[unknown]@[unknown]",
    render: (r) => `connection received: host=${r.privateIp()} port=${r.int(32768, 60999)}`,
  },
  {
    weight: 8,
    level: "INFO",
    origin: APP,
    render: (r) =>
      `connection authorized: user=app database=shop application_name=${r.pick(["checkout-api", "payments", "inventory", "worker"])} SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)`,
  },
  {
    weight: 7,
    level: "INFO",
    origin: APP,
    render: (r) =>
      `disconnection: session time: 0:0${r.int(0, 9)}:${r.logNormal(20, 0.8).toFixed(3).padStart(6, "0")} user=app database=shop host=${r.privateIp()} port=${r.int(32768, 60999)}`,
  },
  {
    weight: 2,
    level: "INFO",
    render: (r) =>
      `checkpoint complete: wrote ${r.int(200, 9000)} buffers (${r.logNormal(3, 0.6).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${r.int(0, 6)} recycled; write=${r.logNormal(26, 0.1).toFixed(3)} s, sync=0.004 s, total=${r.logNormal(27, 0.1).toFixed(3)} s`,
  },
  { weight: 2, level: "INFO", render: () => "checkpoint starting: time" },
  {
    weight: 2,
    level: "INFO",
    render: (r) =>
      `automatic vacuum of table "shop.public.${r.pick(["orders", "order_items", "carts", "sessions"])}": index scans: 1, pages: 0 removed, ${r.int(900, 90000)} remain, tuples: ${r.int(10, 9000)} removed`,
  },
  {
    weight: 2,
    level: "WARN",
    origin: APP,
    render: () => "there is no transaction in progress",
  },
  {
    weight: 1,
    level: "ERROR",
    origin: APP,
    render: () => 'duplicate key value violates unique constraint "carts_session_id_key"',
  },
];

const scenario = (fault: Scenario["fault"], gapMs = 700): Scenario => ({
  format: postgres(),
  normal: NORMAL,
  fault,
  gapMs,
});
const pg = (level: Entry["level"], text: string, origin = APP): Entry => ({ level, origin, text });

const tooMany = defineCase(
  {
    name: "postgres-slots-exhausted",
    format: "postgresql",
    expected: "postgres-too-many-connections",
    alsoAccept: ["sqlstate-53300", "inc-2025-031-checkout-db-connections"],
  },
  scenario({
    units: 30,
    density: 0.25,
    unit: (r) => [
      pg(
        "INFO",
        `connection received: host=${r.privateIp()} port=${r.int(32768, 60999)}`,
        "[unknown]@[unknown]",
      ),
      pg(
        "FATAL",
        r.chance(0.7)
          ? "sorry, too many clients already"
          : "remaining connection slots are reserved for roles with the SUPERUSER attribute",
      ),
    ],
  }),
);

const deadlock = defineCase(
  {
    name: "postgres-deadlock",
    format: "postgresql",
    expected: "postgres-deadlock-detected",
    alsoAccept: ["sqlstate-40p01"],
  },
  scenario({
    units: 4,
    density: 0.03,
    unit: (r) => {
      const [a, b] = [r.int(20000, 40000), r.int(40001, 60000)];
      const [ta, tb] = [r.int(9000000, 9500000), r.int(9500001, 9900000)];
      return [
        pg("ERROR", "deadlock detected"),
        {
          ...pg(
            "ERROR",
            `DETAIL:  Process ${a} waits for ShareLock on transaction ${tb}; blocked by process ${b}.`,
          ),
          cont: [
            `\tProcess ${b} waits for ShareLock on transaction ${ta}; blocked by process ${a}.`,
            `\tProcess ${a}: UPDATE stock SET reserved = reserved + $1 WHERE sku = $2`,
            `\tProcess ${b}: UPDATE stock SET reserved = reserved + $1 WHERE sku = $2`,
          ],
        },
        pg("ERROR", "HINT:  See server log for query details."),
        pg(
          "ERROR",
          `CONTEXT:  while updating tuple (${r.int(100, 900)},${r.int(1, 60)}) in relation "stock"`,
        ),
        pg("ERROR", "STATEMENT:  UPDATE stock SET reserved = reserved + $1 WHERE sku = $2"),
      ];
    },
  }),
);

const replicaConflict = defineCase(
  { name: "postgres-standby-conflict", format: "postgresql", expected: "postgres-replication-lag" },
  scenario({
    units: 10,
    density: 0.06,
    unit: (r) => [
      pg("ERROR", "canceling statement due to conflict with recovery", "reporting@shop"),
      pg(
        "ERROR",
        "DETAIL:  User query might have needed to see row versions that must be removed.",
        "reporting@shop",
      ),
      pg(
        "ERROR",
        `STATEMENT:  SELECT date_trunc('day', created_at), sum(total_cents) FROM orders WHERE created_at > now() - interval '${r.int(30, 90)} days' GROUP BY 1`,
        "reporting@shop",
      ),
    ],
  }),
);

const walFull = defineCase(
  {
    name: "postgres-wal-enospc",
    format: "postgresql",
    expected: "postgres-disk-full",
    alsoAccept: ["disk-full", "errno-enospc", "sqlstate-53100"],
  },
  scenario({
    units: 3,
    density: 0.2,
    unit: (r, _now, n) =>
      n < 2
        ? [
            pg(
              "ERROR",
              `could not extend file "base/16384/${r.int(16000, 99999)}": No space left on device`,
            ),
            pg("ERROR", "HINT:  Check free disk space."),
            pg(
              "ERROR",
              "STATEMENT:  INSERT INTO order_events (order_id, kind, payload) VALUES ($1, $2, $3)",
            ),
          ]
        : [
            pg(
              "FATAL",
              `PANIC:  could not write to file "pg_wal/xlogtemp.${r.int(100, 999)}": No space left on device`,
              "",
            ),
            pg("INFO", "LOG:  server process (PID 27) was terminated by signal 6: Aborted", ""),
            pg("INFO", "LOG:  terminating any other active server processes", ""),
          ],
  }),
);

export const POSTGRES_CASES = [tooMany, deadlock, replicaConflict, walFull];
