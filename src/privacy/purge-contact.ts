import type { PrismaClient } from "../db/database";
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

type Tx = Pick<PrismaClient, "$executeRawUnsafe" | "$queryRawUnsafe">;

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
export async function emailsOfContact(tx: Tx, portalId: bigint, hubspotId: string): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<{ email: string }[]>(
    `SELECT DISTINCT lower(email) AS email FROM hubspot_contacts WHERE portal_id = $1 AND hubspot_id = $2`,
    portalId,
    hubspotId,
  );
  return rows.map((r) => r.email);
}

export async function purgeContact(
  tx: Tx,
  key: TombstoneKey,
  args: { portalId: bigint; hubspotId: string; emails: string[]; deletedAt: Date },
): Promise<PurgeCounts> {
  const { portalId, hubspotId, emails } = args;
  const webinarIds = (
    await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT w.id::text AS id FROM webinars w JOIN zoom_connections c ON c.id = w.connection_id WHERE c.portal_id = $1`,
      portalId,
    )
  ).map((r) => r.id);
  const exec = (sql: string, ...values: unknown[]) => tx.$executeRawUnsafe(sql, ...values);

  // Registrations, and the names they carry (transcripts are checked for them below).
  const registrants = await tx.$queryRawUnsafe<{ ref: string | null; name: string }[]>(
    `DELETE FROM registrants WHERE webinar_id = ANY($1::uuid[]) AND lower(email) = ANY($2::text[])
     RETURNING CASE WHEN zoom_registrant_id IS NOT NULL THEN webinar_id::text || ' ' || zoom_registrant_id END AS ref,
               trim(first_name || ' ' || last_name) AS name`,
    webinarIds,
    emails,
  );
  const registrantRefs = registrants.map((r) => r.ref).filter((r): r is string => r !== null);
  const registrantIds = registrantRefs.map((r) => r.slice(r.indexOf(" ") + 1));

  // Joins and leaves: by email, by the same participant in the same webinar, or by the
  // registration they were tied to (participants whose email Zoom hid).
  const events = await tx.$queryRawUnsafe<{ name: string }[]>(
    `WITH same AS (SELECT DISTINCT webinar_id, participant_key FROM participant_events
                    WHERE webinar_id = ANY($1::uuid[]) AND lower(email) = ANY($2::text[]))
     DELETE FROM participant_events p
      WHERE p.webinar_id = ANY($1::uuid[])
        AND (lower(p.email) = ANY($2::text[])
             OR (p.webinar_id, p.participant_key) IN (SELECT webinar_id, participant_key FROM same)
             OR (p.registrant_id IS NOT NULL AND p.webinar_id::text || ' ' || p.registrant_id = ANY($3::text[])))
     RETURNING p.name`,
    webinarIds,
    emails,
    registrantRefs,
  );

  // What the sync recorded as written for them: marks keyed by the email
  // (register/attend/cancel) or ending with it (timeline entries).
  const syncMarks = await exec(
    `DELETE FROM sync_marks WHERE webinar_id = ANY($1::uuid[])
        AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS e WHERE key = e OR right(key, length(e) + 1) = ':' || e)`,
    webinarIds,
    emails,
  );

  // A transcript that names them (email, or the full name they registered or joined with).
  const names = [...new Set([...registrants.map((r) => r.name), ...events.map((e) => e.name.trim())])].filter((n) => n.includes(" ") && n.length >= 5);
  const needles = [...emails, ...names.map((n) => n.toLowerCase())];
  const transcripts = await exec(
    `UPDATE recordings SET transcript_vtt = NULL
      WHERE webinar_id = ANY($1::uuid[]) AND transcript_vtt IS NOT NULL
        AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS n WHERE strpos(lower(transcript_vtt), n) > 0)`,
    webinarIds,
    needles,
  );

  // The workflow action's stored answers for them: by the Zoom registrant it made, or
  // any mention of the email.
  const workflowCalls = await exec(
    `DELETE FROM workflow_calls WHERE portal_id = $1
        AND (response->>'zoom_registrant_id' = ANY($3::text[])
             OR EXISTS (SELECT 1 FROM unnest($2::text[]) AS e WHERE strpos(lower(response::text), e) > 0))`,
    portalId,
    emails,
    registrantIds,
  );

  // Raw Zoom bodies that mention the email: emptied, their keys kept so a redelivery of
  // the same Zoom event is still recognised and changes nothing.
  const zoomWebhookBodies = await exec(
    `UPDATE webhook_events SET payload = NULL
      WHERE account_id IN (SELECT account_id FROM zoom_connections WHERE portal_id = $1)
        AND payload IS NOT NULL AND status <> 'pending'
        AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS e WHERE strpos(lower(payload::text), e) > 0)`,
    portalId,
    emails,
  );

  const auditEntries = await exec(
    `DELETE FROM audit_entries WHERE portal_id = $1
        AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS e WHERE strpos(lower(message), e) > 0 OR strpos(lower(details::text), e) > 0)`,
    portalId,
    emails,
  );

  // HubSpot's users of the portal, cached: read again at the next sync.
  await exec(`DELETE FROM hubspot_user_caches WHERE portal_id = $1 AND emails && $2::text[]`, portalId, emails);

  const writtenContacts = await exec(
    `DELETE FROM hubspot_contacts WHERE portal_id = $1 AND (lower(email) = ANY($2::text[]) OR hubspot_id = $3)`,
    portalId,
    emails,
    hubspotId,
  );

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
