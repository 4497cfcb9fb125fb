import { inTransaction } from "../db/transaction";
import type { Services } from "../services";
import { dedupeKeyOf, isHandledSubscription, type HubSpotWebhookEvent } from "./events";
import { processHubSpotWebhookEventsJob } from "./jobs";

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
  s: Pick<Services, "db" | "queue">,
  /** Each event read, and as HubSpot sent it (what is stored). */
  events: { event: HubSpotWebhookEvent; raw: unknown }[],
): Promise<{ recorded: number }> {
  // The same event twice in one body counts once.
  const unique = new Map(events.map((e) => [dedupeKeyOf(e.event), e]));
  if (unique.size === 0) return { recorded: 0 };
  return inTransaction(s.db, async (tx) => {
    const params: unknown[] = [];
    const values: string[] = [];
    for (const [key, { event: e, raw }] of unique) {
      const handled = isHandledSubscription(e.subscriptionType);
      const n = params.length;
      params.push(key, e.portalId, e.subscriptionType, new Date(e.occurredAt).toISOString(), JSON.stringify(raw), handled ? "pending" : "ignored");
      values.push(
        `(gen_random_uuid(), $${n + 1}, $${n + 2}::bigint, $${n + 3}, $${n + 4}::timestamptz, $${n + 5}::jsonb, $${n + 6}::text, ` +
          `CASE WHEN $${n + 6}::text = 'ignored' THEN now() END, CASE WHEN $${n + 6}::text = 'ignored' THEN 'subscription type not handled' END)`,
      );
    }
    const rows = await tx.$queryRawUnsafe<{ id: string; status: string }[]>(
      `INSERT INTO hubspot_webhook_events (id, dedupe_key, portal_id, subscription_type, occurred_at, payload, status, processed_at, outcome)
       VALUES ${values.join(", ")}
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id::text AS id, status`,
      ...params,
    );
    const toProcess = rows.filter((r) => r.status === "pending").map((r) => r.id);
    if (toProcess.length > 0) await s.queue.enqueue(processHubSpotWebhookEventsJob, { eventIds: toProcess }, { tx });
    return { recorded: rows.length };
  });
}
