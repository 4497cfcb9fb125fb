import type { Runner } from "../db/statement";
import { deleteAuditEntriesMentioning } from "./repository/purge-contact";
import {
  deleteConnectionParticipantEvents, deleteConnectionPersonMarks, deleteConnectionRegistrants,
  deleteLiveWrittenContacts, deleteWorkflowCallsOfRegistrants, emptyConnectionTranscripts,
} from "./repository/zoom-account";

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

export async function purgeZoomConnectionData(tx: Runner, connection: { id: string; portalId: bigint }) {
  const registrants = await deleteConnectionRegistrants(tx, connection.id);
  const registrantIds = registrants.map((r) => r.id).filter((id): id is string => Boolean(id));
  const participants = await deleteConnectionParticipantEvents(tx, connection.id);
  const emails = [...new Set([...registrants.map((r) => r.email), ...participants.map((p) => p.email)])].filter((e): e is string => Boolean(e));
  const transcripts = await emptyConnectionTranscripts(tx, connection.id);
  await deleteConnectionPersonMarks(tx, connection.id);
  const workflowCalls = await deleteWorkflowCallsOfRegistrants(tx, connection.portalId, registrantIds);
  // Entries that name one of these people (the rest of the audit log stays).
  const auditEntries = await deleteAuditEntriesMentioning(tx, connection.portalId, emails);
  const writtenContacts = await deleteLiveWrittenContacts(tx, connection.portalId, emails);
  return { registrants: registrants.length, participantEvents: participants.length, transcripts, workflowCalls, auditEntries, writtenContacts };
}

/** The account's raw bodies go with it (webinars' processing of `app_deauthorized` calls this). */
export { emptyAccountWebhookBodies } from "./repository/zoom-account";
