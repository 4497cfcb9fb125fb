import OAuth2Strategy, { type VerifyFunctionWithRequest } from "passport-oauth2";
import type { Config } from "../config";
import type { Database } from "../db/database";
import type { Secrets } from "../lib/secrets";
import { hubspotScopes } from "../hubspot/scopes";
import { hubspotPaths } from "../hubspot/versions";
import { HUBSPOT_CALLBACK_PATH, ZOOM_CALLBACK_PATH } from "../http/public-paths";
import { httpRequest } from "../lib/http-client";
import { TOKEN_CALL } from "../connections/vault";
import { zoomOAuthPaths } from "../zoom/oauth";
import { SignedStateStore } from "./oauth-state";

/**
 * The two Passport strategies (passport-oauth2). Passport runs the redirect, the state
 * check (our signed single-use store) and the callback; the token exchange itself goes
 * through our HTTP client so that HubSpot's date-versioned endpoint gets every
 * parameter in the form body and Zoom gets HTTP Basic client authentication only.
 * The exchange is sent once (TOKEN_CALL): an authorization code is single-use, so a
 * retry after a lost answer could only be refused; the person starts the install again.
 */

/** What the strategies use. */
export interface StrategyDeps {
  config: Config;
  secrets: Pick<Secrets, "sessionSecret">;
  db: Pick<Database, "prisma">;
}

type TokenParams = Record<string, unknown>;
type TokenCallback = (err: unknown, accessToken?: string, refreshToken?: string, params?: TokenParams) => void;

export const hubspotCallbackUrl = (s: StrategyDeps) => `${s.config.appBaseUrl}${HUBSPOT_CALLBACK_PATH}`;
export const zoomCallbackUrl = (s: StrategyDeps) => `${s.config.appBaseUrl}${ZOOM_CALLBACK_PATH}`;

function exchangeWith(strategy: OAuth2Strategy, exchange: (code: string, redirectUri: string) => Promise<TokenParams>) {
  const oauth2 = (strategy as unknown as { _oauth2: { getOAuthAccessToken: unknown } })._oauth2;
  oauth2.getOAuthAccessToken = (code: string, params: TokenParams, cb: TokenCallback) => {
    exchange(code, String(params.redirect_uri)).then(
      (answer) => cb(null, String(answer.access_token ?? ""), String(answer.refresh_token ?? ""), answer),
      (err) => cb({ statusCode: err.status ?? 502, data: err.message }),
    );
  };
}

export function hubspotStrategy(s: StrategyDeps, verify: VerifyFunctionWithRequest) {
  const secure = s.config.appBaseUrl.startsWith("https:");
  const strategy = new OAuth2Strategy(
    {
      authorizationURL: s.config.hubspot.authorizeUrl,
      tokenURL: `${s.config.hubspot.apiBaseUrl}${hubspotPaths.oauthToken()}`,
      clientID: s.config.hubspot.clientId ?? "",
      clientSecret: s.config.hubspot.clientSecret ?? "",
      callbackURL: hubspotCallbackUrl(s),
      scope: hubspotScopes(s.config.hubspot.appEvents),
      scopeSeparator: " ",
      passReqToCallback: true,
      skipUserProfile: true,
      store: new SignedStateStore("hubspot", s.secrets.sessionSecret, s.db.prisma, secure) as never,
    },
    verify,
  );
  // POST /oauth/2026-09/token, form body: grant_type, client_id, client_secret, redirect_uri, code
  // (reference platform-2026 §0/§B1; https://developers.hubspot.com/docs/api-reference/auth-oauth-v1/guide).
  exchangeWith(strategy, async (code, redirectUri) => {
    const res = await httpRequest<TokenParams>({
      method: "POST",
      url: `${s.config.hubspot.apiBaseUrl}${hubspotPaths.oauthToken()}`,
      form: {
        grant_type: "authorization_code",
        client_id: s.config.hubspot.clientId ?? "",
        client_secret: s.config.hubspot.clientSecret ?? "",
        redirect_uri: redirectUri,
        code,
      },
    }, TOKEN_CALL);
    return res.body;
  });
  return strategy;
}

export function zoomStrategy(s: StrategyDeps, verify: VerifyFunctionWithRequest) {
  const secure = s.config.appBaseUrl.startsWith("https:");
  const strategy = new OAuth2Strategy(
    {
      authorizationURL: `${s.config.zoom.oauthBaseUrl}${zoomOAuthPaths.authorize()}`,
      tokenURL: `${s.config.zoom.oauthBaseUrl}${zoomOAuthPaths.token()}`,
      clientID: s.config.zoom.clientId ?? "",
      clientSecret: s.config.zoom.clientSecret ?? "",
      callbackURL: zoomCallbackUrl(s),
      passReqToCallback: true,
      skipUserProfile: true,
      store: new SignedStateStore("zoom", s.secrets.sessionSecret, s.db.prisma, secure) as never,
    },
    verify,
  );
  // POST /oauth/token with HTTP Basic client auth (reference §A1).
  exchangeWith(strategy, async (code, redirectUri) => {
    const basic = Buffer.from(`${s.config.zoom.clientId}:${s.config.zoom.clientSecret}`).toString("base64");
    const res = await httpRequest<TokenParams>({
      method: "POST",
      url: `${s.config.zoom.oauthBaseUrl}${zoomOAuthPaths.token()}`,
      headers: { authorization: `Basic ${basic}` },
      form: { grant_type: "authorization_code", code, redirect_uri: redirectUri },
    }, TOKEN_CALL);
    return res.body;
  });
  return strategy;
}
