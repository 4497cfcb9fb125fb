import { syncWebinar } from "../../src/sync/sync-webinar";
import { addFakeContact, archiveContact } from "@hzw/fakes";
import { PORTAL_ID, startWorld, ZOOM_ACCOUNT, type World } from "../helpers/world";
import { attend, auditOf, buildWebinar, hubspotState, installAndConnect, minutes, register, zoomProps } from "./factories";

describe("sync of a webinar's recorded facts to HubSpot", () => {
  let world: World;
  let connectionId: string;
  const sync = (webinarId: string, force = false) => syncWebinar(world.app.services, webinarId, { force });

  beforeAll(async () => {
    world = await startWorld();
    ({ connection: { id: connectionId } } = await installAndConnect(world));
  });
  afterAll(async () => world?.close());

  it("when registrants and attendees are recorded, then they become contacts with the zoom properties and marketing event records", async () => {
    const earlier = await buildWebinar(world, connectionId, { startTime: minutes(-7 * 24 * 60), actualStartTime: minutes(-7 * 24 * 60), endedAt: minutes(-7 * 24 * 60 + 60) });
    await register(world, earlier.id, { email: "ann@customer.example", firstName: "Ann", lastName: "Archer", at: minutes(-10 * 24 * 60) });
    await attend(world, earlier.id, { email: "ann@customer.example", name: "Ann Archer" }, [[-7 * 24 * 60, -7 * 24 * 60 + 60]]);
    await sync(earlier.id);

    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "Ann@Customer.example", firstName: "Ann", lastName: "Archer", at: minutes(-60), joinUrl: "https://zoom.example/j/ann-own" });
    await register(world, w.id, { email: "bob@customer.example", firstName: "Bob", lastName: "Baker", joinUrl: null });
    await register(world, w.id, { email: "cara@customer.example", firstName: "Cara", lastName: "Cole", cancelledAt: minutes(-30) });
    await attend(world, w.id, { email: "ann@customer.example", name: "Ann Archer" }, [[0, 30]]);
    // Two devices: overlapping time counts once (0–60 = 100 %).
    await attend(world, w.id, { email: "dan@walkin.example", name: "Dan Walker", key: "dan-phone" }, [[0, 40]]);
    await attend(world, w.id, { email: "dan@walkin.example", name: "Dan Walker", key: "dan-laptop" }, [[30, 60]]);

    expect((await sync(w.id)).status).toBe("synced");
    const hs = hubspotState(world);
    const ann = hs.contact("ann@customer.example");
    expect(zoomProps(ann)).toEqual({ registrations: "2", attended: "2", average: "75", joinlink: "https://zoom.example/j/ann-own" });
    expect(Object.keys(ann!.properties).sort()).toEqual(
      ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname",
        "zoom_webinar_attendance_average_duration", "zoom_webinar_attendance_count", "zoom_webinar_joinlink", "zoom_webinar_registration_count"],
    );
    expect(ann!.properties).toMatchObject({ firstname: "Ann", lastname: "Archer" });
    // Bob has no join_url of his own: the webinar's.
    expect(zoomProps(hs.contact("bob@customer.example"))).toEqual({ registrations: "1", attended: "0", average: "0", joinlink: w.joinUrl });
    expect(zoomProps(hs.contact("cara@customer.example"))).toMatchObject({ registrations: "0", attended: "0" });
    expect(hs.contact("dan@walkin.example")!.properties).toMatchObject({ firstname: "Dan", lastname: "Walker", zoom_webinar_attendance_average_duration: "100" });

    expect(hs.event(w.zoomWebinarId)).toMatchObject({ externalAccountId: ZOOM_ACCOUNT, externalEventId: w.zoomWebinarId });
    expect(hs.attendance(w.zoomWebinarId)).toEqual([
      "attend ann@customer.example", "attend dan@walkin.example",
      "cancel cara@customer.example",
      "register ann@customer.example", "register bob@customer.example", "register cara@customer.example",
    ]);
    const annAttend = [...hs.crm.attendance.values()].flatMap((m) => [...m.values()]).find((a) => a.state === "attend" && a.email === "ann@customer.example" && a.interactionDateTime === minutes(0).getTime());
    expect(annAttend?.properties).toEqual({ joinedAt: minutes(0).toISOString(), leftAt: minutes(30).toISOString() });
    const updated = await world.db.prisma.webinar.findUniqueOrThrow({ where: { id: w.id } });
    expect(updated.lastSyncStatus).toBe("synced");
    expect((await auditOf(world, w.id))[0]).toMatchObject({ code: "SYNCED", level: "info", details: { counts: { contacts: 4, registrations: 3, attendees: 2 } } });
  });

  it("when the same facts are delivered again and synced twice, forced or not, then values are the same and nothing is duplicated", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "eve@customer.example", firstName: "Eve" });
    await attend(world, w.id, { email: "eve@customer.example" }, [[0, 45]]);
    await sync(w.id);
    const hs = hubspotState(world);
    const snapshot = () => ({ contacts: hs.contacts().length, eve: zoomProps(hs.contact("eve@customer.example")), attendance: hs.attendance(w.zoomWebinarId) });
    const first = snapshot();
    expect(first.eve).toMatchObject({ registrations: "1", attended: "1", average: "75" });

    // A redelivered join/leave is the same recorded fact.
    await attend(world, w.id, { email: "eve@customer.example" }, [[0, 45]]);
    const before = world.hubspot.calls.length;
    expect((await sync(w.id)).calls).toBe(0);
    expect(world.hubspot.calls.length).toBe(before);
    await sync(w.id, true);
    await sync(w.id, true);
    expect(snapshot()).toEqual(first);
    expect(hs.crm.attendance.get(`${ZOOM_ACCOUNT}/${w.zoomWebinarId}`)!.size).toBe(2);
  });

  it("when people are left out by the rules, then none is written and the audit counts each reason in plain words", async () => {
    await world.db.prisma.portal.update({ where: { id: BigInt(PORTAL_ID) }, data: { excludedContactDomains: ["competitor.example"] } });
    const hs = hubspotState(world);
    // A HubSpot user who is also a contact, and a contact with a secondary email.
    const admin = addFakeContact(world.hubspot, PORTAL_ID, { email: "admin@portal.example", firstname: "Adam" });
    const owner = addFakeContact(world.hubspot, PORTAL_ID, { email: "main@customer.example", hs_additional_emails: "alias@customer.example;old@customer.example" });
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "admin@portal.example", firstName: "Adam" });
    await attend(world, w.id, { email: "admin@portal.example" }, [[0, 60]]);
    await register(world, w.id, { email: "alias@customer.example", firstName: "Al" });
    await register(world, w.id, { email: "spy@competitor.example" });
    await register(world, w.id, { email: "not-an-email" });
    await attend(world, w.id, { email: null, name: "Phone caller", key: "anon-1" }, [[5, 10]]);
    await register(world, w.id, { email: "ok@customer.example", firstName: "Oka" });
    const searchesBefore = world.hubspot.callsTo("POST", "/crm/objects/2026-09/contacts/search").length;

    await sync(w.id);

    expect(hs.contacts().map((c) => c.properties.email)).not.toEqual(expect.arrayContaining(["spy@competitor.example"]));
    for (const email of ["alias@customer.example", "spy@competitor.example", "not-an-email"]) expect(hs.contact(email)).toBeUndefined();
    expect(hs.contact("ok@customer.example")).toBeDefined();
    expect(hs.attendance(w.zoomWebinarId)).toEqual(["register ok@customer.example"]);
    expect(admin.properties).toEqual({ email: "admin@portal.example", firstname: "Adam" });
    expect(owner.properties.zoom_webinar_registration_count).toBeUndefined();
    // Secondary emails come from one search, not one per person.
    expect(world.hubspot.callsTo("POST", "/crm/objects/2026-09/contacts/search").length - searchesBefore).toBe(1);
    const excluded = (await auditOf(world, w.id)).find((e) => e.code === "EMAILS_EXCLUDED");
    expect(excluded).toMatchObject({
      level: "warning",
      details: { counts: { hubspot_user: 1, excluded_domain: 1, invalid_email: 1, secondary_email: 1, no_email: 1 } },
    });
    expect(excluded!.message).toBe(
      "Some email addresses were excluded from syncing: 1 HubSpot user, 1 excluded domain, 1 invalid email address, 1 secondary email of an existing contact, 1 person without an email address",
    );
    await world.db.prisma.portal.update({ where: { id: BigInt(PORTAL_ID) }, data: { excludedContactDomains: [] } });
  });

  it("when the HubSpot users were fetched recently, then the next sync uses the cached list", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "cache@customer.example" });
    const before = world.hubspot.callsTo("GET", "/settings/users/2026-03").length;
    await sync(w.id);
    expect(world.hubspot.callsTo("GET", "/settings/users/2026-03").length).toBe(before);
  });

  it("when a contact the app wrote was deleted in HubSpot, then it is not re-created, even by a forced re-sync", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "gone@customer.example", firstName: "Gone" });
    await sync(w.id);
    const hs = hubspotState(world);
    archiveContact(hs.crm, "gone@customer.example");
    await attend(world, w.id, { email: "gone@customer.example" }, [[0, 10]]);
    await sync(w.id);
    await sync(w.id, true);
    expect(hs.contact("gone@customer.example")).toBeUndefined();
    expect(hs.attendance(w.zoomWebinarId)).toEqual(["register gone@customer.example"]);
    expect((await auditOf(world, w.id)).filter((e) => e.code === "DATA_NOT_SYNCED")).toEqual([
      expect.objectContaining({ level: "warning", details: { reason: "contact_deleted", count: 1 } }),
    ]);
  });

  it("when the host's domain is excluded or the webinar's switch is off, then nothing is written and the audit says why", async () => {
    await world.db.prisma.portal.update({ where: { id: BigInt(PORTAL_ID) }, data: { excludedHostDomains: ["zoomco.example"] } });
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "skipped@customer.example" });
    const before = world.hubspot.calls.length;
    expect((await sync(w.id)).status).toBe("disabled");
    await world.db.prisma.portal.update({ where: { id: BigInt(PORTAL_ID) }, data: { excludedHostDomains: [] } });
    await world.db.prisma.webinar.update({ where: { id: w.id }, data: { syncEnabled: false } });
    expect((await sync(w.id)).status).toBe("disabled");
    expect(world.hubspot.calls.length).toBe(before);
    const audit = await auditOf(world, w.id);
    expect(audit.map((e) => [e.code, (e.details as { reason: string }).reason])).toEqual([
      ["SYNC_DISABLED", "webinar_off"],
      ["SYNC_DISABLED", "host_domain_excluded"],
    ]);
    expect(audit[1]!.message).toMatch(/host's email domain is excluded/);
    expect((await world.db.prisma.webinar.findUniqueOrThrow({ where: { id: w.id } })).lastSyncStatus).toBe("disabled");
  });

  it("when a webinar ended without any participant data, then the audit says attendance could not be synced", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "noshow@customer.example" });
    await sync(w.id);
    expect((await auditOf(world, w.id)).map((e) => e.code)).toEqual(["SYNCED", "ATTENDEES_NOT_SYNCED"]);
  });

  // Last: it deletes the portal.
  it("when a webinar and then the portal are deleted, then their sync marks and written contacts are deleted with them", async () => {
    const keep = await buildWebinar(world, connectionId);
    const gone = await buildWebinar(world, connectionId);
    for (const w of [keep, gone]) {
      await register(world, w.id, { email: `reg-${w.zoomWebinarId}@customer.example` });
      await attend(world, w.id, { email: `reg-${w.zoomWebinarId}@customer.example` }, [[0, 30]]);
      expect((await sync(w.id)).status).toBe("synced");
    }
    const marks = (webinarId: string) => world.db.prisma.syncMark.count({ where: { webinarId } });
    expect(await marks(gone.id)).toBeGreaterThan(0);
    const emails = [keep, gone].map((w) => `reg-${w.zoomWebinarId}@customer.example`);
    expect(await world.db.prisma.hubSpotContact.count({ where: { portalId: BigInt(PORTAL_ID), email: { in: emails } } })).toBe(2);

    await world.db.prisma.webinar.delete({ where: { id: gone.id } });
    expect(await marks(gone.id)).toBe(0);
    expect(await marks(keep.id)).toBeGreaterThan(0);

    await world.db.prisma.portal.delete({ where: { id: BigInt(PORTAL_ID) } });
    expect(await world.db.prisma.hubSpotContact.count({ where: { portalId: BigInt(PORTAL_ID) } })).toBe(0);
    expect(await marks(keep.id)).toBe(0);
  });
});
