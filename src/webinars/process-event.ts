import { markZoomConnectionDeauthorized, zoomConnectionsOfAccount } from "../connections/repository/zoom-connections";
import { PURGE_TRANSACTION } from "../privacy/purge-contact";
import { emptyAccountWebhookBodies, purgeZoomConnectionData } from "../privacy/zoom-account";
import { countWebhookEventAttempt, findWebhookEvent, finishWebhookEvent } from "../webhooks/repository";
import { APP_DEAUTHORIZED } from "../zoom/events";
import type { WebinarsDeps } from "./deps";
import { applyEvent, PermanentEventError } from "./handlers";
import { EventEnvelope } from "../zoom/schemas";

/**
 * Processes one recorded webhook event: routes it to the active Zoom connections of
 * its account (payload.account_id; one Zoom account may be connected to several
 * portals) and applies it to each. An event already processed, ignored or failed is
 * left alone, so a job run twice changes nothing.
 */
export async function processWebhookEvent(s: WebinarsDeps, eventId: string): Promise<void> {
  const found = await findWebhookEvent(s.db.prisma, eventId);
  if (!found || found.status !== "pending") return;
  const event = await countWebhookEventAttempt(s.db.prisma, eventId);
  const envelope = EventEnvelope.safeParse(event.payload);
  if (!envelope.success) throw new PermanentEventError(`Not a Zoom event: ${envelope.error.issues[0]?.message ?? envelope.error.message}`);
  const accountId = envelope.data.payload.account_id;
  const at = envelope.data.event_ts ? new Date(envelope.data.event_ts) : event.receivedAt;

  if (event.eventType === APP_DEAUTHORIZED) {
    const done = await deauthorize(s, eventId, accountId, envelope.data.payload.deauthorization_time);
    return finish(s, eventId, done > 0 ? "processed" : "ignored");
  }

  const connections = accountId
    ? await zoomConnectionsOfAccount(s.db.prisma, accountId, { active: true })
    : [];
  if (connections.length === 0) return finish(s, eventId, "ignored", "no active Zoom connection for this account");

  let applied = false;
  for (const connection of connections) {
    const outcome = await applyEvent(s, connection, { type: event.eventType, envelope: envelope.data, at });
    applied ||= outcome === "applied";
  }
  await finish(s, eventId, applied ? "processed" : "ignored");
}

async function finish(s: Pick<WebinarsDeps, "db">, eventId: string, status: "processed" | "ignored", note?: string) {
  await finishWebhookEvent(s.db.prisma, eventId, status, note);
}

/**
 * `app_deauthorized` (reference §C8): the app was removed from the Zoom account. Its
 * connections lose their tokens and stop syncing, the personal data recorded from the
 * account is deleted (src/privacy/zoom-account.ts), and the settings page says so;
 * later events for them are ignored. A deauthorization older than the connection (Zoom
 * retries for hours, the admin may have reconnected meanwhile) does not touch the newer
 * connection nor its data. A connection the admin had disconnected is purged too.
 */
async function deauthorize(s: Pick<WebinarsDeps, "db" | "logger">, eventId: string, accountId: string | undefined, deauthorizedAt: unknown): Promise<number> {
  if (!accountId) throw new PermanentEventError("payload.account_id is required");
  const given = typeof deauthorizedAt === "string" && !Number.isNaN(Date.parse(deauthorizedAt)) ? new Date(deauthorizedAt) : undefined;
  const when = given && given.getTime() <= Date.now() ? given : new Date();
  const connections = await zoomConnectionsOfAccount(s.db.prisma, accountId);
  let count = 0;
  for (const c of connections) {
    if (given && given < c.connectedAt) continue;
    const purged = await s.db.prisma.$transaction(async (tx) => {
      await markZoomConnectionDeauthorized(tx, c, when);
      return purgeZoomConnectionData(tx, c);
    }, PURGE_TRANSACTION);
    s.logger.warn({ connectionId: c.id, portalId: String(c.portalId), accountId, purged }, "Zoom app deauthorized: connection disconnected and its personal data deleted");
    count++;
  }
  if (count > 0) {
    // Bodies up to now, unless the account was connected again since (its bodies since
    // the deauthorization belong to the new connection).
    const [reconnected] = await zoomConnectionsOfAccount(s.db.prisma, accountId, { active: true });
    await emptyAccountWebhookBodies(s.db.prisma, accountId, reconnected ? when : new Date(), eventId);
  }
  return count;
}
