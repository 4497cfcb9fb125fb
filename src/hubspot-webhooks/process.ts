import { Prisma } from "../generated/prisma/client";
import { emailsOfContact, PURGE_TRANSACTION, purgeContact, type PurgeCounts } from "../privacy/purge-contact";
import { tombstoneKey } from "../privacy/tombstone";
import type { Services } from "../services";
import { HubSpotWebhookEvent } from "./events";

/**
 * Applies one recorded HubSpot webhook event (CONTRACT.md §3 "HubSpot webhooks"). An
 * event no longer pending is left alone, so a job run twice changes nothing; each
 * event's effect and its `processed` status commit in one transaction.
 * - `contact.deletion`: the contact counts as deleted in HubSpot at once; the sync
 *   never re-creates a contact it wrote that was deleted (src/sync/eligibility.ts).
 * - `contact.privacyDeletion`: its personal data is purged (src/privacy/purge-contact.ts),
 *   and the event's own body is emptied.
 */
export async function processHubSpotWebhookEvent(s: Services, eventId: string): Promise<void> {
  const found = await s.db.prisma.hubSpotWebhookEvent.findUnique({ where: { id: eventId } });
  if (!found || found.status !== "pending") return;
  await s.db.prisma.hubSpotWebhookEvent.update({ where: { id: eventId }, data: { attempts: { increment: 1 } } });
  const event = HubSpotWebhookEvent.safeParse(found.payload);
  if (!event.success || event.data.objectId === undefined) {
    await s.db.prisma.hubSpotWebhookEvent.update({
      where: { id: eventId },
      data: { status: "failed", processedAt: new Date(), outcome: "the recorded event could not be read" },
    });
    return;
  }
  const portalId = found.portalId;
  const objectId = event.data.objectId;
  // HubSpot's time of the deletion, never later than now.
  const deletedAt = new Date(Math.min(event.data.occurredAt, Date.now()));

  await s.db.prisma.$transaction(async (tx) => {
    let outcome: string;
    let emptyBody = false;
    if (found.subscriptionType === "contact.deletion") {
      const n = await tx.$executeRawUnsafe(
        `UPDATE hubspot_contacts SET deleted_at = $3::timestamptz WHERE portal_id = $1 AND hubspot_id = $2 AND deleted_at IS NULL`,
        portalId,
        objectId,
        deletedAt,
      );
      outcome = n > 0 ? "contact marked deleted in HubSpot" : "no contact written by the app has this id (or it was marked deleted already)";
    } else {
      const emails = await emailsOfContact(tx, portalId, objectId);
      if (emails.length === 0) {
        outcome = "privacy deletion: the app holds no data tied to this contact id";
      } else {
        const counts = await purgeContact(tx, tombstoneKey(s.secrets), { portalId, hubspotId: objectId, emails, deletedAt });
        outcome = `privacy deletion: ${describe(counts)}`;
        // Other processed events about the same contact carry its id: emptied too.
        await tx.$executeRawUnsafe(
          `UPDATE hubspot_webhook_events SET payload = NULL
            WHERE portal_id = $1 AND status <> 'pending' AND payload->>'objectId' = $2`,
          portalId,
          objectId,
        );
      }
      emptyBody = true;
    }
    await tx.hubSpotWebhookEvent.update({
      where: { id: eventId },
      data: { status: "processed", processedAt: new Date(), outcome, ...(emptyBody && { payload: Prisma.DbNull }) },
    });
  }, PURGE_TRANSACTION);
  s.logger.info({ eventId, portalId: String(portalId), type: found.subscriptionType }, "HubSpot webhook event applied");
}

function describe(c: PurgeCounts): string {
  const parts = (Object.entries(c) as [string, number][]).map(([k, n]) => `${n} ${k.replace(/[A-Z]/g, (m) => ` ${m.toLowerCase()}`)}`);
  return `deleted or emptied ${parts.join(", ")}`;
}
