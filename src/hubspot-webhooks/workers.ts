import type { JobQueue } from "../queue/queue";
import { processHubSpotWebhookEventsJob } from "./jobs";
import { processHubSpotWebhookEvent, type ProcessDeps } from "./process";
import { failPendingHubSpotWebhookEvents } from "./repository";

/**
 * Applies recorded HubSpot webhook events, one after the other (a request's events in
 * the order HubSpot sent them). A passing failure (database unavailable) fails the
 * attempt, and the retry skips the events already applied; when retries run out, the
 * events still pending end `failed`.
 */
export async function startHubSpotWebhookWorkers(s: ProcessDeps & { queue: JobQueue }): Promise<void> {
  await s.queue.work(
    processHubSpotWebhookEventsJob,
    async ({ eventIds }) => {
      for (const id of eventIds) await processHubSpotWebhookEvent(s, id);
    },
    {
      concurrency: 2,
      onExhausted: async ({ eventIds }, err) => {
        await failPendingHubSpotWebhookEvents(s.db.prisma, eventIds, `processing failed: ${String((err as Error | undefined)?.message ?? err).slice(0, 500)}`);
      },
    },
  );
}
