// Python services with the standard logging layout: a Celery worker and its task traffic as
// normal lines; faults surface as exceptions with tracebacks, the way Python reports them.

import type { Rng } from "../gen-mixed/rng.js";
import { ms, orderId } from "../gen-mixed/vocab.js";
import { defineCase, type Family, type Scenario } from "./compose.js";
import { pythonLogging } from "./formats.js";

const TASKS = ["send_receipt", "generate_invoice", "sync_stock", "resize_image", "export_report"];
const task = (r: Rng): string => `shop.tasks.${r.pick(TASKS)}[${r.uuid()}]`;

const NORMAL: readonly Family[] = [
  {
    weight: 25,
    level: "INFO",
    origin: "celery.worker.strategy",
    render: (r) => `Task ${task(r)} received`,
  },
  {
    weight: 25,
    level: "INFO",
    origin: "celery.app.trace",
    render: (r) => `Task ${task(r)} succeeded in ${r.logNormal(0.4, 1).toFixed(4)}s: None`,
  },
  {
    weight: 8,
    level: "INFO",
    origin: "shop.invoices",
    render: (r) => `Rendered invoice for ${orderId(r)} pages=${r.int(1, 4)} took=${ms(r, 180)}ms`,
  },
  {
    weight: 6,
    level: "DEBUG",
    origin: "urllib3.connectionpool",
    render: (r) =>
      `https://erp.internal:443 "GET /api/stock?page=${r.int(1, 40)} HTTP/1.1" 200 ${r.int(900, 40000)}`,
  },
  {
    weight: 3,
    level: "INFO",
    origin: "shop.stock",
    render: (r) =>
      `Stock sync finished: ${r.int(300, 9000)} items, 0 errors, ${r.int(0, 4)} skipped`,
  },
  {
    weight: 2,
    level: "WARN",
    origin: "celery.app.trace",
    render: (r) =>
      `Task ${task(r)} retry: Retry in ${r.pick([10, 30, 60])}s: PdfRendererBusy('renderer queue full')`,
  },
  {
    weight: 1,
    level: "WARN",
    origin: "py.warnings",
    render: () =>
      "/usr/local/lib/python3.11/site-packages/celery/app/utils.py:204: CPendingDeprecationWarning: The broker_connection_retry configuration setting will no longer determine whether broker connection retries are made during startup in Celery 6.0 and above.",
  },
  {
    weight: 1,
    level: "INFO",
    origin: "celery.worker.consumer.mingle",
    render: () => "mingle: all alone",
  },
];

const scenario = (fault: Scenario["fault"]): Scenario => ({
  format: pythonLogging(),
  normal: NORMAL,
  fault,
});

/** A traceback under a failed-task line, as celery.app.trace writes it. */
const failed = (r: Rng, frames: readonly string[], error: string) => [
  {
    level: "ERROR" as const,
    origin: "celery.app.trace",
    text: `Task ${task(r)} raised unexpected: ${error}`,
    cont: ["Traceback (most recent call last):", ...frames, error],
  },
];

const frame = (file: string, line: number, fn: string, code: string): string[] => [
  `  File "${file}", line ${line}, in ${fn}`,
  `    ${code}`,
];

const diskFull = defineCase(
  {
    name: "python-enospc",
    format: "python-logging",
    expected: "disk-full",
    alsoAccept: ["errno-enospc"],
  },
  scenario({
    units: 7,
    density: 0.05,
    unit: (r) =>
      failed(
        r,
        [
          ...frame("/app/shop/tasks.py", 212, "export_report", "path = exporter.write(rows)"),
          ...frame("/app/shop/export.py", 64, "write", "fh.write(chunk)"),
        ],
        `OSError: [Errno 28] No space left on device: '/var/lib/shop/exports/report-${r.int(10000, 99999)}.csv'`,
      ),
  }),
);

const memoryError = defineCase(
  { name: "python-array-alloc", format: "python-logging", expected: "python-memory-error" },
  scenario({
    units: 3,
    density: 0.05,
    unit: (r) =>
      failed(
        r,
        [
          ...frame("/app/shop/tasks.py", 240, "export_report", "frame = build_frame(rows)"),
          ...frame(
            "/usr/local/lib/python3.11/site-packages/pandas/core/frame.py",
            780,
            "__init__",
            "mgr = ndarray_to_mgr(",
          ),
        ],
        `numpy.core._exceptions._ArrayMemoryError: Unable to allocate ${(r.next() * 8 + 4).toFixed(2)} GiB for an array with shape (${r.int(9000000, 40000000)}, 48) and data type float64`,
      ),
  }),
);

const refused = defineCase(
  {
    name: "python-requests-refused",
    format: "python-logging",
    expected: "connection-refused",
    alsoAccept: ["errno-econnrefused"],
  },
  scenario({
    units: 10,
    density: 0.07,
    unit: (r) =>
      failed(
        r,
        frame(
          "/usr/local/lib/python3.11/site-packages/requests/adapters.py",
          519,
          "send",
          "raise ConnectionError(e, request=request)",
        ),
        `requests.exceptions.ConnectionError: HTTPConnectionPool(host='inventory.shop.svc', port=8080): Max retries exceeded with url: /reserve/${orderId(r)} (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f${r.hex(10)}>: Failed to establish a new connection: [Errno 111] Connection refused'))`,
      ),
  }),
);

const mysqlTooMany = defineCase(
  {
    name: "python-sqlalchemy-1040",
    format: "python-logging",
    expected: "mysql-too-many-connections",
    alsoAccept: ["mysql-1040"],
  },
  scenario({
    units: 12,
    density: 0.08,
    unit: (r) =>
      failed(
        r,
        frame(
          "/usr/local/lib/python3.11/site-packages/pymysql/err.py",
          143,
          "raise_mysql_exception",
          "raise errorclass(errno, errval)",
        ),
        "sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (1040, 'Too many connections')",
      ),
  }),
);

const redisOom = defineCase(
  { name: "python-redis-oom", format: "python-logging", expected: "redis-oom-maxmemory" },
  scenario({
    units: 10,
    density: 0.06,
    unit: (r) =>
      failed(
        r,
        frame(
          "/usr/local/lib/python3.11/site-packages/redis/connection.py",
          1199,
          "read_response",
          "raise response",
        ),
        "redis.exceptions.OutOfMemoryError: command not allowed when used memory > 'maxmemory'.",
      ),
  }),
);

export const PYTHON_CASES = [diskFull, memoryError, refused, mysqlTooMany, redisOom];
