import { classifyRefreshFailure, type OAuthProvider } from "../../src/connections/oauth-errors";
import { HttpError, NetworkError } from "../../src/lib/http-client";

/** The token endpoints' answers, as HubSpot and Zoom send them (sources in oauth-errors.ts). */
const answer = (status: number, body: unknown) => new HttpError(status, body, new Headers(), { method: "POST", url: "https://x/oauth/token" });

const cases: [OAuthProvider, string, string, unknown][] = [
  // Zoom: a rotated or revoked refresh token, in its current and older shapes.
  ["zoom", "400 invalid_grant Invalid Token!", "tenant", answer(400, { reason: "Invalid Token!", error: "invalid_grant" })],
  ["zoom", "400 invalid_request Invalid Token!", "tenant", answer(400, { reason: "Invalid Token!", error: "invalid_request" })],
  ["zoom", "401 Invalid Token! without error", "tenant", answer(401, { reason: "Invalid Token!" })],
  // Zoom: the operator's credentials or request.
  ["zoom", "400 invalid_client", "operator", answer(400, { reason: "Invalid client_id or client_secret", error: "invalid_client" })],
  ["zoom", "401 without a body", "operator", answer(401, undefined)],
  ["zoom", "400 invalid_request Missing grant type", "operator", answer(400, { reason: "Missing grant type", error: "invalid_request" })],
  ["zoom", "400 unsupported_grant_type", "operator", answer(400, { reason: "Unsupported grant type", error: "unsupported_grant_type" })],
  ["zoom", "401 unauthorized_client", "operator", answer(401, { error: "unauthorized_client" })],
  // HubSpot 2026-09: RFC 6749 `error` plus the legacy `status`.
  ["hubspot", "400 invalid_grant BAD_REFRESH_TOKEN", "tenant", answer(400, { error: "invalid_grant", status: "BAD_REFRESH_TOKEN", message: "refresh token is invalid, expired or revoked" })],
  ["hubspot", "400 invalid_request BAD_REFRESH_TOKEN", "tenant", answer(400, { error: "invalid_request", status: "BAD_REFRESH_TOKEN" })],
  ["hubspot", "401 invalid_client BAD_CLIENT_ID", "operator", answer(401, { error: "invalid_client", status: "BAD_CLIENT_ID" })],
  ["hubspot", "400 legacy BAD_CLIENT_ID only", "operator", answer(400, { status: "BAD_CLIENT_ID", message: "missing or unknown client id" })],
  ["hubspot", "400 invalid_request BAD_REQUEST", "operator", answer(400, { error: "invalid_request", status: "BAD_REQUEST" })],
  // Neither provider's refusal: temporary.
  ["hubspot", "429", "transient", answer(429, { error: "rate_limited" })],
  ["zoom", "503", "transient", answer(503, undefined)],
  ["zoom", "400 with an unknown body", "transient", answer(400, "<html>bad gateway</html>")],
  // No answer at all: the grant may have been used.
  ["zoom", "timeout", "unknown", new NetworkError("POST /oauth/token failed: timed out after 15000 ms", { method: "POST", url: "x" })],
];

describe("OAuth refresh errors", () => {
  it.each(cases)("%s: %s → %s", (provider, _what, kind, err) => {
    expect(classifyRefreshFailure(provider, err).kind).toBe(kind);
  });

  it("keeps the provider's words for the operator alert", () => {
    expect(classifyRefreshFailure("zoom", answer(400, { reason: "Invalid client_id or client_secret", error: "invalid_client" }))).toEqual({
      kind: "operator",
      code: "invalid_client",
      message: "Invalid client_id or client_secret",
    });
  });
});
