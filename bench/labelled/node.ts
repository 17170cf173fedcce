// Node.js services logging JSON lines with pino: request completions and cache lines as normal
// traffic; faults arrive as error objects in the log, or as V8's own fatal report on stderr
// interleaved into the same stream, which is how a container's log looks.

import { apiPath, ms, productId, reqId } from "../gen-mixed/vocab.js";
import { defineCase, type Family, type Scenario } from "./compose.js";
import { jsonLines } from "./formats.js";

const NORMAL: readonly Family[] = [
  {
    weight: 40,
    level: "INFO",
    render: (r) => `request completed GET ${apiPath(r)} 200 in ${ms(r, 24)}ms req_id=${reqId(r)}`,
  },
  {
    weight: 12,
    level: "INFO",
    render: (r) => `request completed POST /api/v1/cart 201 in ${ms(r, 60)}ms req_id=${reqId(r)}`,
  },
  {
    weight: 15,
    level: "DEBUG",
    render: (r) => `cache hit key=product:${productId(r)} ttl_s=${r.int(1, 300)}`,
  },
  {
    weight: 5,
    level: "DEBUG",
    render: (r) => `cache miss key=product:${productId(r)}, loading from database`,
  },
  {
    weight: 2,
    level: "WARN",
    render: (r) =>
      `slow query took ${ms(r, 700, 0.3)}ms: SELECT o.id, o.status FROM orders o WHERE o.customer_id = $1`,
  },
  {
    weight: 1,
    level: "WARN",
    render: () =>
      "(node:27) [DEP0040] DeprecationWarning: The `punycode` module is deprecated. Please use a userland alternative instead.",
  },
  {
    weight: 2,
    level: "INFO",
    render: (r) => `health summary: ok upstreams=4/4 errors=0 event_loop_lag_ms=${r.int(1, 9)}`,
  },
];

const scenario = (fault: Scenario["fault"]): Scenario => ({
  format: jsonLines("checkout-api"),
  normal: NORMAL,
  fault,
  gapMs: 250,
});

const heapOom = defineCase(
  { name: "node-heap-limit", format: "jsonl", expected: "nodejs-heap-oom" },
  scenario({
    units: 1,
    density: 1,
    unit: (r) => [
      {
        level: "WARN",
        text: `event loop blocked for ${r.int(1200, 3000)}ms`,
        fields: { heap_used_mb: r.int(2000, 2040) },
        // V8 writes its fatal report to stderr, which the container runtime merges in raw.
        cont: [
          "<--- Last few GCs --->",
          "",
          `[27:0x6b4c2c0]  ${r.int(900000, 990000)} ms: Mark-Compact 2042.1 (2083.4) -> 2039.8 (2084.9) MB, 1911.62 / 0.00 ms  (average mu = 0.112, current mu = 0.019) allocation failure; scavenge might not succeed`,
          "",
          "<--- JS stacktrace --->",
          "",
          "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
          "----- Native stack trace -----",
          " 1: 0xb8ced1 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]",
          " 2: 0xf06460 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]",
        ],
      },
    ],
  }),
);

const dns = defineCase(
  { name: "node-getaddrinfo", format: "jsonl", expected: "dns-resolution-failure" },
  scenario({
    units: 20,
    density: 0.15,
    unit: (r) => {
      const code = r.chance(0.7) ? "ENOTFOUND" : "EAI_AGAIN";
      return [
        {
          level: "ERROR",
          text: "upstream call failed",
          fields: {
            upstream: "inventory",
            req_id: reqId(r),
            err: {
              type: "Error",
              message: `getaddrinfo ${code} inventory.shop.svc.cluster.local`,
              code,
              stack: `Error: getaddrinfo ${code} inventory.shop.svc.cluster.local\n    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:120:26)`,
            },
          },
        },
      ];
    },
  }),
);

export const NODE_CASES = [heapOom, dns];
