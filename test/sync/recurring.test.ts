import { zoomEvents } from "@hzw/fakes";
import { startPrivacyWorld, type PrivacyWorld } from "../privacy/harness";
import { hubspotState, zoomProps } from "./factories";
import { MINUTE, runOccurrence, twoOccurrenceSeries, zoomTime } from "./series";

/**
 * Recurring webinars synced (CONTRACT.md §11): one webinar whatever its occurrences. A
 * person who attended two occurrences attended the webinar once in the four
 * properties; the marketing event covers the series, from the first occurrence's start
 * to the last one's end, and is completed once the last occurrence has ended.
 */
describe("sync of a recurring webinar", () => {
  let w: PrivacyWorld;
  beforeAll(async () => (w = await startPrivacyWorld()));
  afterAll(async () => w?.close());

  const iso = zoomTime;
  const minute = MINUTE;

  it("when someone attends two occurrences, then the properties count one webinar, and the marketing event spans the series", async () => {
    // Whole seconds, as Zoom gives times.
    const { webinar, first, second } = await twoOccurrenceSeries(w, "Weekly clinic", 1800000000000);
    await w.register(webinar, { id: "reg_gil", email: "gil@series.example", first: "Gil", last: "Gray" });
    await w.register(webinar, { id: "reg_hal", email: "hal@series.example", first: "Hal", last: "Hart" });

    // First occurrence: both attend. The series is not over, so the event is not completed.
    await runOccurrence(w, webinar, first, [["p_gil_1", "gil@series.example", [0, 60]], ["p_hal_1", "hal@series.example", [0, 30]]]);
    await w.drain();
    await w.sync(w.connectionId, webinar.id);
    const hs = hubspotState(w);
    expect(hs.event(webinar.id)?.properties).toMatchObject({ startDateTime: new Date(first).toISOString(), endDateTime: new Date(second + 60 * minute).toISOString() });
    expect(hs.event(webinar.id)?.properties.eventCompleted).toBeUndefined();

    // Second occurrence: Gil again. Still one webinar attended, one registration.
    await runOccurrence(w, webinar, second, [["p_gil_2", "gil@series.example", [0, 60]]]);
    await w.drain();
    await w.sync(w.connectionId, webinar.id);
    expect(zoomProps(hs.contact("gil@series.example"))).toMatchObject({ registrations: "1", attended: "1", average: "100" });
    expect(zoomProps(hs.contact("hal@series.example"))).toMatchObject({ registrations: "1", attended: "1" });
    expect(hs.attendance(webinar.id).filter((a) => a.startsWith("attend "))).toEqual(["attend gil@series.example", "attend hal@series.example"]);
    expect(hs.event(webinar.id)?.properties).toMatchObject({
      eventCompleted: true,
      startDateTime: new Date(first).toISOString(),
      endDateTime: new Date(second + 60 * minute).toISOString(),
    });
  });

  it("when one occurrence is deleted in Zoom, then the webinar stays and the marketing event ends with the last occurrence left", async () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    const day = 24 * 60 * minute;
    const starts = [now + day, now + 8 * day, now + 15 * day];
    const webinar = w.webinar({
      topic: "Three-part course",
      type: 9,
      start_time: iso(starts[0]!),
      duration: 60,
      occurrences: starts.map((t, i) => ({ occurrence_id: String(1900000000000 + i), start_time: iso(t), duration: 60, status: "available" })),
    });
    expect((await w.sender.send(zoomEvents.webinarCreated(webinar))).status).toBe(204);
    await w.register(webinar, { id: "reg_ivy", email: "ivy@course.example", first: "Ivy", last: "Iles" });
    await w.drain();
    await w.sync(w.connectionId, webinar.id);
    expect(hubspotState(w).event(webinar.id)?.properties.endDateTime).toBe(new Date(starts[2]! + 60 * minute).toISOString());

    // Zoom's webinar.deleted for one occurrence carries it in `occurrences`.
    const deleted = zoomEvents.webinarDeleted(webinar);
    (deleted.payload.object as Record<string, unknown>).occurrences = [{ occurrence_id: "1900000000002", start_time: iso(starts[2]!), duration: 60 }];
    expect((await w.sender.send(deleted)).status).toBe(204);
    await w.drain();
    await w.sync(w.connectionId, webinar.id);
    const row = await w.db.prisma.webinar.findUniqueOrThrow({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId: webinar.id } } });
    expect(row.deletedAt).toBeNull();
    expect((row.occurrences as { status?: string }[]).map((o) => o.status)).toEqual(["available", "available", "deleted"]);
    expect(hubspotState(w).event(webinar.id)?.properties).toMatchObject({
      startDateTime: new Date(starts[0]!).toISOString(),
      endDateTime: new Date(starts[1]! + 60 * minute).toISOString(),
    });
    expect(hubspotState(w).event(webinar.id)?.properties.eventCancelled).toBeUndefined();
  });
});
