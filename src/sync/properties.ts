import { attendancePercent, webinarLengthMs } from "../webinars/attendance";
import { isRecurring, occurrenceOfSession, storedOccurrences, type Occurrence } from "../zoom/occurrences";
import { isActiveRegistration, type AttendanceFact, type Facts } from "./facts";

/**
 * The four `zoom` contact properties (CONTRACT.md §5), recomputed from every recorded
 * fact of the person in the portal's synced webinars, never incremented, so a
 * redelivered event or a re-sync gives the same values:
 *  - registrations: webinars with a registration that is not cancelled;
 *  - attended: webinars with any attendance;
 *  - average: over attended webinars, merged attended time / the webinar's length, ≤ 100;
 *  - join link: the person's own join_url of their latest registration, else the webinar's.
 * A recurring webinar (2+ live occurrences) counts as one webinar unless the admin chose
 * `attendanceCounting: "occurrence"`: then each occurrence the person attended counts as
 * a webinar attended, and each one's percent is the time in that occurrence over that
 * occurrence's length. A registration is for the series (Zoom does not tell which
 * occurrences), so it counts once either way.
 */
export interface WebinarShape {
  id: string;
  joinUrl: string | null;
  actualStartTime: Date | null;
  startTime: Date | null;
  endedAt: Date | null;
  durationMinutes: number | null;
  /** webinars.occurrences (JSON); absent: none. */
  occurrences?: unknown;
  /** "series" (default) or "occurrence". */
  attendanceCounting?: string;
}

/** A webinar's occurrences when it is recurring and counted per occurrence; else undefined. */
export function countedOccurrences(w: WebinarShape): Occurrence[] | undefined {
  if (w.attendanceCounting !== "occurrence") return undefined;
  const list = storedOccurrences(w.occurrences);
  return isRecurring(list) ? list : undefined;
}

/**
 * The attended percents a person's attendance of one webinar counts as: one for the
 * webinar (merged time / the webinar's length), or one per occurrence attended (time in
 * that occurrence / its scheduled length, else the webinar's).
 */
export function attendedPercents(w: WebinarShape, attendance: AttendanceFact[]): (number | undefined)[] {
  const occurrences = countedOccurrences(w);
  if (!occurrences) {
    const ms = attendance.reduce((sum, a) => sum + a.attendedMs, 0);
    return [attendancePercent(ms, webinarLengthMs(w))];
  }
  const perOccurrence = new Map<Occurrence, number>();
  for (const i of attendance.flatMap((a) => a.intervals)) {
    const o = occurrenceOfSession(occurrences, i.start);
    if (o) perOccurrence.set(o, (perOccurrence.get(o) ?? 0) + (i.end - i.start));
  }
  return [...perOccurrence].map(([o, ms]) => attendancePercent(ms, o.durationMinutes ? o.durationMinutes * 60_000 : webinarLengthMs(w)));
}

export type ZoomProperties = Record<
  "zoom_webinar_registration_count" | "zoom_webinar_attendance_count" | "zoom_webinar_attendance_average_duration" | "zoom_webinar_joinlink",
  string
>;

export function zoomProperties(email: string, facts: Facts, webinars: Map<string, WebinarShape>): ZoomProperties {
  const registrations = (facts.registrations.get(email) ?? []).filter((r) => webinars.has(r.webinarId));
  const attendance = (facts.attendance.get(email) ?? []).filter((a) => webinars.has(a.webinarId));

  const active = registrations.filter(isActiveRegistration);
  const registered = new Set(active.map((r) => r.webinarId));
  const attendedWebinars = new Set(attendance.map((a) => a.webinarId));

  let attended = 0;
  const percents: number[] = [];
  for (const webinarId of attendedWebinars) {
    const w = webinars.get(webinarId);
    if (!w) continue;
    const each = attendedPercents(w, attendance.filter((a) => a.webinarId === webinarId));
    attended += each.length;
    for (const pct of each) if (pct !== undefined) percents.push(pct);
  }
  const average = percents.length ? percents.reduce((a, b) => a + b, 0) / percents.length : 0;

  const latest = [...active].sort((a, b) => b.registeredAt.getTime() - a.registeredAt.getTime())[0];
  const joinLink = latest ? (latest.joinUrl ?? webinars.get(latest.webinarId)?.joinUrl ?? "") : "";

  return {
    zoom_webinar_registration_count: String(registered.size),
    zoom_webinar_attendance_count: String(attended),
    zoom_webinar_attendance_average_duration: String(Math.round(average * 100) / 100),
    zoom_webinar_joinlink: joinLink,
  };
}
