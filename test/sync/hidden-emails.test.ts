import { zoomEvents } from "@hzw/fakes";
import { startPrivacyWorld, type PrivacyWorld } from "../privacy/harness";
import { auditOf, hubspotState, zoomProps } from "./factories";

/**
 * Attendees Zoom hides (CONTRACT.md §11): a participant without an email but with the
 * registrant id of a recorded registration is that registrant. Webhooks in, HubSpot
 * writes out, and the SYNCED entry counts the people found that way.
 */
describe("attendees without an email in Zoom's data", () => {
  let w: PrivacyWorld;
  beforeAll(async () => (w = await startPrivacyWorld()));
  afterAll(async () => w?.close());

  it("when registered people join without an email, then they attend as their registration, and the audit log counts them", async () => {
    const webinar = w.webinar({ topic: "Hidden emails" });
    expect((await w.sender.send(zoomEvents.webinarCreated(webinar))).status).toBe(204);
    await w.register(webinar, { id: "reg_ann", email: "ann@hidden.example", first: "Ann", last: "Archer" });
    await w.register(webinar, { id: "reg_bob", email: "bob@hidden.example", first: "Bob", last: "Baker" });
    await w.register(webinar, { id: "reg_cat", email: "cat@hidden.example", first: "Cat", last: "Cole" });
    const instance = w.activity.start(webinar, { start_time: new Date(Date.now() - 120 * 60_000).toISOString() });
    // Ann and Bob (on two devices) without an email, Cat with hers, and a guest with neither.
    await w.attend(webinar, instance, { userId: "p_ann", name: "Ann A.", registrantId: "reg_ann" }, [0, 30]);
    await w.attend(webinar, instance, { userId: "p_bob1", name: "Bob", registrantId: "reg_bob" }, [0, 20]);
    await w.attend(webinar, instance, { userId: "p_bob2", name: "Bob (phone)", registrantId: "reg_bob" }, [10, 40]);
    await w.attend(webinar, instance, { userId: "p_cat", name: "Cat Cole", email: "cat@hidden.example", registrantId: "reg_cat" }, [0, 60]);
    await w.attend(webinar, instance, { userId: "p_guest", name: "Guest" }, [0, 60]);
    await w.drain();
    await w.sync(w.connectionId, webinar.id);

    const hs = hubspotState(w);
    expect(zoomProps(hs.contact("ann@hidden.example"))).toMatchObject({ registrations: "1", attended: "1" });
    expect(zoomProps(hs.contact("bob@hidden.example"))).toMatchObject({ registrations: "1", attended: "1" });
    expect(hs.attendance(webinar.id)).toEqual(expect.arrayContaining(["attend ann@hidden.example", "attend bob@hidden.example", "attend cat@hidden.example"]));
    // Bob's two devices are one attendee.
    expect(hs.attendance(webinar.id).filter((a) => a === "attend bob@hidden.example")).toHaveLength(1);

    const row = await w.db.prisma.webinar.findUniqueOrThrow({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId: webinar.id } } });
    const audit = await auditOf(w, row.id);
    const synced = audit.find((e) => e.code === "SYNCED");
    expect(synced).toMatchObject({ details: { counts: { attendees: 3, matchedByRegistrantId: 2 } } });
    expect(synced?.message).toContain("2 attendees without an email in Zoom's data were matched to their registration.");
    // Only the guest, with neither an email nor a registration, is without an email.
    expect(audit.find((e) => e.code === "EMAILS_EXCLUDED")).toMatchObject({ details: { counts: { no_email: 1 } } });
  });

  it("when everyone who attended showed an email, then the SYNCED entry says nothing of matching", async () => {
    const webinar = w.webinar({ topic: "Visible emails" });
    await w.register(webinar, { id: "reg_dan", email: "dan@visible.example", first: "Dan", last: "Dunn" });
    const instance = w.activity.start(webinar, { start_time: new Date(Date.now() - 120 * 60_000).toISOString() });
    await w.attend(webinar, instance, { userId: "p_dan", name: "Dan", email: "dan@visible.example", registrantId: "reg_dan" }, [0, 30]);
    await w.drain();
    await w.sync(w.connectionId, webinar.id);
    const row = await w.db.prisma.webinar.findUniqueOrThrow({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId: webinar.id } } });
    const synced = (await auditOf(w, row.id)).find((e) => e.code === "SYNCED");
    expect(synced).toMatchObject({ details: { counts: { attendees: 1, matchedByRegistrantId: 0 } } });
    expect(synced?.message).not.toMatch(/matched/);
  });
});
