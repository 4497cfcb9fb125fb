import { zoomEvents, type FakeInstance, type FakeZoomWebinar } from "@hzw/fakes";
import type { PrivacyWorld } from "../privacy/harness";

/**
 * A recurring webinar (Zoom type 9) with two occurrences, three days and three hours ago,
 * an hour each, announced to the app by `webinar.created`; and one occurrence run with
 * its people's joins and leaves and `webinar.ended`. Shared by the recurring-webinar tests.
 */
export const MINUTE = 60_000;

/** Whole seconds, as Zoom gives times. */
export const zoomTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export async function twoOccurrenceSeries(w: PrivacyWorld, topic: string, occurrenceIdBase: number) {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const first = now - 3 * 24 * 60 * MINUTE;
  const second = now - 3 * 60 * MINUTE;
  const webinar = w.webinar({
    topic,
    type: 9,
    start_time: zoomTime(first),
    duration: 60,
    occurrences: [
      { occurrence_id: String(occurrenceIdBase), start_time: zoomTime(first), duration: 60, status: "available" },
      { occurrence_id: String(occurrenceIdBase + 100000), start_time: zoomTime(second), duration: 60, status: "available" },
    ],
  });
  expect((await w.sender.send(zoomEvents.webinarCreated(webinar))).status).toBe(204);
  return { webinar, first, second };
}

/** One occurrence from `startMs` to an hour later; each person attends [from, to] minutes of it. */
export async function runOccurrence(w: PrivacyWorld, webinar: FakeZoomWebinar, startMs: number, people: [string, string, [number, number]][]): Promise<FakeInstance> {
  const instance = w.activity.start(webinar, { start_time: zoomTime(startMs) });
  for (const [userId, email, span] of people) await w.attend(webinar, instance, { userId, name: userId, email }, span);
  w.activity.end(instance, zoomTime(startMs + 60 * MINUTE));
  expect((await w.sender.send(zoomEvents.webinarEnded(webinar, instance))).status).toBe(204);
  return instance;
}
