import type { PrismaClient } from "../../db/database";
import { query, statement } from "../../db/statement";

/**
 * The recorded Zoom facts the sync reads (src/sync/facts.ts shapes them): registrants
 * and participant_events, tables of src/webinars that only it writes. Reads only, shaped
 * for the sync (a batch of people by email, keyset paging by email), so they sit with
 * the sync. Every list is one array parameter: a batch is hundreds of people.
 * $1 webinar ids, $2 everyone (true) or only $3's emails (lower-cased).
 */

export interface RegistrantRow {
  webinar_id: string;
  email: string;
  first_name: string;
  last_name: string;
  status: string;
  join_url: string | null;
  registered_at: Date;
  cancelled_at: Date | null;
  updated_at: Date;
}

const registrantsOf = statement<RegistrantRow>(
  "sync.registrantFacts",
  `SELECT r.webinar_id::text, lower(r.email) AS email, r.first_name, r.last_name, r.status, r.join_url,
          r.registered_at, r.cancelled_at, r.updated_at
   FROM registrants r
   WHERE r.webinar_id = ANY($1::uuid[])
     AND ($2::boolean OR lower(r.email) IN (SELECT unnest($3::text[])))
   ORDER BY lower(r.email), r.webinar_id`,
);

export function registrantRows(prisma: PrismaClient, webinarIds: string[], everyone: boolean, emails: string[]): Promise<RegistrantRow[]> {
  return query(prisma, registrantsOf, [webinarIds, everyone, emails]);
}

export interface EventRow {
  webinar_id: string;
  participant_key: string;
  /** The person the participant is (see src/sync/facts.ts `loadFacts`); null when no email could be found. */
  email: string | null;
  name: string;
  kind: string;
  at: Date;
}

/**
 * A participant (all the events of one participant key in one webinar) is the person of
 * the smallest email among their events, else of the registration their registrant id names.
 */
const eventsOf = statement<EventRow>(
  "sync.participantEventFacts",
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

export function participantEventRows(prisma: PrismaClient, webinarIds: string[], everyone: boolean, emails: string[]): Promise<EventRow[]> {
  return query(prisma, eventsOf, [webinarIds, everyone, emails]);
}

const summaryOf = statement<{ without_email: bigint; has_events: boolean }>(
  "sync.participantSummary",
  `WITH people AS (
     SELECT e.participant_key,
            COALESCE(min(lower(e.email)) FILTER (WHERE e.email <> ''), min(lower(r.email))) AS email
     FROM participant_events e
     LEFT JOIN registrants r ON r.webinar_id = e.webinar_id AND r.zoom_registrant_id = e.registrant_id
     WHERE e.webinar_id = $1::uuid
     GROUP BY e.participant_key)
   SELECT count(*) FILTER (WHERE email IS NULL) AS without_email, count(*) > 0 AS has_events FROM people`,
);

/**
 * How many of a webinar's participants no email could be found for (for the report),
 * and whether it has any join/leave event at all: the sync does not read every
 * participant at once, so these are counted in the database.
 */
export async function participantSummary(prisma: PrismaClient, webinarId: string): Promise<{ withoutEmail: number; hasEvents: boolean }> {
  const [row] = await query(prisma, summaryOf, [webinarId]);
  return { withoutEmail: Number(row?.without_email ?? 0), hasEvents: Boolean(row?.has_events) };
}

const peopleAfter = statement<{ email: string }>(
  "sync.peopleAfter",
  `SELECT email FROM (
     SELECT lower(email) AS email FROM registrants WHERE webinar_id = $1::uuid
     UNION
     SELECT lower(email) FROM participant_events WHERE webinar_id = $1::uuid AND email <> ''
   ) people
   WHERE $2::text IS NULL OR email > $2::text
   ORDER BY email
   LIMIT $3::int`,
);

/** The next `size` of a webinar's people's emails after `after` (all from the first when null), in email order. */
export async function peopleEmailsAfter(prisma: PrismaClient, webinarId: string, after: string | null, size: number): Promise<string[]> {
  return (await query(prisma, peopleAfter, [webinarId, after, size])).map((r) => r.email);
}
