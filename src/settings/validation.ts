import type { z } from "zod";
import { AppError } from "../lib/errors";

/**
 * Request bodies of the settings API are parsed with zod `.strict()` schemas; any
 * problem is a 400 `{errors:[{path, message}]}` (CONTRACT.md §3) naming each field,
 * and nothing is saved.
 */
export interface FieldError {
  path: string;
  message: string;
}

export function validationError(errors: FieldError[]): AppError {
  return new AppError("VALIDATION", "The request has invalid fields", 400, errors);
}

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) errors.push({ path: [...base, key].join("."), message: "is not a known field" });
    } else {
      errors.push({ path: base.join(".") || "body", message: issue.message });
    }
  }
  throw validationError(errors);
}
