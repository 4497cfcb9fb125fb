import type { z } from "zod";
import { invalidInput } from "../http/invalid-input";

/**
 * Request bodies of the settings API are parsed with zod `.strict()` schemas; any
 * problem is a 400 `{errors:[{path, message}]}` (CONTRACT.md §3) naming each field,
 * and nothing is saved.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw invalidInput(result.error, { code: "VALIDATION", message: "The request has invalid fields" });
}
