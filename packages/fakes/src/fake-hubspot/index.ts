import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { emptyCrm, hubspotError, type FakeCrm } from "./crm-store";
import { FakeServer, bearerToken } from "../fake-server";
import { registerOAuthRoutes } from "./oauth";
import { registerPropertyRoutes } from "./properties";
import { registerCrmRoutes } from "./crm";
import { registerContactReadRoutes } from "./contacts-read";
import { qualifiedAppEventTypeName, registerAppEventRoutes, type AppEventTypeDefinition } from "./app-events";
import { registerLegacyRefusal } from "./legacy";

/**
 * A fake HubSpot shaped like the public API (reference platform-2026 §B): OAuth on
 * `/oauth/authorize` and `/oauth/2026-09/token`, Bearer auth on every API call, the
 * 110-requests-per-10-seconds limit per portal, and the endpoints the app uses, on
 * their date-based versions only (routes.ts) with the 2026-09 request
 * validation and error shape; every legacy `/v1/`…`/v4/` path answers 404 (legacy.ts).
 * Each area lives in its own file and registers its routes here.
 */

/** A portal holds its users, its property definitions and its CRM records (crm-store.ts). */
export interface FakePortal extends FakeCrm {
  hubId: number;
  /** The user who installs the app. */
  userId: number;
  users: { id: string; email: string; firstName?: string; lastName?: string }[];
  propertyGroups: Map<string, { name: string; label: string; displayOrder: number }>;
  properties: Map<string, Record<string, unknown> & { name: string; groupName: string }>;
}

export interface FakeContact {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface FakeHubSpotOptions {
  clientId?: string;
  clientSecret?: string;
  /** Requests allowed per portal per window (HubSpot: 110 per 10 s), CRM search excepted. */
  rateLimit?: { max: number; windowMs: number };
  /** CRM search requests allowed per portal per window (HubSpot: 5 per second). */
  searchRateLimit?: { max: number; windowMs: number };
  accessTokenTtlSeconds?: number;
  /** Skip the consent page: /oauth/authorize redirects straight back with a code. */
  autoApprove?: boolean;
}

/** Everything the fake HubSpot simulates (FakeServer.state): saved and loaded as one object. */
export interface HubSpotState {
  portals: Map<number, FakePortal>;
  /** access token → its portal and expiry. */
  accessTokens: Map<string, { hubId: number; expiresAt: number }>;
  /** refresh token → portal (HubSpot refresh tokens do not rotate). */
  refreshTokens: Map<string, number>;
  codes: Map<string, { hubId: number; userId: number; redirectUri: string; scopes: string[]; used: boolean }>;
  /** The id `addFakeContact` gives next (contacts-read.ts). */
  nextHelperContactId: number;
}

const emptyState = (): HubSpotState => ({
  portals: new Map(),
  accessTokens: new Map(),
  refreshTokens: new Map(),
  codes: new Map(),
  nextHelperContactId: 50_001,
});

export class FakeHubSpot extends FakeServer<HubSpotState> {
  readonly clientId: string;
  readonly clientSecret: string;
  /**
   * Fully qualified name → the app event type an app declared in its project. Configuration,
   * not state: declared again at each start (`defineAppEventTypes`).
   */
  readonly appEventTypes = new Map<string, AppEventTypeDefinition>();
  rateLimit: { max: number; windowMs: number };
  searchRateLimit: { max: number; windowMs: number };
  accessTokenTtlSeconds: number;
  autoApprove: boolean;
  /** A switch: the token endpoint refuses the app's client id and secret (`invalid_client`), as after a wrong secret is configured. */
  refuseClient = false;
  /** Rate-limit windows: traffic bookkeeping, not state. */
  private readonly windows = new Map<string, number[]>();
  /** Requests refused with 429, per portal (traffic bookkeeping, not state). */
  readonly rateLimited = new Map<number, number>();

  constructor(options: FakeHubSpotOptions = {}) {
    super(emptyState);
    this.clientId = options.clientId ?? "fake-hubspot-client";
    this.clientSecret = options.clientSecret ?? "fake-hubspot-secret";
    this.rateLimit = options.rateLimit ?? { max: 110, windowMs: 10_000 };
    this.searchRateLimit = options.searchRateLimit ?? { max: 5, windowMs: 1_000 };
    this.accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 1800;
    this.autoApprove = options.autoApprove ?? true;
    registerLegacyRefusal(this);
    registerOAuthRoutes(this);
    // Everything below needs a Bearer token of an installed portal.
    this.app.use(["/crm", "/marketing", "/settings", "/integrators", "/automation"], (req, res, next) => this.authenticate(req, res, next));
    registerPropertyRoutes(this);
    registerCrmRoutes(this);
    registerContactReadRoutes(this);
    registerAppEventRoutes(this);
  }

