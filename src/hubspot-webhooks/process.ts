import type { PrismaClient } from "../db/database";
import type { Logger } from "../lib/logger";
import type { Secrets } from "../lib/secrets";
import { emailsOfContact, PURGE_TRANSACTION, purgeContact, type PurgeCounts } from "../privacy/purge-contact";
import { tombstoneKey } from "../privacy/tombstone";
import { markContactDeletedInHubSpot } from "../sync/repository/contacts";
import { HubSpotWebhookEvent } from "./events";
import {
  countProcessingAttempt, emptyHubSpotWebhookBodiesOfContact, findHubSpotWebhookEvent, finishHubSpotWebhookEvent,
} from "./repository";

/** What applying an event needs: the database, the token key (tombstones), a logger. */
export interface ProcessDeps {
  db: { prisma: PrismaClient };
  secrets: Pick<Secrets, "tokenKey">;
  logger: Logger;
}

/**
 * Applies one recorded HubSpot webhook event (CONTRACT.md §3 "HubSpot webhooks"). An
 * event no longer pending is left alone, so a job run twice changes nothing; each
 * event's effect and its `processed` status commit in one transaction.
 * - `contact.deletion`: the contact counts as deleted in HubSpot at once; the sync
 *   never re-creates a contact it wrote that was deleted (src/sync/eligibility.ts).
 * - `contact.privacyDeletion`: its personal data is purged (src/privacy/purge-contact.ts),
 *   and the event's own body is emptied.
 */
export async function processHubSpotWebhookEvent(s: ProcessDeps, eventId: string): Promise<void> {
  const prisma = s.db.prisma;
  const found = await findHubSpotWebhookEvent(prisma, eventId);
  if (!found || found.status !== "pending") return;
  await countProcessingAttempt(prisma, eventId);
  const event = HubSpotWebhookEvent.safeParse(found.payload);
  if (!event.success || event.data.objectId === undefined) {
    await finishHubSpotWebhookEvent(prisma, eventId, { status: "failed", outcome: "the recorded event could not be read" });
    return;
  }
  const portalId = found.portalId;
  const objectId = event.data.objectId;
  // HubSpot's time of the deletion, never later than now.
  const deletedAt = new Date(Math.min(event.data.occurredAt, Date.now()));

  await prisma.$transaction(async (tx) => {
    let outcome: string;
    let emptyBody = false;
    if (found.subscriptionType === "contact.deletion") {
      const marked = await markContactDeletedInHubSpot(tx, portalId, objectId, deletedAt);
      outcome = marked ? "contact marked deleted in HubSpot" : "no contact written by the app has this id (or it was marked deleted already)";
    } else {
      const emails = await emailsOfContact(tx, portalId, objectId);
      if (emails.length === 0) {
        outcome = "privacy deletion: the app holds no data tied to this contact id";
      } else {
        const counts = await purgeContact(tx, tombstoneKey(s.secrets), { portalId, hubspotId: objectId, emails, deletedAt });
        outcome = `privacy deletion: ${describe(counts)}`;
        // Other processed events about the same contact carry its id: emptied too.
        await emptyHubSpotWebhookBodiesOfContact(tx, portalId, objectId);
      }
      emptyBody = true;
    }
    await finishHubSpotWebhookEvent(tx, eventId, { status: "processed", outcome, emptyBody });
  }, PURGE_TRANSACTION);
  s.logger.info({ eventId, portalId: String(portalId), type: found.subscriptionType }, "HubSpot webhook event applied");
}

function describe(c: PurgeCounts): string {
  const parts = (Object.entries(c) as [string, number][]).map(([k, n]) => `${n} ${k.replace(/[A-Z]/g, (m) => ` ${m.toLowerCase()}`)}`);
  return `deleted or emptied ${parts.join(", ")}`;
}
