import { randomBytes } from "node:crypto";
import { consentDecision, refusalPage } from "../consent-page";
import type { FakeZoom } from "./index";

const token = (prefix: string) => `${prefix}-${randomBytes(18).toString("base64url")}`;

/**
 * GET /oauth/authorize and POST /oauth/token (reference §A1): client authentication
 * by HTTP Basic only; refresh tokens rotate and the previous one is refused at once
 * (Zoom's support article: "the latest refresh token must always be used … 'Invalid
 * Token!'"; no grace period is documented, so none is simulated). Refusals use the
 * `{reason, error}` bodies seen from Zoom (src/connections/oauth-errors.ts cites them).
 */
export function registerOAuthRoutes(fake: FakeZoom) {
  fake.app.get("/oauth/authorize", (req, res) => {
    const { response_type, client_id, redirect_uri, state } = req.query as Record<string, string | undefined>;
    if (response_type !== "code" || client_id !== fake.clientId || !redirect_uri) {
      return res.status(400).send("Invalid client_id, redirect_uri or response_type");
    }
    // Zoom sends the browser only to the app's registered redirect URL (or its allow
    // list); anything else is an error page, no code issued.
    if (!fake.redirectUris.includes(redirect_uri)) {
      return res.status(400).type("html").send(refusalPage("Zoom", redirect_uri, fake.pageStylesheet));
    }
    const accountId = String(req.query.account ?? [...fake.accounts.keys()][0]);
    const account = fake.accounts.get(accountId);
    if (!account) return res.status(400).send("No such account");
    const user = account.users.find((u) => u.id === req.query.user) ?? account.users[0];
    if (!user) return res.status(400).send("No user in this account");
    const back = new URL(redirect_uri);
    if (state !== undefined) back.searchParams.set("state", state);
    const approved = consentDecision(req, res, {
      autoApprove: fake.autoApprove,
      back,
      stylesheet: fake.pageStylesheet,
      page: () => ({
        service: "Zoom",
        question: `Allow the HubSpot webinars app to access the Zoom account of ${user.email}?`,
        details: "It will read webinars, registrants, participants and recordings, and register people for webinars.",
        approveText: "Allow",
        denyText: "Decline",
      }),
    });
    if (!approved) return;
    const code = token("zoom-code");
    fake.codes.set(code, { accountId, userId: user.id, redirectUri: redirect_uri, used: false });
    back.searchParams.set("code", code);
    res.redirect(302, back.toString());
  });

  fake.app.post("/oauth/token", (req, res) => {
    const basic = /^Basic\s+(\S+)$/i.exec(req.get("authorization") ?? "");
    const [id, secret] = basic ? Buffer.from(basic[1] ?? "", "base64").toString().split(":") : [];
    if (fake.refuseClient || id !== fake.clientId || secret !== fake.clientSecret) {
      // Zoom answers 400 here, not RFC 6749's 401 (observed; 4702/4704 "Invalid client").
      return res.status(400).json({ reason: "Invalid client_id or client_secret", error: "invalid_client" });
    }
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    let grant: { accountId: string; userId: string };
    if (body.grant_type === "authorization_code") {
      const code = body.code ? fake.codes.get(body.code) : undefined;
      if (!code || code.used) return res.status(400).json({ reason: "Invalid authorization code", error: "invalid_grant" });
      if (code.redirectUri !== body.redirect_uri) return res.status(400).json({ reason: "Redirect URI mismatch.", error: "invalid_request" });
      code.used = true;
      grant = { accountId: code.accountId, userId: code.userId };
    } else if (body.grant_type === "refresh_token") {
      const known = body.refresh_token ? fake.refreshTokens.get(body.refresh_token) : undefined;
      if (!known) return res.status(400).json({ reason: "Invalid Token!", error: "invalid_grant" });
      fake.refreshTokens.delete(body.refresh_token ?? "");
      grant = known;
    } else {
      return res.status(400).json({ reason: "Unsupported grant type", error: "unsupported_grant_type" });
    }
    const accessToken = token("zoom-access");
    const refreshToken = token("zoom-refresh");
    fake.accessTokens.set(accessToken, { ...grant, expiresAt: Date.now() + fake.accessTokenTtlSeconds * 1000 });
    fake.refreshTokens.set(refreshToken, grant);
    res.json({
      access_token: accessToken,
      token_type: "bearer",
      refresh_token: refreshToken,
      expires_in: fake.accessTokenTtlSeconds,
      scope: fake.scopes.join(" "),
    });
  });
}

