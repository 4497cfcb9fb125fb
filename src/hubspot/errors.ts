import { z } from "zod";
import { HttpError, httpErrorKind, NetworkError, type ErrorKind } from "../lib/http-client";
import { RateBudgetFull } from "./budget";

/**
 * HubSpot's error answers of the date-based APIs (reference platform-2026 §B8; schemas
 * `Error`, `ErrorDetail` and `StandardError` of every 2026-09 spec file):
 *   { category, correlationId, message, subCategory?, context?{key:[…]}, links?,
 *     errors?[{ message, code?, in?, context?, subCategory? }] }
 * and, inside a batch answer (200/207), `errors[]` of StandardError
 *   { status, category, message, errors[], context, links, id? } with `numErrors`.
 * The writer turns every HTTP error of a HubSpot call into a HubSpotError, so callers see
 * HubSpot's category and details (it is still an HttpError: status checks keep working).
 */
const Detail = z.object({
  message: z.string(),
  code: z.string().optional(),
  in: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
  subCategory: z.string().optional(),
});
export type HubSpotErrorDetail = z.infer<typeof Detail>;

const ErrorBody = z.object({
  category: z.string().optional(),
  correlationId: z.string().optional(),
  message: z.string().optional(),
  subCategory: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
  errors: z.array(Detail).optional(),
});

export const StandardError = z.object({
  status: z.string().optional(),
  category: z.string(),
  message: z.string(),
  id: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
  errors: z.array(Detail).optional(),
});
export type StandardError = z.infer<typeof StandardError>;

/** The `errors[]` of a batch answer (empty when none or not shaped as HubSpot's). */
export function batchErrors(body: unknown): StandardError[] {
  const parsed = z.object({ errors: z.array(StandardError) }).safeParse(body);
  return parsed.success ? parsed.data.errors : [];
}

export class HubSpotError extends HttpError {
  readonly category: string | undefined;
  readonly correlationId: string | undefined;
  readonly hubspotMessage: string;
  readonly subCategory: string | undefined;
  readonly context: Record<string, string[]>;
  readonly details: HubSpotErrorDetail[];

  constructor(err: HttpError) {
    super(err.status, err.body, err.headers, err.request);
    this.name = "HubSpotError";
    const parsed = ErrorBody.safeParse(err.body);
    const b = parsed.success ? parsed.data : {};
    this.category = b.category;
    this.correlationId = b.correlationId;
    this.hubspotMessage = b.message ?? (typeof err.body === "string" ? err.body.slice(0, 300) : "");
    this.subCategory = b.subCategory;
    this.context = b.context ?? {};
    this.details = b.errors ?? [];
  }

  /** HubSpot refused the content (400 VALIDATION_ERROR): sending it again cannot help. */
  get isValidation(): boolean {
    return this.category === "VALIDATION_ERROR";
  }

  /** The properties HubSpot names as refused, each with HubSpot's message (see `refusedProperties`). */
  refusedProperties(): { property: string; message: string }[] {
    return refusedProperties({ message: this.hubspotMessage, context: this.context, errors: this.details });
  }

  /** In plain words for the audit log, e.g. "HubSpot refused the value of zoom_webinar_joinlink: …". */
  plainWords(): string {
    return refusalWords({ message: this.hubspotMessage || `HTTP ${this.status}`, context: this.context, errors: this.details });
  }
}

interface Refusal {
  message: string;
  context?: Record<string, string[]>;
  errors?: HubSpotErrorDetail[];
}

/**
 * The properties an error (a whole answer's, or one StandardError of a batch) names as
 * refused, in order, each with HubSpot's message.
 * Not confirmed (README "Known unknowns"): where a 2026-09 VALIDATION_ERROR names the
 * property. The spec only gives the shape (`errors[].in`, `errors[].context`,
 * top-level `context`); the docs' examples put the name in `context.propertyName`,
 * older answers in a JSON list inside `message` (`"name":"…"`). All are read here, and
 * nowhere else.
 */
