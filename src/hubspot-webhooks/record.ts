import type { Database } from "../db/database";
import { inTransaction } from "../db/transaction";
import type { JobQueue } from "../queue/queue";
import { dedupeKeyOf, isHandledSubscription, type HubSpotWebhookEvent } from "./events";
import { processHubSpotWebhookEventsJob } from "./jobs";
import { insertHubSpotWebhookEvents } from "./repository";

/**
 * Records a request's events durably, once, with their processing job, in one
 * transaction: a recorded event always has its job, a rolled-back one has none. A
 * redelivered event (same dedupe key) is left out by `ON CONFLICT DO NOTHING`, so it
 * changes nothing. Subscription types the app does not handle are recorded as
 * `ignored` (processed now, so the retention period applies to them too).
 * HubSpot sends few of these (privacy deletions and deletions of contacts), so there is
 * no group commit as for Zoom's webhooks.
 */
export async function recordHubSpotEvents(
  s: { db: Database; queue: JobQueue },
  /** Each event read, and as HubSpot sent it (what is stored). */
  events: { event: HubSpotWebhookEvent; raw: unknown }[],
): Promise<{ recorded: number }> {
  // The same event twice in one body counts once.
  const unique = new Map(events.map((e) => [dedupeKeyOf(e.event), e]));
  if (unique.size === 0) return { recorded: 0 };
  return inTransaction(s.db, async (tx) => {
    const rows = await insertHubSpotWebhookEvents(
      tx,
      [...unique].map(([dedupeKey, { event: e, raw }]) => ({
        dedupeKey,
        portalId: e.portalId,
        subscriptionType: e.subscriptionType,
        occurredAt: new Date(e.occurredAt),
        payload: raw,
        status: isHandledSubscription(e.subscriptionType) ? "pending" : "ignored",
      })),
    );
    const toProcess = rows.filter((r) => r.status === "pending").map((r) => r.id);
    if (toProcess.length > 0) await s.queue.enqueue(processHubSpotWebhookEventsJob, { eventIds: toProcess }, { tx });
    return { recorded: rows.length };
  });
}
