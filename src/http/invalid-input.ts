import type { z } from "zod";
import { AppError } from "../lib/errors";

/** One problem of a request: where, and what (CONTRACT.md §3 `{errors:[{path,message}]}`). */
export interface FieldError {
  path: string;
  message: string;
}

export interface InvalidInputAnswer {
  /** The answer's error code: VALIDATION answers `{errors}` (src/http/errors.ts). */
  code: string;
  /** What was parsed, as the message names it ("body", "payload.object"…); by default nothing. */
  at?: string;
  /** The message, when not the first problem named where it is. */
  message?: string;
  /** For a person at a form: the problems' own words, without where they are. */
  plain?: boolean;
}

/**
 * The one way a zod error becomes a 400. Its details list every problem with the dotted
 * path inside what was parsed (`exclusions.hostDomains.0`; each unknown key of a strict
 * schema named itself; "body" for the whole); its message names the first problem where
 * it is, JavaScript-style (`body[1].occurredAt: Invalid input`, `payload.object.id: …`).
 */
export function invalidInput(error: z.ZodError, answer: InvalidInputAnswer): AppError {
  const errors = fieldErrors(error);
  const message = answer.message ?? (answer.plain ? errors.map((e) => e.message).join(". ") : firstProblem(error, answer.at));
  return new AppError(answer.code, message, 400, { errors });
}

/** The first problem of a zod error, named where it is (see `invalidInput`); "body" when it is the whole. */
export function firstProblem(error: z.ZodError, at = ""): string {
  const issue = error.issues[0];
  if (!issue) return `${at || "body"}: ${error.message}`;
  const where = issue.path.reduce<string>((w, key) => (typeof key === "number" ? `${w}[${key}]` : w ? `${w}.${String(key)}` : String(key)), at);
  return `${where || "body"}: ${issue.message}`;
}

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => ({ path: [...base, key].join("."), message: "is not a known field" }));
    return [{ path: base.join(".") || "body", message: issue.message }];
  });
}
