import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Config } from "../config";
import { hubspotPaths } from "../hubspot/versions";
import type { Database } from "../db/database";
import { AppError } from "../lib/errors";
import type { TokenCipher } from "../lib/crypto";
import { HttpError, httpRequest } from "../lib/http-client";
import type { Logger } from "../lib/logger";
import { classifyRefreshFailure, type OAuthProvider } from "./oauth-errors";
import { OperatorAlerts } from "./operator-alerts";
import { RefreshLeases } from "./refresh-lease";
import { findZoomConnection, markZoomNeedsReauth, storeZoomTokens } from "./repository/zoom-connections";
import { zoomOAuthPaths } from "../zoom/oauth";

/**
 * The token vault: OAuth tokens are stored encrypted and handed out fresh. A token
 * within REFRESH_MARGIN_MS of expiry is refreshed, one refresh per connection at a time:
 * in this process by a shared promise, across processes by a short lease row
 * (src/connections/refresh-lease.ts). No database transaction is open during the HTTP
 * call. Under the lease the row is read again (another process may have refreshed it),
 * the token endpoint is called once (no HTTP retry: Zoom rotates refresh tokens, so a
 * blind second try could spend a token whose successor we never saw), and the new pair
 * is stored with one conditional UPDATE: only if the row still holds the refresh token
 * read under the lease, so an older pair never overwrites a newer one.
 *
 * Failures (src/connections/oauth-errors.ts): the tenant's grant is gone → the portal is
 * marked uninstalled / the Zoom connection needs_reauth; the operator's credentials are
 * refused → an operator alert, no tenant marked, a transient error; no answer → the
 * connection is kept as it is and the caller fails transiently (its job retries later).
 */

export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** One attempt at the token endpoint, no retry. */
export const TOKEN_CALL_TIMEOUT_MS = 15_000;
/** The lease outlives the HTTP call by a few seconds (reading and storing the row). */
export const REFRESH_LEASE_MS = TOKEN_CALL_TIMEOUT_MS + 5_000;
/** After a refresh got no answer, nobody sends that refresh token again for this long. */
export const UNKNOWN_OUTCOME_COOLDOWN_MS = 10_000;
const WAIT_POLL_MS = 100;

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

/**
 * No fresh token can be had right now, and no tenant is to blame: the token endpoint
 * gave no answer, refused the operator's own credentials, or another process holds the
 * refresh. An HttpError with status 503 (and a Retry-After), so every caller that
 * already treats 5xx as temporary retries later.
 */
