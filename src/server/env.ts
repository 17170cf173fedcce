/** The hono environment every route sees: the request's id, logger and (once checked) caller. */
import type { Logger } from "pino";
import type { Principal } from "./auth/keys.js";

export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    principal: Principal;
  };
}
