import { HttpError, httpErrorKind, type ErrorKind } from "../lib/http-client";

/**
 * The one answer to "what kind of failure is this Zoom call's error?" (kinds in
 * src/lib/http-client.ts). Every caller asks here, the API client's own retries included
 * (src/zoom/api.ts):
 * - transient: network errors, timeouts, 429, 5xx;
 * - auth: the token is refused: 401, or Zoom's code 124 "Invalid access token";
 * - not_found: 404, Zoom's 3001 "webinar does not exist", 1001 "user does not exist";
 * - refused: any other 4xx. A 403 is one: Zoom's error table gives it as "User does not
 *   have permission or has not authorized shared access permissions" (the token is fine,
 *   this request is not allowed; https://developers.zoom.us/docs/api/errors), and so is
 *   Zoom's daily per-registrant cap, a 429 whose message names it (reference
 *   hubspot-zoom-api-facts §A6): retrying today cannot help.
 */
export function zoomErrorKind(err: unknown): ErrorKind {
  if (err instanceof HttpError) {
    const code = Number(zoomErrorBody(err).code);
    if (isZoomDailyRegistrantCap(err)) return "refused";
    if (code === 124) return "auth";
    if (code === 3001 || code === 1001) return "not_found";
    if (err.status === 403) return "refused";
  }
  return httpErrorKind(err);
}

/** Zoom's error body `{code, message}` (https://developers.zoom.us/docs/api/errors). */
export function zoomErrorBody(err: HttpError): { code?: unknown; message: string } {
  const body = (err.body ?? {}) as { code?: unknown; message?: unknown };
  return { code: body.code, message: typeof body.message === "string" ? body.message : "" };
}

/** The 429 of Zoom's daily cap on add-registrant calls per registrant (reference §A6). */
export function isZoomDailyRegistrantCap(err: unknown): boolean {
  if (!(err instanceof HttpError) || err.status !== 429) return false;
  const { message } = zoomErrorBody(err);
  return /daily/i.test(message) && /registrant/i.test(message);
}

export const isZoomTransient = (err: unknown) => zoomErrorKind(err) === "transient";

/**
 * Zoom said no for good about this request (refused, not found): an event job ends it at
 * once instead of retrying. Auth is not in it: the admin may reconnect Zoom while the job
 * keeps retrying (src/webinars/process-event.ts).
 */
export const isZoomPermanent = (err: unknown) => ["refused", "not_found"].includes(zoomErrorKind(err));

/**
 * A read's answer, or undefined when Zoom answered that there is nothing to read here
 * for this app (`isZoomPermanent`: the webinar, list or recording does not exist, or
 * Zoom refuses it to this app, plan or user: registration not enabled, a report without
 * its scope…). Transient and auth errors are thrown: the job retries.
 */
export async function zoomReadOrNone<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (isZoomPermanent(err)) return undefined;
    throw err;
  }
}