export class TokenRefreshUnavailable extends HttpError {
  constructor(
    readonly provider: OAuthProvider,
    readonly reason: "unknown_outcome" | "operator_configuration" | "busy" | "changed",
    detail: string,
    retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(503, { message: detail }, new Headers({ "retry-after": String(retryAfterSeconds) }), {
      method: "POST",
      url: `${provider}:oauth/token`,
    });
    this.name = "TokenRefreshUnavailable";
    this.message = `${provider === "zoom" ? "Zoom" : "HubSpot"} token refresh unavailable (${reason}): ${detail}`;
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

interface StoredTokens {
  accessToken: string | null;
  refreshToken: string | null;
  accessTokenExpiresAt: Date | null;
}

/** Column values for a token set, sealed (TokenVault.seal). */
export interface SealedTokens {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
}

/**
 * The portals' token columns. Portals belong to src/install, whose repository implements
 * this (src/install/repository/portals.ts); src/services.ts hands it to the vault.
 */
export interface PortalTokenStore {
  read(portalId: bigint): Promise<(StoredTokens & { uninstalledAt: Date | null }) | null>;
  /** Stores a refreshed pair if the portal is installed and still holds `readRefresh`; false when it changed. */
  store(portalId: bigint, readRefresh: string, sealed: SealedTokens): Promise<boolean>;
  /** HubSpot refused the refresh token: the portal is marked uninstalled, if it still holds `readRefresh`. */
  markUninstalled(portalId: bigint, readRefresh: string): Promise<boolean>;
}

export interface TokenVaultDeps {
  db: Database;
  cipher: TokenCipher;
  config: Pick<Config, "hubspot" | "zoom">;
  logger: Logger;
  portals: PortalTokenStore;
}

/** How one kind of connection is read, refreshed, stored and marked. */
interface Holder {
  provider: OAuthProvider;
  id: string;
  /** The row's tokens when the connection is usable; otherwise throws what the caller should see. */
  read(): Promise<StoredTokens & { refreshToken: string }>;
  refresh(refreshToken: string): Promise<TokenSet>;
  /** Stores the new pair if the row still holds `readRefresh`; false when it changed. */
  store(readRefresh: string, sealed: SealedTokens): Promise<boolean>;
  /** Marks the tenant (needs_reauth / uninstalled) if the row still holds `readRefresh`. */
  markRefused(readRefresh: string): Promise<boolean>;
  refused(): Error;
}

export interface TokenVaultOptions {
  leaseMs?: number;
  unknownOutcomeCooldownMs?: number;
}

export class TokenVault {
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly leases: RefreshLeases;
  readonly alerts: OperatorAlerts;
  /** This vault's name on the leases it takes (one vault per process). */
  private readonly holderId = randomUUID();
  private readonly leaseMs: number;
  private readonly cooldownMs: number;

  private readonly db: Database;
  private readonly cipher: TokenCipher;
  private readonly config: TokenVaultDeps["config"];
  private readonly logger: Logger;
  private readonly portals: PortalTokenStore;

  constructor(deps: TokenVaultDeps, options: TokenVaultOptions = {}) {
    this.db = deps.db;
    this.cipher = deps.cipher;
    this.config = deps.config;
    this.logger = deps.logger;
    this.portals = deps.portals;
    this.leases = new RefreshLeases(deps.db.sql);
    this.alerts = new OperatorAlerts(deps.db, deps.logger);
    this.leaseMs = options.leaseMs ?? REFRESH_LEASE_MS;
    this.cooldownMs = options.unknownOutcomeCooldownMs ?? UNKNOWN_OUTCOME_COOLDOWN_MS;
  }

  /** Column values for a new token set, sealed. */
  seal(tokens: TokenSet, now = Date.now()): SealedTokens {
    return {
      accessToken: this.cipher.encrypt(tokens.accessToken),
      refreshToken: this.cipher.encrypt(tokens.refreshToken),
      accessTokenExpiresAt: new Date(now + tokens.expiresIn * 1000),
    };
  }

  /** A usable Zoom access token for this connection. */
  getZoomAccessToken(connectionId: string): Promise<string> {
    return this.once(`zoom:${connectionId}`, () => this.token(this.zoomHolder(connectionId)));
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
    return this.once(`hubspot:${id}`, () => this.token(this.hubspotHolder(id)));
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

  /**
   * The stored token when fresh; otherwise take the lease (or wait for its holder's
   * result), read the row again, refresh once, store, give the lease back.
   */
  private async token(h: Holder): Promise<string> {
    const key = `${h.provider}:${h.id}`;
    const deadline = Date.now() + this.leaseMs + 2_000;
    for (;;) {
      const row = await h.read();
      const ready = this.fresh(row);
      if (ready) return ready;

      const lease = await this.leases.acquire(key, this.holderId, this.leaseMs);
      if (lease.acquired) return this.refreshUnderLease(h, key, lease.unknownOutcomeAt);
      // A refresh just got no answer (here or in another process): do not send the same,
      // possibly rotated, refresh token again now; the caller's job retries later.
      if (lease.coolingDown) {
        throw new TokenRefreshUnavailable(h.provider, "unknown_outcome", "a refresh of this connection just got no answer", Math.ceil(this.cooldownMs / 1000));
      }
      // Another process is refreshing: its result lands in the row.
      if (Date.now() > deadline) {
        throw new TokenRefreshUnavailable(h.provider, "busy", "another process is still refreshing this connection", 10);
      }
      await sleep(WAIT_POLL_MS);
    }
  }

  private async refreshUnderLease(h: Holder, key: string, earlierUnknown: Date | null): Promise<string> {
    let settled = false;
    try {
      // Someone may have refreshed between our first read and the lease.
      const row = await h.read();
      const already = this.fresh(row);
      if (already) return already;
      const readRefresh = row.refreshToken;
      const plainRefresh = this.cipher.decrypt(readRefresh);

      let tokens: TokenSet;
      try {
        tokens = await h.refresh(plainRefresh);
      } catch (err) {
        settled = true;
        return await this.refreshFailed(h, key, readRefresh, err, earlierUnknown);
      }

      const stored = await h.store(readRefresh, this.seal(tokens));
      settled = true;
      await this.leases.succeeded(key, this.holderId);
      await this.alerts.resolve(h.provider);
      if (stored) return tokens.accessToken;
      // The row changed under us (a reconnect, a disconnect): it wins; read it again.
      const now = await h.read();
      const current = this.fresh(now);
      if (current) return current;
      throw new TokenRefreshUnavailable(h.provider, "changed", "the connection changed during the refresh", 5);
    } finally {
      if (!settled) await this.leases.release(key, this.holderId).catch(() => undefined);
    }
  }

  private async refreshFailed(h: Holder, key: string, readRefresh: string, err: unknown, earlierUnknown: Date | null): Promise<string> {
    const failure = classifyRefreshFailure(h.provider, err);
    const log = { provider: h.provider, connection: h.id };
    switch (failure.kind) {
      case "tenant": {
        const marked = await h.markRefused(readRefresh);
        await this.leases.succeeded(key, this.holderId);
        if (!marked) {
          // Refused a token the row no longer holds (reconnected meanwhile): the row wins.
          const now = await h.read();
          const current = this.fresh(now);
          if (current) return current;
          throw new TokenRefreshUnavailable(h.provider, "changed", "the connection changed during the refresh", 5);
        }
        this.logger.warn(
          { ...log, code: failure.code, providerMessage: failure.message, earlierAnswerLostAt: earlierUnknown ?? undefined },
          earlierUnknown
            ? "the refresh token was refused after an earlier refresh's answer was lost (Zoom had probably rotated it): the connection needs reauthorization"
            : h.provider === "zoom"
              ? "Zoom refused the refresh token; the connection needs reauthorization"
              : "HubSpot refused the refresh token; the portal is marked uninstalled",
        );
        throw h.refused();
      }
      case "operator":
        await this.leases.release(key, this.holderId);
        await this.alerts.record(h.provider, failure.code, failure.message);
        throw new TokenRefreshUnavailable(h.provider, "operator_configuration", `${failure.code}: ${failure.message}`, 60, { cause: err });
      case "unknown": {
        // Zoom may have rotated the pair and the new one is in an answer we never read.
        // Another process cannot have stored one (we hold the lease), but check the row.
        await this.leases.outcomeUnknown(key, this.holderId, this.cooldownMs);
        const now = await h.read().catch(() => undefined);
        if (now && now.refreshToken !== readRefresh) {
          const current = this.fresh(now);
          if (current) return current;
        }
        this.logger.warn({ ...log, error: failure.message }, "the token refresh got no answer; the connection is kept as it is and the refresh will be tried again later");
        throw new TokenRefreshUnavailable(h.provider, "unknown_outcome", failure.message, Math.ceil(this.cooldownMs / 1000), { cause: err });
      }
      case "transient":
        await this.leases.release(key, this.holderId);
        throw err;
    }
  }

  private zoomHolder(connectionId: string): Holder {
    const prisma = this.db.prisma;
    return {
      provider: "zoom",
      id: connectionId,
      read: async () => {
        const row = await findZoomConnection(prisma, connectionId);
        if (!row || row.status === "disconnected" || !row.refreshToken) {
          throw new AppError("ZOOM_NOT_CONNECTED", "Zoom is not connected", 409);
        }
        if (row.status === "needs_reauth") throw new ReauthorizationRequired("zoom", connectionId);
        return { ...row, refreshToken: row.refreshToken };
      },
      refresh: (token) => this.refreshZoom(token),
      store: (readRefresh, sealed) => storeZoomTokens(prisma, connectionId, readRefresh, sealed),
      markRefused: (readRefresh) => markZoomNeedsReauth(prisma, connectionId, readRefresh),
      refused: () => new ReauthorizationRequired("zoom", connectionId),
    };
  }

  private hubspotHolder(portalId: bigint): Holder {
    return {
      provider: "hubspot",
      id: String(portalId),
      read: async () => {
        const row = await this.portals.read(portalId);
        if (!row || !row.refreshToken) throw new AppError("PORTAL_NOT_INSTALLED", "The app is not installed in this portal", 409);
        if (row.uninstalledAt) throw new ReauthorizationRequired("hubspot", String(portalId));
        return { ...row, refreshToken: row.refreshToken };
      },
      refresh: (token) => this.refreshHubSpot(token),
      store: (readRefresh, sealed) => this.portals.store(portalId, readRefresh, sealed),
      // HubSpot refuses the refresh token once the app is uninstalled: stop syncing.
      markRefused: (readRefresh) => this.portals.markUninstalled(portalId, readRefresh),
      refused: () => new ReauthorizationRequired("hubspot", String(portalId)),
    };
  }

  /** POST {ZOOM_OAUTH_BASE_URL}/oauth/token, HTTP Basic client auth (reference §A1;
   * https://developers.zoom.us/docs/integrations/oauth/#refreshing-an-access-token). Sent once. */
  private async refreshZoom(refreshToken: string): Promise<TokenSet> {
    const { clientId, clientSecret, oauthBaseUrl } = this.config.zoom;
    const res = await httpRequest<OAuthTokenAnswer>(
      {
        method: "POST",
        url: `${oauthBaseUrl}${zoomOAuthPaths.token()}`,
        headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
        form: { grant_type: "refresh_token", refresh_token: refreshToken },
      },
      TOKEN_CALL,
    );
    return toTokenSet(res.body);
  }

  /** POST {HUBSPOT_API_BASE_URL}/oauth/2026-09/token, all parameters in the form body
   * (reference platform-2026 §B1; https://developers.hubspot.com/docs/api-reference/auth-oauth-v1/guide). Sent once. */
  private async refreshHubSpot(refreshToken: string): Promise<TokenSet> {
    const { clientId, clientSecret, apiBaseUrl } = this.config.hubspot;
    const res = await httpRequest<OAuthTokenAnswer>(
      {
        method: "POST",
        url: `${apiBaseUrl}${hubspotPaths.oauthToken()}`,
        form: {
          grant_type: "refresh_token",
          client_id: clientId,
          client_secret: clientSecret,
          refresh_token: refreshToken,
        },
      },
      TOKEN_CALL,
    );
    return toTokenSet(res.body);
  }
}

/** Token calls are sent once: a grant is not retried by the HTTP client. */
export const TOKEN_CALL = { retries: 0, timeoutMs: TOKEN_CALL_TIMEOUT_MS } as const;

export interface OAuthTokenAnswer {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope?: string;
  scopes?: string[];
}

/** `body` is what the token endpoint answered, unchecked: it may lack any field. */
export function toTokenSet(body: Partial<OAuthTokenAnswer> | null | undefined): TokenSet {
  if (!body || typeof body.access_token !== "string" || typeof body.refresh_token !== "string") {
    throw new AppError("BAD_TOKEN_ANSWER", "The token endpoint answered without tokens", 502);
  }
  return { accessToken: body.access_token, refreshToken: body.refresh_token, expiresIn: Number(body.expires_in) || 3600 };
}
