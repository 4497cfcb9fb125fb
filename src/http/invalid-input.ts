import type { z } from "zod";
import { AppError } from "../lib/errors";

/** One problem of a request: where, and what (CONTRACT.md §3 `{errors:[{path,message}]}`). */
export interface FieldError {
  path: string;
  message: string;
  /** With `words`: the field named for a person ("Contact domains, line 3"). */
  field?: string;
  /** With `words`: the value that was refused, as it was sent (absent when there was none). */
  value?: unknown;
}

/** How a form's problems are said to a person: each error item gets `field`, `value` and a message in words. */
export interface FieldWording {
  /** What was parsed: each problem's `value` is read from it at the problem's path. */
  input: unknown;
  /** The field in words and the whole sentence, from where the problem is, what was sent and zod's message. */
  describe(problem: { path: PropertyKey[]; value: unknown; message: string; unknownKey: boolean }): { field: string; message: string };
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
  /** Each error item also names its field in words and echoes its value (src/settings/validation.ts); by default not. */
  words?: FieldWording;
}

/**
 * The one way a zod error becomes a 400. Its details list every problem with the dotted
 * path inside what was parsed (`exclusions.hostDomains.0`; each unknown key of a strict
 * schema named itself; "body" for the whole); its message names the first problem where
 * it is, JavaScript-style (`body[1].occurredAt: Invalid input`, `payload.object.id: …`).
 */
export function invalidInput(error: z.ZodError, answer: InvalidInputAnswer): AppError {
  const errors = fieldErrors(error, answer.words);
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

function fieldErrors(error: z.ZodError, words?: FieldWording): FieldError[] {
  return error.issues.flatMap((issue) => {
    const item = (at: PropertyKey[], message: string, unknownKey: boolean): FieldError => {
      const plain = { path: at.map(String).join(".") || "body", message };
      if (!words) return plain;
      const value = valueAt(words.input, at);
      const said = words.describe({ path: at, value, message, unknownKey });
      return { ...plain, message: said.message, field: said.field, ...(value !== undefined && { value }) };
    };
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => item([...issue.path, key], "is not a known field", true));
    return [item(issue.path, issue.message, false)];
  });
}

/** What `input` holds at `path`, or undefined. */
function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let at: unknown = input;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}
