import { Router } from "express";
import type { Config } from "../config";
import type { Database } from "../db/database";
import { requireCsrf, requireSession, sessionPortalId } from "../install/session";
import { disconnectPortalZoom, settingsPageView } from "./page";

/** The server-rendered pages: the start page, /settings and its "Disconnect Zoom?" page. */
export function pageRoutes(s: { db: Database; config: Pick<Config, "mode"> }): Router {
  const router = Router();

  router.get("/", (req, res) => {
    if (req.session.portalId) {
      res.redirect(302, "/settings");
      return;
    }
    res.render("index", { title: "Zoom webinars for HubSpot" });
  });

  router.get("/settings", requireSession("page"), async (req, res) => {
    const view = await settingsPageView(s.db, sessionPortalId(req));
    res.render("settings", { sandbox: s.config.mode === "sandbox", title: "Settings", ...view, csrfToken: req.session.csrfToken });
  });

  // "Disconnect Zoom" asks first (a page, so it works without JavaScript): what stops, what is kept.
  router.get("/settings/zoom/disconnect", requireSession("page"), async (req, res) => {
    const view = await settingsPageView(s.db, sessionPortalId(req));
    if (!view.zoom) {
      res.redirect(303, "/settings");
      return;
    }
    res.render("disconnect-zoom", { sandbox: s.config.mode === "sandbox", title: "Disconnect Zoom?", ...view, csrfToken: req.session.csrfToken });
  });

  router.post("/settings/zoom/disconnect", requireSession("page"), requireCsrf, async (req, res) => {
    await disconnectPortalZoom(s.db, sessionPortalId(req));
    res.redirect(303, "/settings");
  });
  return router;
}
