import { Router } from "express";
import type { Database } from "../db/database";
import { sessionPortalId } from "../install/session";
import type { JobQueue } from "../queue/queue";
import { portalWebinarAudit, syncPortalWebinarNow } from "./use-cases";

/**
 * POST /api/webinars/:webinarId/sync ("Sync now", 202) and GET
 * /api/webinars/:webinarId/audit (newest first). `webinarId` is Zoom's webinar id (or
 * our row id); another portal's webinar is a 404. Mounted under the session + CSRF router.
 */

export function syncApiRoutes(deps: { db: Database; queue: JobQueue }): Router {
  const router = Router();

  router.post("/webinars/:webinarId/sync", async (req, res) => {
    const { zoomWebinarId } = await syncPortalWebinarNow(deps, sessionPortalId(req), req.params.webinarId);
    res.status(202).json({ status: "accepted", webinarId: zoomWebinarId });
  });

  router.get("/webinars/:webinarId/audit", async (req, res) => {
    res.json(await portalWebinarAudit(deps, sessionPortalId(req), req.params.webinarId));
  });

  return router;
}
