/**
 * zod at the HTTP boundary: a failed parse becomes a ValidationError whose message names each
 * field (`query.limit: Expected number`), which onError answers with 400.
 */
import type { z } from "zod";
import { ValidationError } from "../errors.js";

export function validate<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  where: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const path = [where, ...issue.path].join(".");
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown field(s) ${issue.keys.join(", ")}`
        : issue.message;
    return `${path}: ${message}`;
  });
  throw new ValidationError(issues.join("; "));
}
