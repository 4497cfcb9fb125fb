import { zoomEvents } from "@hzw/fakes";
import { scanDatabase } from "../helpers/scan";
import { connectZoom, PORTAL_ID, ZOOM_ACCOUNT } from "../helpers/world";
import { startPrivacyWorld, type PrivacyWorld } from "./harness";

/**
 * Zoom's `app_deauthorized` (CONTRACT.md §3, §10): the tokens and the personal data
 * recorded from that Zoom account are deleted, and the settings say why Zoom is not
 * connected any more.
 */
describe("Zoom removes the app from the account", () => {
  let w: PrivacyWorld;
  const EVE = "eve@customer.example";
  const FINN = "Finn@Customer.example";

  beforeAll(async () => (w = await startPrivacyWorld()));
  afterAll(async () => w?.close());

  const session = async () => (await (await w.browser.fetch(`${w.app.url}/api/session`)).json()) as Record<string, any>;

  it("when app_deauthorized arrives, then no row holds the account's registrants' emails, the webinars stay and the session says Zoom removed the app", async () => {
    const webinar = w.webinar({ topic: "Before the goodbye" });
    await w.sender.send(zoomEvents.webinarCreated(webinar));
    await w.register(webinar, { id: "r-eve", email: EVE, first: "Eve", last: "Evans" });
    await w.register(webinar, { id: "r-finn", email: FINN, first: "Finn", last: "Fischer" });
    const instance = w.activity.start(webinar, { start_time: new Date(Date.now() - 60 * 60_000).toISOString() });
    await w.attend(webinar, instance, { userId: "p-eve", name: "Eve Evans", email: EVE, registrantId: "r-eve" }, [0, 30]);
    await w.attend(webinar, instance, { userId: "p-walkin", name: "Gus Guest", email: "gus@walkin.example" }, [5, 25]);
    await w.drain();
    const row = await w.db.prisma.webinar.findUniqueOrThrow({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId: webinar.id } } });
    await w.db.prisma.recording.create({
      data: { webinarId: row.id, instanceUuid: instance.uuid, status: "completed", transcriptVtt: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nEve Evans: my address is eve@customer.example\n" },
    });
    await w.sync(w.connectionId, webinar.id);
    expect(await w.db.prisma.syncMark.count({ where: { webinarId: row.id, kind: "register" } })).toBe(2);
    const emails = [EVE, FINN, "gus@walkin.example"];
    expect((await scanDatabase(w.db.sql, emails)).hits.length).toBeGreaterThan(5);

    const res = await w.sender.send(zoomEvents.appDeauthorized(ZOOM_ACCOUNT, "zu_admin", w.zoom.clientId));
    expect(res.status).toBe(204);
    await w.drain();

    const { hits, scanned } = await scanDatabase(w.db.sql, emails);
    expect(hits).toEqual([]);
    expect(scanned).toBeGreaterThan(30);
    const connection = await w.db.prisma.zoomConnection.findUniqueOrThrow({ where: { id: w.connectionId } });
    expect(connection).toMatchObject({ status: "disconnected", accessToken: null, refreshToken: null });
    expect(connection.deauthorizedAt).not.toBeNull();
    // The history stays readable: the webinar and its sync's audit (counts, not names).
    expect(await w.db.prisma.webinar.findUnique({ where: { id: row.id } })).toMatchObject({ topic: "Before the goodbye" });
    expect(await w.db.prisma.auditEntry.count({ where: { webinarId: row.id, code: "SYNCED" } })).toBe(1);
    expect(await w.db.prisma.recording.findFirstOrThrow({ where: { webinarId: row.id } })).toMatchObject({ transcriptVtt: null });

    expect(await session()).toMatchObject({
      zoomConnected: false,
      zoomConnection: { status: "disconnected", reason: "deauthorized", at: connection.deauthorizedAt!.toISOString() },
    });
    const page = await w.browser.go(`${w.app.url}/settings`);
    expect(page.body).toContain('id="zoom-notice"');
    expect(page.body).toContain("/public/settings-form.js");
    // The webinars recorded before stay listed (with their audit logs), said to be waiting for Zoom.
    expect(page.body).toContain('id="webinars-disconnected"');
    const listed = (await (await w.browser.fetch(`${w.app.url}/api/webinars`)).json()) as { topic: string }[];
    expect(listed.map((x) => x.topic)).toEqual(["Before the goodbye"]);
  });

  it("when Zoom is connected again, then the session no longer says it was removed", async () => {
    await connectZoom(w, w.browser);
    expect((await session()).zoomConnection).toEqual({ status: "active", reason: null, at: null });
    expect((await w.db.prisma.zoomConnection.findFirstOrThrow({ where: { portalId: BigInt(PORTAL_ID) } })).deauthorizedAt).toBeNull();
  });
});
