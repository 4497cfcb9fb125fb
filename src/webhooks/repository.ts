import type { PrismaClient } from "../db/database";
import { query, statement, type Runner } from "../db/statement";

/**
 * webhook_events, owned by src/webhooks: the intake records Zoom's events here
 * (src/webhooks/record.ts), processing (src/webinars) moves each one from `pending` to
 * processed, ignored or failed through the functions below. Privacy empties bodies with
 * its own statements (src/privacy/repository, a documented exception).
 */

type Events = Pick<PrismaClient, "webhookEvent">;

/** One event as the intake records it: `status` is `pending` (to process) or `ignored`. */
export interface NewWebhookEvent {
  trackingId: string | null;
  businessKey: string;
  eventType: string;
  accountId: string | null;
  /** Zoom's event time (ms), as digits. */
  eventTs: string | null;
  /** The raw body (JSON text). */
  payload: string;
  status: "pending" | "ignored";
}

/**
 * A batch of events in one statement (the intake's hot path: one per group commit), each
 * once per business key: a key already recorded, or repeated in the batch, inserts
 * nothing. Returns the rows inserted.
 */
const insertEvents = statement<{ id: string; business_key: string }>(
  "webhooks.insertEvents",
  `INSERT INTO webhook_events (id, tracking_id, business_key, event_type, account_id, event_ts, payload, status)
   SELECT gen_random_uuid(), e.tracking_id, e.business_key, e.event_type, e.account_id, e.event_ts, e.payload::jsonb, e.status
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[])
       AS e(tracking_id, business_key, event_type, account_id, event_ts, payload, status)
   ON CONFLICT (business_key) DO NOTHING
   RETURNING id::text AS id, business_key`,
);

/** Records these events (inside the caller's transaction); the new ones' ids by business key. */
export async function insertWebhookEvents(tx: Runner, events: NewWebhookEvent[]): Promise<Map<string, string>> {
  const rows = await query(tx, insertEvents, [
    events.map((e) => e.trackingId),
    events.map((e) => e.businessKey),
    events.map((e) => e.eventType),
    events.map((e) => e.accountId),
    events.map((e) => e.eventTs),
    events.map((e) => e.payload),
    events.map((e) => e.status),
  ]);
  return new Map(rows.map((r) => [r.business_key, r.id]));
}

export function findWebhookEvent(prisma: Events, id: string) {
  return prisma.webhookEvent.findUnique({ where: { id } });
}

/** One more attempt at processing this event; the event as it now is. */
export function countWebhookEventAttempt(prisma: Events, id: string) {
  return prisma.webhookEvent.update({ where: { id }, data: { attempts: { increment: 1 } } });
}

/** Processing is over: applied (`processed`) or nothing to apply (`ignored`, with why). */
export async function finishWebhookEvent(prisma: Events, id: string, status: "processed" | "ignored", note?: string): Promise<void> {
  await prisma.webhookEvent.update({ where: { id }, data: { status, processedAt: new Date(), error: note ?? null } });
}

/** Processing failed for good; the event as it now is. */
export function failWebhookEvent(prisma: Events, id: string, reason: string) {
  return prisma.webhookEvent.update({ where: { id }, data: { status: "failed", error: reason, processedAt: new Date() } });
}

/** Why the last attempt failed; the event stays pending (its job retries). */
export async function noteWebhookEventError(prisma: Events, id: string, message: string): Promise<void> {
  await prisma.webhookEvent.update({ where: { id }, data: { error: message } });
}

/** Of these events, those still pending, with their last error. */
export function pendingWebhookEvents(prisma: Events, ids: string[]) {
  return prisma.webhookEvent.findMany({ where: { id: { in: ids }, status: "pending" }, select: { id: true, error: true } });
}

/** Every event recorded (the intake benchmark counts them). */
export function countWebhookEvents(prisma: Events): Promise<number> {
  return prisma.webhookEvent.count();
}
