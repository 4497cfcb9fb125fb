import type { Database } from "../db/database";
import { notFound } from "../lib/errors";
import { isActiveRegistration, loadFacts, peopleBatches } from "../sync/facts";
import { webinarLengthMs } from "../webinars/attendance";
import { findPortalWebinar } from "../webinars/lookup";
import { minuteBuckets } from "./buckets";
import { recentEndedWebinarsOf, registrationsPerDayOf } from "./repository";

/**
 * GET /api/webinars/:webinarId/charts and GET /api/insights: what the charts draw,
 * recomputed from the recorded facts on each call. Attendance is the sync's own maths
 * (src/sync/facts.ts over src/webinars/attendance.ts: a person's join/leave pairs on all
 * devices merged, so overlapping time counts once), read a batch of people at a time, so a
 * webinar of 100,000 registrants is never held in memory at once.
 */

/** People read per batch, as the sync does. */
const BATCH = 500;

export async function webinarCharts(db: Pick<Database, "prisma">, portalId: bigint, id: string) {
  const webinar = await findPortalWebinar(db, portalId, id);
  if (!webinar) throw notFound("No such webinar");
  const closeAt = webinar.endedAt?.getTime() ?? Date.now();
  const registrations = await registrationsPerDayOf(db.prisma, webinar.id);

  // Attendees per whole minute attended, then grouped into buckets once the longest is known.
  const perMinute = new Map<number, number>();
  let attendees = 0;
  let registeredAttendees = 0;
  let totalMs = 0;
  for await (const emails of peopleBatches(db.prisma, webinar.id, BATCH)) {
    const facts = await loadFacts(db.prisma, [webinar.id], () => closeAt, emails);
    for (const [email, list] of facts.attendance) {
      for (const a of list) {
        attendees += 1;
        totalMs += a.attendedMs;
        const minute = Math.floor(a.attendedMs / 60_000);
        perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
        if ((facts.registrations.get(email) ?? []).some(isActiveRegistration)) registeredAttendees += 1;
      }
    }
  }
  const lengthMs = webinarLengthMs(webinar);
  const lengthMinutes = lengthMs === undefined ? undefined : Math.round(lengthMs / 60_000);
  const registrants = registrations.at(-1)?.cumulative ?? 0;
  return {
    webinarId: webinar.zoomWebinarId,
    topic: webinar.topic,
    startTime: (webinar.actualStartTime ?? webinar.startTime)?.toISOString() ?? null,
    endedAt: webinar.endedAt?.toISOString() ?? null,
    durationMinutes: lengthMinutes ?? null,
    registrants,
    attendees,
    registeredAttendees,
    attendanceRatePercent: ratePercent(registeredAttendees, registrants),
    averageMinutesAttended: attendees ? Math.round(totalMs / attendees / 60_000) : null,
    registrations,
    minutesAttended: minuteBuckets(perMinute, lengthMinutes),
  };
}

/** Share in percent with one decimal; null when nobody registered. */
const ratePercent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

export const DEFAULT_INSIGHTS = 12;
export const MAX_INSIGHTS = 100;

/** The portal's most recent ended webinars, newest first, with registration → attendance rates. */
export async function portalInsights(db: Pick<Database, "prisma">, portalId: bigint, limit: number) {
  const rows = await recentEndedWebinarsOf(db.prisma, portalId, limit);
  return {
    webinars: rows.map((r) => ({
      webinarId: r.zoom_webinar_id,
      topic: r.topic,
      startTime: r.started ? new Date(r.started).toISOString() : null,
      registrants: r.registrants,
      attendees: r.attendees,
      registeredAttendees: r.registered_attendees,
      attendanceRatePercent: ratePercent(r.registered_attendees, r.registrants),
    })),
  };
}
