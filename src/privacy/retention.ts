import { z } from "zod";
import { deleteExpiredOAuthStates } from "../install/repository/oauth-states";
import { defineJob } from "../queue/queue";
import type { Services } from "../services";

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

export async function deleteExpiredWebhookBodies(
  s: Pick<Services, "db" | "config" | "logger">,
  now = new Date(),
): Promise<{ zoom: number; hubspot: number }> {
  const before = new Date(now.getTime() - s.config.webhookRetentionDays * 24 * 60 * 60 * 1000);
  const empty = async (table: "webhook_events" | "hubspot_webhook_events") => {
    let total = 0;
    for (;;) {
      const n = await s.db.prisma.$executeRawUnsafe(
        `UPDATE ${table} SET payload = NULL
          WHERE id IN (SELECT id FROM ${table}
                        WHERE payload IS NOT NULL AND status <> 'pending'
                          -- Zoom events ignored at intake have no processing time: their receipt is it.
                          AND COALESCE(processed_at, received_at) < $1::timestamptz
                        LIMIT ${CHUNK})`,
        before,
      );
      total += n;
      if (n < CHUNK) return total;
    }
  };
  const result = { zoom: await empty("webhook_events"), hubspot: await empty("hubspot_webhook_events") };
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
export async function pruneExpiredRecords(
  s: Pick<Services, "db" | "config" | "logger">,
  now = new Date(),
): Promise<{ workflowCalls: number; oauthStates: number }> {
  const days = workflowCallRetentionDays(s.config.webhookRetentionDays);
  const before = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  let workflowCalls = 0;
  for (;;) {
    const n = await s.db.prisma.$executeRawUnsafe(
      `DELETE FROM workflow_calls WHERE callback_id IN (SELECT callback_id FROM workflow_calls WHERE created_at < $1::timestamptz LIMIT ${CHUNK})`,
      before,
    );
    workflowCalls += n;
    if (n < CHUNK) break;
  }
  const oauthStates = await deleteExpiredOAuthStates(s.db.prisma, now);
  if (workflowCalls || oauthStates) s.logger.info({ workflowCalls, oauthStates, workflowCallDays: days }, "expired records deleted");
  return { workflowCalls, oauthStates };
}

export async function startRetentionWorkers(s: Services): Promise<void> {
  await s.queue.work(webhookRetentionJob, async () => {
    await deleteExpiredWebhookBodies(s);
    await pruneExpiredRecords(s);
  });
  await s.queue.schedule(webhookRetentionJob, WEBHOOK_RETENTION_CRON, {});
}
