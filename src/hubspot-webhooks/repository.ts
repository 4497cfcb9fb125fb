import type { PrismaClient } from "../db/database";
import { query, statement, type Runner } from "../db/statement";
import { Prisma } from "../generated/prisma/client";

/** hubspot_webhook_events: every HubSpot webhook event accepted, and what processing did with it. */

export type HubSpotWebhookEventStatus = "pending" | "processed" | "ignored" | "failed";

export interface NewHubSpotWebhookEvent {
  dedupeKey: string;
  /** HubSpot's portal id, digits. */
  portalId: string;
  subscriptionType: string;
  occurredAt: Date;
  /** The event as HubSpot sent it. */
  payload: unknown;
  /** `ignored`: a subscription type the app does not handle, recorded as processed now. */
  status: "pending" | "ignored";
}

/**
 * The whole request in one statement, in the order HubSpot sent it; a redelivered event
 * (same dedupe key) is left out and not returned.
 */
const insertEvents = statement<{ id: string; status: string }>(
  "hubspot-webhooks.insertEvents",
  `INSERT INTO hubspot_webhook_events (id, dedupe_key, portal_id, subscription_type, occurred_at, payload, status, processed_at, outcome)
   SELECT gen_random_uuid(), e.k, e.p, e.t, e.o, e.b::jsonb, e.s,
          CASE WHEN e.s = 'ignored' THEN now() END, CASE WHEN e.s = 'ignored' THEN 'subscription type not handled' END
   FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::text[]) WITH ORDINALITY AS e(k, p, t, o, b, s, n)
   ORDER BY e.n
   ON CONFLICT (dedupe_key) DO NOTHING
   RETURNING id::text AS id, status`,
);

/** Records the events (inside the caller's transaction); answers those that were new. */
export function insertHubSpotWebhookEvents(tx: Runner, events: NewHubSpotWebhookEvent[]): Promise<{ id: string; status: string }[]> {
  return query(tx, insertEvents, [
    events.map((e) => e.dedupeKey),
    events.map((e) => e.portalId),
    events.map((e) => e.subscriptionType),
    events.map((e) => e.occurredAt.toISOString()),
    events.map((e) => JSON.stringify(e.payload)),
    events.map((e) => e.status),
  ]);
}

/** The client or an interactive transaction: what Prisma's model calls of this table run on. */
type Events = Pick<PrismaClient, "hubSpotWebhookEvent">;

export function findHubSpotWebhookEvent(prisma: Events, id: string) {
  return prisma.hubSpotWebhookEvent.findUnique({
    where: { id },
    select: { id: true, portalId: true, subscriptionType: true, payload: true, status: true },
  });
}

/** One more attempt at processing the event (counted before it is made). */
export async function countProcessingAttempt(prisma: Events, id: string): Promise<void> {
  await prisma.hubSpotWebhookEvent.update({ where: { id }, data: { attempts: { increment: 1 } } });
}

/** The event's processing is over: what it did, in words; `emptyBody` drops the event as received. */
export async function finishHubSpotWebhookEvent(
  prisma: Events,
  id: string,
  result: { status: "processed" | "failed"; outcome: string; emptyBody?: boolean },
): Promise<void> {
  await prisma.hubSpotWebhookEvent.update({
    where: { id },
    data: { status: result.status, processedAt: new Date(), outcome: result.outcome, ...(result.emptyBody && { payload: Prisma.DbNull }) },
  });
}

/** Events still pending of these: failed, with the reason (processing gave up on them). */
export async function failPendingHubSpotWebhookEvents(prisma: Events, ids: string[], outcome: string): Promise<void> {
  await prisma.hubSpotWebhookEvent.updateMany({
    where: { id: { in: ids }, status: "pending" },
    data: { status: "failed", processedAt: new Date(), outcome },
  });
}

const emptyBodiesOfContact = statement(
  "hubspot-webhooks.emptyBodiesOfContact",
  `UPDATE hubspot_webhook_events SET payload = NULL
   WHERE portal_id = $1::bigint AND status <> 'pending' AND payload->>'objectId' = $2::text`,
);

/** Processed events about this contact carry its id: their bodies are emptied (a privacy deletion). */
export async function emptyHubSpotWebhookBodiesOfContact(tx: Runner, portalId: bigint, objectId: string): Promise<void> {
  await query(tx, emptyBodiesOfContact, [portalId, objectId]);
}
