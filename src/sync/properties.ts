import { attendancePercent, webinarLengthMs } from "../webinars/attendance";
import { isActiveRegistration, type Facts } from "./facts";

/**
 * The four `zoom` contact properties (CONTRACT.md §5), recomputed from every recorded
 * fact of the person in the portal's synced webinars, never incremented, so a
 * redelivered event or a re-sync gives the same values:
 *  - registrations: webinars with a registration that is not cancelled;
 *  - attended: webinars with any attendance;
 *  - average: over attended webinars, merged attended time / the webinar's length, ≤ 100;
 *  - join link: the person's own join_url of their latest registration, else the webinar's.
 */
export interface WebinarShape {
  id: string;
  joinUrl: string | null;
  actualStartTime: Date | null;
  startTime: Date | null;
  endedAt: Date | null;
  durationMinutes: number | null;
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
  const attended = new Set(attendance.map((a) => a.webinarId));

  const percents: number[] = [];
  for (const webinarId of attended) {
    const w = webinars.get(webinarId);
    if (!w) continue;
    const ms = attendance.filter((a) => a.webinarId === webinarId).reduce((sum, a) => sum + a.attendedMs, 0);
    const pct = attendancePercent(ms, webinarLengthMs(w));
    if (pct !== undefined) percents.push(pct);
  }
  const average = percents.length ? percents.reduce((a, b) => a + b, 0) / percents.length : 0;

  const latest = [...active].sort((a, b) => b.registeredAt.getTime() - a.registeredAt.getTime())[0];
  const joinLink = latest ? (latest.joinUrl ?? webinars.get(latest.webinarId)?.joinUrl ?? "") : "";

  return {
    zoom_webinar_registration_count: String(registered.size),
    zoom_webinar_attendance_count: String(attended.size),
    zoom_webinar_attendance_average_duration: String(Math.round(average * 100) / 100),
    zoom_webinar_joinlink: joinLink,
  };
}
