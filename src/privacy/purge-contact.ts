import type { Runner } from "../db/statement";
import {
  deleteAuditEntriesMentioning, deleteParticipantEventsOf, deleteRegistrantsOf, deleteSyncMarksOf, deleteUserCachesNaming,
  deleteWorkflowCallsOf, deleteWrittenContactsOf, emailsOfContact, emptyTranscriptsNaming, emptyZoomBodiesMentioning, webinarIdsOfPortal,
} from "./repository/purge-contact";
import { writeTombstones, type TombstoneKey } from "./tombstone";

/**
 * A HubSpot privacy deletion (`contact.privacyDeletion`, CONTRACT.md §10): for that
 * portal, every row that holds the contact's email or name is deleted, and what must
 * remain is counted, not named (a tombstone: ./tombstone.ts).
 *
 * HubSpot's event names the contact by id only (reference §A7); the app knows the email
 * of the contacts it wrote (hubspot_contacts.hubspot_id). A contact the app never wrote
 * has nothing of ours tied to that id, and nothing is purged. Not confirmed (README
 * "Known unknowns"): that `contact.privacyDeletion` carries no email or other field
 * beyond the common ones; if it did, it could reach people the app never wrote.
 *
 * Scope: the portal's own rows (its Zoom connection's webinars, its workflow calls and
 * audit log, its written contacts), and the raw Zoom bodies of its Zoom account. The
 * same email in another portal is another portal's data and stays. A raw Zoom body
 * still waiting to be processed is left to processing: the fact it brings arrives, in
 * effect, after the deletion (recorded, never re-creating the contact), and the
 * retention period removes its body.
 */

/**
 * A purge reads the raw bodies of a whole Zoom account: on a large one, far longer than
 * Prisma's 5 s default for an interactive transaction.
 */
export const PURGE_TRANSACTION = { maxWait: 30_000, timeout: 10 * 60_000 };

export interface PurgeCounts {
  registrations: number;
  attendanceEvents: number;
  syncMarks: number;
  transcripts: number;
  workflowCalls: number;
  zoomWebhookBodies: number;
  auditEntries: number;
  writtenContacts: number;
}

/** Emails (lower-cased) of the portal's contacts the app wrote with this HubSpot id. */
export { emailsOfContact };

/** Runs in the purge's transaction (PURGE_TRANSACTION); its statements: ./repository/purge-contact.ts. */
export async function purgeContact(
  tx: Runner,
  key: TombstoneKey,
  args: { portalId: bigint; hubspotId: string; emails: string[]; deletedAt: Date },
): Promise<PurgeCounts> {
  const { portalId, hubspotId, emails } = args;
  const webinarIds = await webinarIdsOfPortal(tx, portalId);

  // Registrations, and the names they carry (transcripts are checked for them below).
  const registrants = await deleteRegistrantsOf(tx, webinarIds, emails);
  const registrantRefs = registrants.map((r) => r.ref).filter((r): r is string => r !== null);
  const registrantIds = registrantRefs.map((r) => r.slice(r.indexOf(" ") + 1));

  // Joins and leaves: by email, by the same participant, or by the registration they were tied to.
  const events = await deleteParticipantEventsOf(tx, webinarIds, emails, registrantRefs);
  const syncMarks = await deleteSyncMarksOf(tx, webinarIds, emails);

  // A transcript that names them (email, or the full name they registered or joined with).
  const names = [...new Set([...registrants.map((r) => r.name), ...events.map((e) => e.name.trim())])].filter((n) => n.includes(" ") && n.length >= 5);
  const transcripts = await emptyTranscriptsNaming(tx, webinarIds, [...emails, ...names.map((n) => n.toLowerCase())]);

  const workflowCalls = await deleteWorkflowCallsOf(tx, portalId, emails, registrantIds);
  const zoomWebhookBodies = await emptyZoomBodiesMentioning(tx, portalId, emails);
  const auditEntries = await deleteAuditEntriesMentioning(tx, portalId, emails);
  await deleteUserCachesNaming(tx, portalId, emails);
  const writtenContacts = await deleteWrittenContactsOf(tx, portalId, emails, hubspotId);

  await writeTombstones(tx, key, portalId, emails, args.deletedAt);

  return {
    registrations: registrants.length,
    attendanceEvents: events.length,
    syncMarks,
    transcripts,
    workflowCalls,
    zoomWebhookBodies,
    auditEntries,
    writtenContacts,
  };
}
