import type { Services } from "../services";
import { processHubSpotWebhookEventsJob } from "./jobs";
import { processHubSpotWebhookEvent } from "./process";

/**
 * Applies recorded HubSpot webhook events, one after the other (a request's events in
 * the order HubSpot sent them). A passing failure (database unavailable) fails the
 * attempt, and the retry skips the events already applied; when retries run out, the
 * events still pending end `failed`.
 */
export async function startHubSpotWebhookWorkers(s: Services): Promise<void> {
  await s.queue.work(
    processHubSpotWebhookEventsJob,
    async ({ eventIds }) => {
      for (const id of eventIds) await processHubSpotWebhookEvent(s, id);
    },
    {
      concurrency: 2,
      onExhausted: async ({ eventIds }, err) => {
        await s.db.prisma.hubSpotWebhookEvent.updateMany({
          where: { id: { in: eventIds }, status: "pending" },
          data: { status: "failed", processedAt: new Date(), outcome: `processing failed: ${String((err as Error | undefined)?.message ?? err).slice(0, 500)}` },
        });
      },
    },
  );
}
