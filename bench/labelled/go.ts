// Go services logging with log/slog's text handler: request and job lines as normal traffic.
// Faults come as the standard library and the AWS SDK word them, and a panic goes straight to
// stderr as the runtime prints it, without any log header.

import type { Rng } from "../gen-mixed/rng.js";
import { apiPath, ms } from "../gen-mixed/vocab.js";
import { defineCase, type Family, type Scenario } from "./compose.js";
import { goSlog } from "./formats.js";

const NORMAL: readonly Family[] = [
  {
    weight: 40,
    level: "INFO",
    render: (r) =>
      `msg="request served" method=GET path=${apiPath(r)} status=200 duration=${ms(r, 12)}ms bytes=${r.int(200, 30000)} request_id=${r.hex(16)}`,
  },
  {
    weight: 10,
    level: "INFO",
    render: (r) =>
      `msg="request served" method=POST path=/v1/events status=202 duration=${ms(r, 30)}ms bytes=2 request_id=${r.hex(16)}`,
  },
  {
    weight: 8,
    level: "DEBUG",
    render: (r) => `msg="cache refreshed" entries=${r.int(900, 5000)} took=${ms(r, 40)}ms`,
  },
  {
    weight: 4,
    level: "INFO",
    render: (r) =>
      `msg="flushed metrics batch" sink=cloudwatch datapoints=${r.int(20, 400)} errors=0 took=${ms(r, 90)}ms`,
  },
  {
    weight: 2,
    level: "WARN",
    render: (r) =>
      `msg="slow request" method=GET path=${apiPath(r)} duration=${ms(r, 1200, 0.2)}ms threshold=1s`,
  },
  {
    weight: 1,
    level: "WARN",
    render: () => 'msg="config reload skipped" reason="file unchanged" path=/etc/edge/config.yaml',
  },
];

const scenario = (fault: Scenario["fault"]): Scenario => ({
  format: goSlog(),
  normal: NORMAL,
  fault,
  gapMs: 400,
});

const goroutines = (r: Rng): string[] => [
  "",
  `goroutine ${r.int(1000, 90000)} [running]:`,
  "github.com/shop/edge/internal/pricing.(*Resolver).Apply(0x0, {0xc000a1e2a0, 0x24})",
  "\t/src/internal/pricing/resolver.go:88 +0x3a",
  "github.com/shop/edge/internal/api.(*Server).quote(0xc0001f4000, {0x1b2e9c0, 0xc0004a60e0}, 0xc000512300)",
  "\t/src/internal/api/quote.go:41 +0x1c5",
  "net/http.HandlerFunc.ServeHTTP(0xc000512200?, {0x1b2e9c0?, 0xc0004a60e0?}, 0x0?)",
  "\t/usr/local/go/src/net/http/server.go:2171 +0x29",
];

const panicNil = defineCase(
  {
    name: "go-nil-deref-panic",
    format: "go-slog",
    expected: "go-panic-nil-pointer",
    alsoAccept: ["exit-code-139"],
  },
  scenario({
    units: 1,
    density: 1,
    unit: (r) => [
      {
        level: "INFO",
        text: `msg="quote requested" sku=SKU-${r.int(10000, 99999)}-M currency=EUR`,
      },
      {
        level: "ERROR",
        text: 'msg="handler panicked" path=/v1/quote',
        cont: [
          "panic: runtime error: invalid memory address or nil pointer dereference",
          `[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x${r.hex(7)}]`,
          ...goroutines(r),
          "exit status 2",
        ],
      },
    ],
  }),
);

const certExpired = defineCase(
  {
    name: "go-x509-expired",
    format: "go-slog",
    expected: "x509-certificate-expired",
    alsoAccept: ["inc-2025-047-partner-api-cert-expired"],
  },
  scenario({
    units: 15,
    density: 0.1,
    unit: (r) => [
      {
        level: "ERROR",
        text: `msg="partner sync failed" partner=acme-logistics attempt=${r.int(1, 5)} err="Post \\"https://api.acme-logistics.example.com/v3/shipments\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2025-03-14T${r.int(10, 11)}:${r.int(10, 59)}:${r.int(10, 59)}Z is after 2025-03-14T07:59:59Z"`,
      },
    ],
  }),
);

const emfile = defineCase(
  {
    name: "go-accept-emfile",
    format: "go-slog",
    expected: "too-many-open-files",
    alsoAccept: ["errno-emfile"],
  },
  scenario({
    units: 30,
    density: 0.3,
    unit: (r) => [
      r.chance(0.6)
        ? {
            level: "ERROR",
            text: `msg="http: Accept error: accept tcp [::]:8080: accept4: too many open files; retrying in ${r.pick([5, 10, 20, 40, 80])}ms"`,
          }
        : {
            level: "ERROR",
            text: `msg="open cache shard failed" path=/var/cache/edge/shard-${r.int(0, 63)}.db err="open /var/cache/edge/shard-${r.int(0, 63)}.db: too many open files"`,
          },
    ],
  }),
);

const throttled = defineCase(
  { name: "go-aws-throttling", format: "go-slog", expected: "cloud-api-throttling" },
  scenario({
    units: 18,
    density: 0.15,
    unit: (r) => [
      {
        level: "WARN",
        text: `msg="flush metrics batch failed" sink=cloudwatch datapoints=${r.int(20, 400)} err="operation error CloudWatch: PutMetricData, exceeded maximum number of attempts, 3, https response error StatusCode: 400, RequestID: ${r.uuid()}, api error Throttling: Rate exceeded"`,
      },
    ],
  }),
);

export const GO_CASES = [panicNil, certExpired, emfile, throttled];
