/**
 * drizzle-kit settings: `npx drizzle-kit generate --name <what>` writes the SQL for schema
 * changes into migrations/, which the app applies itself at start-up (src/db/client.ts).
 */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
