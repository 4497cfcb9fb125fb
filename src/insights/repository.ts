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

export interface RecentWebinarRow {
  zoom_webinar_id: string;
  topic: string;
  started: Date | null;
  registrants: number;
  attendees: number;
  registered_attendees: number;
}

/**
 * The portal's webinars that have ended (an end was recorded, or the scheduled end has
 * passed), newest first, at most $2, with their active registrants, attendees (people
 * with a join) and the attendees who had an active registration.
 */
const recentEndedWebinars = statement<RecentWebinarRow>(
  "insights.recentEndedWebinars",
  `WITH recent AS (
     SELECT w.id, w.zoom_webinar_id, w.topic, COALESCE(w.actual_start_time, w.start_time) AS started
     FROM webinars w JOIN zoom_connections c ON c.id = w.connection_id
     WHERE c.portal_id = $1::bigint AND w.deleted_at IS NULL
       AND (w.ended_at IS NOT NULL
            OR w.start_time + make_interval(mins => COALESCE(w.duration_minutes, 60)) < now())
     ORDER BY COALESCE(w.actual_start_time, w.start_time) DESC NULLS LAST, w.id DESC
     LIMIT $2::int),
   active AS (
     SELECT r.webinar_id, r.email FROM registrants r JOIN recent w ON w.id = r.webinar_id
     WHERE r.status NOT IN ('cancelled', 'denied') AND r.cancelled_at IS NULL),
   participants AS (
     SELECT e.webinar_id,
            COALESCE(min(lower(e.email)) FILTER (WHERE e.email <> ''), min(lower(r.email))) AS email,
            bool_or(e.kind = 'join') AS joined
     FROM participant_events e JOIN recent w ON w.id = e.webinar_id
     LEFT JOIN registrants r ON r.webinar_id = e.webinar_id AND r.zoom_registrant_id = e.registrant_id
     GROUP BY e.webinar_id, e.participant_key),
   attended AS (
     SELECT DISTINCT webinar_id, email FROM participants WHERE joined AND email IS NOT NULL)
   SELECT w.zoom_webinar_id, w.topic, w.started,
     (SELECT count(*) FROM active a WHERE a.webinar_id = w.id)::int AS registrants,
     (SELECT count(*) FROM attended p WHERE p.webinar_id = w.id)::int AS attendees,
     (SELECT count(*) FROM attended p JOIN active a ON a.webinar_id = p.webinar_id AND lower(a.email) = p.email
      WHERE p.webinar_id = w.id)::int AS registered_attendees
   FROM recent w
   ORDER BY w.started DESC NULLS LAST, w.id DESC`,
);

/** The portal's `limit` most recent ended webinars, newest first, with their counts. */
export function recentEndedWebinarsOf(on: Runner, portalId: bigint, limit: number): Promise<RecentWebinarRow[]> {
  return query(on, recentEndedWebinars, [String(portalId), limit]);
}
