import { z } from "zod";
import type { Config } from "../config";
import type { Database } from "../db/database";
import { deleteExpiredOAuthStates } from "../install/repository/oauth-states";
import type { Logger } from "../lib/logger";
import { defineJob, type JobQueue } from "../queue/queue";
import { deleteExpiredWorkflowCalls, emptyExpiredHubSpotBodies, emptyExpiredZoomBodies } from "./repository/retention";

/**
 * Raw webhook bodies are kept WEBHOOK_RETENTION_DAYS after they were processed, then
 * deleted (CONTRACT.md §10): Zoom's (webhook_events) and HubSpot's
 * (hubspot_webhook_events). The rows stay without their bodies, because their keys
 * (Zoom's tracking id and business key, HubSpot's dedupe key) are what recognises a
 * redelivery. A body never processed (pending) is kept until it is.
 * The same hourly job prunes workflow-action records and used OAuth states
 * (`pruneExpiredRecords`).
 */
export const webhookRetentionJob = defineJob({
  name: "webhook-retention",
  schema: z.object({}),
  retryLimit: 3,
  retryDelaySeconds: 60,
  expireInSeconds: 30 * 60,
  // One waiting run is enough: a late one does all the work of the one before.
  policy: "short",
});

/** Hourly: a body goes at most an hour after it is due. */
export const WEBHOOK_RETENTION_CRON = "23 * * * *";

/** Rows emptied per statement, so no run holds long locks on a busy table. */
const CHUNK = 5000;

/** What the retention job uses. */
export interface RetentionDeps {
  db: Pick<Database, "prisma">;
  config: Pick<Config, "webhookRetentionDays">;
  logger: Logger;
}

/** Runs a chunked statement until it finds fewer than CHUNK rows; how many in all. */
async function inChunks(run: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await run(CHUNK);
    total += n;
    if (n < CHUNK) return total;
  }
}

export async function deleteExpiredWebhookBodies(s: RetentionDeps, now = new Date()): Promise<{ zoom: number; hubspot: number }> {
  const before = new Date(now.getTime() - s.config.webhookRetentionDays * 24 * 60 * 60 * 1000);
  const result = {
    zoom: await inChunks((limit) => emptyExpiredZoomBodies(s.db.prisma, before, limit)),
    hubspot: await inChunks((limit) => emptyExpiredHubSpotBodies(s.db.prisma, before, limit)),
  };
  if (result.zoom || result.hubspot) s.logger.info({ ...result, retentionDays: s.config.webhookRetentionDays }, "expired webhook bodies deleted");
  return result;
}

/**
 * A redelivered `callbackId` must get the first answer (CONTRACT.md §3), so its record
 * is kept WEBHOOK_RETENTION_DAYS, and never less than this: more than twice HubSpot's
 * retry period. Not confirmed (README "Known unknowns"): how long HubSpot retries a
 * custom workflow action; its documented neighbour, workflow webhooks, retries 5xx and
 * timeouts for up to 3 days (reference §A4), taken as the period here.
 */
export const MIN_WORKFLOW_CALL_DAYS = 7;

/** Days a workflow action's record (callbackId → answer) is kept after its first delivery. */
export const workflowCallRetentionDays = (webhookRetentionDays: number) => Math.max(webhookRetentionDays, MIN_WORKFLOW_CALL_DAYS);

/**
 * Records that only grow otherwise: workflow-action records past their retention
 * (whatever their state: an unfinished one that old will never be redelivered) and used
 * OAuth states past their expiry. Sessions prune themselves (src/install/session.ts).
 */
export async function pruneExpiredRecords(s: RetentionDeps, now = new Date()): Promise<{ workflowCalls: number; oauthStates: number }> {
  const days = workflowCallRetentionDays(s.config.webhookRetentionDays);
  const before = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  const workflowCalls = await inChunks((limit) => deleteExpiredWorkflowCalls(s.db.prisma, before, limit));
  const oauthStates = await deleteExpiredOAuthStates(s.db.prisma, now);
  if (workflowCalls || oauthStates) s.logger.info({ workflowCalls, oauthStates, workflowCallDays: days }, "expired records deleted");
  return { workflowCalls, oauthStates };
}

/** The hourly job (src/workers.ts starts it in worker processes). */
export async function startRetentionWorkers(s: RetentionDeps & { queue: Pick<JobQueue, "work" | "schedule"> }): Promise<void> {
  await s.queue.work(webhookRetentionJob, async () => {
    await deleteExpiredWebhookBodies(s);
    await pruneExpiredRecords(s);
  });
  await s.queue.schedule(webhookRetentionJob, WEBHOOK_RETENTION_CRON, {});
}
