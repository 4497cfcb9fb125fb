import { Router } from "express";
import { listAudit } from "../audit/audit";
import type { Database } from "../db/database";
import { notFound } from "../lib/errors";
import { sessionPortalId } from "../install/session";
import type { Services } from "../services";
import { findPortalWebinar } from "../webinars/lookup";
import { requestSyncNow } from "./sync-now";

/**
 * POST /api/webinars/:webinarId/sync ("Sync now", 202) and GET
 * /api/webinars/:webinarId/audit (newest first). `webinarId` is Zoom's webinar id (or
 * our row id); another portal's webinar is a 404. Mounted under the session + CSRF router.
 */

export function syncApiRoutes(s: Services): Router {
  const router = Router();

  router.post("/webinars/:webinarId/sync", async (req, res) => {
    const webinar = await portalWebinar(s.db, sessionPortalId(req), req.params.webinarId);
    await requestSyncNow(s.queue, webinar.id);
    res.status(202).json({ status: "accepted", webinarId: webinar.zoomWebinarId });
  });

  router.get("/webinars/:webinarId/audit", async (req, res) => {
    const webinar = await portalWebinar(s.db, sessionPortalId(req), req.params.webinarId);
    res.json(await listAudit(s.db.prisma, webinar.id));
  });

  return router;
}

async function portalWebinar(db: Database, portalId: bigint, id: string) {
  const webinar = await findPortalWebinar(db, portalId, id);
  if (!webinar) throw notFound("No such webinar");
  return webinar;
}
