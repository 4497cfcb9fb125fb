import { Router } from "express";
import { z } from "zod";
import { listAudit } from "../audit/audit";
import type { PrismaClient } from "../db/database";
import { notFound } from "../lib/errors";
import { sessionPortalId } from "../install/session";
import type { Services } from "../services";
import { requestSyncNow } from "./sync-now";

/**
 * POST /api/webinars/:webinarId/sync ("Sync now", 202) and GET
 * /api/webinars/:webinarId/audit (newest first). `webinarId` is Zoom's webinar id (or
 * our row id); another portal's webinar is a 404. Mounted under the session + CSRF router.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const Params = z.object({ webinarId: z.string().max(64).regex(/^(\d[\d\s-]*|[0-9a-f-]{36})$/i) }).strict();

export function syncApiRoutes(s: Services): Router {
  const router = Router();

  router.post("/webinars/:webinarId/sync", async (req, res) => {
    const webinar = await portalWebinar(s.db.prisma, sessionPortalId(req), req.params);
    await requestSyncNow(s.queue, webinar.id);
    res.status(202).json({ status: "accepted", webinarId: webinar.zoomWebinarId });
  });

  router.get("/webinars/:webinarId/audit", async (req, res) => {
    const webinar = await portalWebinar(s.db.prisma, sessionPortalId(req), req.params);
    res.json(await listAudit(s.db.prisma, webinar.id));
  });

  return router;
}

async function portalWebinar(prisma: PrismaClient, portalId: bigint, params: unknown) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw notFound("No such webinar");
  const ref = parsed.data.webinarId.replace(/[\s-]/g, "");
  const isUuid = UUID.test(parsed.data.webinarId);
  const webinar = await prisma.webinar.findFirst({
    where: {
      connection: { portalId },
      ...(isUuid ? { id: parsed.data.webinarId.toLowerCase() } : { zoomWebinarId: ref }),
    },
    orderBy: { createdAt: "desc" },
  });
  if (!webinar) throw notFound("No such webinar");
  return webinar;
}
