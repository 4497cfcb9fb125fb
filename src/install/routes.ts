import { Router, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import { Passport } from "passport";
import { z } from "zod";
import type { Config } from "../config";
import type { OnConnectionSaved } from "../connections/repository/zoom-connections";
import { toTokenSet, type OAuthTokenAnswer, type TokenVault } from "../connections/vault";
import type { Database } from "../db/database";
import type { HubSpotWriter } from "../hubspot/writer";
import { HUBSPOT_CALLBACK_PATH, ZOOM_CALLBACK_PATH } from "../http/public-paths";
import { AppError } from "../lib/errors";
import type { Logger } from "../lib/logger";
import type { Secrets } from "../lib/secrets";
import type { ZoomApiFactory } from "../zoom/api";
import { connectionHealth } from "./health";
import { completeHubSpotInstall, completeZoomConnect, disconnectZoom, portalStatus } from "./install";
import { requireSession, sessionPortalId, signIn } from "./session";
import { ExchangeDeadline, hubspotStrategy, zoomStrategy } from "./strategies";

/** What the HubSpot token endpoint answers on install (reference §B1). */
const HubSpotInstallAnswer = z.object({
  hub_id: z.coerce.bigint(),
  user_id: z.coerce.bigint(),
  scopes: z.array(z.string()).optional(),
  scope: z.string().optional(),
});

interface Installed {
  hubId: bigint;
  userId: bigint;
}

/** What the install routes use (src/app.ts hands them over). */
export interface InstallDeps {
  config: Config;
  logger: Logger;
  secrets: Pick<Secrets, "sessionSecret">;
  db: Pick<Database, "prisma">;
  vault: Pick<TokenVault, "seal">;
  hubspotApi: (portalId: bigint) => HubSpotWriter;
  zoomApi: Pick<ZoomApiFactory, "withAccessToken">;
  /** Runs in the transaction that stores a Zoom connection (src/app.ts: a backfill of past webinars starts). */
  onZoomConnected?: OnConnectionSaved;
}

/**
 * Install and connect (CONTRACT.md §3): /install, the HubSpot callback, Zoom connect
 * and callback. Both flows go through Passport strategies with signed, single-use,
 * browser-bound state.
 */
export function installRoutes(s: InstallDeps): Router {
  const router = Router();
  const passport = new Passport();
  const log = s.logger.child({ area: "install" });
  const deadline = new ExchangeDeadline();

  passport.use(
    "hubspot",
    hubspotStrategy(s, deadline, (_req, _accessToken, _refreshToken, params, _profile, done) => {
      const answer = HubSpotInstallAnswer.safeParse(params);
      if (!answer.success) return done(new AppError("BAD_TOKEN_ANSWER", "HubSpot answered without hub_id/user_id", 502));
      const { hub_id: hubId, user_id: userId } = answer.data;
      const scopes = answer.data.scopes ?? (answer.data.scope ?? "").split(" ").filter(Boolean);
      const deps = { prisma: s.db.prisma, vault: s.vault, hubspotApi: s.hubspotApi };
      completeHubSpotInstall(deps, { hubId, userId, scopes, tokens: toTokenSet(params as OAuthTokenAnswer) })
        .then(({ created }) => {
          log.info({ portalId: String(hubId), created }, "portal installed");
          done(null, { hubId, userId } satisfies Installed);
        })
        .catch((err: unknown) => done(err as Error));
    }),
  );

  passport.use(
    "zoom",
    zoomStrategy(s, deadline, (req, _accessToken, _refreshToken, params, _profile, done) => {
      const portalId = sessionPortalId(req);
      completeZoomConnect({ prisma: s.db.prisma, vault: s.vault, zoomApi: s.zoomApi, onConnected: s.onZoomConnected }, portalId, params as OAuthTokenAnswer)
        .then((connection) => {
          log.info({ portalId: String(portalId), accountId: connection.accountId }, "Zoom connected");
          done(null, connection);
        })
        .catch((err: unknown) => done(err as Error));
    }),
  );

  /** Runs a strategy's callback and turns its outcome into a redirect or a page. */
  const finish =
    (name: "hubspot" | "zoom", onSuccess: (req: Request, res: Response, user: unknown) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction): void => {
      if (req.query.error) {
        const denied = req.query.error === "access_denied";
        const said = req.query.error_description ?? req.query.error;
        return res.status(denied ? 200 : 400).render("message", {
          title: denied ? "Nothing was connected" : "The connection failed",
          message: denied
            ? `You cancelled the ${name === "hubspot" ? "HubSpot install" : "Zoom connection"}. Nothing was stored.`
            : `${name === "hubspot" ? "HubSpot" : "Zoom"} said: ${typeof said === "string" ? said : JSON.stringify(said)}`,
          link: name === "hubspot" ? { href: "/", text: "Back to the start page" } : { href: "/settings", text: "Back to settings" },
        });
      }
      if (typeof req.query.code !== "string" || typeof req.query.state !== "string") {
        return next(new AppError("BAD_CALLBACK", "The callback is missing its code or state", 400));
      }
      const provider = name === "hubspot" ? "HubSpot" : "Zoom";
      deadline.start(req, () =>
        next(new AppError("OAUTH_TIMEOUT", `${provider} did not answer in time. Nothing was stored: please start again.`, 504)),
      );
      (passport.authenticate(name, { session: false }, (err: unknown, user: unknown, info: { message?: string } | undefined): void => {
        // Already answered when the exchange outlived its deadline: its late outcome is dropped.
        if (!deadline.stop(req)) return;
        if (err) return next(err instanceof AppError ? err : new AppError("OAUTH_FAILED", "The connection could not be completed", 502, undefined, { cause: err }));
        if (!user) return next(new AppError("BAD_STATE", info?.message ?? "The sign-in link is not valid", 400));
        onSuccess(req, res, user).catch(next);
      }) as RequestHandler)(req, res, next);
    };

  router.get("/install", installRateLimit(), passport.authenticate("hubspot", { session: false }) as RequestHandler);
  router.get(
    HUBSPOT_CALLBACK_PATH,
    finish("hubspot", async (req, res, user) => {
      const { hubId, userId } = user as Installed;
      await signIn(req, hubId, userId);
      res.redirect(302, "/settings");
    }),
  );

  router.get("/oauth/zoom/connect", requireSession("page"), passport.authenticate("zoom", { session: false }) as RequestHandler);
  router.get(
    ZOOM_CALLBACK_PATH,
    requireSession("page"),
    finish("zoom", (_req, res) => {
      res.redirect(302, "/settings");
      return Promise.resolve();
    }),
  );
  return router;
}

/** Starts of the install flow allowed per client address and window (an admin needs one or two). */
export const INSTALL_RATE_LIMIT = { limit: 30, windowMs: 10 * 60 * 1000 };

/**
 * `GET /install` is anonymous: per client address (behind a proxy, the address the
 * proxy reports; `trust proxy` is set for https base URLs, src/app.ts) at most
 * INSTALL_RATE_LIMIT starts per window, then `429` with `Retry-After`. The count is kept
 * in the process's memory: with several web processes the limit is per process.
 */
function installRateLimit() {
  return rateLimit({
    ...INSTALL_RATE_LIMIT,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    // Without `trust proxy` (http base URLs) a forwarded header is deliberately ignored.
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next) =>
      next(new AppError("TOO_MANY_REQUESTS", "Too many install attempts from this address; please wait a few minutes", 429)),
  });
}

