import { Router } from "express";
import type { Database } from "../db/database";
import { sessionPortalId } from "../install/session";
import type { JobQueue } from "../queue/queue";
import { portalBackfill, portalBackfills, startOrResumeBackfill, stopBackfill } from "./backfill";

/**
 * CONTRACT.md §11 "Backfill", under the session + CSRF router (src/app.ts):
 *   POST   /api/backfill {zoomUserId?, days}  → 202 {backfillId}
 *   GET    /api/backfill                      → {backfills: [latest per scope]} (the settings page)
 *   GET    /api/backfill/:backfillId          → its state
 *   DELETE /api/backfill/:backfillId          → stops it; a new POST of the same scope resumes it
 * Another portal's backfill is a 404.
 */
export function backfillApiRoutes(deps: { db: Database; queue: JobQueue }): Router {
  const router = Router();

  router.post("/backfill", async (req, res) => {
    const { backfillId, resumed } = await startOrResumeBackfill(deps, sessionPortalId(req), req.body);
    res.status(202).json({ backfillId, resumed });
  });

  router.get("/backfill", async (req, res) => {
    res.json({ backfills: await portalBackfills(deps.db.prisma, sessionPortalId(req)) });
  });

  router.get("/backfill/:backfillId", async (req, res) => {
    res.json(await portalBackfill(deps.db.prisma, sessionPortalId(req), req.params.backfillId));
  });

  router.delete("/backfill/:backfillId", async (req, res) => {
    res.json(await stopBackfill(deps.db.prisma, sessionPortalId(req), req.params.backfillId));
  });

  return router;
}