  /** The timeline event types an app declared in its project (its app events), as HubSpot knows them after a deploy. */
  defineAppEventTypes(appId: string, types: AppEventTypeDefinition[]) {
    for (const t of types) this.appEventTypes.set(qualifiedAppEventTypeName(appId, t.uid), t);
  }

  /** The stores of `state`, by name, for readable tests: `fake.portals` is `fake.state.portals`. */
  get portals() { return this.state.portals; }
  get accessTokens() { return this.state.accessTokens; }
  get refreshTokens() { return this.state.refreshTokens; }
  get codes() { return this.state.codes; }

  addPortal(hubId: number, userId = 1000 + hubId, users: FakePortal["users"] = []): FakePortal {
    const portal: FakePortal = { hubId, userId, users, propertyGroups: new Map(), properties: new Map(), ...emptyCrm() };
    this.portals.set(hubId, portal);
    return portal;
  }

  portal(hubId: number): FakePortal {
    const p = this.portals.get(hubId);
    if (!p) throw new Error(`No fake portal ${hubId}`);
    return p;
  }

  /** The portal an authenticated request is for (set by `authenticate`). */
  portalOf(res: Response): FakePortal {
    return res.locals.portal as FakePortal;
  }

  /** Uninstalling revokes every token of the portal. */
  uninstall(hubId: number) {
    for (const [t, v] of this.accessTokens) if (v.hubId === hubId) this.accessTokens.delete(t);
    for (const [t, v] of this.refreshTokens) if (v === hubId) this.refreshTokens.delete(t);
  }

  /** Makes every access token of the portal expire now (the refresh token stays valid). */
  expireAccessTokens(hubId: number) {
    for (const v of this.accessTokens.values()) if (v.hubId === hubId) v.expiresAt = 0;
  }

  private authenticate(req: Request, res: Response, next: NextFunction) {
    const token = bearerToken(req);
    const entry = token ? this.accessTokens.get(token) : undefined;
    if (!entry || entry.expiresAt < Date.now()) {
      return hubspotError(res, 401, "INVALID_AUTHENTICATION", "Authentication credentials not found or expired.");
    }
    // CRM search has its own limit and is exempt from the ten-secondly one (reference §B7).
    const search = req.method === "POST" && /^\/crm\/objects\/[^/]+\/[^/]+\/search$/.test(req.originalUrl.split("?")[0] ?? "");
    const limit = search ? this.searchRateLimit : this.rateLimit;
    if (!this.allow(`${search ? "search" : "api"}:${entry.hubId}`, limit)) {
      this.rateLimited.set(entry.hubId, (this.rateLimited.get(entry.hubId) ?? 0) + 1);
      return res
        .status(429)
        .set({
          "X-HubSpot-RateLimit-Interval-Milliseconds": String(limit.windowMs),
          "X-HubSpot-RateLimit-Max": String(limit.max),
          "X-HubSpot-RateLimit-Remaining": "0",
        })
        .json({
          status: "error",
          message: search ? "You have reached your secondly limit." : "You have reached your ten_secondly_rolling limit.",
          correlationId: randomUUID(),
          errorType: "RATE_LIMIT",
          policyName: search ? "SECONDLY" : "TEN_SECONDLY_ROLLING",
          category: "RATE_LIMITS",
        });
    }
    res.locals.portal = this.portal(entry.hubId);
    next();
  }

  /**
   * A rolling window per portal and limit: search requests in their own (5 per second),
   * every other request in the ten-secondly one.
   * Not confirmed (README "Known unknowns"): the policy name and headers HubSpot sends
   * with a 429 of the search limit; the ten-secondly ones are used here.
   */
  private allow(key: string, limit: { max: number; windowMs: number }): boolean {
    const now = Date.now();
    const recent = (this.windows.get(key) ?? []).filter((t) => t > now - limit.windowMs);
    if (recent.length >= limit.max) {
      this.windows.set(key, recent);
      return false;
    }
    recent.push(now);
    this.windows.set(key, recent);
    return true;
  }
}
