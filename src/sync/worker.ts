import { writeAudit } from "../audit/audit";
import type { JobQueue } from "../queue/queue";
import { syncWebinarJob } from "../queue/sync-webinar-job";
import { findWebinarWithConnection } from "../webinars/repository/webinars";
import { clearResyncProgress } from "../webinars/resync-progress";
import { syncNowJob, runSyncNow, type SyncNowDeps } from "./sync-now";
import { syncWebinar } from "./sync-webinar";

/**
 * The sync jobs' workers. A sync that fails for good (after the job's retries) says so
 * in the webinar's audit log; the recorded facts stay, so the next event or "Sync now"
 * picks it up again.
 */
export async function startSyncWorkers(s: SyncNowDeps & { queue: JobQueue }): Promise<void> {
  const onExhausted = async ({ webinarId }: { webinarId: string }, err: unknown) => {
    const webinar = await findWebinarWithConnection(s.db.prisma, webinarId);
    if (!webinar) return;
    await writeAudit(s.db.prisma, {
      portalId: webinar.connection.portalId,
      webinarId,
      level: "error",
      code: "SYNC_ERROR",
      message: "Syncing this webinar to HubSpot failed after several attempts; it will be tried again at the next change or with Sync now.",
      details: { reason: "sync_failed", error: err instanceof Error ? err.message.slice(0, 300) : String(err) },
    });
  };
  await s.queue.work(syncWebinarJob, ({ webinarId }) => syncWebinar(s, webinarId).then(() => undefined), { concurrency: 2, onExhausted });
  // A "Sync now" given up leaves no progress behind: the next one reads Zoom afresh.
  const onSyncNowExhausted = async (data: { webinarId: string }, err: unknown) => {
    await clearResyncProgress(s.db.prisma, data.webinarId);
    await onExhausted(data, err);
  };
  await s.queue.work(syncNowJob, ({ webinarId }) => runSyncNow(s, webinarId), { concurrency: 1, onExhausted: onSyncNowExhausted });
}
