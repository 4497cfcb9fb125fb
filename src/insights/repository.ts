import { query, statement, type Runner } from "../db/statement";

/**
 * What the charts read of the recorded Zoom facts (tables owned by src/webinars; read
 * only), aggregated in the database: a webinar's registrations per day, and the portal's
 * recent webinars with their registrant and attendee counts. A registration counts when
 * it is neither cancelled nor denied (as src/sync/facts.ts `isActiveRegistration`); a
 * participant is the person of the smallest email among their events, else of the
 * registration their registrant id names (as src/webinars/repository/facts.ts), and an
 * attendee is a person with at least one join.
 */

export interface RegistrationDayRow {
  date: string;
  count: number;
  cumulative: number;
}

/** Every day (UTC) from the first registration to the last, with the days between that had none. */
const registrationsPerDay = statement<RegistrationDayRow>(
  "insights.registrationsPerDay",
  `WITH per_day AS (
     SELECT (registered_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS count
     FROM registrants
     WHERE webinar_id = $1::uuid AND status NOT IN ('cancelled', 'denied') AND cancelled_at IS NULL
     GROUP BY 1),
   days AS (
     SELECT generate_series(min(day), max(day), interval '1 day')::date AS day FROM per_day)
   SELECT to_char(d.day, 'YYYY-MM-DD') AS date, COALESCE(p.count, 0)::int AS count,
          (sum(COALESCE(p.count, 0)) OVER (ORDER BY d.day))::int AS cumulative
   FROM days d LEFT JOIN per_day p ON p.day = d.day
   ORDER BY d.day`,
);

/** A webinar's active registrations per day (UTC), oldest first, with the running total. */
export function registrationsPerDayOf(on: Runner, webinarId: string): Promise<RegistrationDayRow[]> {
  return query(on, registrationsPerDay, [webinarId]);
}

export interface WebinarCountsRow {
  id: string;
  zoom_webinar_id: string;
  topic: string;
  started: Date | null;
  registrants: number;
  attendees: number;
  registered_attendees: number;
}

/**
 * The portal's webinars with their active registrants, attendees (people with a join)
 * and the attendees who had an active registration: the one webinar $3 when given, else
 * those that have ended (an end was recorded, or the scheduled end has passed), newest
 * first, at most $2.
 */
const webinarCounts = statement<WebinarCountsRow>(
  "insights.webinarCounts",
  `WITH chosen AS (
     SELECT w.id, w.zoom_webinar_id, w.topic, COALESCE(w.actual_start_time, w.start_time) AS started
     FROM webinars w JOIN zoom_connections c ON c.id = w.connection_id
     WHERE c.portal_id = $1::bigint AND w.deleted_at IS NULL
       AND CASE WHEN $3::uuid IS NULL
             THEN w.ended_at IS NOT NULL OR w.start_time + make_interval(mins => COALESCE(w.duration_minutes, 60)) < now()
             ELSE w.id = $3::uuid END
     ORDER BY COALESCE(w.actual_start_time, w.start_time) DESC NULLS LAST, w.id DESC
     LIMIT $2::int),
   active AS (
     SELECT r.webinar_id, lower(r.email) AS email FROM registrants r JOIN chosen w ON w.id = r.webinar_id
     WHERE r.status NOT IN ('cancelled', 'denied') AND r.cancelled_at IS NULL),
   participants AS (
     SELECT e.webinar_id,
            COALESCE(min(lower(e.email)) FILTER (WHERE e.email <> ''), min(lower(r.email))) AS email,
            bool_or(e.kind = 'join') AS joined
     FROM participant_events e JOIN chosen w ON w.id = e.webinar_id
     LEFT JOIN registrants r ON r.webinar_id = e.webinar_id AND r.zoom_registrant_id = e.registrant_id
     GROUP BY e.webinar_id, e.participant_key),
   attended AS (
     SELECT DISTINCT webinar_id, email FROM participants WHERE joined AND email IS NOT NULL),
   registrant_counts AS (SELECT webinar_id, count(*) AS n FROM active GROUP BY webinar_id),
   attendee_counts AS (
     SELECT p.webinar_id, count(*) AS n, count(a.email) AS registered
     FROM attended p LEFT JOIN active a ON a.webinar_id = p.webinar_id AND a.email = p.email
     GROUP BY p.webinar_id)
   SELECT w.id::text AS id, w.zoom_webinar_id, w.topic, w.started,
     COALESCE(rc.n, 0)::int AS registrants, COALESCE(ac.n, 0)::int AS attendees, COALESCE(ac.registered, 0)::int AS registered_attendees
   FROM chosen w
   LEFT JOIN registrant_counts rc ON rc.webinar_id = w.id
   LEFT JOIN attendee_counts ac ON ac.webinar_id = w.id
   ORDER BY w.started DESC NULLS LAST, w.id DESC`,
);

/** The portal's `limit` most recent ended webinars, newest first, with their counts. */
export function recentEndedWebinarsOf(on: Runner, portalId: bigint, limit: number): Promise<WebinarCountsRow[]> {
  return query(on, webinarCounts, [String(portalId), limit, null]);
}

/** The counts of one webinar of the portal (our row id), ended or not. */
export async function webinarCountsOf(on: Runner, portalId: bigint, webinarId: string): Promise<WebinarCountsRow | undefined> {
  const [row] = await query(on, webinarCounts, [String(portalId), 1, webinarId]);
  return row;
}
