import { Router } from "express";
import type { Services } from "../services";
import { disconnectZoom, portalStatus } from "../install/install";
import { requireCsrf, requireSession, sessionPortalId } from "../install/session";

/** The server-rendered pages: the start page and /settings. */
export function pageRoutes(s: Services): Router {
  const router = Router();

  router.get("/", (req, res) => {
    if (req.session?.portalId) return res.redirect(302, "/settings");
    res.render("index", { title: "Zoom webinars for HubSpot" });
  });

  router.get("/settings", requireSession("page"), async (req, res) => {
    const portalId = sessionPortalId(req);
    const { portal, zoom } = await portalStatus(s.db.prisma, portalId);
    res.render("settings", {
      sandbox: s.config.sandbox,
      title: "Settings",
      portalId: String(portalId),
      portalUninstalled: Boolean(portal?.uninstalledAt),
      zoom: zoom && zoom.status !== "disconnected" ? { email: zoom.email, accountId: zoom.accountId, status: zoom.status } : null,
      csrfToken: req.session.csrfToken,
    });
  });

  router.post("/settings/zoom/disconnect", requireSession("page"), requireCsrf, async (req, res) => {
    await disconnectZoom(s.db.prisma, sessionPortalId(req));
    res.redirect(303, "/settings");
  });
  return router;
}
