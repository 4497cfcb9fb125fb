import type { PrismaClient } from "../db/database";

/**
 * Zoom `app_deauthorized` (CONTRACT.md §10; reference §C8): the app was removed from the
 * Zoom account, so the personal data recorded from that account goes with its tokens:
 * registrants, joins and leaves, transcripts, what the sync recorded as written per
 * person, the workflow action's stored Zoom registrations, and the raw webhook bodies.
 * What stays: the webinars themselves (topics, times, hosts) and their audit log (but
 * entries that name one of those people), so the settings page still shows the
 * history; and, of the app's record of the HubSpot contacts it wrote, only those deleted
 * in HubSpot since (they are what keeps the sync from re-creating them, should the
 * account be connected again). The live ones only saved a re-write: they go.
 * Not confirmed (README "Known unknowns"): whether Zoom still expects the data-compliance
 * call (`POST /oauth/data/compliance`) after a deauthorization; the app does not make it.
 */

type Tx = Pick<PrismaClient, "$executeRawUnsafe" | "$queryRawUnsafe">;

export async function purgeZoomConnectionData(tx: Tx, connection: { id: string; portalId: bigint }) {
  const webinars = `SELECT id FROM webinars WHERE connection_id = $1::uuid`;
  const registrants = await tx.$queryRawUnsafe<{ id: string | null; email: string }[]>(
    `DELETE FROM registrants WHERE webinar_id IN (${webinars}) RETURNING zoom_registrant_id AS id, lower(email) AS email`,
    connection.id,
  );
  const registrantIds = registrants.map((r) => r.id).filter((id): id is string => Boolean(id));
  const participants = await tx.$queryRawUnsafe<{ email: string | null }[]>(
    `DELETE FROM participant_events WHERE webinar_id IN (${webinars}) RETURNING lower(email) AS email`,
    connection.id,
  );
  const emails = [...new Set([...registrants.map((r) => r.email), ...participants.map((p) => p.email)])].filter((e): e is string => Boolean(e));
  const transcripts = await tx.$executeRawUnsafe(
    `UPDATE recordings SET transcript_vtt = NULL WHERE webinar_id IN (${webinars}) AND transcript_vtt IS NOT NULL`,
    connection.id,
  );
  // Marks keyed by person (register/attend/cancel by email, timeline entries and attendance intents ending with it).
  await tx.$executeRawUnsafe(
    `DELETE FROM sync_marks WHERE webinar_id IN (${webinars}) AND kind IN ('register', 'attend', 'cancel', 'timeline', 'attendance-intent')`,
    connection.id,
  );
  const workflowCalls = await tx.$executeRawUnsafe(
    `DELETE FROM workflow_calls WHERE portal_id = $1 AND response->>'zoom_registrant_id' = ANY($2::text[])`,
    connection.portalId,
    registrantIds,
  );
  const auditEntries = await tx.$executeRawUnsafe(
    `DELETE FROM audit_entries WHERE portal_id = $1
        AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS e WHERE strpos(lower(message), e) > 0 OR strpos(lower(details::text), e) > 0)`,
    connection.portalId,
    emails,
  );
  const writtenContacts = await tx.$executeRawUnsafe(
    `DELETE FROM hubspot_contacts WHERE portal_id = $1 AND deleted_at IS NULL AND email = ANY($2::text[])`,
    connection.portalId,
    emails,
  );
  return { registrants: registrants.length, participantEvents: participants.length, transcripts, workflowCalls, auditEntries, writtenContacts };
}

/**
 * The account's raw Zoom bodies received up to the deauthorization (but the event being
 * processed): emptied, their keys kept; those still waiting are ignored, since the app
 * was no longer authorized when they would be applied.
 */
export function emptyAccountWebhookBodies(tx: Tx, accountId: string, until: Date, exceptEventId: string) {
  return tx.$executeRawUnsafe(
    `UPDATE webhook_events
        SET payload = NULL,
            error = CASE WHEN status = 'pending' THEN 'Zoom app deauthorized before this event was applied' ELSE error END,
            status = CASE WHEN status = 'pending' THEN 'ignored' ELSE status END,
            processed_at = COALESCE(processed_at, now())
      WHERE account_id = $1 AND id <> $2::uuid AND received_at <= $3::timestamptz AND payload IS NOT NULL`,
    accountId,
    exceptEventId,
    until,
  );
}
