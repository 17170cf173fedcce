// Normal traffic for the mixed benchmark log: the message families a healthy shop fleet emits
// (HTTP edge, Node and Java services, PostgreSQL, Redis, Kafka consumers, Celery workers,
// kubelet, kernel, sshd, systemd, cron), with weights that make the common ones common.
// Each family renders only the message; the generator adds time, origin and level.

import type { Level, SourceName } from "./fleet.js";
import type { Rng } from "./rng.js";
import {
  apiPath,
  customerId,
  ms,
  orderId,
  PODS,
  POST_PATHS,
  paymentId,
  productId,
  reqId,
  SEARCH_TERMS,
  STATIC,
  sku,
  USER_AGENTS,
  uptime,
  userName,
} from "./vocab.js";

export interface Family {
  source: SourceName;
  level: Level;
  /** Relative frequency among normal lines. */
  weight: number;
  /** `now` is the line's time in epoch ms, for messages that embed a clock. */
  render: (r: Rng, now: number) => string;
}

const secs = (r: Rng, median: number): string => (ms(r, median) / 1000).toFixed(3);
const money = (r: Rng): string => r.logNormal(48, 0.9).toFixed(2);

const access = (r: Rng, method: string, path: string, status: number, median: number): string =>
  `${r.publicIp()} - - "${method} ${path} HTTP/1.1" ${status} ${r.int(180, 24000)} rt=${secs(r, median)} "${r.skewed(USER_AGENTS)}"`;

