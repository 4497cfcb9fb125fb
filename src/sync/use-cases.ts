import { listAudit } from "../audit/audit";
import type { Database } from "../db/database";
import { notFound } from "../lib/errors";
import type { JobQueue } from "../queue/queue";
import { findPortalWebinar } from "../webinars/lookup";
import { requestSyncNow } from "./sync-now";
import { runsOfWebinar } from "./repository/runs";
import { runView } from "./runs-view";

/**
 * What the admin's JSON API asks of the sync (./routes.ts), for one of the session's
 * portal's webinars, named by Zoom's webinar id or our row id; another portal's webinar
 * is not found (404).
 */

/** "Sync now": a run queued with its job (./sync-now.ts); answers the webinar's Zoom id and the run's id. */
export async function syncPortalWebinarNow(deps: { db: Database; queue: JobQueue }, portalId: bigint, id: string): Promise<{ zoomWebinarId: string; runId: string }> {
  const webinar = await portalWebinar(deps.db, portalId, id);
  const runId = await requestSyncNow(deps, { id: webinar.id, portalId });
  return { zoomWebinarId: webinar.zoomWebinarId, runId };
}

/** The webinar's runs, newest first (./runs-view.ts). */
export async function portalWebinarRuns(deps: { db: Database }, portalId: bigint, id: string, limit: number) {
  const webinar = await portalWebinar(deps.db, portalId, id);
  return (await runsOfWebinar(deps.db.prisma, webinar.id, limit)).map(runView);
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
