import type { Request } from "express";
import OAuth2Strategy, { type VerifyFunctionWithRequest } from "passport-oauth2";
import type { Config } from "../config";
import type { Database } from "../db/database";
import type { Secrets } from "../lib/secrets";
import { hubspotScopes } from "../hubspot/scopes";
import { hubspotPaths } from "../hubspot/versions";
import { HUBSPOT_CALLBACK_PATH, ZOOM_CALLBACK_PATH } from "../http/public-paths";
import { TOKEN_CALL_TIMEOUT_MS } from "../connections/vault";
import { zoomOAuthPaths } from "../zoom/oauth";
import { SignedStateStore } from "./oauth-state";

/**
 * The two Passport strategies, passport-oauth2 as published, configured through its
 * public options only. Passport runs the redirect, the state check (our signed
 * single-use store) and the code exchange. passport-oauth2 1.8 exchanges the code with
 * node-oauth 0.10 (`OAuth2.getOAuthAccessToken`): one form-encoded POST carrying
 * grant_type, redirect_uri, code, client_id and client_secret, never retried (a code is
 * single-use: after a lost answer the person starts again).
 */

/** What the strategies use. */
export interface StrategyDeps {
  config: Config;
  secrets: Pick<Secrets, "sessionSecret">;
  db: Pick<Database, "prisma">;
}

export const hubspotCallbackUrl = (s: StrategyDeps) => `${s.config.appBaseUrl}${HUBSPOT_CALLBACK_PATH}`;
export const zoomCallbackUrl = (s: StrategyDeps) => `${s.config.appBaseUrl}${ZOOM_CALLBACK_PATH}`;

/**
 * node-oauth sends the exchange without a timeout, and neither it nor passport-oauth2
 * has a public option for one: a token endpoint that never answers would hold the
 * callback request forever. The callback route starts this clock (`start`) before
 * Passport runs; when TOKEN_CALL_TIMEOUT_MS pass without the exchange's answer, the
 * person gets an error page at once, and a token answer arriving later is dropped,
 * never stored (the verify callback is not called; the late outcome is ignored).
 */
export class ExchangeDeadline {
  private readonly running = new WeakMap<Request, NodeJS.Timeout>();
  private readonly expired = new WeakSet<Request>();

  constructor(private readonly ms = TOKEN_CALL_TIMEOUT_MS) {}

  start(req: Request, onExpiry: () => void) {
    const timer = setTimeout(() => {
      this.running.delete(req);
      this.expired.add(req);
      onExpiry();
    }, this.ms);
    timer.unref();
    this.running.set(req, timer);
  }

  /** Stops the clock; false when it had run out (the request has been answered already). */
  stop(req: Request): boolean {
    clearTimeout(this.running.get(req));
    this.running.delete(req);
    return !this.expired.has(req);
  }
}

/**
 * The verify callback, reached once the exchange answered in time. node-oauth hands the
 * refresh token apart and deletes it from the answer's params; it is put back so the
 * callback sees the token endpoint's whole answer.
 */
function inTime(deadline: ExchangeDeadline, verify: VerifyFunctionWithRequest): VerifyFunctionWithRequest {
  return (req, accessToken, refreshToken, params, profile, done) => {
    if (!deadline.stop(req)) return done(null, false);
    verify(req, accessToken, refreshToken, { ...params, refresh_token: refreshToken }, profile, done);
  };
}

/**
 * POST /oauth/2026-09/token, every parameter in the form body, which is what
 * node-oauth sends (reference platform-2026 §0/§B1;
 * https://developers.hubspot.com/docs/api-reference/auth-oauth-v1/guide).
 */
export function hubspotStrategy(s: StrategyDeps, deadline: ExchangeDeadline, verify: VerifyFunctionWithRequest) {
  return new OAuth2Strategy(
    {
      authorizationURL: s.config.hubspot.authorizeUrl,
      tokenURL: `${s.config.hubspot.apiBaseUrl}${hubspotPaths.oauthToken()}`,
      clientID: s.config.hubspot.clientId,
      clientSecret: s.config.hubspot.clientSecret,
      callbackURL: hubspotCallbackUrl(s),
      scope: hubspotScopes(s.config.hubspot.appEvents),
      scopeSeparator: " ",
      passReqToCallback: true,
      skipUserProfile: true,
      store: new SignedStateStore("hubspot", s.secrets.sessionSecret, s.db.prisma, secure(s)) as never,
    },
    inTime(deadline, verify),
  );
}

/**
 * POST /oauth/token with HTTP Basic client authentication, as Zoom documents it
 * (reference hubspot-zoom-api-facts §A1; https://developers.zoom.us/docs/integrations/oauth/),
 * through passport-oauth2's `customHeaders`. node-oauth also puts client_id and
 * client_secret in the form body, always; Zoom documents only the header, and nothing
 * known says it refuses the extra fields (the published passport-zoom-oauth2 strategy
 * sends them in the body alone).
 */
export function zoomStrategy(s: StrategyDeps, deadline: ExchangeDeadline, verify: VerifyFunctionWithRequest) {
  const { clientId, clientSecret } = s.config.zoom;
  return new OAuth2Strategy(
    {
      authorizationURL: `${s.config.zoom.oauthBaseUrl}${zoomOAuthPaths.authorize()}`,
      tokenURL: `${s.config.zoom.oauthBaseUrl}${zoomOAuthPaths.token()}`,
      clientID: clientId,
      clientSecret,
      customHeaders: { Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
      callbackURL: zoomCallbackUrl(s),
      passReqToCallback: true,
      skipUserProfile: true,
      store: new SignedStateStore("zoom", s.secrets.sessionSecret, s.db.prisma, secure(s)) as never,
    },
    inTime(deadline, verify),
  );
}

const secure = (s: StrategyDeps) => s.config.appBaseUrl.startsWith("https:");
