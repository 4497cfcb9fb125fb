import { crmOf, zoomEvents } from "@hzw/fakes";
import { Browser } from "../helpers/browser";
import { hubspotEvent } from "../helpers/hubspot-webhooks";
import { install, PORTAL_ID } from "../helpers/world";
import { enableSync, startPrivacyWorld, type PrivacyWorld } from "./harness";

/**
 * One Zoom account connected to two portals: each portal's data about a person is its
 * own, and a privacy deletion in one leaves the other's alone (CONTRACT.md §10).
 */
describe("a privacy deletion is scoped to its portal", () => {
  const OTHER = 73001;
  const DANA = "dana@customer.example";
  let w: PrivacyWorld;
  let otherConnectionId: string;

  beforeAll(async () => {
    w = await startPrivacyWorld();
    w.hubspot.addPortal(OTHER, 8001, [{ id: "8001", email: "admin@other.example" }]);
    const { browser } = await install(w, new Browser(), OTHER);
    const done = await browser.go(`${w.app.url}/oauth/zoom/connect`);
    expect(done.url).toMatch(/\/settings$/);
    otherConnectionId = (await w.db.prisma.zoomConnection.findFirstOrThrow({ where: { portalId: BigInt(OTHER) } })).id;
    await enableSync(w, otherConnectionId);
  });
  afterAll(async () => w?.close());

  const live = (portalId: number) => [...crmOf(w.hubspot.portal(portalId)).contacts.values()].filter((c) => !c.archived && c.properties.email === DANA);
  const registrantsIn = (portalId: number) =>
    w.db.prisma.registrant.count({ where: { email: DANA, webinar: { connection: { portalId: BigInt(portalId) } } } });

  it("when the same person is deleted for privacy in one portal, then the other portal keeps her data and keeps syncing her", async () => {
    const webinar = w.webinar({ topic: "Shared account" });
    await w.sender.send(zoomEvents.webinarCreated(webinar));
    await w.register(webinar, { id: "r-dana", email: DANA, first: "Dana", last: "Dunn" });
    await w.drain();
    await w.sync(w.connectionId, webinar.id);
    await w.sync(otherConnectionId, webinar.id);
    expect([live(PORTAL_ID).length, live(OTHER).length]).toEqual([1, 1]);

    // HubSpot deletes her in the first portal for good, then tells us.
    const id = live(PORTAL_ID)[0]!.id;
    crmOf(w.hubspot.portal(PORTAL_ID)).contacts.delete(id);
    crmOf(w.hubspot.portal(PORTAL_ID)).byEmail.delete(DANA);
    expect((await w.hubspotSender.send([hubspotEvent(PORTAL_ID, "contact.privacyDeletion", id)])).status).toBe(204);
    await w.drain();
    expect([await registrantsIn(PORTAL_ID), await registrantsIn(OTHER)]).toEqual([0, 1]);
    expect(await w.db.prisma.hubSpotContact.findMany({ where: { email: DANA }, select: { portalId: true } })).toEqual([{ portalId: BigInt(OTHER) }]);
    expect((await w.db.prisma.privacyTombstone.findMany()).map((t) => t.portalId)).toEqual([BigInt(PORTAL_ID)]);

    // She attends afterwards: recorded for both, written only to the other portal.
    const instance = w.activity.start(webinar, { start_time: new Date(Date.now() - 30 * 60_000).toISOString() });
    await w.attend(webinar, instance, { userId: "p-dana", name: "Dana Dunn", email: DANA, registrantId: "r-dana" }, [0, 20]);
    await w.drain();
    expect(await w.db.prisma.participantEvent.count({ where: { email: DANA } })).toBe(4);
    await w.sync(w.connectionId, webinar.id);
    await w.sync(otherConnectionId, webinar.id);
    expect(live(PORTAL_ID)).toEqual([]);
    expect(live(OTHER)[0]!.properties).toMatchObject({ zoom_webinar_registration_count: "1", zoom_webinar_attendance_count: "1" });
  });
});
