/**
 * GET /docs: one self-contained HTML page that shows /openapi.json. Everything it needs is inline
 * (no CDN, no fonts, nothing from the internet: the service runs in closed networks), and its
 * Content-Security-Policy lets the browser run only this script and style and talk only to the
 * server it came from.
 */
import { createHash } from "node:crypto";
import { Hono } from "hono";
import type { AppEnv } from "../env.js";
import { CLIENT_SCRIPT } from "./client.js";

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2430; background: #fafbfc; }
header { padding: 12px 24px; background: #1d2430; color: #fff; }
header h1 { font-size: 18px; margin: 0; }
header p { margin: 4px 0 0; color: #c9d1dc; }
.layout { display: flex; align-items: flex-start; }
nav { position: sticky; top: 0; width: 290px; max-height: 100vh; overflow: auto; padding: 12px 16px; }
.navgroup { margin-bottom: 12px; }
.navgroup a { display: block; font: 12px monospace; color: #2251a5; text-decoration: none; padding: 1px 0; }
main { flex: 1; padding: 0 24px 48px; min-width: 0; }
h2 { text-transform: capitalize; border-bottom: 2px solid #d5dbe3; padding-bottom: 4px; }
.op { background: #fff; border: 1px solid #d5dbe3; border-radius: 6px; padding: 8px 16px; margin: 12px 0; }
.op h3 { margin: 4px 0; font-size: 15px; }
.op h4 { margin: 12px 0 4px; font-size: 13px; color: #4a5566; }
.method { display: inline-block; min-width: 56px; margin-right: 8px; padding: 1px 6px; border-radius: 4px;
  color: #fff; font: bold 12px monospace; text-align: center; }
.get { background: #2f7d4f; } .post { background: #2251a5; } .put { background: #9a6a00; }
.delete { background: #b3261e; }
.path { font-size: 14px; }
table.fields { border-collapse: collapse; margin: 2px 0; }
.fields td { border-top: 1px solid #eef1f5; padding: 2px 10px 2px 0; vertical-align: top; }
.name { font-family: monospace; white-space: nowrap; }
.type { font-family: monospace; color: #6b4fa0; }
.desc { color: #4a5566; }
.media { font: 12px monospace; color: #4a5566; }
.schema { margin-left: 12px; }
.response { margin: 4px 0; }
.ok { color: #2f7d4f; } .problem { color: #b3261e; }
pre.curl { background: #1d2430; color: #e8edf3; padding: 8px 10px; border-radius: 4px; overflow-x: auto;
  white-space: pre-wrap; word-break: break-all; }
.error { color: #b3261e; font-weight: bold; }
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>logsage API</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1 id="title">logsage API</h1>
<p>Send an API key as <code>Authorization: Bearer $KEY</code>. Errors are application/problem+json.</p></header>
<div class="layout"><nav id="nav"></nav><main id="main"></main></div>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
}

const POLICY = [
  "default-src 'none'",
  `script-src ${sha256(CLIENT_SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function docsRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().get("/docs", (c) => {
    c.header("Content-Security-Policy", POLICY);
    return c.html(PAGE);
  });
}
