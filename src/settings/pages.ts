import { Router } from "express";
import type { Config } from "../config";
import type { Database } from "../db/database";
import { requireCsrf, requireSession, sessionPortalId } from "../install/session";
import { disconnectPortalZoom, settingsPageView } from "./page";

/** The server-rendered pages: the start page and /settings. */
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

  router.post("/settings/zoom/disconnect", requireSession("page"), requireCsrf, async (req, res) => {
    await disconnectPortalZoom(s.db, sessionPortalId(req));
    res.redirect(303, "/settings");
  });
  return router;
}
