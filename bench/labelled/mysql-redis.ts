// Database daemons' own logs: the MySQL 8 error log (with innodb_print_all_deadlocks on) and
// the Redis server log. Normal traffic is their routine housekeeping; faults are what the server
// itself prints when transactions deadlock or snapshots cannot be written.

import { defineCase, type Family } from "./compose.js";
import { mysqlError, redis } from "./formats.js";

const MYSQL: readonly Family[] = [
  {
    weight: 10,
    level: "INFO",
    origin: "conn",
    render: (r) =>
      `[MY-010914] [Server] Aborted connection ${r.int(1000, 90000)} to db: 'shop' user: 'app' host: '${r.privateIp()}' (Got timeout reading communication packets).`,
  },
  {
    weight: 6,
    level: "INFO",
    render: (r) =>
      `[MY-013360] [Server] Plugin mysql_native_password reported: ''mysql_native_password' is deprecated and will be removed in a future release. Please use caching_sha2_password instead' (repeated ${r.int(2, 90)} times)`,
  },
  {
    weight: 3,
    level: "WARN",
    render: (r) =>
      `[MY-010055] [Server] IP address '${r.privateIp()}' could not be resolved: Name or service not known`,
  },
  {
    weight: 2,
    level: "INFO",
    render: (r) =>
      `[MY-011953] [InnoDB] Page cleaner took ${r.int(4000, 6000)}ms to flush ${r.int(100, 900)} and evict 0 pages`,
  },
  {
    weight: 2,
    level: "INFO",
    render: (r) =>
      `[MY-010116] [Server] Binlog purge: removed binlog.${String(r.int(100, 900)).padStart(6, "0")}; 0 errors`,
  },
];

const mysqlDeadlock = defineCase(
  {
    name: "mysql-innodb-deadlock",
    format: "mysql-error",
    expected: "mysql-deadlock",
    alsoAccept: ["mysql-1213"],
  },
  {
    format: mysqlError(),
    normal: MYSQL,
    gapMs: 4000,
    fault: {
      units: 3,
      density: 0.05,
      unit: (r) => {
        const [t1, t2] = [r.int(4000000, 4500000), r.int(4500001, 4900000)];
        return [
          {
            level: "INFO",
            text: "[MY-012468] [InnoDB] Transactions deadlock detected, dumping detailed information. (lock0lock.cc:6482)",
          },
          {
            level: "INFO",
            text: "[MY-012469] [InnoDB] *** (1) TRANSACTION: (lock0lock.cc:6496)",
            cont: [
              `TRANSACTION ${t1}, ACTIVE 0 sec starting index read`,
              "mysql tables in use 1, locked 1",
              `UPDATE inventory SET qty = qty - 1 WHERE sku = 'SKU-${r.int(10000, 99999)}-M'`,
            ],
          },
          {
            level: "INFO",
            text: "[MY-012469] [InnoDB] *** (1) WAITING FOR THIS LOCK TO BE GRANTED: (lock0lock.cc:6496)",
          },
          {
            level: "INFO",
            text: "[MY-012469] [InnoDB] *** (2) TRANSACTION: (lock0lock.cc:6496)",
            cont: [
              `TRANSACTION ${t2}, ACTIVE 0 sec starting index read`,
              "mysql tables in use 1, locked 1",
            ],
          },
          {
            level: "INFO",
            text: "[MY-012469] [InnoDB] *** WE ROLL BACK TRANSACTION (2) (lock0lock.cc:6496)",
          },
        ];
      },
    },
  },
);

const REDIS: readonly Family[] = [
  {
    weight: 6,
    level: "INFO",
    render: (r) => `${r.int(100, 10000)} changes in 60 seconds. Saving...`,
  },
  {
    weight: 6,
    level: "INFO",
    render: (r) => `Background saving started by pid ${r.int(1000, 9000)}`,
  },
  { weight: 5, level: "INFO", origin: "C", render: () => "DB saved on disk" },
  {
    weight: 5,
    level: "INFO",
    origin: "C",
    render: (r) =>
      `Fork CoW for RDB: current ${r.int(1, 40)} MB, peak ${r.int(1, 40)} MB, average ${r.int(1, 20)} MB`,
  },
  { weight: 5, level: "INFO", render: () => "Background saving terminated with success" },
  { weight: 2, level: "DEBUG", render: (r) => `Accepted ${r.privateIp()}:${r.int(32768, 60999)}` },
  {
    weight: 1,
    level: "WARN",
    render: (r) =>
      `WARNING: Client id=${r.int(100, 9999)} addr=${r.privateIp()}:${r.int(32768, 60999)} laddr=10.0.2.5:6379 fd=${r.int(8, 99)} name= age=0 idle=0 flags=N omem=0 tot-mem=20480 events=r cmd=client|setname scheduled to be closed ASAP for overcoming of output buffer limits.`,
  },
];

const redisRdb = defineCase(
  {
    name: "redis-bgsave-failing",
    format: "redis",
    expected: "redis-misconf-persistence",
    alsoAccept: ["inc-2025-071-sessions-redis-misconf"],
  },
  {
    format: redis(),
    normal: REDIS,
    gapMs: 6000,
    fault: {
      units: 8,
      density: 0.12,
      unit: (r) => [
        { level: "INFO", text: `${r.int(100, 10000)} changes in 60 seconds. Saving...` },
        { level: "INFO", text: `Background saving started by pid ${r.int(1000, 9000)}` },
        {
          level: "WARN",
          origin: "C",
          text: `Failed opening the temp RDB file temp-${r.int(1000, 9000)}.rdb (in server root dir /data) for saving: Read-only file system`,
        },
        { level: "WARN", text: "Background saving error" },
      ],
    },
  },
);

export const MYSQL_REDIS_CASES = [mysqlDeadlock, redisRdb];
