import { writeAudit } from "../audit/audit";
import type { JobContext, JobQueue } from "../queue/queue";
import { RUN_WORDS } from "../audit/messages";
import { failRunIfActive, findRunOfJob } from "./repository/runs";
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
  const onExhausted = (data: { webinarId: string; runId?: string }, err: unknown, job: JobContext) => syncGivenUp(s, data, err, job);
  await s.queue.work(syncWebinarJob, ({ webinarId }, job) => syncWebinar(s, webinarId, { jobId: job.jobId }).then(() => undefined), {
    concurrency: 2,
    onExhausted,
  });
  // A "Sync now" given up leaves no progress behind: the next one reads Zoom afresh.
  const onSyncNowExhausted = async (data: { webinarId: string; runId?: string }, err: unknown, job: JobContext) => {
    await clearResyncProgress(s.db.prisma, data.webinarId);
    await onExhausted(data, err, job);
  };
  await s.queue.work(syncNowJob, (data, job) => runSyncNow(s, data, job), { concurrency: 1, onExhausted: onSyncNowExhausted });
}

/**
 * A sync job failed its last attempt: its run (Sync now's, or the job's own) ends failed
 * and the audit log says so in words; the raw error stays in the details.
 */
export async function syncGivenUp(s: Pick<SyncNowDeps, "db">, { webinarId, runId }: { webinarId: string; runId?: string }, err: unknown, job: JobContext) {
  const run = runId ?? (await findRunOfJob(s.db.prisma, job.jobId))?.id;
  if (run) await failRunIfActive(s.db.prisma, run, RUN_WORDS.exhausted);
  const webinar = await findWebinarWithConnection(s.db.prisma, webinarId);
  if (!webinar) return;
  await writeAudit(s.db.prisma, {
    portalId: webinar.connection.portalId,
    webinarId,
    level: "error",
    code: "SYNC_ERROR",
    message: RUN_WORDS.exhausted,
    details: { reason: "sync_failed", error: err instanceof Error ? err.message.slice(0, 300) : String(err) },
  });
}
