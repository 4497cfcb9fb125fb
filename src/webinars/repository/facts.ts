import { query, statement, type Runner } from "../../db/statement";

/**
 * Recorded registrants and joins/leaves read back per person, for the sync to HubSpot
 * (src/sync/facts.ts turns them into facts). Emails are compared lower-cased; a
 * join/leave without an email is tied to a person through another event of the same
 * participant or through their registrant id. `emails` lists are keyed joins, so the
 * sync reads a webinar's people a batch at a time rather than scanning for each.
 */

export interface RegistrantFactRow {
  webinar_id: string;
  email: string;
  first_name: string;
  last_name: string;
  status: string;
  join_url: string | null;
  registered_at: Date;
  cancelled_at: Date | null;
  updated_at: Date;
  /** The registration questions' answers ({question: value}). */
  answers: Record<string, string>;
}

export interface ParticipantEventFactRow {
  webinar_id: string;
  participant_key: string;
  /** The person the participant is: see participantEventFacts; null when no email could be found. */
  email: string | null;
  name: string;
  kind: string;
  at: Date;
}

const registrantFacts = statement<RegistrantFactRow>(
  "webinars.registrantFacts",
  `SELECT r.webinar_id::text, lower(r.email) AS email, r.first_name, r.last_name, r.status, r.join_url,
          r.registered_at, r.cancelled_at, r.updated_at, r.answers
   FROM registrants r
   WHERE r.webinar_id = ANY($1::uuid[])
     AND ($2::boolean OR lower(r.email) IN (SELECT unnest($3::text[])))
   ORDER BY lower(r.email), r.webinar_id`,
);

/** Registrations of the webinars, of everyone (`emails` undefined) or of these people (lower-cased). */
export function registrantFactsOf(on: Runner, webinarIds: string[], emails: string[] | undefined): Promise<RegistrantFactRow[]> {
  return query(on, registrantFacts, [webinarIds, emails === undefined, emails ?? []]);
}

const participantEventFacts = statement<ParticipantEventFactRow>(
  "webinars.participantEventFacts",
  `WITH wanted AS (SELECT unnest($3::text[]) AS email),
   wanted_registrants AS (
     SELECT r.webinar_id, r.zoom_registrant_id FROM registrants r
     WHERE r.webinar_id = ANY($1::uuid[]) AND r.zoom_registrant_id IS NOT NULL
       AND lower(r.email) IN (SELECT email FROM wanted)),
   candidates AS (
     SELECT e.webinar_id, e.participant_key FROM participant_events e
     WHERE e.webinar_id = ANY($1::uuid[]) AND ($2::boolean OR lower(e.email) IN (SELECT email FROM wanted))
     UNION
     SELECT e.webinar_id, e.participant_key FROM participant_events e
     JOIN wanted_registrants w ON w.webinar_id = e.webinar_id AND w.zoom_registrant_id = e.registrant_id),
   people AS (
     SELECT e.webinar_id, e.participant_key,
            COALESCE(min(lower(e.email)) FILTER (WHERE e.email <> ''), min(lower(r.email))) AS email
     FROM participant_events e
     JOIN candidates c ON c.webinar_id = e.webinar_id AND c.participant_key = e.participant_key
     LEFT JOIN registrants r ON r.webinar_id = e.webinar_id AND r.zoom_registrant_id = e.registrant_id
     GROUP BY e.webinar_id, e.participant_key)
   SELECT e.webinar_id::text, e.participant_key, p.email, e.name, e.kind, e.at
   FROM participant_events e
   JOIN people p ON p.webinar_id = e.webinar_id AND p.participant_key = e.participant_key
   WHERE $2::boolean OR p.email IN (SELECT email FROM wanted)
   ORDER BY e.webinar_id, p.email, e.at, e.participant_key, e.kind`,
);

/**
 * Joins and leaves of the webinars, of everyone or of these people. A participant (all
 * the events of one participant key in one webinar) is the person of the smallest email
 * among their events, else of the registration their registrant id names; the same
 * whichever batch reads them.
 */
export function participantEventFactsOf(on: Runner, webinarIds: string[], emails: string[] | undefined): Promise<ParticipantEventFactRow[]> {
  return query(on, participantEventFacts, [webinarIds, emails === undefined, emails ?? []]);
}

const participantSummary = statement<{ without_email: number; matched_by_registrant_id: number; has_events: boolean }>(
  "webinars.participantSummary",
  `WITH people AS (
     SELECT e.participant_key,
            min(lower(e.email)) FILTER (WHERE e.email <> '') AS own_email,
            min(lower(r.email)) AS registered_email
     FROM participant_events e
     LEFT JOIN registrants r ON r.webinar_id = e.webinar_id AND r.zoom_registrant_id = e.registrant_id
     WHERE e.webinar_id = $1::uuid
     GROUP BY e.participant_key)
   SELECT count(*) FILTER (WHERE own_email IS NULL AND registered_email IS NULL)::int AS without_email,
          count(DISTINCT registered_email) FILTER (WHERE own_email IS NULL)::int AS matched_by_registrant_id,
          count(*) > 0 AS has_events
   FROM people`,
);

/**
 * How many of a webinar's participants no email could be found for, how many people
 * Zoom showed without an email were found through their registrant id (CONTRACT.md §11,
 * counted once per person however many devices or occurrences), and whether it has any
 * join/leave at all.
 */
export async function participantSummaryOf(
  on: Runner,
  webinarId: string,
): Promise<{ withoutEmail: number; matchedByRegistrantId: number; hasEvents: boolean }> {
  const [row] = await query(on, participantSummary, [webinarId]);
  return { withoutEmail: row?.without_email ?? 0, matchedByRegistrantId: row?.matched_by_registrant_id ?? 0, hasEvents: row?.has_events ?? false };
}

const peoplePage = statement<{ email: string }>(
  "webinars.peoplePage",
  `SELECT email FROM (
     SELECT lower(email) AS email FROM registrants WHERE webinar_id = $1::uuid
     UNION
     SELECT lower(email) FROM participant_events WHERE webinar_id = $1::uuid AND email <> ''
   ) people
   WHERE $2::text IS NULL OR email > $2::text
   ORDER BY email
   LIMIT $3::int`,
);

/**
 * A page of a webinar's people in email order after `after` (keyset paging): everyone
 * with a registration or a join/leave event that names an email.
 */
export async function peoplePageOf(on: Runner, webinarId: string, after: string | null, size: number): Promise<string[]> {
  return (await query(on, peoplePage, [webinarId, after, size])).map((r) => r.email);
}