/**
 * The Zoom connection as the settings page explains it: `reason: "deauthorized"` (with
 * `at`) when Zoom told us the app was removed from the Zoom account.
 */
export function zoomConnectionState(zoom: { status: string; deauthorizedAt: Date | null } | null) {
  if (!zoom) return { status: "not_connected", reason: null, at: null };
  const deauthorizedAt = zoom.status === "disconnected" ? zoom.deauthorizedAt : null;
  return { status: zoom.status, reason: deauthorizedAt ? "deauthorized" : null, at: deauthorizedAt ? deauthorizedAt.toISOString() : null };
}

/** The session's own JSON calls (mounted under /api, behind session and CSRF checks). */
export function sessionApiRoutes(s: Pick<InstallDeps, "config" | "logger" | "db">): Router {
  const router = Router();
  router.get("/session", async (req, res) => {
    const portalId = sessionPortalId(req);
    const { portal, zoom } = await portalStatus(s.db.prisma, portalId);
    res.json({
      portalId: Number(portalId),
      userId: Number(req.session.userId),
      csrfToken: req.session.csrfToken,
      zoomConnected: zoom?.status === "active",
      zoomNeedsReauthorization: zoom?.status === "needs_reauth",
      zoomAccount: zoom && zoom.status !== "disconnected" ? { accountId: zoom.accountId, email: zoom.email } : null,
      zoomConnection: zoomConnectionState(zoom),
      portalUninstalled: Boolean(portal?.uninstalledAt),
      sandbox: s.config.mode === "sandbox",
    });
  });

  router.get("/connections/health", async (req, res) => {
    res.json(await connectionHealth(s.db.prisma, sessionPortalId(req)));
  });

  router.delete("/connections/zoom", async (req, res) => {
    const portalId = sessionPortalId(req);
    if (!(await disconnectZoom(s.db.prisma, portalId))) throw new AppError("NOT_FOUND", "Zoom is not connected", 404);
    s.logger.info({ portalId: String(portalId) }, "Zoom disconnected");
    res.status(204).end();
  });
  return router;
}
