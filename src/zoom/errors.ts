import { HttpError, httpErrorKind, type ErrorKind } from "../lib/http-client";

/**
 * The one answer to "what kind of failure is this Zoom call's error?" (kinds in
 * src/lib/http-client.ts): transient (network, 429, 5xx), auth (401, Zoom's code 124
 * "invalid access token"), not_found (404, Zoom's 3001 "webinar does not exist", 1001
 * "user does not exist"), refused (any other 4xx). Every caller of ZoomApi asks here.
 * Zoom's daily per-registrant cap (a 429 whose message names it) is refused: retrying
 * today cannot help.
 */
export function zoomErrorKind(err: unknown): ErrorKind {
  if (err instanceof HttpError) {
    const body = (err.body ?? {}) as { code?: unknown; message?: unknown };
    const code = Number(body.code);
    const message = typeof body.message === "string" ? body.message : "";
    if (err.status === 429 && /daily/i.test(message) && /registrant/i.test(message)) return "refused";
    if (code === 124) return "auth";
    if (code === 3001 || code === 1001) return "not_found";
  }
  return httpErrorKind(err);
}

export const isZoomTransient = (err: unknown) => zoomErrorKind(err) === "transient";

/**
 * Zoom said no for good about this request (refused, not found): an event job ends it at
 * once instead of retrying. Auth is not in it: the admin may reconnect Zoom while the job
 * keeps retrying (src/webinars/process-event.ts).
 */
export const isZoomPermanent = (err: unknown) => ["refused", "not_found"].includes(zoomErrorKind(err));
