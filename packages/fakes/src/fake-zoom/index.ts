import type { NextFunction, Request, Response } from "express";
import { FakeServer, bearerToken } from "../fake-server";
import { registerOAuthRoutes } from "./oauth";
import { registerUserRoutes } from "./users";
import { registerRegistrantRoutes } from "./registrants";
import { FakeWebinarActivity, registerWebinarRoutes, type FakeInstance, type FakeRecording } from "./webinars";
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
  /** Zoom's `creation_source` (GET webinar, `webinar.created`); its values are undocumented. */
  creation_source?: string;
  /** A recurring webinar's (type 6 or 9) occurrences, as GET /webinars/{id} lists them. */
  occurrences?: FakeZoomOccurrence[];
  /** Its registration form's questions (GET /webinars/{id}/registrants/questions); none when unset. */
  registration_questions?: FakeRegistrationQuestions;
}

/** Zoom's WebinarsListRegistrationQuestionsResponse (reference platform-2026 §C3). */
export interface FakeRegistrationQuestions {
  questions: { field_name: string; required: boolean }[];
  custom_questions: { title: string; type: "short" | "single_radio" | "single_dropdown" | "multiple"; required: boolean; answers: string[] }[];
}

export interface FakeZoomOccurrence {
  occurrence_id: string;
  start_time: string;
  duration: number;
  /** "available", or "deleted" for a deleted occurrence. */
  status: string;
}

export interface FakeZoomRegistrant {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  status: "approved" | "pending" | "denied";
  join_url: string;
  create_time: string;
  /** Answers to custom questions, as Zoom lists them on a registrant. */
  custom_questions?: { title: string; value: string }[];
  /** Answers to standard questions, by field_name (Zoom's SDK: the registrant's standard fields). */
  address?: string; city?: string; state?: string; zip?: string; country?: string; phone?: string; industry?: string; org?: string;
  job_title?: string; purchasing_time_frame?: string; role_in_purchase_process?: string; no_of_employees?: string; comments?: string;
}


export interface FakeZoomOptions {
  clientId?: string;
  clientSecret?: string;
  webhookSecretToken?: string;
  accessTokenTtlSeconds?: number;
  autoApprove?: boolean;
}

/** Everything the fake Zoom simulates (FakeServer.state): saved and loaded as one object. */
export interface ZoomState {
  accounts: Map<string, FakeZoomAccount>;
  accessTokens: Map<string, { accountId: string; userId: string; expiresAt: number }>;
  /** Only the latest refresh token of a grant is valid (Zoom rotates them). */
  refreshTokens: Map<string, { accountId: string; userId: string }>;
  codes: Map<string, { accountId: string; userId: string; redirectUri: string; used: boolean }>;
  /** Webinars of every account, by id. */
  webinars: Map<string, FakeZoomWebinar>;
  /** The id `addFakeWebinar` gives next when none is asked for (registrants.ts). */
  nextWebinarId: number;
  /** Add-registrant calls per `${webinarId} ${email} ${utc day}`: Zoom's daily cap (registrants.ts). */
  registrantAdds: Map<string, number>;
  /** Webinar instances by uuid, with their participants (webinars.ts). */
  instances: Map<string, FakeInstance>;
  /** Cloud recordings by instance uuid (webinars.ts). */
  recordings: Map<string, FakeRecording>;
  /** Recording files' content by file id (webinars.ts). */
  files: Map<string, { content: string; type: string }>;
}

const emptyState = (): ZoomState => ({
  accounts: new Map(),
  accessTokens: new Map(),
  refreshTokens: new Map(),
  codes: new Map(),
  webinars: new Map(),
  nextWebinarId: 81_000_000_000,
  registrantAdds: new Map(),
  instances: new Map(),
  recordings: new Map(),
  files: new Map(),
});

export class FakeZoom extends FakeServer<ZoomState> {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly webhookSecretToken: string;
  /** Starts, joins, ends and records webinars (webinars.ts), on `state`. */
  readonly activity = new FakeWebinarActivity(this);
  accessTokenTtlSeconds: number;
  autoApprove: boolean;
  /** A switch: the token endpoint refuses the app's client id and secret (`invalid_client`), as after a wrong secret is configured. */
  refuseClient = false;
  /** Scopes granted to the app (space-separated in token answers). */
  scopes = [
    "user:read:admin",
    "webinar:read:admin",
    "webinar:write:admin",
    "report:read:admin",
    "recording:read:admin",
  ];

  constructor(options: FakeZoomOptions = {}) {
    super(emptyState);
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

  /** The stores of `state`, by name, for readable tests: `fake.webinars` is `fake.state.webinars`. */
  get accounts() { return this.state.accounts; }
  get accessTokens() { return this.state.accessTokens; }
  get refreshTokens() { return this.state.refreshTokens; }
  get codes() { return this.state.codes; }
  get webinars() { return this.state.webinars; }

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