export const NORMAL_FAMILIES: readonly Family[] = [
  // HTTP edge (nginx access lines carried as messages)
  {
    source: "nginx",
    level: "INFO",
    weight: 100,
    render: (r) => access(r, "GET", apiPath(r), 200, 30),
  },
  {
    source: "nginx",
    level: "INFO",
    weight: 28,
    render: (r) => access(r, "POST", r.skewed(POST_PATHS), r.pick([200, 201]), 90),
  },
  {
    source: "nginx",
    level: "INFO",
    weight: 30,
    render: (r) => access(r, "GET", r.pick(STATIC), r.pick([200, 304, 304]), 2),
  },
  {
    source: "nginx",
    level: "INFO",
    weight: 14,
    render: (r) => `${r.privateIp()} - - "GET /healthz HTTP/1.1" 200 2 rt=0.001 "kube-probe/1.29"`,
  },
  {
    source: "nginx",
    level: "WARN",
    weight: 6,
    render: (r) => access(r, "GET", `/api/v1/products/${r.int(90000, 99999)}`, 404, 8),
  },
  {
    source: "nginx",
    level: "WARN",
    weight: 2,
    render: (r) => `${r.int(1, 12)} worker_connections are not enough, reusing connections`,
  },
  // checkout-api (Node)
  {
    source: "checkout-api",
    level: "INFO",
    weight: 90,
    render: (r) => `request completed GET ${apiPath(r)} 200 in ${ms(r, 24)}ms req_id=${reqId(r)}`,
  },
  {
    source: "checkout-api",
    level: "INFO",
    weight: 25,
    render: (r) =>
      `request completed POST ${r.skewed(POST_PATHS)} 201 in ${ms(r, 85)}ms req_id=${reqId(r)}`,
  },
  {
    source: "checkout-api",
    level: "DEBUG",
    weight: 40,
    render: (r) => `cache hit key=product:${productId(r)} ttl_s=${r.int(1, 300)}`,
  },
  {
    source: "checkout-api",
    level: "DEBUG",
    weight: 12,
    render: (r) => `cache miss key=product:${productId(r)}, loading from database`,
  },
  {
    source: "checkout-api",
    level: "INFO",
    weight: 10,
    render: (r) =>
      `order ${orderId(r)} created customer=${customerId(r)} total=EUR ${money(r)} items=${r.skewed([1, 1, 2, 2, 3, 4, 6])}`,
  },
  {
    source: "checkout-api",
    level: "INFO",
    weight: 14,
    render: (r) =>
      `upstream call service=inventory method=POST path=/reserve status=200 took_ms=${ms(r, 18)}`,
  },
  {
    source: "checkout-api",
    level: "WARN",
    weight: 3,
    render: (r) =>
      `slow query took ${ms(r, 700, 0.3)}ms: SELECT o.id, o.status FROM orders o WHERE o.customer_id = $1`,
  },
  {
    source: "checkout-api",
    level: "DEBUG",
    weight: 8,
    render: (r) =>
      `feature flag evaluated flag=${r.pick(["new-checkout-flow", "express-shipping", "klarna-pay-later"])} variant=${r.pick(["on", "off", "control"])} user=${r.int(10000, 999999)}`,
  },
  // payments (Java)
  {
    source: "payments",
    level: "INFO",
    weight: 12,
    render: (r) =>
      `c.a.p.PaymentService - Authorized payment ${paymentId(r)} amount=${money(r)} currency=EUR provider=${r.pick(["adyen", "stripe"])} latency=${ms(r, 240)}ms`,
  },
  {
    source: "payments",
    level: "INFO",
    weight: 10,
    render: (r) =>
      `c.a.p.PaymentService - Captured payment ${paymentId(r)} for order ${orderId(r)}`,
  },
  {
    source: "payments",
    level: "INFO",
    weight: 2,
    render: (r) =>
      `c.a.p.RefundService - Refund ${paymentId(r)} processed amount=${money(r)} reason=${r.pick(["customer_request", "out_of_stock", "duplicate"])}`,
  },
  {
    source: "payments",
    level: "WARN",
    weight: 1,
    render: (r) =>
      `c.a.p.PaymentClient - Provider adyen responded slowly: ${ms(r, 1300, 0.2)}ms (threshold 1000ms)`,
  },
  {
    source: "payments",
    level: "DEBUG",
    weight: 6,
    render: (r) =>
      `com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Pool stats (total=20, active=${r.int(0, 6)}, idle=${r.int(14, 20)}, waiting=0)`,
  },
  {
    source: "payments",
    level: "INFO",
    weight: 4,
    render: (r) =>
      `[gc] GC(${r.int(100, 9000)}) Pause Young (Normal) (G1 Evacuation Pause) ${r.int(300, 900)}M->${r.int(90, 250)}M(2048M) ${(r.logNormal(9, 0.5)).toFixed(3)}ms`,
  },
  // inventory
  {
    source: "inventory",
    level: "INFO",
    weight: 14,
    render: (r) =>
      `Reserved ${r.skewed([1, 1, 1, 2, 3, 5])} units of ${sku(r)} for order ${orderId(r)} warehouse=${r.pick(["FRA1", "AMS2", "WAW1"])}`,
  },
  {
    source: "inventory",
    level: "INFO",
    weight: 4,
    render: (r) =>
      `Released reservation ${r.uuid()} reason=${r.pick(["expired", "cancelled", "payment_failed"])}`,
  },
  {
    source: "inventory",
    level: "INFO",
    weight: 1,
    render: (r) =>
      `Stock sync completed: ${r.int(200, 9000)} SKUs updated in ${ms(r, 900)}ms source=erp`,
  },
  // search
  {
    source: "search",
    level: "INFO",
    weight: 22,
    render: (r) =>
      `query q="${r.skewed(SEARCH_TERMS).replace(/\+/g, " ")}" hits=${r.int(0, 4200)} took=${ms(r, 14)}ms shard=${r.int(0, 11)} cache=${r.pick(["hit", "miss", "miss"])}`,
  },
  {
    source: "search",
    level: "INFO",
    weight: 2,
    render: (r) =>
      `index refresh completed index=products-v7 docs=${r.int(48000, 52000)} took=${ms(r, 320)}ms`,
  },
  {
    source: "search",
    level: "WARN",
    weight: 1,
    render: (r) =>
      `query exceeded soft timeout q="${r.pick(SEARCH_TERMS)}" took=${ms(r, 600, 0.2)}ms partial=true`,
  },
  // auth-svc
  {
    source: "auth-svc",
    level: "INFO",
    weight: 10,
    render: (r) =>
      `login succeeded user=${userName(r)} method=${r.pick(["password", "password", "google", "apple"])} mfa=${r.pick(["totp", "none", "webauthn"])} ip=${r.publicIp()}`,
  },
  {
    source: "auth-svc",
    level: "INFO",
    weight: 14,
    render: (r) =>
      `token issued sub=${r.int(10000, 999999)} client=${r.pick(["web", "ios", "android"])} scope="orders:read cart:write" expires_in=3600`,
  },
  {
    source: "auth-svc",
    level: "INFO",
    weight: 8,
    render: (r) => `token refreshed sub=${r.int(10000, 999999)} session=${r.uuid()}`,
  },
  {
    source: "auth-svc",
    level: "WARN",
    weight: 2,
    render: (r) =>
      `login failed user=${userName(r)} reason=bad_password attempt=${r.skewed([1, 1, 2, 3])} ip=${r.publicIp()}`,
  },
  {
    source: "auth-svc",
    level: "INFO",
    weight: 2,
    render: (r) =>
      `session revoked sub=${r.int(10000, 999999)} reason=${r.pick(["logout", "password_change", "admin"])}`,
  },
  // postgres
  {
    source: "postgres",
    level: "INFO",
    weight: 12,
    render: (r) =>
      `duration: ${r.logNormal(4, 1).toFixed(3)} ms  statement: SELECT id, name, price FROM products WHERE id = ${productId(r)}`,
  },
  {
    source: "postgres",
    level: "INFO",
    weight: 6,
    render: (r) => `connection received: host=${r.privateIp()} port=${r.int(32768, 60999)}`,
  },
  {
    source: "postgres",
    level: "INFO",
    weight: 6,
    render: (r) =>
      `connection authorized: user=app database=shop application_name=${r.pick(["checkout-api", "payments", "inventory", "worker"])}`,
  },
  {
    source: "postgres",
    level: "INFO",
    weight: 6,
    render: (r) =>
      `disconnection: session time: 0:${String(r.int(0, 59)).padStart(2, "0")}:${r.logNormal(20, 0.8).toFixed(3).padStart(6, "0")} user=app database=shop host=${r.privateIp()}`,
  },
  {
    source: "postgres",
    level: "INFO",
    weight: 1,
    render: (r) =>
      `checkpoint complete: wrote ${r.int(200, 9000)} buffers (${r.logNormal(3, 0.6).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${r.int(0, 6)} recycled; total=${r.logNormal(27, 0.1).toFixed(3)} s`,
  },
  {
    source: "postgres",
    level: "INFO",
    weight: 1,
    render: (r) =>
      `automatic vacuum of table "shop.public.${r.pick(["orders", "order_items", "carts", "sessions"])}": index scans: 1, pages: 0 removed, ${r.int(900, 90000)} remain`,
  },
  { source: "postgres", level: "INFO", weight: 1, render: () => "checkpoint starting: time" },
  // redis
  {
    source: "redis",
    level: "INFO",
    weight: 1,
    render: (r) => `${r.int(1, 10000)} changes in 300 seconds. Saving...`,
  },
  {
    source: "redis",
    level: "INFO",
    weight: 1,
    render: (r) => `Background saving started by pid ${r.int(20000, 60000)}`,
  },
  {
    source: "redis",
    level: "INFO",
    weight: 1,
    render: (r) => `DB saved on disk, RDB: ${r.int(1, 40)} MB of memory used by copy-on-write`,
  },
  // Kafka consumer
  {
    source: "order-events",
    level: "INFO",
    weight: 14,
    render: (r) =>
      `consumed event type=${r.pick(["order.created", "order.paid", "order.shipped", "cart.abandoned"])} key=${orderId(r)} partition=${r.int(0, 11)} offset=${r.int(1000000, 9999999)} lag=${r.skewed([0, 0, 1, 2, 5, 40])}`,
  },
  {
    source: "order-events",
    level: "INFO",
    weight: 3,
    render: (r) =>
      `Committed offsets for partition orders-${r.int(0, 11)} offset=${r.int(1000000, 9999999)} group=order-projector`,
  },
  {
    source: "order-events",
    level: "INFO",
    weight: 1,
    render: (r) =>
      `[Consumer clientId=order-projector-${r.int(1, 4)}] Successfully joined group with generation Generation{generationId=${r.int(40, 90)}}`,
  },
  // notifier
  {
    source: "notifier",
    level: "INFO",
    weight: 6,
    render: (r) =>
      `email queued template=${r.pick(["order_confirmation", "shipping_update", "password_reset"])} id=${r.uuid()} provider=ses`,
  },
  {
    source: "notifier",
    level: "INFO",
    weight: 3,
    render: (r) =>
      `push sent platform=${r.pick(["apns", "fcm"])} devices=${r.skewed([1, 1, 2, 3])} took=${ms(r, 60)}ms`,
  },
  {
    source: "notifier",
    level: "INFO",
    weight: 4,
    render: (r) =>
      `webhook delivered url=https://hooks.partner-${r.int(1, 9)}.example.net/orders status=200 attempt=1 took=${ms(r, 120)}ms`,
  },
  // Celery workers
  {
    source: "worker",
    level: "INFO",
    weight: 12,
    render: (r) =>
      `Task tasks.${r.pick(["send_receipt", "generate_invoice", "sync_stock", "resize_image"])}[${r.uuid()}] received`,
  },
  {
    source: "worker",
    level: "INFO",
    weight: 12,
    render: (r) =>
      `Task tasks.${r.pick(["send_receipt", "generate_invoice", "sync_stock", "resize_image"])}[${r.uuid()}] succeeded in ${r.logNormal(0.4, 1).toFixed(4)}s: None`,
  },
  {
    source: "worker",
    level: "WARN",
    weight: 1,
    render: (r) =>
      `Task tasks.generate_invoice[${r.uuid()}] retry: Retry in ${r.pick([10, 30, 60])}s: PdfRenderBusy()`,
  },
  {
    source: "scheduler",
    level: "INFO",
    weight: 1,
    render: (r) =>
      `job ${r.pick(["report.daily-sales", "cleanup.expired-carts", "sync.erp-prices"])} started run_id=${r.uuid()}`,
  },
  {
    source: "scheduler",
    level: "INFO",
    weight: 1,
    render: (r) =>
      `job ${r.pick(["report.daily-sales", "cleanup.expired-carts", "sync.erp-prices"])} finished run_id=${r.uuid()} took=${ms(r, 4000)}ms`,
  },
  // kubelet and containerd
  {
    source: "kubelet",
    level: "INFO",
    weight: 3,
    render: (r) =>
      `"SyncLoop (PLEG): event for pod" pod="${r.pick(PODS)}" event={"Type":"ContainerStarted","Data":"${r.hex(64)}"}`,
  },
  {
    source: "kubelet",
    level: "INFO",
    weight: 2,
    render: (r) =>
      `"MountVolume.SetUp succeeded for volume \\"kube-api-access-${r.alnum(5).toLowerCase()}\\"" pod="${r.pick(PODS)}"`,
  },
  {
    source: "kubelet",
    level: "INFO",
    weight: 1,
    render: (r) => `"RemoveContainer" containerID="containerd://${r.hex(64)}"`,
  },
  {
    source: "containerd",
    level: "INFO",
    weight: 2,
    render: (r, now) =>
      `time="${new Date(now).toISOString()}" level=info msg="shim disconnected" id=${r.hex(64)} namespace=k8s.io`,
  },
  // kernel
  {
    source: "kernel",
    level: "INFO",
    weight: 2,
    render: (r, now) =>
      `[${uptime(now)}] IPv6: ADDRCONF(NETDEV_CHANGE): veth${r.hex(8)}: link becomes ready`,
  },
  {
    source: "kernel",
    level: "INFO",
    weight: 2,
    render: (r, now) =>
      `[${uptime(now)}] cni0: port ${r.int(1, 30)}(veth${r.hex(8)}) entered forwarding state`,
  },
  {
    source: "kernel",
    level: "WARN",
    weight: 3,
    render: (r) =>
      `[UFW BLOCK] IN=eth0 OUT= SRC=${r.publicIp()} DST=10.0.0.${r.int(2, 60)} LEN=${r.pick([40, 44, 60])} PROTO=TCP SPT=${r.int(1024, 65535)} DPT=${r.pick([23, 445, 3389, 5900, 8080])}`,
  },
  // sshd, systemd, cron, chrony
  {
    source: "sshd",
    level: "INFO",
    weight: 1,
    render: (r) =>
      `Accepted publickey for deploy from ${r.privateIp()} port ${r.int(32768, 60999)} ssh2: ED25519 SHA256:${r.alnum(43)}`,
  },
  {
    source: "sshd",
    level: "INFO",
    weight: 1,
    render: () => "pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)",
  },
  {
    source: "sshd",
    level: "INFO",
    weight: 1,
    render: (r) =>
      `Received disconnect from ${r.privateIp()} port ${r.int(32768, 60999)}:11: disconnected by user`,
  },
  {
    source: "systemd",
    level: "INFO",
    weight: 1,
    render: (r) => `Started Session ${r.int(100, 9999)} of User deploy.`,
  },
  {
    source: "systemd",
    level: "INFO",
    weight: 1,
    render: (r) =>
      `${r.pick(["logrotate", "apt-daily", "man-db", "fstrim"])}.service: Deactivated successfully.`,
  },
  {
    source: "CRON",
    level: "INFO",
    weight: 2,
    render: (r) =>
      `(root) CMD (${r.pick(["/usr/local/bin/backup-wal.sh", "/usr/lib/sysstat/debian-sa1 1 1", "run-parts /etc/cron.hourly"])} >/dev/null 2>&1)`,
  },
  {
    source: "chronyd",
    level: "INFO",
    weight: 1,
    render: (r) =>
      `Selected source 10.0.0.${r.pick([2, 3])} (ntp${r.pick([1, 2])}.internal) offset=${(r.next() * 0.001).toFixed(6)}s`,
  },
];