export function refusedProperties(e: Refusal): { property: string; message: string }[] {
  const out: { property: string; message: string }[] = [];
  for (const d of e.errors ?? []) {
    const property = d.context?.propertyName?.[0] ?? d.in;
    if (property) out.push({ property, message: d.message });
  }
  if (out.length === 0) {
    for (const property of e.context?.propertyName ?? []) out.push({ property, message: e.message });
  }
  if (out.length === 0) {
    for (const [, property = ""] of e.message.matchAll(/"name"\s*:\s*"([^"]+)"/g)) out.push({ property, message: e.message });
  }
  return out;
}

/** "HubSpot refused the value of <property>: <HubSpot's message>", or of the request when no property is named. */
export function refusalWords(e: Refusal): string {
  const refused = refusedProperties(e);
  const first = refused[0];
  if (first) {
    const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : "";
    return `HubSpot refused the value of ${first.property}: ${first.message}${more}`.slice(0, 500);
  }
  return `HubSpot refused the request: ${e.message}`.slice(0, 500);
}

/** An HttpError of a HubSpot call as a HubSpotError (other errors unchanged). */
export function toHubSpotError(err: unknown): unknown {
  return err instanceof HttpError && !(err instanceof HubSpotError) ? new HubSpotError(err) : err;
}

/** HubSpot refused the content of a write (VALIDATION_ERROR): report it, never retry it. */
export const isValidationError = (err: unknown): err is HubSpotError => err instanceof HubSpotError && err.isValidation;

/**
 * The one answer to "what kind of failure is this HubSpot call's error?" (every caller
 * asks here; see `ErrorKind` in src/lib/http-client.ts). On top of HTTP's kinds:
 * a RateBudgetFull (our own budget had no slot in time) is transient; HubSpot's 403
 * MISSING_SCOPES and 401 are auth; 409 CONFLICT is refused (the record exists).
 */
export function hubspotErrorKind(err: unknown): ErrorKind {
  if (err instanceof RateBudgetFull) return "transient";
  return httpErrorKind(err);
}

/**
 * HubSpot's 429: the portal's rate limit (reference platform-2026 §B5); every caller of
 * the portal stays away for a while (the writer pauses the portal's budget).
 */
export const isRateLimited = (err: unknown): err is HttpError => err instanceof HttpError && err.status === 429;

/**
 * 409 (2026-09 category CONFLICT): what was to be created is already there (a property
 * another install created meanwhile, an app event occurrence with the same id). A kind
 * of "refused" that callers may take as done.
 */
export const isConflict = (err: unknown) => err instanceof HttpError && err.status === 409;

/** HubSpot has no such object (404, 2026-09 category OBJECT_NOT_FOUND). */
export const isNotFound = (err: unknown) => hubspotErrorKind(err) === "not_found";

/** Worth sending again (later): 429, 5xx, network errors, a full budget. */
export const isTransient = (err: unknown) => hubspotErrorKind(err) === "transient";

/** HubSpot said no for good (refused, auth, not found): report it, never retry it. */
export const isPermanent = (err: unknown) => ["refused", "auth", "not_found"].includes(hubspotErrorKind(err));

/**
 * The request may have been carried out by HubSpot although it did not say so: the
 * connection dropped or timed out after sending, or a 500/502/504 (a server or gateway
 * that may have failed after the work was done). A write that is not idempotent must
 * then be looked up, not sent again. A 429 or 503 means the request was not processed.
 * Not confirmed (README "Known unknowns"): that HubSpot never applies a write it answers
 * 503 or 429 for, and may apply one it answers 500/502/504 for; this is the only place
 * that decides it.
 */
export function outcomeUnknown(err: unknown): boolean {
  if (err instanceof NetworkError) return err.maybeDelivered;
  return err instanceof HttpError && [500, 502, 504].includes(err.status);
}

/** A permanent error in plain words for the audit log. */
export function permanentWords(err: unknown): string {
  if (err instanceof HubSpotError) {
    const kind = hubspotErrorKind(err);
    if (kind === "auth") return `HubSpot refused the app's access (${err.status}${err.category ? ` ${err.category}` : ""}): ${err.hubspotMessage}`.slice(0, 500);
    if (kind === "not_found") return `HubSpot did not find what was asked for: ${err.hubspotMessage}`.slice(0, 500);
    return err.plainWords();
  }
  return `The sync stopped on an error that retrying cannot fix: ${(err as Error | undefined)?.message ?? String(err)}`.slice(0, 500);
}
