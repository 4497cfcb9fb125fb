import { backfillImportWebinarJob, backfillListPageJob } from "./backfill/jobs";
import { startBackfillWorkers } from "./backfill/workers";
import { processHubSpotWebhookEventsJob } from "./hubspot-webhooks/jobs";
import { startHubSpotWebhookWorkers } from "./hubspot-webhooks/workers";
import { startRetentionWorkers, webhookRetentionJob } from "./privacy/retention";
import type { JobDefinition } from "./queue/queue";
import type { Services } from "./services";
import { syncNowJob } from "./sync/sync-now";
import { syncWebinarJob } from "./queue/sync-webinar-job";
import { startSyncWorkers } from "./sync/worker";
import { processWebhookEventsJob } from "./webhooks/jobs";
import { resyncWebinarFromZoom } from "./webinars/resync";
import { reconcileAttendanceJob } from "./webinars/jobs";
import { startWebinarWorkers } from "./webinars/workers";

/**
 * Every job the app enqueues. Their queues are created when the job queue starts
 * (JobQueue.start's `jobs`), before any transaction enqueues into them: pg-boss creates
 * a queue outside the caller's transaction, which on the embedded database would wait
 * for that very transaction (one session).
 */
export const APP_JOBS = [
  processWebhookEventsJob,
  reconcileAttendanceJob,
  syncWebinarJob,
  syncNowJob,
  processHubSpotWebhookEventsJob,
  webhookRetentionJob,
  backfillListPageJob,
  backfillImportWebinarJob,
] as JobDefinition<unknown>[];

/**
 * Starts the background workers of every feature. Each feature exports a
 * `start…Workers(services)` and is listed here; the web role does not call this.
 */
export async function startWorkers(services: Services): Promise<void> {
  const starters: ((services: Services) => Promise<void>)[] = [
    (s) =>
      startSyncWorkers({
        db: s.db,
        config: s.config,
        logger: s.logger,
        secrets: s.secrets,
        hubspotApi: s.hubspotApi,
        queue: s.queue,
        resyncFromZoom: (webinarId, options) => resyncWebinarFromZoom(s, webinarId, options),
      }),
    startWebinarWorkers,
    (s) => startHubSpotWebhookWorkers({ db: s.db, secrets: s.secrets, logger: s.logger, queue: s.queue }),
    startRetentionWorkers,
    startBackfillWorkers,
  ];
  for (const start of starters) await start(services);
}
