import type { NextFunction, Request, Response } from "express";
import { FakeServer, bearerToken } from "../fake-server";
import { registerOAuthRoutes } from "./oauth";
import { registerUserRoutes } from "./users";
import { registerRegistrantRoutes } from "./registrants";
import { registerWebinarRoutes } from "./webinars";
import { ZoomWebhookSender } from "./webhooks";

/**
 * A fake Zoom shaped like the public API (reference §A): OAuth on `/oauth/authorize`
 * and `/oauth/token` (HTTP Basic client auth, rotating refresh tokens), and the REST
 * API under `/v2` with Bearer auth. One server plays both zoom.us and api.zoom.us: the
 * app's ZOOM_OAUTH_BASE_URL is `url`, its ZOOM_API_BASE_URL is `url + "/v2"`.
 */

export interface FakeZoomUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  type: number;
  role_name?: string;
}

export interface FakeZoomAccount {
  accountId: string;
  users: FakeZoomUser[];
}

/** A webinar as the fake stores it (shared by the webinar and registrant routes). */
export interface FakeZoomWebinar {
  id: string;
  uuid: string;
  accountId: string;
  host_id: string;
  host_email: string;
  topic: string;
  type: number;
  start_time?: string;
  duration?: number;
  timezone?: string;
  join_url: string;
  /** `alternative_hosts`: emails separated by ";" or ","; `approval_type` 2 = no registration. */
  settings: { alternative_hosts: string; approval_type: number } & Record<string, unknown>;
  registrants: FakeZoomRegistrant[];
  /** Registrants allowed (Zoom: plan capacity); unlimited when unset. */
  capacity?: number;
  status?: "waiting" | "started" | "ended";
}

export interface FakeZoomRegistrant {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  status: "approved" | "pending" | "denied";
  join_url: string;
  create_time: string;
}

export interface FakeZoomOptions {
  clientId?: string;
  clientSecret?: string;
  webhookSecretToken?: string;
  accessTokenTtlSeconds?: number;
  autoApprove?: boolean;
}

export class FakeZoom extends FakeServer {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly webhookSecretToken: string;
  readonly accounts = new Map<string, FakeZoomAccount>();
  readonly accessTokens = new Map<string, { accountId: string; userId: string; expiresAt: number }>();
  /** Only the latest refresh token of a grant is valid (Zoom rotates them). */
  readonly refreshTokens = new Map<string, { accountId: string; userId: string }>();
  readonly codes = new Map<string, { accountId: string; userId: string; redirectUri: string; used: boolean }>();
  /** Webinars of every account, by id. */
  readonly webinars = new Map<string, FakeZoomWebinar>();
  accessTokenTtlSeconds: number;
  autoApprove: boolean;
  /** Scopes granted to the app (space-separated in token answers). */
  scopes = [
    "user:read:admin",
    "webinar:read:admin",
    "webinar:write:admin",
    "report:read:admin",
    "recording:read:admin",
  ];

  constructor(options: FakeZoomOptions = {}) {
    super();
    this.clientId = options.clientId ?? "fake-zoom-client";
    this.clientSecret = options.clientSecret ?? "fake-zoom-secret";
    this.webhookSecretToken = options.webhookSecretToken ?? "fake-zoom-webhook-secret";
    this.accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 3599;
    this.autoApprove = options.autoApprove ?? true;
    registerOAuthRoutes(this);
    this.app.use("/v2", (req, res, next) => this.authenticate(req, res, next));
    registerUserRoutes(this);
    registerRegistrantRoutes(this);
    registerWebinarRoutes(this);
  }

  /** Sends signed webhooks to the app's `/webhooks/zoom`, as Zoom does (webhooks.ts). */
  webhookSender(url: string) { return new ZoomWebhookSender(this.webhookSecretToken, url); }

  get apiBaseUrl() {
    return `${this.url}/v2`;
  }

  addAccount(accountId: string, users: FakeZoomUser[]): FakeZoomAccount {
    const account = { accountId, users };
    this.accounts.set(accountId, account);
    return account;
  }

  account(accountId: string): FakeZoomAccount {
    const a = this.accounts.get(accountId);
    if (!a) throw new Error(`No fake Zoom account ${accountId}`);
    return a;
  }

  /** The account and user an authenticated /v2 request acts for. */
  callerOf(res: Response): { account: FakeZoomAccount; user: FakeZoomUser } {
    return res.locals.caller;
  }

  /** Makes every access token expire now; refresh tokens stay valid. */
  expireAccessTokens() {
    for (const v of this.accessTokens.values()) v.expiresAt = 0;
  }

  /** Revokes everything (the app was removed from the Zoom account). */
  revokeAll() {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  private authenticate(req: Request, res: Response, next: NextFunction) {
    const token = bearerToken(req);
    const entry = token ? this.accessTokens.get(token) : undefined;
    if (!entry || entry.expiresAt < Date.now()) {
      return res.status(401).json({ code: 124, message: "Invalid access token." });
    }
    const account = this.accounts.get(entry.accountId);
    const user = account?.users.find((u) => u.id === entry.userId);
    if (!account || !user) return res.status(401).json({ code: 124, message: "Invalid access token." });
    res.locals.caller = { account, user };
    next();
  }
}
