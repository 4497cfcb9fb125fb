import { resyncWebinarFromZoom } from "../../src/webinars/resync";
import { zoomEvents } from "@hzw/fakes";
import { allEventsSettled, eventually, startWebhookWorld, type WebhookWorld } from "./harness";

/** "Sync now": one webinar re-read from Zoom's API, paged, merged with what webhooks recorded. */
describe("resyncWebinarFromZoom", () => {
  let w: WebhookWorld;
  beforeAll(async () => (w = await startWebhookWorld({ workers: true })));
  afterAll(async () => w?.close());

  it("when a webinar is re-synced, then details, every registrant, every attendee and the recording are read, page by page", async () => {
    const webinar = w.webinar({ topic: "Old topic" });
    await w.sender.send(zoomEvents.webinarCreated(webinar));
    const row = await eventually(
      () => w.db.prisma.webinar.findUnique({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId: webinar.id } } }),
      "the webinar row",
    );
    await allEventsSettled(w);

    webinar.topic = "New topic";
    for (let i = 0; i < 350; i++) {
      webinar.registrants.push({ id: `reg${i}`, email: `person${i}@example.org`, first_name: `P${i}`, last_name: "Q", status: "approved", join_url: `${webinar.join_url}?tk=${i}`, create_time: "2026-11-20T10:00:00Z" });
    }
    webinar.start_time = "2026-11-27T10:00:00Z";
    const instance = w.activity.start(webinar, { uuid: "/slash//uuid==", start_time: "2026-11-27T10:00:00Z" });
    for (let i = 0; i < 320; i++) w.activity.join(instance, { user_id: String(1000 + i), name: `P${i}`, user_email: `person${i}@example.org`, join_time: "2026-11-27T10:01:00Z" });
    w.activity.end(instance, "2026-11-27T11:00:00Z");
    w.activity.record(instance, { transcript: "WEBVTT\n\nhi" });
    await w.db.prisma.webinar.update({ where: { id: row.id }, data: { uuid: instance.uuid, endedAt: new Date("2026-11-27T11:00:00Z") } });

    const summary = await resyncWebinarFromZoom(w.app.services, row.id);
    expect(summary).toEqual({ webinarFound: true, registrants: 350, attendanceEvents: 640, recordings: 1 });

    const after = await w.db.prisma.webinar.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.topic).toBe("New topic");
    expect(await w.db.prisma.registrant.count({ where: { webinarId: row.id, status: "approved" } })).toBe(350);
    expect(await w.db.prisma.participantEvent.count({ where: { webinarId: row.id } })).toBe(640);
    const recording = await w.db.prisma.recording.findFirstOrThrow({ where: { webinarId: row.id } });
    expect(recording).toMatchObject({ instanceUuid: "/slash//uuid==", transcriptVtt: "WEBVTT\n\nhi", status: "completed" });

    const registrantPages = w.zoom.callsTo("GET", `/v2/webinars/${webinar.id}/registrants`);
    expect(registrantPages).toHaveLength(2);
    expect(registrantPages[1]!.query.next_page_token).toBeTruthy();
    // The uuid starts with "/" and holds "//": it goes into the path encoded twice.
    const reportPages = w.zoom.calls.filter((c) => c.path.startsWith("/v2/report/webinars/") && c.path.endsWith("/participants"));
    expect(reportPages).toHaveLength(2);
    expect(reportPages[0]!.path).toBe(`/v2/report/webinars/${encodeURIComponent(encodeURIComponent("/slash//uuid=="))}/participants`);

    // Running it again changes nothing.
    const again = await resyncWebinarFromZoom(w.app.services, row.id);
    expect(again.attendanceEvents).toBe(0);
    expect(await w.db.prisma.registrant.count({ where: { webinarId: row.id } })).toBe(350);
    expect(await w.db.prisma.participantEvent.count({ where: { webinarId: row.id } })).toBe(640);
  });

  it("when the app may not read reports, then attendance comes from the past participants API", async () => {
    await w.db.prisma.zoomConnection.update({ where: { id: w.connectionId }, data: { scopes: ["webinar:read:admin", "user:read:admin"] } });
    const webinar = w.webinar();
    const instance = w.activity.start(webinar, { start_time: "2026-11-27T10:00:00Z" });
    w.activity.join(instance, { user_id: "1", name: "Ada", user_email: "ada@example.org", join_time: "2026-11-27T10:00:00Z" });
    w.activity.end(instance, "2026-11-27T10:30:00Z");
    await w.sender.send(zoomEvents.webinarEnded(webinar, instance));
    const row = await eventually(async () => {
      const r = await w.db.prisma.webinar.findUnique({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId: webinar.id } } });
      return r && (await w.db.prisma.participantEvent.count({ where: { webinarId: r.id } })) === 2 ? r : undefined;
    }, "attendance from the past participants API");
    expect(w.zoom.callsTo("GET", `/v2/past_webinars/${encodeURIComponent(instance.uuid)}/participants`)).toHaveLength(1);
    expect(w.zoom.callsTo("GET", `/v2/report/webinars/${encodeURIComponent(instance.uuid)}/participants`)).toHaveLength(0);
    expect(row.endedAt?.toISOString()).toBe("2026-11-27T10:30:00.000Z");
  });
});
