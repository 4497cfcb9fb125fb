import { fakeId } from "../fake-server";
import type { FakeZoom, FakeZoomRegistrant, FakeZoomWebinar } from "./index";
import { addFakeWebinar } from "./registrants";
import { webinarActivity, type FakeInstance } from "./webinars";

/**
 * Test and sandbox helper: a webinar that took place before the app was connected (or
 * whose webhooks never reached it). It is created ended, with its registrants and one
 * instance whose participants joined and left, and no webhook is sent: the app can only
 * learn of it from Zoom's API (GET /users/{userId}/webinars?type=past, then the webinar,
 * its registrants and its participants), as a backfill does (src/backfill).
 */
export interface PastWebinarInput {
  topic: string;
  /** When it started, e.g. 10 days ago. */
  startTime: Date;
  durationMinutes?: number;
  /** Registered people. */
  registrants?: { firstName: string; lastName?: string; email: string }[];
  /** Of the registrants, the emails of those who attended, with the minutes they stayed (default: the whole webinar). */
  attendees?: { email: string; minutes?: number }[];
  /** Fields of the webinar itself (id, type, settings…). */
  fields?: Partial<Omit<FakeZoomWebinar, "settings" | "registrants">>;
}

const zoomTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function addPastWebinar(
  fake: FakeZoom,
  accountId: string,
  host: { id: string; email: string },
  input: PastWebinarInput,
): { webinar: FakeZoomWebinar; instance: FakeInstance } {
  const start = input.startTime.getTime();
  const duration = input.durationMinutes ?? 60;
  const webinar = addFakeWebinar(fake, accountId, host, { ...input.fields, topic: input.topic, start_time: zoomTime(start), duration });
  const registrants: FakeZoomRegistrant[] = (input.registrants ?? []).map((p) => {
    const id = fakeId("reg");
    return {
      id,
      email: p.email,
      first_name: p.firstName,
      last_name: p.lastName ?? "",
      status: "approved",
      join_url: `${webinar.join_url}?tk=${id}`,
      create_time: zoomTime(start - 86_400_000),
    };
  });
  webinar.registrants = registrants;
  const activity = webinarActivity(fake);
  const instance = activity.start(webinar, { start_time: zoomTime(start) });
  for (const a of input.attendees ?? []) {
    const r = registrants.find((x) => x.email.toLowerCase() === a.email.toLowerCase());
    const participant = activity.join(instance, {
      user_id: fakeId("part"),
      name: r ? `${r.first_name} ${r.last_name}`.trim() : a.email,
      user_email: a.email,
      registrant_id: r?.id,
      join_time: zoomTime(start),
    });
    participant.leave_time = zoomTime(start + Math.min(duration, a.minutes ?? duration) * 60_000);
  }
  activity.end(instance, zoomTime(start + duration * 60_000));
  webinar.status = "ended";
  return { webinar, instance };
}
