// nginx in front of the shop API: access logs in `combined` with timing fields, and error logs
// whose normal noise is client aborts and buffering notices. Faults are the upstream and TLS
// failures a reverse proxy reports.

import type { Rng } from "../gen-mixed/rng.js";
import { apiPath, ms, STATIC, USER_AGENTS } from "../gen-mixed/vocab.js";
import { defineCase, type Family, type Scenario } from "./compose.js";
import { nginxAccess, nginxError } from "./formats.js";

const secs = (r: Rng, median: number): string => (ms(r, median) / 1000).toFixed(3);
const request = (
  r: Rng,
  method: string,
  path: string,
  status: number,
  rt: string,
  bytes = r.int(180, 24000),
): string =>
  `"${method} ${path} HTTP/1.1" ${status} ${bytes} "https://shop.example.com/" "${r.skewed(USER_AGENTS)}" rt=${rt} urt="${rt}"`;

const ACCESS: readonly Family[] = [
  { weight: 60, level: "INFO", render: (r) => request(r, "GET", apiPath(r), 200, secs(r, 30)) },
  {
    weight: 15,
    level: "INFO",
    render: (r) =>
      request(
        r,
        "POST",
        r.pick(["/api/v1/cart", "/api/v1/checkout"]),
        r.pick([200, 201]),
        secs(r, 90),
      ),
  },
  {
    weight: 20,
    level: "INFO",
    render: (r) => request(r, "GET", r.pick(STATIC), r.pick([200, 304]), "0.000"),
  },
  {
    weight: 8,
    level: "INFO",
    origin: "10.0.1.10",
    render: () => '"GET /healthz HTTP/1.1" 200 2 "-" "ELB-HealthChecker/2.0" rt=0.001 urt="0.001"',
  },
  {
    weight: 3,
    level: "WARN",
    render: (r) => request(r, "GET", `/api/v1/products/${r.int(90000, 99999)}`, 404, secs(r, 8)),
  },
  { weight: 1, level: "WARN", render: (r) => request(r, "GET", "/wp-login.php", 404, "0.000") },
  {
    weight: 1,
    level: "INFO",
    render: (r) => request(r, "GET", "/api/v1/search?q=error+404+page&page=1", 200, secs(r, 20)),
  },
];

const ERRORS: readonly Family[] = [
  {
    weight: 10,
    level: "WARN",
    render: (r) =>
      `an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${r.int(0, 9)}/${r.int(10, 99)}/00000${r.int(10000, 99999)} while reading upstream, client: ${r.publicIp()}, server: shop.example.com, request: "GET ${apiPath(r)} HTTP/1.1", upstream: "http://10.0.4.2${r.int(1, 3)}:8080${apiPath(r)}", host: "shop.example.com"`,
  },
  {
    weight: 6,
    level: "ERROR",
    render: (r) =>
      `open() "/usr/share/nginx/html/${r.pick(["wp-login.php", ".env", "xmlrpc.php", "admin/config.php"])}" failed (2: No such file or directory), client: ${r.publicIp()}, server: shop.example.com, request: "GET /${r.pick(["wp-login.php", ".env"])} HTTP/1.1", host: "shop.example.com"`,
  },
  {
    weight: 3,
    level: "INFO",
    render: (r) =>
      `client ${r.publicIp()} closed keepalive connection (104: Connection reset by peer)`,
  },
  {
    weight: 2,
    level: "WARN",
    render: (r) =>
      `a client request body is buffered to a temporary file /var/cache/nginx/client_temp/00000${r.int(10000, 99999)}, client: ${r.publicIp()}, server: shop.example.com, request: "POST /api/v1/uploads HTTP/1.1", host: "shop.example.com"`,
  },
  { weight: 1, level: "INFO", render: () => "signal process started" },
];

const upstreamClosed = defineCase(
  {
    name: "nginx-upstream-closed",
    format: "nginx-error",
    expected: "http-502-bad-gateway",
    alsoAccept: ["http-502"],
  },
  {
    format: nginxError(),
    normal: ERRORS,
    fault: {
      units: 25,
      density: 0.3,
      unit: (r) => [
        {
          level: "ERROR",
          text: `upstream prematurely closed connection while reading response header from upstream, client: ${r.publicIp()}, server: shop.example.com, request: "${r.pick(["GET", "POST"])} ${apiPath(r)} HTTP/1.1", upstream: "http://10.0.4.22:8080${apiPath(r)}", host: "shop.example.com"`,
        },
      ],
    },
  },
);

const tlsUpstream = defineCase(
  { name: "nginx-ssl-handshake", format: "nginx-error", expected: "tls-handshake-failure" },
  {
    format: nginxError(),
    normal: ERRORS,
    fault: {
      units: 20,
      density: 0.25,
      unit: (r) => [
        {
          level: "ERROR",
          text: `SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream, client: ${r.publicIp()}, server: shop.example.com, request: "GET ${apiPath(r)} HTTP/1.1", upstream: "https://10.0.5.31:8443${apiPath(r)}", host: "shop.example.com"`,
        },
      ],
    },
  },
);

const gatewayTimeout: Scenario = {
  format: nginxAccess(),
  normal: ACCESS,
  records: [1200, 2800],
  gapMs: 150,
  fault: {
    units: 40,
    density: 0.12,
    unit: (r) => [
      {
        level: "ERROR",
        // 167 bytes is nginx's own 504 page; 60 s is proxy_read_timeout's default.
        text: request(
          r,
          r.pick(["GET", "POST"]),
          r.pick(["/api/v1/checkout", apiPath(r)]),
          504,
          `60.00${r.int(0, 4)}`,
          167,
        ),
      },
    ],
  },
};

export const NGINX_CASES = [
  upstreamClosed,
  tlsUpstream,
  defineCase(
    {
      name: "nginx-access-504",
      format: "nginx-access",
      expected: "http-504-gateway-timeout",
      alsoAccept: ["http-504"],
    },
    gatewayTimeout,
  ),
];
