/**
 * JSON lines: one object per line with the usual field names of structured loggers (pino,
 * bunyan, logrus, zap, structlog, ECS). A nested error object's type and message join the
 * message, so the same failure mines to the same template; its stack becomes continuation lines.
 * An HTTP status field joins it too ("request completed status=503"), where the scorer sees it.
 */
import type { Level, LogRecord } from "../types.js";
import { levelWord, numericLevel } from "./level.js";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The first of `keys` holding a string (or number, for timestamps and levels), dotted keys allowed. */
function pick(o: Obj, keys: readonly string[]): string | number | undefined {
  for (const key of keys) {
    let v: unknown = o[key];
    if (v === undefined && key.includes(".")) {
      v = key.split(".").reduce<unknown>((acc, k) => (isObj(acc) ? acc[k] : undefined), o);
    }
    if (typeof v === "string" || typeof v === "number") return v;
  }
  return undefined;
}

const TS = ["ts", "time", "timestamp", "@timestamp", "t", "date"];
const LEVEL = ["level", "lvl", "severity", "levelname", "log.level", "loglevel"];
const MESSAGE = ["msg", "message", "@message", "event", "text"];
const LOGGER = ["logger", "logger_name", "name", "caller", "component"];
const HOST = ["host", "hostname", "host.name"];
const ERROR = ["error", "err", "exception", "exc_info", "error.message"];
const STACK = ["stack", "stack_trace", "stacktrace", "error.stack", "error.stack_trace"];
/** HTTP access fields of pino-http, ECS, OpenTelemetry and hand-rolled loggers. */
const STATUS = [
  "status",
  "status_code",
  "statusCode",
  "res.statusCode",
  "res.status",
  "response.status",
  "http.status_code",
  "http.response.status_code",
];

/** An HTTP status in the object: "request completed" means little without it. */
function httpStatus(o: Obj): number | undefined {
  const v = Number(pick(o, STATUS));
  return Number.isInteger(v) && v >= 100 && v <= 599 ? v : undefined;
}

function level(v: string | number | undefined): Level | undefined {
  if (typeof v === "number") return numericLevel(v);
  return v === undefined ? undefined : levelWord(v);
}

/** "Type: message" for an error field that is a string or an object. */
function errorText(o: Obj): { text?: string; stack?: string } {
  for (const key of ERROR) {
    const v = o[key];
    if (typeof v === "string")
      return { text: v.split("\n", 1)[0], stack: v.includes("\n") ? v : undefined };
    if (isObj(v)) {
      const type = pick(v, ["type", "name", "kind", "class"]);
      const msg = pick(v, ["message", "msg", "reason"]);
      const stack = pick(v, ["stack", "stack_trace", "stacktrace", "trace"]);
      const text = [type, msg].filter((x) => x !== undefined).join(": ");
      return { text: text || undefined, stack: typeof stack === "string" ? stack : undefined };
    }
  }
  return {};
}

export function parseJsonLine(text: string, rec: LogRecord): boolean {
  if (text.charCodeAt(0) !== 123) return false;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return false;
  }
  if (!isObj(o)) return false;
  const ts = pick(o, TS);
  if (ts !== undefined) rec.timestamp = String(ts);
  rec.level = level(pick(o, LEVEL));
  const logger = pick(o, LOGGER);
  if (logger !== undefined) rec.logger = String(logger);
  const host = pick(o, HOST);
  if (host !== undefined) rec.host = String(host);
  const msg = pick(o, MESSAGE);
  const err = errorText(o);
  const base = msg === undefined ? undefined : String(msg);
  rec.message = base && err.text ? `${base}: ${err.text}` : (base ?? err.text ?? text);
  const status = httpStatus(o);
  if (status !== undefined && base !== undefined) {
    rec.message += ` status=${status}`;
    rec.httpStatus = status;
  }
  const stack = err.stack ?? pick(o, STACK);
  if (typeof stack === "string") {
    const lines = stack.split("\n").filter((l) => l.trim() !== "");
    // The stack's first line usually repeats "Type: message", already in the message.
    if (lines.length > 0 && err.text && lines[0]?.includes(err.text)) lines.shift();
    rec.continuation = lines;
  }
  return true;
}
