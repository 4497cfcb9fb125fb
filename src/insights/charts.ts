import type { Database } from "../db/database";
import { notFound } from "../lib/errors";
import { isActiveRegistration, loadFacts, peopleBatches } from "../sync/facts";
import { webinarLengthMs } from "../webinars/attendance";
import { findPortalWebinar } from "../webinars/lookup";
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
/** At most this many bars in the minutes chart. */
const MAX_BUCKETS = 12;
const WIDTHS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 240, 480, 1440];

export interface MinuteBucket {
  /** Minutes attended, from (inclusive) … to (exclusive). */
  from: number;
  to: number;
  attendees: number;
}

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

/** Buckets of equal width (1, 2, 5, 10, 15 … minutes) covering the webinar's length and the longest stay, at most 12. */
export function minuteBuckets(perMinute: Map<number, number>, lengthMinutes: number | undefined) {
  const longest = Math.max(-1, ...perMinute.keys()) + 1;
  const span = Math.max(1, lengthMinutes ?? 0, longest);
  const width = WIDTHS.find((w) => Math.ceil(span / w) <= MAX_BUCKETS) ?? Math.ceil(span / MAX_BUCKETS);
  const buckets: MinuteBucket[] = Array.from({ length: Math.ceil(span / width) }, (_, i) => ({ from: i * width, to: (i + 1) * width, attendees: 0 }));
  for (const [minute, n] of perMinute) {
    const bucket = buckets[Math.min(buckets.length - 1, Math.floor(minute / width))];
    if (bucket) bucket.attendees += n;
  }
  return { bucketMinutes: width, buckets };
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
