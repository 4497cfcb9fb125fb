import { HttpError, httpErrorKind, NetworkError } from "../lib/http-client";

/**
 * What a failed refresh grant means, one table per provider. Only the token endpoints
 * (HubSpot POST /oauth/2026-09/token, Zoom POST /oauth/token) are classified here; API
 * calls have their own classification (src/hubspot/errors.ts, src/zoom/errors.ts).
 *
 * - `tenant`: the tenant's authorization is gone (refresh token revoked, expired or
 *   rotated away): HubSpot → the portal is marked uninstalled; Zoom → needs_reauth.
 * - `operator`: our own configuration or request is refused (wrong client id/secret,
 *   app disabled, malformed request): no tenant is marked; an operator alert is recorded
 *   and the call fails transiently, so fixing the configuration heals every tenant.
 * - `unknown`: no answer (timeout, connection reset, answer lost): the grant may or may
 *   not have been used (Zoom may have rotated the pair); never retried blindly.
 * - `transient`: 429, 5xx or an answer we cannot read as a refusal: try again later.
 */
export type RefreshFailure =
  | { kind: "tenant"; code: string; message: string }
  | { kind: "operator"; code: string; message: string }
  | { kind: "unknown"; message: string }
  | { kind: "transient"; message: string };

export type OAuthProvider = "hubspot" | "zoom";

type Verdict = "tenant" | "operator";

/**
 * RFC 6749 §5.2 `error` codes, as both providers send them. Sources:
 * - HubSpot: changelog "New OAuth v3 API endpoints and standardized error responses"
 *   (https://developers.hubspot.com/changelog/new-oauth-v3-api-endpoints-and-standardized-error-responses):
 *   `{"error":"invalid_grant","error_description":"refresh token is invalid, expired or
 *   revoked","status":"BAD_REFRESH_TOKEN","message":…}`; reference hubspot-zoom-api-facts §B1.
 * - Zoom: "OAuth error messages" (https://developers.zoom.us/docs/integrations/oauth-error-messages/):
 *   4702/4704 "Invalid client" (client id or secret wrong, or the app does not exist),
 *   4705 unsupported grant type, 4706 missing client credentials or grant type, 4711
 *   "Refresh token invalid", 4717 "The app has been disabled"; answers observed in public
 *   reports: 400 `{"reason":"Invalid Token!","error":"invalid_grant"}` for a rotated or
 *   revoked refresh token (github.com/raycast/extensions/issues/10896, 2024) and 400
 *   `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`
 *   (github.com/JubaerHossain/zoom-laravel/issues/3, 2023).
 */
const RFC6749: Record<string, Verdict> = {
  invalid_grant: "tenant",
  invalid_client: "operator",
  unauthorized_client: "operator",
  unsupported_grant_type: "operator",
  invalid_scope: "operator",
  invalid_request: "operator",
};

interface ProviderTable {
  /** The provider's own words that name a dead refresh token whatever `error` says. */
  deadTokenMarkers: { field: string; value: RegExp }[];
  /** The provider's own codes for a refused client, whatever `error` says. */
  clientMarkers: { field: string; value: RegExp }[];
}

/**
 * Not confirmed (README "Known unknowns"), all kept here:
 * - HubSpot: the exact 2026-09 answer to a wrong client id/secret (`invalid_client` is
 *   assumed, with legacy `status` BAD_CLIENT_ID; BAD_CLIENT_SECRET is a guess), and
 *   public code reports a live 2026-10 answer pairing BAD_REFRESH_TOKEN with
 *   `error: invalid_request`, so `status` is read before `error`.
 * - Zoom: the status of `invalid_client` (400 observed in 2023, RFC 6749 says 401; both
 *   are read the same), and whether Zoom keeps a rotated-away refresh token valid for any
 *   grace period. Nothing says so (its support article: only the latest is accepted), so
 *   when a refresh's answer is lost after Zoom rotated, the next attempt is refused and
 *   the connection needs reauthorization (src/connections/vault.ts; the fake has no grace).
 */
const TABLES: Record<OAuthProvider, ProviderTable> = {
  hubspot: {
    // Legacy `status` kept beside `error` (changelog above).
    deadTokenMarkers: [{ field: "status", value: /^BAD_REFRESH_TOKEN$/ }],
    clientMarkers: [{ field: "status", value: /^BAD_CLIENT_(ID|SECRET)$/ }],
  },
  zoom: {
    // Zoom's support article on refresh: "If you use a prior refresh token … you will
    // receive an 'Invalid Token!' error message"; older answers paired it with
    // `error: invalid_request` (devforum), newer ones with invalid_grant.
    // (https://devsupport.zoom.us/hc/en-us/articles/360060332931)
    deadTokenMarkers: [{ field: "reason", value: /^Invalid Token!?$/i }],
    // 4702/4704 "Invalid client", observed as "Invalid client_id or client_secret".
    clientMarkers: [{ field: "reason", value: /invalid client/i }],
  },
};

export function classifyRefreshFailure(provider: OAuthProvider, err: unknown): RefreshFailure {
  if (err instanceof NetworkError) return { kind: "unknown", message: err.message };
  // A 2xx without tokens: the grant was used but its result cannot be read.
  if (!(err instanceof HttpError)) return { kind: "unknown", message: err instanceof Error ? err.message : String(err) };
  if (httpErrorKind(err) === "transient") return { kind: "transient", message: err.message };

  const body = (err.body && typeof err.body === "object" ? err.body : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof body[key] === "string" ? body[key] : "");
  const code = text("error");
  const message = text("error_description") || text("reason") || text("message") || err.message;
  const table = TABLES[provider];
  const marked = (markers: ProviderTable["deadTokenMarkers"]) => markers.some((m) => m.value.test(text(m.field)));

  // The provider's own words first: they are more precise than the RFC code.
  if (marked(table.deadTokenMarkers)) return { kind: "tenant", code: code || "invalid_grant", message };
  if (marked(table.clientMarkers)) return { kind: "operator", code: code || "invalid_client", message };
  const verdict = RFC6749[code];
  if (verdict) return { kind: verdict, code, message };
  // RFC 6749 §5.2: a 401 from the token endpoint is client authentication failing:
  // the operator's credentials, never a tenant's.
  if (err.status === 401) return { kind: "operator", code: "invalid_client", message };
  return { kind: "transient", message };
}
