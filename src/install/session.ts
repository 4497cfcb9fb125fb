import type { NextFunction, Request, RequestHandler, Response } from "express";
import session from "express-session";
import { promisify } from "node:util";
import type { PrismaClient } from "../db/database";
import type { Prisma } from "../generated/prisma/client";
import { deleteExpiredSessions, deleteSession, extendSession, findSession, saveSession } from "./repository/sessions";
import { AppError } from "../lib/errors";
import { randomToken, safeEqual } from "../lib/crypto";

declare module "express-session" {
  interface SessionData {
    /** HubSpot hub id, as digits. */
    portalId: string;
    /** The HubSpot user who signed in, as digits. */
    userId: string;
    csrfToken: string;
    /** A one-time message for the next page (after a form's redirect). */
    flash?: { kind: "ok" | "warning"; text: string };
  }
}

export const SESSION_COOKIE = "hzw.sid";
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** express-session's store on the sessions table: works on real and embedded Postgres. */
export class PrismaSessionStore extends session.Store {
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(private readonly prisma: Pick<PrismaClient, "session">) {
    super();
    this.pruneTimer = setInterval(() => void this.prune().catch(() => undefined), 15 * 60 * 1000);
    this.pruneTimer.unref();
  }

  override get(sid: string, cb: (err: unknown, data?: session.SessionData | null) => void) {
    findSession(this.prisma, sid).then((row) => cb(null, row && row.expiresAt > new Date() ? (row.data as unknown as session.SessionData) : null), cb);
  }

  override set(sid: string, data: session.SessionData, cb?: (err?: unknown) => void) {
    const expiresAt = expiryOf(data);
    const json = JSON.parse(JSON.stringify(data)) as Prisma.InputJsonValue;
    saveSession(this.prisma, sid, json, expiresAt).then(() => cb?.(), (err: unknown) => cb?.(err));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void) {
    deleteSession(this.prisma, sid).then(() => cb?.(), (err: unknown) => cb?.(err));
  }

  override touch(sid: string, data: session.SessionData, cb?: (err?: unknown) => void) {
    extendSession(this.prisma, sid, expiryOf(data)).then(() => cb?.(), (err: unknown) => cb?.(err));
  }

  async prune() {
    await deleteExpiredSessions(this.prisma);
  }

  close() {
    clearInterval(this.pruneTimer);
  }
}

const expiryOf = (data: session.SessionData) =>
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- a store reads the expiry as express-session's MemoryStore does; the deprecation is about setting it
  data.cookie.expires ? new Date(data.cookie.expires) : new Date(Date.now() + SESSION_TTL_MS);

export function sessionMiddleware(options: { store: session.Store; secret: string; secure: boolean }): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    store: options.store,
    secret: options.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: options.secure,
    cookie: { httpOnly: true, sameSite: "lax", secure: options.secure, maxAge: SESSION_TTL_MS },
  });
}

/** Signs the browser in to a portal; a new session id each time (no fixation). */
export async function signIn(req: Request, portalId: bigint, userId: bigint): Promise<void> {
  await promisify(req.session.regenerate.bind(req.session))();
  req.session.portalId = String(portalId);
  req.session.userId = String(userId);
  req.session.csrfToken = randomToken(24);
  await promisify(req.session.save.bind(req.session))();
}

/** The session; absent on the machine-to-machine paths that skip the session middleware (src/app.ts). */
const sessionOf = (req: Request) => req.session as Request["session"] | undefined;

/** The signed-in portal, if any. */
export function signedInPortalId(req: Request): bigint | undefined {
  const id = sessionOf(req)?.portalId;
  return id ? BigInt(id) : undefined;
}

/** The signed-in portal, or a 401. */
export function sessionPortalId(req: Request): bigint {
  const id = sessionOf(req)?.portalId;
  if (!id) throw new AppError("NOT_SIGNED_IN", "Sign in by installing the app from HubSpot (/install)", 401);
  return BigInt(id);
}

/** API calls need a session; pages send the browser to /install instead. */
export function requireSession(kind: "api" | "page"): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (sessionOf(req)?.portalId) return next();
    if (kind === "page") return res.redirect(302, "/install");
    next(new AppError("NOT_SIGNED_IN", "Sign in by installing the app from HubSpot (/install)", 401));
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Mutating calls must echo the session's CSRF token (header X-CSRF-Token, or `_csrf` in a form). */
export function requireCsrf(req: Request, _res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method)) return next();
  const expected = sessionOf(req)?.csrfToken;
  const header = req.get("x-csrf-token");
  const body = req.body as { _csrf?: unknown } | null | undefined;
  const field = typeof body === "object" && body && typeof body._csrf === "string" ? body._csrf : undefined;
  const given = header ?? field;
  if (expected && given && safeEqual(given, expected)) return next();
  next(new AppError("CSRF_TOKEN_INVALID", "Missing or wrong X-CSRF-Token (get it from GET /api/session)", 403));
}
