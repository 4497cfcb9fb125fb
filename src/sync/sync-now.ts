import { z } from "zod";
import { defineJob, type JobQueue } from "../queue/queue";
import { writeAudit } from "../audit/audit";
import { connectionHealth, syncIncident } from "../install/health";
import { AppError } from "../lib/errors";
import type { ResyncOptions, ResyncSummary } from "../webinars/resync";
import { findWebinarWithConnection } from "../webinars/repository/webinars";
import { clearResyncProgress } from "../webinars/resync-progress";
import { syncWebinar, type SyncDeps } from "./sync-webinar";

/**
 * "Sync now" (POST /api/webinars/:id/sync): a full re-sync of the webinar from Zoom's
 * API, then a HubSpot sync that re-sends everything (forced), so whatever got lost on
 * either side is put back. Runs as a job: the request answers 202 at once. The Zoom
 * read keeps its progress until the HubSpot sync is through too, so a retry after a
 * HubSpot failure does not read Zoom again (src/webinars/resync-progress.ts).
 */
export const syncNowJob = defineJob({
  name: "sync-now",
  schema: z.object({ webinarId: z.uuid() }),
  retryLimit: 5,
  retryDelaySeconds: 15,
  retryBackoff: true,
  expireInSeconds: 60 * 60,
});

export function requestSyncNow(queue: JobQueue, webinarId: string) {
  return queue.enqueue(syncNowJob, { webinarId }, { singletonKey: webinarId });
}

/** The full re-read of a webinar from Zoom's API (src/webinars/resync.ts), given by the composition root. */
export type ResyncFromZoom = (webinarId: string, options: ResyncOptions) => Promise<ResyncSummary>;

export interface SyncNowDeps extends SyncDeps {
  resyncFromZoom: ResyncFromZoom;
}

export async function runSyncNow(s: SyncNowDeps, webinarId: string): Promise<void> {
  const webinar = await findWebinarWithConnection(s.db.prisma, webinarId);
  if (!webinar) return;
  const audit = (code: "SYNC_ERROR" | "DATA_NOT_SYNCED", message: string, reason: string) =>
    writeAudit(s.db.prisma, { portalId: webinar.connection.portalId, webinarId, level: code === "SYNC_ERROR" ? "error" : "warning", code, message, details: { reason } });
  try {
    const summary = await s.resyncFromZoom(webinarId, { keepProgress: true });
    if (!summary.webinarFound) {
      await audit("DATA_NOT_SYNCED", "Zoom no longer has this webinar's details; what was recorded before is synced.", "zoom_data_unavailable");
    }
  } catch (err) {
    // HubSpot or Zoom refuses the app (revoked, removed, a wrong client secret): the sync below
    // says so once, in the connection health's words (src/install/health.ts), not "not connected".
    const incident = syncIncident(await connectionHealth(s.db.prisma, webinar.connection.portalId));
    if (!incident) {
      // Zoom refused for good (disconnected, not found): HubSpot still gets what is recorded.
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      await audit("SYNC_ERROR", `No data could be read from the Zoom account: ${err.message}.`, "no_zoom_data");
    }
  }
  await syncWebinar(s, webinarId, { force: true });
  await clearResyncProgress(s.db.prisma, webinarId);
}
