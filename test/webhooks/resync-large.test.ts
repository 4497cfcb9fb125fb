import { type FakeZoomWebinar, zoomEvents } from "@hzw/fakes";
import { resyncWebinarFromZoom } from "../../src/webinars/resync";
import { allEventsSettled, eventually, startWebhookWorld, type WebhookWorld } from "./harness";

/**
 * "Sync now" of a large webinar: pages written one by one in short transactions, and a
 * retry after a failure resumes at the page that failed instead of re-reading Zoom.
 */
describe("resyncWebinarFromZoom at size", () => {
  let w: WebhookWorld;
  beforeAll(async () => (w = await startWebhookWorld({ workers: true })));
  afterAll(async () => w?.close());

  async function recorded(webinar: FakeZoomWebinar) {
    await w.sender.send(zoomEvents.webinarCreated(webinar));
    const row = await eventually(
      () => w.db.prisma.webinar.findUnique({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId: webinar.id } } }),
      "the webinar row",
    );
    await allEventsSettled(w);
    return row;
  }

  const registrantRows = (webinarId: string) =>
    w.db.prisma.registrant.findMany({
      where: { webinarId },
      select: { email: true, firstName: true, lastName: true, zoomRegistrantId: true, status: true, joinUrl: true, registeredAt: true },
      orderBy: { email: "asc" },
    });

  // A rate limit whose Retry-After no client waits for in a request: the attempt fails at once.
  const outage = { status: 429, headers: { "retry-after": "3600" }, body: { code: 429, message: "You have reached the maximum per-day rate limit." } };

  it("when 10,000 registrants are re-read and page 20 fails, then the retry reads only pages 20 to 34 and every registrant is recorded", async () => {
    const webinar = w.webinar({ topic: "Big launch" });
    const row = await recorded(webinar);
    for (let i = 0; i < 10_000; i++) {
      webinar.registrants.push({
        id: `big${i}`, email: `big${i}@example.org`, first_name: `B${i}`, last_name: "Ig", status: "approved",
        join_url: `${webinar.join_url}?tk=${i}`, create_time: "2026-11-20T10:00:00Z",
      });
    }
    const path = `/v2/webinars/${webinar.id}/registrants`;
    w.zoom.calls.length = 0;
    w.zoom.inject({ method: "GET", path, after: 19, ...outage });

    await expect(resyncWebinarFromZoom(w.app.services, row.id)).rejects.toThrow();
    expect(w.zoom.callsTo("GET", path)).toHaveLength(20);
    expect(await w.db.prisma.registrant.count({ where: { webinarId: row.id } })).toBe(19 * 300);

    w.zoom.calls.length = 0;
    const summary = await resyncWebinarFromZoom(w.app.services, row.id);
    const pages = w.zoom.callsTo("GET", path);
    // Pages 20 to 34 only: the retry starts with the token of page 20, never at page 1.
    expect(pages).toHaveLength(15);
    expect(pages.every((p) => typeof p.query.next_page_token === "string" && p.query.next_page_token !== "")).toBe(true);
    expect(pages.every((p) => p.query.page_size === "300")).toBe(true);
    expect(summary.registrants).toBe(10_000);

    const rows = await registrantRows(row.id);
    expect(rows).toHaveLength(10_000);
    const expected = webinar.registrants
      .map((r) => ({ email: r.email, firstName: r.first_name, lastName: r.last_name, zoomRegistrantId: r.id, status: "approved", joinUrl: r.join_url, registeredAt: new Date(r.create_time) }))
      .sort((a, b) => (a.email < b.email ? -1 : 1));
    expect(rows).toEqual(expected);

    // Once through, the progress is gone: the next "Sync now" reads everything again.
    expect(await w.db.prisma.zoomResyncProgress.count({ where: { webinarId: row.id } })).toBe(0);
  });

  it("when a failed re-read is retried after Zoom's page tokens expired, then the listing starts over and ends with the same rows", async () => {
    const webinar = w.webinar({ topic: "Slow retry" });
    const row = await recorded(webinar);
    for (let i = 0; i < 700; i++) {
      webinar.registrants.push({ id: `s${i}`, email: `slow${i}@example.org`, first_name: `S${i}`, last_name: "Low", status: "approved", join_url: `${webinar.join_url}?s=${i}`, create_time: "2026-11-20T10:00:00Z" });
    }
    const path = `/v2/webinars/${webinar.id}/registrants`;
    w.zoom.inject({ method: "GET", path, after: 1, ...outage });
    await expect(resyncWebinarFromZoom(w.app.services, row.id)).rejects.toThrow();
    // Fifteen minutes later (the token's life), the saved token is not used any more.
    await w.db.prisma.zoomResyncProgress.updateMany({ where: { webinarId: row.id }, data: { updatedAt: new Date(Date.now() - 16 * 60_000) } });

    w.zoom.calls.length = 0;
    await resyncWebinarFromZoom(w.app.services, row.id);
    const pages = w.zoom.callsTo("GET", path);
    expect(pages).toHaveLength(3);
    expect(pages[0]!.query.next_page_token).toBeUndefined();
    expect(await w.db.prisma.registrant.count({ where: { webinarId: row.id } })).toBe(700);
  });

  it("when Zoom lists one person twice, then the latest registration wins and an older one only fills what it lacks, wherever the pages are cut", async () => {
    const webinar = w.webinar({ topic: "Twice" });
    const row = await recorded(webinar);
    const person = (id: string, email: string, first: string, last: string, at: string) =>
      ({ id, email, first_name: first, last_name: last, status: "approved" as const, join_url: `${webinar.join_url}?${id}`, create_time: at });
    webinar.registrants.push(person("old", "Twice@Example.org", "Old", "Surname", "2026-11-20T09:00:00Z"));
    webinar.registrants.push(person("new", "twice@example.org", "New", "", "2026-11-20T11:00:00Z"));
    for (let i = 0; i < 298; i++) webinar.registrants.push(person(`f${i}`, `fill${i}@example.org`, "F", "Ill", "2026-11-20T10:00:00Z"));
    // On the next page: the same person again, registered in between.
    webinar.registrants.push(person("mid", "TWICE@example.org", "Mid", "Middle", "2026-11-20T10:00:00Z"));

    const summary = await resyncWebinarFromZoom(w.app.services, row.id);
    expect(summary.registrants).toBe(300);
    const twice = await w.db.prisma.registrant.findMany({ where: { webinarId: row.id, email: "twice@example.org" } });
    expect(twice).toHaveLength(1);
    expect(twice[0]).toMatchObject({
      firstName: "New", lastName: "Surname", zoomRegistrantId: "new", joinUrl: `${webinar.join_url}?new`,
      registeredAt: new Date("2026-11-20T11:00:00Z"),
    });
  });

  it("when the participant report fails on its third page, then the retry resumes there and the recording is read once", async () => {
    const webinar = w.webinar({ topic: "Many attendees" });
    const row = await recorded(webinar);
    const instance = w.activity.start(webinar, { start_time: "2026-11-27T10:00:00Z" });
    for (let i = 0; i < 1_000; i++) {
      w.activity.join(instance, { user_id: String(5000 + i), name: `A${i}`, user_email: `att${i}@example.org`, join_time: "2026-11-27T10:01:00Z" });
    }
    w.activity.end(instance, "2026-11-27T11:00:00Z");
    w.activity.record(instance, { transcript: "WEBVTT\n\nhello" });
    await w.db.prisma.webinar.update({ where: { id: row.id }, data: { uuid: instance.uuid, endedAt: new Date("2026-11-27T11:00:00Z") } });
    const report = `/v2/report/webinars/${encodeURIComponent(instance.uuid)}/participants`;
    const recordings = `/v2/meetings/${encodeURIComponent(instance.uuid)}/recordings`;
    w.zoom.inject({ method: "GET", path: report, after: 2, ...outage });

    w.zoom.calls.length = 0;
    await expect(resyncWebinarFromZoom(w.app.services, row.id)).rejects.toThrow();
    expect(w.zoom.callsTo("GET", report)).toHaveLength(3);
    expect(await w.db.prisma.participantEvent.count({ where: { webinarId: row.id } })).toBe(2 * 600);

    w.zoom.calls.length = 0;
    const summary = await resyncWebinarFromZoom(w.app.services, row.id, { keepProgress: true });
    expect(summary.attendanceEvents).toBe(2_000);
    const pages = w.zoom.callsTo("GET", report);
    expect(pages).toHaveLength(2);
    expect(pages[0]!.query.next_page_token).toBeTruthy();
    expect(w.zoom.callsTo("GET", recordings)).toHaveLength(1);
    expect(await w.db.prisma.participantEvent.count({ where: { webinarId: row.id } })).toBe(2_000);

    // Kept progress (the HubSpot half of "Sync now" failed and its job retries): Zoom is not read again.
    w.zoom.calls.length = 0;
    const again = await resyncWebinarFromZoom(w.app.services, row.id);
    expect(again).toMatchObject({ registrants: 0, attendanceEvents: 2_000, recordings: 1 });
    expect(w.zoom.callsTo("GET", report)).toHaveLength(0);
    expect(w.zoom.callsTo("GET", recordings)).toHaveLength(0);
    expect(w.zoom.calls.filter((c) => c.path.endsWith("/registrants"))).toHaveLength(0);
  });
});
