import type { z } from "zod";
import { invalidInput, type FieldError, type FieldWording } from "../http/invalid-input";
import { AppError } from "../lib/errors";

/**
 * Request bodies of the settings API are parsed with zod `.strict()` schemas; any
 * problem is a 400 `{errors:[{path, message}]}` (CONTRACT.md §3) naming each field,
 * and nothing is saved. The settings object's errors also carry `field` (its name in
 * words, lines counted from 1) and `value` (what was sent), and their message is a
 * sentence a person at the settings form can act on:
 * `Contact domains, line 3: "foo bar" is not a domain name.`
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, words?: (input: unknown) => FieldWording): z.infer<T> {
  return parseOr400(schema, body, "The request has invalid fields", words?.(body));
}

/** A query string, parsed the same way: any problem is a 400 naming each parameter. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  return parseOr400(schema, query, "The request has invalid parameters");
}

function parseOr400<T extends z.ZodType>(schema: T, value: unknown, message: string, words?: FieldWording): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidInput(result.error, { code: "VALIDATION", message, words });
}

/** The settings object's fields in words (the labels of the settings page). */
const FIELDS: Record<string, string> = {
  "": "Settings",
  webinarSync: "Webinar sync",
  "webinarSync.enabled": "Webinar sync on or off",
  "webinarSync.scope": "Whose webinars are synced",
  "webinarSync.selectedZoomUserIds": "Selected Zoom users",
  exclusions: "Exclusions",
  "exclusions.hostDomains": "Host domains",
  "exclusions.contactDomains": "Contact domains",
};
/** Lists whose items are lines of a text box (one domain per line) rather than items. */
const LINES = new Set(["exclusions.hostDomains", "exclusions.contactDomains"]);

/** The name in words of the settings field at `path`: `Contact domains, line 3` (counted from 1). */
export function settingsFieldName(path: readonly PropertyKey[]): string {
  const keys = path.map(String);
  const last = path[path.length - 1];
  if (typeof last === "number") {
    const list = keys.slice(0, -1).join(".");
    return `${FIELDS[list] ?? list}, ${LINES.has(list) ? "line" : "item"} ${last + 1}`;
  }
  const dotted = keys.join(".");
  return FIELDS[dotted] ?? dotted;
}

const MAX_ECHO = 80;
/** A value as the message echoes it: JSON, shortened when long. */
function echo(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined ?? String(value);
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO - 1)}…` : text;
}

/** What a settings error says: the field in words, the value sent, and what is wrong with it. */
export function settingsSentence(field: string, value: unknown, problem: string): string {
  const what = problem.replace(/\.$/, "");
  return value === undefined ? `${field}: ${what}.` : `${field}: ${echo(value)} ${what}.`;
}

/** The wording of PUT /api/settings' errors (src/http/invalid-input.ts). */
export function settingsWording(input: unknown): FieldWording {
  return {
    input,
    describe({ path, value, message, unknownKey }) {
      if (unknownKey) {
        const field = settingsFieldName(path.slice(0, -1));
        return { field: path.map(String).join("."), message: `${field}: "${String(path[path.length - 1])}" is not a known field.` };
      }
      const field = settingsFieldName(path);
      return { field, message: settingsSentence(field, value, message) };
    },
  };
}

/** A 400 for settings that parse but cannot be saved together (the items say why); nothing is saved. */
export function settingsRefused(errors: FieldError[]): AppError {
  return new AppError("VALIDATION", errors.map((e) => e.message).join(" "), 400, { errors });
}
