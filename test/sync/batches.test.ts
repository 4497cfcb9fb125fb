import { syncWebinar } from "../../src/sync/sync-webinar";
import { PORTAL_ID, startWorld, type World } from "../helpers/world";
import { attend, auditOf, buildWebinar, hubspotState, installAndConnect, minutes } from "./factories";

/**
 * A webinar's people stream through the sync a batch at a time: the outcome in HubSpot
 * is the same whatever the batch size, and HubSpot's calls stay full (100 per call).
 */
describe("sync in batches of people", () => {
  let world: World;
  let connectionId: string;

  beforeAll(async () => {
    world = await startWorld();
    ({ connection: { id: connectionId } } = await installAndConnect(world));
    await world.db.prisma.portal.update({ where: { id: BigInt(PORTAL_ID) }, data: { excludedContactDomains: ["staff.example"] } });
  });
  afterAll(async () => world?.close());

  /** What HubSpot holds: contacts with their properties, and every attendance record. */
  function snapshot() {
    const hs = hubspotState(world);
    const contacts = hs.contacts().map((c) => {
      const { createdate: _c, lastmodifieddate: _l, hs_object_id: _id, ...rest } = c.properties;
      return rest;
    });
    contacts.sort((a, b) => String(a.email).localeCompare(String(b.email)));
    const attendance = [...hs.crm.attendance.values()]
      .flatMap((m) => [...m.values()])
      .map(({ contactId: _id, ...a }) => JSON.stringify(a))
      .sort();
    return { contacts, attendance };
  }

  /** Forgets what was written, on both sides, so the same facts can be synced again from nothing. */
  async function forgetHubSpot() {
    const hs = hubspotState(world);
    hs.crm.contacts.clear();
    hs.crm.attendance.clear();
    await world.db.prisma.syncMark.deleteMany({});
    await world.db.prisma.hubSpotContact.deleteMany({});
  }

  it("when 250 registrants and 130 attendees are synced 30 people at a time, then HubSpot holds what one batch gives, in full calls", async () => {
    const earlier = await buildWebinar(world, connectionId, { startTime: minutes(-7 * 24 * 60), actualStartTime: minutes(-7 * 24 * 60), endedAt: minutes(-7 * 24 * 60 + 60) });
    const w = await buildWebinar(world, connectionId);
    // Written in a few statements: the sync is under test, not the intake.
    const registrant = (webinarId: string, email: string, firstName: string, lastName: string, at: Date, cancelledAt?: Date) => ({
      webinarId, email, firstName, lastName, zoomRegistrantId: `reg-${email}`, joinUrl: `https://zoom.example/j/${email}`, registeredAt: at,
      status: cancelledAt ? "cancelled" : "approved", cancelledAt: cancelledAt ?? null, source: "webhook",
    });
    const session = (webinarId: string, key: string, email: string | null, name: string, from: number, to: number, registrantId?: string) =>
      (["join", "leave"] as const).map((kind) => ({
        webinarId, participantKey: key, email, name, registrantId, kind, at: minutes(kind === "join" ? from : to), source: "webhook",
      }));
    const registrants = [];
    const events = [];
    for (let i = 0; i < 250; i++) {
      const email = i % 50 === 7 ? `p${i}@staff.example` : `p${i}@customer.example`;
      registrants.push(registrant(w.id, email, `P${i}`, "Q", minutes(-600 + i), i % 40 === 3 ? minutes(-30) : undefined));
      if (i % 3 === 0) registrants.push(registrant(earlier.id, email, `P${i}`, "", minutes(-8 * 24 * 60)));
      if (i % 6 === 0) events.push(...session(earlier.id, email, email, `P${i} Q`, -7 * 24 * 60, -7 * 24 * 60 + 45));
    }
    // Attendees: every second registrant, some only named by their registrant id, plus walk-ins and one nobody.
    for (let i = 0; i < 250; i += 2) {
      const email = `p${i}@customer.example`;
      if (i % 10 === 4) events.push(...session(w.id, `dev-${i}`, null, `P${i} Q`, i % 30, 30 + (i % 30), `reg-${email}`));
      else events.push(...session(w.id, email, email, `P${i} Q`, i % 30, 30 + (i % 30)));
    }
    await world.db.prisma.registrant.createMany({ data: registrants });
    await world.db.prisma.participantEvent.createMany({ data: events });
    for (let i = 0; i < 5; i++) await attend(world, w.id, { email: `walkin${i}@else.example`, name: `Walk In${i}` }, [[0, 60]]);
    await attend(world, w.id, { email: null, key: "nobody", name: "Phone user" }, [[0, 10]]);
    await syncWebinar(world.app.services, earlier.id);

    const path = (p: string) => (c: { method: string; path: string }) => c.method === "POST" && c.path.includes(p);
    const sizes = (p: string, key = "inputs") =>
      world.hubspot.calls.filter(path(p)).map((c) => ((c.body as Record<string, unknown[]>)[key] ?? []).length);

    world.hubspot.calls.length = 0;
    await syncWebinar(world.app.services, w.id, { batchSize: 30 });
    const batched = snapshot();
    const contactCalls = sizes("/contacts/batch/upsert");
    const registerCalls = sizes("/register/email-create");
    const attendCalls = sizes("/attend/email-create");
    const cancelCalls = sizes("/cancel/email-create");
    const registerAt = world.hubspot.calls.findIndex(path("/register/email-create"));
    const cancelAt = world.hubspot.calls.findIndex(path("/cancel/email-create"));
    const searches = world.hubspot.calls.filter(path("/contacts/search")).length;
    const [synced] = await auditOf(world, w.id);

    await forgetHubSpot();
    await syncWebinar(world.app.services, earlier.id);
    await syncWebinar(world.app.services, w.id);
    const whole = snapshot();
    const [wholeSynced] = await auditOf(world, w.id);

    expect(batched).toEqual(whole);
    // 245 registrants (5 excluded) + 5 walk-ins; 245 registrations; 125 attendees + 5 walk-ins; 7 cancellations.
    expect(batched.contacts).toHaveLength(250);
    expect(contactCalls).toEqual([100, 100, 50]);
    expect(registerCalls).toEqual([100, 100, 45]);
    expect(attendCalls).toEqual([100, 30]);
    expect(cancelCalls).toEqual([7]);
    // The portal's secondary emails are searched once per sync, not once per batch.
    expect(searches).toBe(1);
    expect(cancelAt).toBeGreaterThan(registerAt);
    expect(synced!.details).toEqual(wholeSynced!.details);
    expect(synced!.details).toMatchObject({ counts: { contacts: 250, registrations: 245, attendees: 130 } });
    const excluded = (await auditOf(world, w.id)).find((e) => e.code === "EMAILS_EXCLUDED");
    expect(excluded?.details).toMatchObject({ counts: { excluded_domain: 5, no_email: 1 } });
  });
});
