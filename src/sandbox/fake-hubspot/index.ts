import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { hubspotError } from "./crm-store";
import { FakeServer, bearerToken } from "../fake-server";
import { registerOAuthRoutes } from "./oauth";
import { registerPropertyRoutes } from "./properties";
import { registerCrmRoutes } from "./crm";
import { registerContactReadRoutes } from "./contacts-read";
import { defineAppEventTypes, registerAppEventRoutes } from "./app-events";
import type { AppEventType } from "../../hubspot/app-event-types";
import { registerLegacyRefusal } from "./legacy";

/**
 * A fake HubSpot shaped like the public API (reference platform-2026 §B): OAuth on
 * `/oauth/authorize` and `/oauth/2026-09/token`, Bearer auth on every API call, the
 * 110-requests-per-10-seconds limit per portal, and the endpoints the app uses, on
 * their date-based versions only (src/hubspot/versions.ts) with the 2026-09 request
 * validation and error shape; every legacy `/v1/`…`/v4/` path answers 404 (legacy.ts).
 * Each area lives in its own file and registers its routes here.
 */

export interface FakePortal {
  hubId: number;
  /** The user who installs the app. */
  userId: number;
  users: { id: string; email: string; firstName?: string; lastName?: string }[];
  propertyGroups: Map<string, { name: string; label: string; displayOrder: number }>;
  properties: Map<string, Record<string, unknown> & { name: string; groupName: string }>;
  /** Contacts by id (string, as HubSpot's v3 API shows it). */
  contacts: Map<string, FakeContact>;
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

export class FakeHubSpot extends FakeServer {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly portals = new Map<number, FakePortal>();
  /** access token → its portal and expiry. */
  readonly accessTokens = new Map<string, { hubId: number; expiresAt: number }>();
  /** refresh token → portal (HubSpot refresh tokens do not rotate). */
  readonly refreshTokens = new Map<string, number>();
  readonly codes = new Map<string, { hubId: number; userId: number; redirectUri: string; scopes: string[]; used: boolean }>();
  rateLimit: { max: number; windowMs: number };
  searchRateLimit: { max: number; windowMs: number };
  accessTokenTtlSeconds: number;
  autoApprove: boolean;
  private readonly windows = new Map<string, number[]>();
  /** Requests refused with 429, per portal. */
  readonly rateLimited = new Map<number, number>();

  constructor(options: FakeHubSpotOptions = {}) {
    super();
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
  defineAppEventTypes(appId: string, types: AppEventType[]) {
    defineAppEventTypes(this, appId, types);
  }

  addPortal(hubId: number, userId = 1000 + hubId, users: FakePortal["users"] = []): FakePortal {
    const portal: FakePortal = { hubId, userId, users, propertyGroups: new Map(), properties: new Map(), contacts: new Map() };
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
