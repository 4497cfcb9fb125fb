import type { Config } from "../config";
import { hubspotPaths } from "../hubspot/versions";
import type { Database } from "../db/database";
import { AppError } from "../lib/errors";
import type { TokenCipher } from "../lib/crypto";
import { HttpError, httpRequest } from "../lib/http-client";
import type { Logger } from "../lib/logger";

/**
 * The token vault: OAuth tokens are stored encrypted and handed out fresh. A token
 * within REFRESH_MARGIN_MS of expiry is refreshed; one refresh per connection runs at a
 * time, in this process (shared promise) and across processes (a row lock taken with
 * SELECT … FOR UPDATE, then the row is read again: another process may have refreshed
 * it meanwhile). Zoom rotates refresh tokens, so the new pair is stored in the same
 * transaction that held the lock.
 */

export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
}

/** The connection needs a human: reinstall (HubSpot) or reconnect (Zoom). */
export class ReauthorizationRequired extends AppError {
  constructor(what: "hubspot" | "zoom", id: string) {
    super(
      what === "zoom" ? "ZOOM_REAUTHORIZATION_REQUIRED" : "HUBSPOT_REAUTHORIZATION_REQUIRED",
      what === "zoom"
        ? `The Zoom connection ${id} must be connected again`
        : `Portal ${id} must install the app again`,
      409,
    );
  }
}

interface StoredTokens {
  accessToken: string | null;
  refreshToken: string | null;
  accessTokenExpiresAt: Date | null;
}

