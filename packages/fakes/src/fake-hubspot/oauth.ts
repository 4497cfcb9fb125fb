import { randomBytes } from "node:crypto";
import { consentDecision, refusalPage } from "../consent-page";
import { fakeRoutes } from "./routes";
import type { FakeHubSpot } from "./index";

const token = (prefix: string) => `${prefix}-${randomBytes(18).toString("base64url")}`;

/**
 * GET /oauth/authorize (consent, then a redirect with `code` and `state`) and
 * POST /oauth/2026-09/token with the authorization_code and refresh_token grants
 * (reference §B1: all parameters in the form body; answer carries hub_id and user_id).
 */
export function registerOAuthRoutes(fake: FakeHubSpot) {
  fake.app.get("/oauth/authorize", (req, res) => {
    const { client_id, redirect_uri, scope, state } = req.query as Record<string, string | undefined>;
    if (client_id !== fake.clientId || !redirect_uri) {
      return res.status(400).send("Unknown client_id or missing redirect_uri");
    }
    // HubSpot sends the browser only to one of the app's registered redirect URLs
    // (the project's `redirectUrls`); anything else is an error page, no code issued.
    if (!fake.redirectUris.includes(redirect_uri)) {
      return res.status(400).type("html").send(refusalPage("HubSpot", redirect_uri, fake.pageStylesheet));
    }
    const hubId = Number(req.query.portal ?? [...fake.portals.keys()][0]);
    const portal = fake.portals.get(hubId);
    if (!portal) return res.status(400).send("No such portal");
    const back = new URL(redirect_uri);
    if (state !== undefined) back.searchParams.set("state", state);
    const approved = consentDecision(req, res, {
      autoApprove: fake.autoApprove,
      back,
      stylesheet: fake.pageStylesheet,
      denyDescription: "The user denied access",
      page: () => ({
        service: "HubSpot",
        question: `Install the Zoom webinars app in HubSpot portal ${hubId}?`,
        details: `It asks for: ${(scope ?? "").split(" ").join(", ")}`,
        approveText: "Connect app",
        denyText: "Cancel",
      }),
    });
    if (!approved) return;
    const code = token("hs-code");
    fake.codes.set(code, {
      hubId,
      userId: portal.userId,
      redirectUri: redirect_uri,
      scopes: (scope ?? "").split(" ").filter(Boolean),
      used: false,
    });
    back.searchParams.set("code", code);
    res.redirect(302, back.toString());
  });

  fake.app.post(fakeRoutes.oauthToken, (req, res) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const fail = (status: number, error: string, legacy: string, description: string) =>
      res.status(status).json({ error, error_description: description, status: legacy, message: description });
    if (!req.is("application/x-www-form-urlencoded")) {
      return fail(400, "invalid_request", "BAD_REQUEST", "Expected a form-encoded body");
    }
    // The client is checked before the grant, as RFC 6749 §5.2 orders it.
    if (fake.refuseClient || body.client_id !== fake.clientId || body.client_secret !== fake.clientSecret) {
      return fail(401, "invalid_client", "BAD_CLIENT_ID", "Unknown client_id or wrong client_secret");
    }
    let hubId: number;
    let userId: number;
    let scopes: string[];
    let refreshToken: string;
    if (body.grant_type === "authorization_code") {
      const code = body.code ? fake.codes.get(body.code) : undefined;
      if (!code || code.used) return fail(400, "invalid_grant", "BAD_AUTH_CODE", "Unknown or used authorization code");
      if (code.redirectUri !== body.redirect_uri) {
        return fail(400, "invalid_grant", "BAD_REDIRECT_URI", "redirect_uri does not match the authorize request");
      }
      code.used = true;
      ({ hubId, userId, scopes } = code);
      refreshToken = token("hs-refresh");
      fake.refreshTokens.set(refreshToken, hubId);
    } else if (body.grant_type === "refresh_token") {
      const owner = body.refresh_token ? fake.refreshTokens.get(body.refresh_token) : undefined;
      // Body as in HubSpot's changelog "New OAuth v3 API endpoints and standardized error responses".
      if (owner === undefined) return fail(400, "invalid_grant", "BAD_REFRESH_TOKEN", "refresh token is invalid, expired or revoked");
      hubId = owner;
      userId = fake.portal(hubId).userId;
      scopes = [];
      refreshToken = body.refresh_token ?? "";
    } else {
      return fail(400, "unsupported_grant_type", "BAD_GRANT_TYPE", "Unsupported grant_type");
    }
    const accessToken = token("hs-access");
    fake.accessTokens.set(accessToken, { hubId, expiresAt: Date.now() + fake.accessTokenTtlSeconds * 1000 });
    res.json({
      token_type: "bearer",
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: fake.accessTokenTtlSeconds,
      hub_id: hubId,
      user_id: userId,
      scopes,
    });
  });
}

