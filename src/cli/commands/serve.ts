/** `logsage serve`: the HTTP service, with JSON logs on stdout and a graceful SIGTERM. */
import { pino } from "pino";
import { UsageError } from "../../errors.js";
import { startServer } from "../../server/serve.js";
import { COMMON_OPTIONS, configFrom, EMBED_HELP, EMBED_OPTIONS, parse, str } from "../args.js";

export const SERVE_HELP = `Usage: logsage serve [options]

Runs the HTTP API (see README, "HTTP service"). Logs are JSON lines on stdout.

Options:
  --host HOST            interface to listen on (default: 127.0.0.1)
  --port PORT            port (default: 8080; 0 picks a free one)
${EMBED_HELP}  --data-dir DIR         where logsage keeps its data (env LOGSAGE_DATA_DIR)
  --config FILE          JSON config file (its "server" section: bodyLimitBytes, anonymous, rateLimit)
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...EMBED_OPTIONS,
  host: { type: "string" },
  port: { type: "string" },
} as const;

function portFlag(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535 (got ${String(value)})`);
  }
  return port;
}

export async function runServe(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(`serve takes no arguments (got ${positionals[0]})`);
  const config = configFrom(values, {
    server: { host: str(values.host), port: portFlag(values.port) },
  });
  const logger = pino({ base: { service: "logsage" } });
  const server = await startServer(config, logger);
  logger.info({ url: server.url }, "listening");
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, "shutting down: finishing in-flight requests");
      server.close().then(resolve, (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        resolve();
      });
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  logger.info("stopped");
  return 0;
}

/** What src/cli/main.ts loads when this command runs. */
export const command = { run: runServe, help: SERVE_HELP };
