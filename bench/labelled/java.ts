// Java services logging with logback: a Spring Boot payments service with Hikari, scheduled
// jobs and GC lines as normal traffic, and faults that arrive as exceptions with stack traces.

import { ms, orderId, paymentId } from "../gen-mixed/vocab.js";
import { defineCase, type Family, javaFrames, type Scenario } from "./compose.js";
import { logback } from "./formats.js";

const THREADS = [
  "http-nio-8080-exec-1",
  "http-nio-8080-exec-4",
  "http-nio-8080-exec-7",
  "http-nio-8080-exec-12",
  "scheduling-1",
  "HikariPool-1 housekeeper",
];
const format = logback(THREADS);

const NORMAL: readonly Family[] = [
  {
    weight: 30,
    level: "INFO",
    origin: "c.s.p.PaymentService",
    render: (r) =>
      `Authorized payment ${paymentId(r)} amount=${r.logNormal(48, 0.9).toFixed(2)} currency=EUR provider=${r.pick(["adyen", "stripe"])} latency=${ms(r, 240)}ms`,
  },
  {
    weight: 20,
    level: "INFO",
    origin: "c.s.p.PaymentService",
    render: (r) => `Captured payment ${paymentId(r)} for order ${orderId(r)}`,
  },
  {
    weight: 12,
    level: "DEBUG",
    origin: "com.zaxxer.hikari.pool.HikariPool",
    render: (r) =>
      `HikariPool-1 - Pool stats (total=20, active=${r.int(0, 7)}, idle=${r.int(13, 20)}, waiting=0)`,
  },
  {
    weight: 8,
    level: "INFO",
    origin: "o.s.web.servlet.DispatcherServlet",
    render: (r) =>
      `Completed ${r.pick(["200 OK", "201 CREATED", "204 NO_CONTENT"])} in ${ms(r, 30)}ms`,
  },
  {
    weight: 4,
    level: "INFO",
    origin: "c.s.p.ReconciliationJob",
    render: (r) =>
      `Reconciliation batch ${r.int(1000, 9999)} done: ${r.int(200, 900)} settled, 0 errors, ${r.int(0, 3)} pending`,
  },
  {
    weight: 3,
    level: "INFO",
    origin: "gc",
    render: (r) =>
      `GC(${r.int(100, 9000)}) Pause Young (Normal) (G1 Evacuation Pause) ${r.int(300, 900)}M->${r.int(90, 250)}M(2048M) ${r.logNormal(9, 0.5).toFixed(3)}ms`,
  },
  {
    weight: 2,
    level: "WARN",
    origin: "c.s.p.client.AdyenClient",
    render: (r) => `Provider adyen responded slowly: ${ms(r, 1300, 0.2)}ms (threshold 1000ms)`,
  },
  {
    weight: 1,
    level: "WARN",
    origin: "o.s.w.s.m.s.DefaultHandlerExceptionResolver",
    render: () =>
      "Resolved [org.springframework.web.HttpMediaTypeNotSupportedException: Content-Type 'text/plain;charset=UTF-8' is not supported]",
  },
  {
    weight: 1,
    level: "INFO",
    origin: "c.s.p.metrics.ErrorBudget",
    render: (r) => `error_rate=0.000 error_count=0 window=5m requests=${r.int(3000, 9000)}`,
  },
];

const scenario = (fault: Scenario["fault"]): Scenario => ({ format, normal: NORMAL, fault });

const heapOom = defineCase(
  { name: "java-heap-exhausted", format: "logback", expected: "jvm-heap-oom" },
  scenario({
    units: 4,
    density: 0.08,
    unit: (r) => [
      {
        level: "ERROR",
        origin: "o.a.c.c.C.[.[localhost].[/].[dispatcherServlet]",
        text: "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
        cont: [
          "java.lang.OutOfMemoryError: Java heap space",
          ...javaFrames([
            "java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
            "java.base/java.io.ByteArrayOutputStream.ensureCapacity(ByteArrayOutputStream.java:100)",
            "com.fasterxml.jackson.core.util.ByteArrayBuilder.toByteArray(ByteArrayBuilder.java:118)",
            `c.s.p.export.SettlementExporter.render(SettlementExporter.java:${r.int(80, 90)})`,
            "c.s.p.web.ReportController.settlements(ReportController.java:54)",
          ]),
        ],
      },
    ],
  }),
);

const unknownAuthority = defineCase(
  { name: "java-pkix-path", format: "logback", expected: "x509-unknown-authority" },
  scenario({
    units: 8,
    density: 0.05,
    unit: (r) => [
      {
        level: "ERROR",
        origin: "c.s.p.client.FraudScoreClient",
        text: `Fraud score request failed for ${paymentId(r)}: I/O error on POST request for "https://risk.partner.example.net/v2/score": PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target`,
        cont: [
          'org.springframework.web.client.ResourceAccessException: I/O error on POST request for "https://risk.partner.example.net/v2/score": PKIX path building failed',
          ...javaFrames([
            "org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:905)",
          ]),
          "Caused by: javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target",
          ...javaFrames([
            "java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)",
            "java.base/sun.security.ssl.CertificateMessage$T13CertificateConsumer.checkServerCerts(CertificateMessage.java:1304)",
          ]),
          "\t... 41 common frames omitted",
        ],
      },
    ],
  }),
);

const connectionReset = defineCase(
  {
    name: "java-socket-reset",
    format: "logback",
    expected: "connection-reset-by-peer",
    alsoAccept: ["errno-econnreset"],
  },
  scenario({
    units: 9,
    density: 0.06,
    unit: (r) => [
      {
        level: "WARN",
        origin: "c.s.p.client.LedgerClient",
        text: `Ledger call failed for ${orderId(r)}, attempt ${r.int(1, 3)}/3: java.net.SocketException: Connection reset`,
        cont: [
          "java.net.SocketException: Connection reset",
          ...javaFrames([
            "java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:328)",
            "java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)",
            "org.apache.hc.core5.http.impl.io.SessionInputBufferImpl.fillBuffer(SessionInputBufferImpl.java:149)",
            "c.s.p.client.LedgerClient.post(LedgerClient.java:77)",
          ]),
        ],
      },
    ],
  }),
);

export const JAVA_CASES = [heapOom, unknownAuthority, connectionReset];
