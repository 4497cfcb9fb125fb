import { z } from "zod";
import { defineJob } from "../queue/queue";
import type { Services } from "../services";

/**
 * Raw webhook bodies are kept WEBHOOK_RETENTION_DAYS after they were processed, then
 * deleted (CONTRACT.md §10): Zoom's (webhook_events) and HubSpot's
 * (hubspot_webhook_events). The rows stay without their bodies, because their keys
 * (Zoom's tracking id and business key, HubSpot's dedupe key) are what recognises a
 * redelivery. A body never processed (pending) is kept until it is.
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

export async function startRetentionWorkers(s: Services): Promise<void> {
  await s.queue.work(webhookRetentionJob, async () => {
    await deleteExpiredWebhookBodies(s);
  });
  await s.queue.schedule(webhookRetentionJob, WEBHOOK_RETENTION_CRON, {});
}
