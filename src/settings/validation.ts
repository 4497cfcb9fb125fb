import type { z } from "zod";
import { invalidInput } from "../http/invalid-input";

/**
 * Request bodies of the settings API are parsed with zod `.strict()` schemas; any
 * problem is a 400 `{errors:[{path, message}]}` (CONTRACT.md §3) naming each field,
 * and nothing is saved.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  return parseOr400(schema, body, "The request has invalid fields");
}

/** A query string, parsed the same way: any problem is a 400 naming each parameter. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  return parseOr400(schema, query, "The request has invalid parameters");
}

function parseOr400<T extends z.ZodType>(schema: T, value: unknown, message: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidInput(result.error, { code: "VALIDATION", message });
}