export class TokenVault {
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly db: Database,
    private readonly cipher: TokenCipher,
    private readonly config: Config,
    private readonly logger: Logger,
  ) {}

  /** Column values for a new token set, sealed. */
  seal(tokens: TokenSet, now = Date.now()) {
    return {
      accessToken: this.cipher.encrypt(tokens.accessToken),
      refreshToken: this.cipher.encrypt(tokens.refreshToken),
      accessTokenExpiresAt: new Date(now + tokens.expiresIn * 1000),
    };
  }

  /** A usable Zoom access token for this connection. */
  getZoomAccessToken(connectionId: string): Promise<string> {
    return this.once(`zoom:${connectionId}`, () => this.zoomToken(connectionId));
  }

  /**
   * getZoomAccessToken for a connection whose row the caller read a moment ago (active,
   * with its sealed tokens): a fresh token in that row is used as is, without reading
   * the row again; anything else (near expiry, no token) goes the usual way.
   */
  async zoomAccessTokenFrom(row: { id: string } & StoredTokens): Promise<string> {
    return (row.refreshToken ? this.fresh(row) : undefined) ?? this.getZoomAccessToken(row.id);
  }

  /** A usable HubSpot access token for this portal. */
  getHubSpotAccessToken(portalId: bigint | number | string): Promise<string> {
    const id = BigInt(portalId);
    return this.once(`hubspot:${id}`, () => this.hubspotToken(id));
  }

  private once(key: string, work: () => Promise<string>): Promise<string> {
    const running = this.inflight.get(key);
    if (running) return running;
    const p = work().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private fresh(row: StoredTokens): string | undefined {
    if (row.accessToken && row.accessTokenExpiresAt && row.accessTokenExpiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS) {
      return this.cipher.decrypt(row.accessToken);
    }
    return undefined;
  }

  private async zoomToken(connectionId: string): Promise<string> {
    const row = await this.db.prisma.zoomConnection.findUnique({ where: { id: connectionId } });
    if (!row || row.status === "disconnected" || !row.refreshToken) {
      throw new AppError("ZOOM_NOT_CONNECTED", "Zoom is not connected", 409);
    }
    if (row.status === "needs_reauth") throw new ReauthorizationRequired("zoom", connectionId);
    const ready = this.fresh(row);
    if (ready) return ready;

    const outcome = await this.db.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM zoom_connections WHERE id = ${connectionId}::uuid FOR UPDATE`;
        const locked = await tx.zoomConnection.findUniqueOrThrow({ where: { id: connectionId } });
        if (locked.status !== "active" || !locked.refreshToken) return { kind: "gone" as const };
        const already = this.fresh(locked);
        if (already) return { kind: "token" as const, token: already };
        try {
          const tokens = await this.refreshZoom(this.cipher.decrypt(locked.refreshToken));
          await tx.zoomConnection.update({ where: { id: connectionId }, data: this.seal(tokens) });
          return { kind: "token" as const, token: tokens.accessToken };
        } catch (err) {
          if (!isRefusedGrant(err)) throw err;
          await tx.zoomConnection.update({ where: { id: connectionId }, data: { status: "needs_reauth" } });
          return { kind: "refused" as const };
        }
      },
      { timeout: 60_000, maxWait: 60_000 },
    );
    if (outcome.kind === "token") return outcome.token;
    if (outcome.kind === "refused") {
      this.logger.warn({ connectionId }, "Zoom refused the refresh token; the connection needs reauthorization");
    }
    throw outcome.kind === "refused"
      ? new ReauthorizationRequired("zoom", connectionId)
      : new AppError("ZOOM_NOT_CONNECTED", "Zoom is not connected", 409);
  }

  private async hubspotToken(portalId: bigint): Promise<string> {
    const row = await this.db.prisma.portal.findUnique({ where: { id: portalId } });
    if (!row || !row.refreshToken) throw new AppError("PORTAL_NOT_INSTALLED", "The app is not installed in this portal", 409);
    if (row.uninstalledAt) throw new ReauthorizationRequired("hubspot", String(portalId));
    const ready = this.fresh(row);
    if (ready) return ready;

    const outcome = await this.db.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT hub_id FROM portals WHERE hub_id = ${portalId} FOR UPDATE`;
        const locked = await tx.portal.findUniqueOrThrow({ where: { id: portalId } });
        if (locked.uninstalledAt || !locked.refreshToken) return { kind: "refused" as const };
        const already = this.fresh(locked);
        if (already) return { kind: "token" as const, token: already };
        try {
          const tokens = await this.refreshHubSpot(this.cipher.decrypt(locked.refreshToken));
          await tx.portal.update({ where: { id: portalId }, data: this.seal(tokens) });
          return { kind: "token" as const, token: tokens.accessToken };
        } catch (err) {
          if (!isRefusedGrant(err)) throw err;
          // HubSpot refuses the refresh token once the app is uninstalled: stop syncing.
          await tx.portal.update({ where: { id: portalId }, data: { uninstalledAt: new Date() } });
          return { kind: "refused" as const };
        }
      },
      { timeout: 60_000, maxWait: 60_000 },
    );
    if (outcome.kind === "token") return outcome.token;
    this.logger.warn({ portalId: String(portalId) }, "HubSpot refused the refresh token; the portal is marked uninstalled");
    throw new ReauthorizationRequired("hubspot", String(portalId));
  }

  /** POST {ZOOM_OAUTH_BASE_URL}/oauth/token, HTTP Basic client auth (reference §A1). */
  private async refreshZoom(refreshToken: string): Promise<TokenSet> {
    const { clientId, clientSecret, oauthBaseUrl } = this.config.zoom;
    const res = await httpRequest<OAuthTokenAnswer>({
      method: "POST",
      url: `${oauthBaseUrl}/oauth/token`,
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
      form: { grant_type: "refresh_token", refresh_token: refreshToken },
    });
    return toTokenSet(res.body);
  }

  /** POST {HUBSPOT_API_BASE_URL}/oauth/2026-09/token, all parameters in the form body
   * (reference platform-2026 §B1; https://developers.hubspot.com/docs/api-reference/auth-oauth-v1/guide). */
  private async refreshHubSpot(refreshToken: string): Promise<TokenSet> {
    const { clientId, clientSecret, apiBaseUrl } = this.config.hubspot;
    const res = await httpRequest<OAuthTokenAnswer>({
      method: "POST",
      url: `${apiBaseUrl}${hubspotPaths.oauthToken()}`,
      form: {
        grant_type: "refresh_token",
        client_id: clientId ?? "",
        client_secret: clientSecret ?? "",
        refresh_token: refreshToken,
      },
    });
    return toTokenSet(res.body);
  }
}

export interface OAuthTokenAnswer {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope?: string;
  scopes?: string[];
}

export function toTokenSet(body: OAuthTokenAnswer): TokenSet {
  if (!body || typeof body.access_token !== "string" || typeof body.refresh_token !== "string") {
    throw new AppError("BAD_TOKEN_ANSWER", "The token endpoint answered without tokens", 502);
  }
  return { accessToken: body.access_token, refreshToken: body.refresh_token, expiresIn: Number(body.expires_in) || 3600 };
}

/**
 * The token endpoint refused the refresh token itself (RFC 6749 `invalid_grant`,
 * HubSpot's BAD_REFRESH_TOKEN, Zoom's "Invalid Token!"), as opposed to being down.
 */
export function isRefusedGrant(err: unknown): boolean {
  if (!(err instanceof HttpError) || err.status === 429 || err.status >= 500) return false;
  const body = (err.body ?? {}) as Record<string, unknown>;
  const words = [body.error, body.status, body.reason, body.message].map((v) => String(v ?? "")).join(" ");
  return /invalid_grant|BAD_REFRESH_TOKEN|invalid token|invalid_request/i.test(words) || err.status === 401;
}
