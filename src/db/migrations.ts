/** Where the SQL migrations live and how a failure to apply them is reported, for both drivers. */
import { fileURLToPath } from "node:url";
import { StoreError } from "../errors.js";

/** Resolved from this file so it works from src/db (tsx, vitest) and dist/db (the built CLI). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

export function migrationError(err: unknown): StoreError {
  return new StoreError(
    `cannot apply the database migrations from ${MIGRATIONS_FOLDER}: ${(err as Error).message}`,
    { cause: err },
  );
}
