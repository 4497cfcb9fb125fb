import { z } from "zod";
import { TokenRefreshUnavailable } from "../../src/connections/vault";
import { RateBudgetFull } from "../../src/hubspot/budget";
import {
  hubspotErrorKind,
  isConflict,
  isNotFound,
  isPermanent,
  isRateLimited,
  isTransient,
  isValidationError,
  outcomeUnknown,
  toHubSpotError,
} from "../../src/hubspot/errors";
import { HttpError, NetworkError, type ErrorKind } from "../../src/lib/http-client";

/** An answer of a HubSpot date-based API, as the writer hands it on (a HubSpotError). */
const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  toHubSpotError(new HttpError(status, body, new Headers(headers), { method: "POST", url: "https://api.hubapi.com/crm/objects/2026-09/contacts" }));

/** A 2026-09 error body (reference platform-2026 §B8: `Error` of every 2026-09 spec file). */
const body = (category: string, message: string, extra: object = {}) => ({ status: "error", category, correlationId: "c0ffee00-0000-4000-8000-000000000000", message, ...extra });

/** A socket error as the HTTP client sees it (src/lib/http-client.ts). */
const network = (code: string | undefined, reason: string) =>
  new NetworkError(`POST https://api.hubapi.com/x failed: ${reason}`, { method: "POST", url: "https://api.hubapi.com/x" }, { cause: code ? Object.assign(new Error(reason), { code }) : undefined });

// what, error, kind, outcome unknown (a write may have happened)
const cases: [string, unknown, ErrorKind, boolean][] = [
  ["400 VALIDATION_ERROR naming a property", answer(400, body("VALIDATION_ERROR", "Property values were not valid", { errors: [{ message: "is not a valid URL", in: "zoom_webinar_joinlink", code: "INVALID_URL" }] })), "refused", false],
  ["400 without a body", answer(400), "refused", false],
  ["401 INVALID_AUTHENTICATION", answer(401, body("INVALID_AUTHENTICATION", "Authentication credentials not found")), "auth", false],
  ["401 expired token", answer(401, body("EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired")), "auth", false],
  ["403 MISSING_SCOPES", answer(403, body("MISSING_SCOPES", "This app hasn't been granted all required scopes", { errors: [{ message: "One or more of the following scopes are required.", context: { requiredGranularScopes: ["crm.objects.contacts.write"] } }] })), "auth", false],
  ["404 OBJECT_NOT_FOUND", answer(404, body("OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.")), "not_found", false],
  ["404 an unknown path, HTML", answer(404, "<html>Not Found</html>"), "not_found", false],
  ["409 CONFLICT", answer(409, body("CONFLICT", "Contact already exists. Existing ID: 501")), "refused", false],
  ["415 unsupported media type", answer(415, body("VALIDATION_ERROR", "Unsupported content type")), "refused", false],
  ["429 TEN_SECONDLY_ROLLING", answer(429, { status: "error", errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING", message: "You have reached your ten_secondly_rolling limit." }, { "retry-after": "1" }), "transient", false],
  ["429 DAILY", answer(429, { status: "error", errorType: "RATE_LIMIT", policyName: "DAILY", message: "You have reached your daily limit." }), "transient", false],
  ["500", answer(500, body("INTERNAL_ERROR", "internal error")), "transient", true],
  ["502 from a gateway", answer(502, "<html>Bad Gateway</html>"), "transient", true],
  ["503", answer(503), "transient", false],
  ["504", answer(504), "transient", true],
  ["connection refused (never sent)", network("ECONNREFUSED", "connect ECONNREFUSED"), "transient", false],
  ["unknown host (never sent)", network("ENOTFOUND", "getaddrinfo ENOTFOUND"), "transient", false],
  ["connection reset after sending", network("ECONNRESET", "socket hang up"), "transient", true],
  ["timeout after sending", network(undefined, "timed out after 15000 ms"), "transient", true],
  ["our own rate budget full", new RateBudgetFull(4_000), "transient", false],
  ["token refresh unavailable (503)", new TokenRefreshUnavailable("hubspot", "busy", "another process is refreshing", 2), "transient", false],
  ["an answer of an unexpected shape", new z.ZodError([]), "internal", false],
  ["a bug or a database blip", new Error("connection terminated"), "internal", false],
];

describe("HubSpot's error classification (src/hubspot/errors.ts)", () => {
  it.each(cases)("%s → %s", (_what, err, kind, unknownOutcome) => {
    expect(hubspotErrorKind(err)).toBe(kind);
    expect(isTransient(err)).toBe(kind === "transient");
    expect(isPermanent(err)).toBe(["refused", "auth", "not_found"].includes(kind));
    expect(isNotFound(err)).toBe(kind === "not_found");
    expect(outcomeUnknown(err)).toBe(unknownOutcome);
  });

  it.each([
    ["400 VALIDATION_ERROR", answer(400, body("VALIDATION_ERROR", "bad")), { validation: true, conflict: false, rateLimited: false }],
    ["409 CONFLICT", answer(409, body("CONFLICT", "exists")), { validation: false, conflict: true, rateLimited: false }],
    ["429", answer(429, { policyName: "TEN_SECONDLY_ROLLING" }), { validation: false, conflict: false, rateLimited: true }],
    ["403 MISSING_SCOPES", answer(403, body("MISSING_SCOPES", "scopes")), { validation: false, conflict: false, rateLimited: false }],
    ["a network error", network("ECONNRESET", "reset"), { validation: false, conflict: false, rateLimited: false }],
  ])("%s: what callers ask besides the kind", (_what, err, expected) => {
    expect({ validation: isValidationError(err), conflict: isConflict(err), rateLimited: isRateLimited(err) }).toEqual(expected);
  });
});
