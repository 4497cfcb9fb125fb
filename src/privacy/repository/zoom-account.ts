import { count, query, statement, type Runner } from "../../db/statement";

/**
 * The statements of a Zoom deauthorization purge (src/privacy/zoom-account.ts): the
 * personal data recorded under one Zoom connection ($1), across other folders' tables on
 * purpose (ARCHITECTURE.md, "Who owns which table").
 */

const deleteRegistrants = statement<{ id: string | null; email: string }>(
  "privacy.deleteConnectionRegistrants",
  `DELETE FROM registrants WHERE webinar_id IN (SELECT id FROM webinars WHERE connection_id = $1::uuid)
   RETURNING zoom_registrant_id AS id, lower(email) AS email`,
);

const deleteParticipantEvents = statement<{ email: string | null }>(
  "privacy.deleteConnectionParticipantEvents",
  `DELETE FROM participant_events WHERE webinar_id IN (SELECT id FROM webinars WHERE connection_id = $1::uuid)
   RETURNING lower(email) AS email`,
);

const emptyTranscripts = statement<{ n: number }>(
  "privacy.emptyConnectionTranscripts",
  `WITH done AS (
     UPDATE recordings SET transcript_vtt = NULL
      WHERE webinar_id IN (SELECT id FROM webinars WHERE connection_id = $1::uuid) AND transcript_vtt IS NOT NULL
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

/** Marks keyed by person (register/attend/cancel by email, timeline entries and attendance intents ending with it). */
const deletePersonMarks = statement(
  "privacy.deleteConnectionPersonMarks",
  `DELETE FROM sync_marks WHERE webinar_id IN (SELECT id FROM webinars WHERE connection_id = $1::uuid)
     AND kind IN ('register', 'attend', 'cancel', 'timeline', 'attendance-intent')`,
);

const deleteWorkflowCalls = statement<{ n: number }>(
  "privacy.deleteWorkflowCallsOfRegistrants",
  `WITH done AS (
     DELETE FROM workflow_calls WHERE portal_id = $1 AND response->>'zoom_registrant_id' = ANY($2::text[])
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

/** The live contacts the app wrote for them (those deleted in HubSpot stay: they keep the sync from re-creating them). */
const deleteLiveContacts = statement<{ n: number }>(
  "privacy.deleteLiveWrittenContacts",
  `WITH done AS (
     DELETE FROM hubspot_contacts WHERE portal_id = $1 AND deleted_at IS NULL AND email = ANY($2::text[])
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

/**
 * The account's raw Zoom bodies received up to the deauthorization ($3) but the event
 * being processed ($2): emptied, their keys kept; those still waiting are ignored, since
 * the app was no longer authorized when they would be applied.
 */
const emptyAccountBodies = statement<{ n: number }>(
  "privacy.emptyAccountWebhookBodies",
  `WITH done AS (
     UPDATE webhook_events
        SET payload = NULL,
            error = CASE WHEN status = 'pending' THEN 'Zoom app deauthorized before this event was applied' ELSE error END,
            status = CASE WHEN status = 'pending' THEN 'ignored' ELSE status END,
            processed_at = COALESCE(processed_at, now())
      WHERE account_id = $1 AND id <> $2::uuid AND received_at <= $3::timestamptz AND payload IS NOT NULL
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

export const deleteConnectionRegistrants = (tx: Runner, connectionId: string) => query(tx, deleteRegistrants, [connectionId]);
export const deleteConnectionParticipantEvents = (tx: Runner, connectionId: string) => query(tx, deleteParticipantEvents, [connectionId]);
export const emptyConnectionTranscripts = (tx: Runner, connectionId: string) => count(tx, emptyTranscripts, [connectionId]);

export async function deleteConnectionPersonMarks(tx: Runner, connectionId: string): Promise<void> {
  await query(tx, deletePersonMarks, [connectionId]);
}

export const deleteWorkflowCallsOfRegistrants = (tx: Runner, portalId: bigint, registrantIds: string[]) =>
  count(tx, deleteWorkflowCalls, [portalId, registrantIds]);
export const deleteLiveWrittenContacts = (tx: Runner, portalId: bigint, emails: string[]) => count(tx, deleteLiveContacts, [portalId, emails]);
export const emptyAccountWebhookBodies = (tx: Runner, accountId: string, until: Date, exceptEventId: string) =>
  count(tx, emptyAccountBodies, [accountId, exceptEventId, until]);
