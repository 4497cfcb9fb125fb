import { listAudit } from "../audit/audit";
import type { Database } from "../db/database";
import { notFound } from "../lib/errors";
import type { JobQueue } from "../queue/queue";
import { findPortalWebinar } from "../webinars/lookup";
import { requestSyncNow } from "./sync-now";

/**
 * What the admin's JSON API asks of the sync (./routes.ts), for one of the session's
 * portal's webinars, named by Zoom's webinar id or our row id; another portal's webinar
 * is not found (404).
 */

/** "Sync now": queued (./sync-now.ts); answers the webinar's Zoom id. */
export async function syncPortalWebinarNow(deps: { db: Database; queue: JobQueue }, portalId: bigint, id: string): Promise<{ zoomWebinarId: string }> {
  const webinar = await portalWebinar(deps.db, portalId, id);
  await requestSyncNow(deps.queue, webinar.id);
  return { zoomWebinarId: webinar.zoomWebinarId };
}

/** The webinar's audit log, newest first. */
export async function portalWebinarAudit(deps: { db: Database }, portalId: bigint, id: string) {
  const webinar = await portalWebinar(deps.db, portalId, id);
  return listAudit(deps.db.prisma, webinar.id);
}

async function portalWebinar(db: Database, portalId: bigint, id: string) {
  const webinar = await findPortalWebinar(db, portalId, id);
  if (!webinar) throw notFound("No such webinar");
  return webinar;
}
