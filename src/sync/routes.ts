import { Router } from "express";
import type { Database } from "../db/database";
import { sessionPortalId } from "../install/session";
import type { JobQueue } from "../queue/queue";
import { z } from "zod";
import { parseQuery } from "../settings/validation";
import { portalWebinarAudit, portalWebinarRuns, syncPortalWebinarNow } from "./use-cases";

/**
 * POST /api/webinars/:webinarId/sync ("Sync now", 202) and GET
 * /api/webinars/:webinarId/audit (newest first). `webinarId` is Zoom's webinar id (or
 * our row id); another portal's webinar is a 404. Mounted under the session + CSRF router.
 * GET /api/webinars/:webinarId/runs?limit= (1–100, default 20): its sync runs, newest first.
 */

const RunsQuery = z.object({
  limit: z
    .string()
    .regex(/^\d+$/, "must be a whole number from 1 to 100")
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1").max(100, "must be at most 100"))
    .optional(),
});

export function syncApiRoutes(deps: { db: Database; queue: JobQueue }): Router {
  const router = Router();

  router.post("/webinars/:webinarId/sync", async (req, res) => {
    const { zoomWebinarId, runId } = await syncPortalWebinarNow(deps, sessionPortalId(req), req.params.webinarId);
    res.status(202).json({ status: "accepted", webinarId: zoomWebinarId, runId });
  });

  router.get("/webinars/:webinarId/runs", async (req, res) => {
    const { limit } = parseQuery(RunsQuery, req.query);
    res.json(await portalWebinarRuns(deps, sessionPortalId(req), req.params.webinarId, limit ?? 20));
  });

  router.get("/webinars/:webinarId/audit", async (req, res) => {
    res.json(await portalWebinarAudit(deps, sessionPortalId(req), req.params.webinarId));
  });

  return router;
}
