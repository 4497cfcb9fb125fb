import { zoomEvents } from "@hzw/fakes";
import { runSyncNow } from "../../src/sync/sync-now";
import { resyncWebinarFromZoom } from "../../src/webinars/resync";
import { startPrivacyWorld, type PrivacyWorld } from "../privacy/harness";
import { auditOf, hubspotState, zoomProps } from "../sync/factories";

/**
 * Zoom Events webinars (CONTRACT.md §11): recognised from the webinar's own fields (the
 * one rule: src/zoom/zoom-events.ts) and never synced; the audit log says why, and
 * HubSpot receives nothing for them. Webhooks in, through the real intake.
 */
describe("webinars that belong to Zoom Events", () => {
  let w: PrivacyWorld;
  beforeAll(async () => (w = await startPrivacyWorld()));
  afterAll(async () => w?.close());

  const rowOf = (zoomWebinarId: string) =>
    w.db.prisma.webinar.findUniqueOrThrow({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId } } });

  it("when a Zoom Events webinar has registrants and attendees, then HubSpot receives nothing for it and the audit log says why", async () => {
    const webinar = w.webinar({ topic: "Events hub session", creation_source: "zoom_events" });
    expect((await w.sender.send(zoomEvents.webinarCreated(webinar))).status).toBe(204);
    await w.register(webinar, { id: "reg_eva", email: "eva@events.example", first: "Eva", last: "Event" });
    const instance = w.activity.start(webinar, { start_time: new Date(Date.now() - 90 * 60_000).toISOString() });
    await w.attend(webinar, instance, { userId: "p_eva", name: "Eva", email: "eva@events.example", registrantId: "reg_eva" }, [0, 45]);
    await w.drain();
    expect((await rowOf(webinar.id)).zoomEvents).toBe(true);

    const before = w.hubspot.calls.length;
    await w.sync(w.connectionId, webinar.id);
    await w.sync(w.connectionId, webinar.id, true);
    expect(w.hubspot.calls.slice(before)).toEqual([]);
    const hs = hubspotState(w);
    expect(hs.event(webinar.id)).toBeUndefined();
    expect(hs.contact("eva@events.example")).toBeUndefined();

    const row = await rowOf(webinar.id);
    expect(row.lastSyncStatus).toBe("disabled");
    const [entry] = await auditOf(w, row.id);
    expect(entry).toMatchObject({ code: "SYNC_DISABLED", level: "info", details: { reason: "zoom_events" } });
    expect(entry?.message).toBe(
      "This webinar is not synced to HubSpot: it belongs to Zoom Events, which this app (like HubSpot's own Zoom integration) leaves alone.",
    );
  });

  it("when someone attended a Zoom Events webinar and an ordinary one, then the contact properties count only the ordinary one", async () => {
    const events = w.webinar({ topic: "Events hub keynote", creation_source: "Zoom Events" });
    const plain = w.webinar({ topic: "Ordinary webinar", creation_source: "web" });
    for (const webinar of [events, plain]) {
      expect((await w.sender.send(zoomEvents.webinarCreated(webinar))).status).toBe(204);
      await w.register(webinar, { id: `reg_fay_${webinar.id}`, email: "fay@both.example", first: "Fay", last: "Both" });
      const instance = w.activity.start(webinar, { start_time: new Date(Date.now() - 90 * 60_000).toISOString() });
      await w.attend(webinar, instance, { userId: `p_fay_${webinar.id}`, name: "Fay", email: "fay@both.example" }, [0, 60]);
    }
    await w.drain();
    expect((await rowOf(plain.id)).zoomEvents).toBe(false);
    await w.sync(w.connectionId, events.id);
    await w.sync(w.connectionId, plain.id);
    expect(zoomProps(hubspotState(w).contact("fay@both.example"))).toMatchObject({ registrations: "1", attended: "1" });
    expect(hubspotState(w).event(events.id)).toBeUndefined();
    expect(hubspotState(w).event(plain.id)).toBeDefined();
  });

  it("when webinar.created does not say and Sync now reads the webinar from Zoom, then Zoom's answer marks it", async () => {
    const webinar = w.webinar({ topic: "Said later" });
    expect((await w.sender.send(zoomEvents.webinarCreated(webinar))).status).toBe(204);
    await w.drain();
    expect((await rowOf(webinar.id)).zoomEvents).toBeNull();
    // "Sync now" reads the webinar from Zoom's API (GET /webinars/{id}), which says.
    webinar.creation_source = "zoom_events";
    const row = await rowOf(webinar.id);
    await runSyncNow({ ...w.app.services, resyncFromZoom: (id, options) => resyncWebinarFromZoom(w.app.services, id, options) }, { webinarId: row.id });
    expect((await rowOf(webinar.id)).zoomEvents).toBe(true);
    expect(hubspotState(w).event(webinar.id)).toBeUndefined();
    expect((await auditOf(w, row.id))[0]).toMatchObject({ code: "SYNC_DISABLED", details: { reason: "zoom_events" } });
  });
});
