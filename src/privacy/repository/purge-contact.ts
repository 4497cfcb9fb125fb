import { query, count, statement, type Runner } from "../../db/statement";

/**
 * The statements of a HubSpot privacy deletion (src/privacy/purge-contact.ts). They reach
 * other folders' tables on purpose: a purge must reach every row that names the person
 * (ARCHITECTURE.md, "Who owns which table"). All run in the purge's one transaction.
 */

const emailsOfContactStatement = statement<{ email: string }>(
  "privacy.emailsOfContact",
  `SELECT DISTINCT lower(email) AS email FROM hubspot_contacts WHERE portal_id = $1 AND hubspot_id = $2`,
);

const webinarsOfPortal = statement<{ id: string }>(
  "privacy.webinarsOfPortal",
  `SELECT w.id::text AS id FROM webinars w JOIN zoom_connections c ON c.id = w.connection_id WHERE c.portal_id = $1`,
);

/** Registrations, and the names they carry (transcripts are checked for them). */
const deleteRegistrants = statement<{ ref: string | null; name: string }>(
  "privacy.deleteRegistrants",
  `DELETE FROM registrants WHERE webinar_id = ANY($1::uuid[]) AND lower(email) = ANY($2::text[])
   RETURNING CASE WHEN zoom_registrant_id IS NOT NULL THEN webinar_id::text || ' ' || zoom_registrant_id END AS ref,
             trim(first_name || ' ' || last_name) AS name`,
);

/**
 * Joins and leaves: by email, by the same participant in the same webinar, or by the
 * registration they were tied to (participants whose email Zoom hid).
 */
const deleteParticipantEvents = statement<{ name: string }>(
  "privacy.deleteParticipantEvents",
  `WITH same AS (SELECT DISTINCT webinar_id, participant_key FROM participant_events
                  WHERE webinar_id = ANY($1::uuid[]) AND lower(email) = ANY($2::text[]))
   DELETE FROM participant_events p
    WHERE p.webinar_id = ANY($1::uuid[])
      AND (lower(p.email) = ANY($2::text[])
           OR (p.webinar_id, p.participant_key) IN (SELECT webinar_id, participant_key FROM same)
           OR (p.registrant_id IS NOT NULL AND p.webinar_id::text || ' ' || p.registrant_id = ANY($3::text[])))
   RETURNING p.name`,
);

/** Marks keyed by the email (register/attend/cancel) or ending with it (timeline entries). */
const deleteSyncMarks = statement<{ n: number }>(
  "privacy.deleteSyncMarksOfEmails",
  `WITH done AS (
     DELETE FROM sync_marks WHERE webinar_id = ANY($1::uuid[])
        AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS e WHERE key = e OR right(key, length(e) + 1) = ':' || e)
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

/** Transcripts that name them (email, or a full name they registered or joined with). */
const emptyTranscripts = statement<{ n: number }>(
  "privacy.emptyTranscriptsNaming",
  `WITH done AS (
     UPDATE recordings SET transcript_vtt = NULL
      WHERE webinar_id = ANY($1::uuid[]) AND transcript_vtt IS NOT NULL
        AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS n WHERE strpos(lower(transcript_vtt), n) > 0)
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

/** The workflow action's stored answers: by the Zoom registrant it made, or any mention of the email. */
const deleteWorkflowCalls = statement<{ n: number }>(
  "privacy.deleteWorkflowCallsOfEmails",
  `WITH done AS (
     DELETE FROM workflow_calls WHERE portal_id = $1
        AND (response->>'zoom_registrant_id' = ANY($3::text[])
             OR EXISTS (SELECT 1 FROM unnest($2::text[]) AS e WHERE strpos(lower(response::text), e) > 0))
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

/** Raw Zoom bodies that mention the email: emptied, their keys kept (a redelivery is still recognised). */
const emptyZoomBodies = statement<{ n: number }>(
  "privacy.emptyZoomBodiesMentioning",
  `WITH done AS (
     UPDATE webhook_events SET payload = NULL
      WHERE account_id IN (SELECT account_id FROM zoom_connections WHERE portal_id = $1)
        AND payload IS NOT NULL AND status <> 'pending'
        AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS e WHERE strpos(lower(payload::text), e) > 0)
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

/** Audit entries that mention one of the emails (message or details). */
const deleteAuditEntries = statement<{ n: number }>(
  "privacy.deleteAuditEntriesMentioning",
  `WITH done AS (
     DELETE FROM audit_entries WHERE portal_id = $1
        AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS e WHERE strpos(lower(message), e) > 0 OR strpos(lower(details::text), e) > 0)
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

/** HubSpot's users of the portal, cached: read again at the next sync. */
const deleteUserCaches = statement("privacy.deleteUserCachesNaming", `DELETE FROM hubspot_user_caches WHERE portal_id = $1 AND emails && $2::text[]`);

const deleteWrittenContacts = statement<{ n: number }>(
  "privacy.deleteWrittenContacts",
  `WITH done AS (
     DELETE FROM hubspot_contacts WHERE portal_id = $1 AND (lower(email) = ANY($2::text[]) OR hubspot_id = $3)
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

/** Emails (lower-cased) of the portal's contacts the app wrote with this HubSpot id. */
export async function emailsOfContact(tx: Runner, portalId: bigint, hubspotId: string): Promise<string[]> {
  return (await query(tx, emailsOfContactStatement, [portalId, hubspotId])).map((r) => r.email);
}

export async function webinarIdsOfPortal(tx: Runner, portalId: bigint): Promise<string[]> {
  return (await query(tx, webinarsOfPortal, [portalId])).map((r) => r.id);
}

export const deleteRegistrantsOf = (tx: Runner, webinarIds: string[], emails: string[]) => query(tx, deleteRegistrants, [webinarIds, emails]);

export const deleteParticipantEventsOf = (tx: Runner, webinarIds: string[], emails: string[], registrantRefs: string[]) =>
  query(tx, deleteParticipantEvents, [webinarIds, emails, registrantRefs]);

export const deleteSyncMarksOf = (tx: Runner, webinarIds: string[], emails: string[]) => count(tx, deleteSyncMarks, [webinarIds, emails]);

export const emptyTranscriptsNaming = (tx: Runner, webinarIds: string[], needles: string[]) => count(tx, emptyTranscripts, [webinarIds, needles]);

export const deleteWorkflowCallsOf = (tx: Runner, portalId: bigint, emails: string[], registrantIds: string[]) =>
  count(tx, deleteWorkflowCalls, [portalId, emails, registrantIds]);

export const emptyZoomBodiesMentioning = (tx: Runner, portalId: bigint, emails: string[]) => count(tx, emptyZoomBodies, [portalId, emails]);

export const deleteAuditEntriesMentioning = (tx: Runner, portalId: bigint, emails: string[]) => count(tx, deleteAuditEntries, [portalId, emails]);

export async function deleteUserCachesNaming(tx: Runner, portalId: bigint, emails: string[]): Promise<void> {
  await query(tx, deleteUserCaches, [portalId, emails]);
}

export const deleteWrittenContactsOf = (tx: Runner, portalId: bigint, emails: string[], hubspotId: string) =>
  count(tx, deleteWrittenContacts, [portalId, emails, hubspotId]);
