import { z } from "zod";
import { defineJob, type JobContext, type JobQueue } from "../queue/queue";
import { writeAudit } from "../audit/audit";
import { connectionHealth, syncIncident } from "../install/health";
import { RUN_WORDS } from "../audit/messages";
import type { Database } from "../db/database";
import { AppError } from "../lib/errors";
import type { ResyncOptions, ResyncSummary } from "../webinars/resync";
import { findWebinarWithConnection } from "../webinars/repository/webinars";
import { clearResyncProgress } from "../webinars/resync-progress";
import { createRun, failRunIfActive, startRun } from "./repository/runs";
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
  // runId: the run queued with the job (./runs.ts); absent in jobs queued before runs existed.
  schema: z.object({ webinarId: z.uuid(), runId: z.uuid().optional() }),
  retryLimit: 5,
  retryDelaySeconds: 15,
  retryBackoff: true,
  expireInSeconds: 60 * 60,
});

/**
 * Queues a run and its job in one transaction (a rollback leaves neither), so the run
 * the admin sees always has a job behind it. Answers the run's id.
 */
export async function requestSyncNow(deps: { db: Pick<Database, "prisma">; queue: JobQueue }, webinar: { id: string; portalId: bigint }): Promise<string> {
  return deps.db.prisma.$transaction(async (tx) => {
    const run = await createRun(tx, { portalId: webinar.portalId, webinarId: webinar.id, trigger: "sync_now", status: "queued" });
    await deps.queue.enqueue(syncNowJob, { webinarId: webinar.id, runId: run.id }, { singletonKey: webinar.id, tx });
    return run.id;
  });
}

/** The full re-read of a webinar from Zoom's API (src/webinars/resync.ts), given by the composition root. */
export type ResyncFromZoom = (webinarId: string, options: ResyncOptions) => Promise<ResyncSummary>;

export interface SyncNowDeps extends SyncDeps {
  resyncFromZoom: ResyncFromZoom;
}

export async function runSyncNow(s: SyncNowDeps, data: { webinarId: string; runId?: string }, job?: JobContext): Promise<void> {
  const { webinarId } = data;
  const webinar = await findWebinarWithConnection(s.db.prisma, webinarId);
  if (!webinar) {
    if (data.runId) await failRunIfActive(s.db.prisma, data.runId, RUN_WORDS.missing);
    return;
  }
  // Running from the Zoom read on; the HubSpot part counts its people when it starts.
  if (data.runId) await startRun(s.db.prisma, data.runId, 0, RUN_WORDS.readingZoom);
  const audit = (code: "SYNC_ERROR" | "DATA_NOT_SYNCED", message: string, details: Record<string, unknown>) =>
    writeAudit(s.db.prisma, { portalId: webinar.connection.portalId, webinarId, level: code === "SYNC_ERROR" ? "error" : "warning", code, message, details });
  try {
    const summary = await s.resyncFromZoom(webinarId, { keepProgress: true });
    if (!summary.webinarFound) {
      await audit("DATA_NOT_SYNCED", RUN_WORDS.zoomGone, { reason: "zoom_data_unavailable" });
    }
  } catch (err) {
    // HubSpot or Zoom refuses the app (revoked, removed, a wrong client secret): the sync below
    // says so once, in the connection health's words (src/install/health.ts), not "not connected".
    const incident = syncIncident(await connectionHealth(s.db.prisma, webinar.connection.portalId));
    if (!incident) {
      // Zoom refused for good (disconnected, not found): HubSpot still gets what is recorded.
      // Zoom's own words stay in the details, not in the message.
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      await audit("SYNC_ERROR", RUN_WORDS.zoomUnreadable, { reason: "no_zoom_data", error: err.message.slice(0, 300) });
    }
  }
  await syncWebinar(s, webinarId, { force: true, trigger: "sync_now", ...(data.runId && { runId: data.runId }), ...(job && { jobId: job.jobId }) });
  await clearResyncProgress(s.db.prisma, webinarId);
}
