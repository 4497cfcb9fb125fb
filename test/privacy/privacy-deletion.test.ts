import { type FakeZoomWebinar, archiveContact, crmOf, type FakeInstance, zoomEvents } from "@hzw/fakes";
import { hubspotEvent, type HubSpotEvent } from "../helpers/hubspot-webhooks";
import { scanDatabase } from "../helpers/scan";
import { PORTAL_ID } from "../helpers/world";
import { startPrivacyWorld, type PrivacyWorld } from "./harness";

/**
 * HubSpot's `contact.privacyDeletion` and `contact.deletion` (CONTRACT.md §3, §10), from
 * the signed webhook to what is left in the database and what the next sync writes.
 */
describe("HubSpot privacy deletions and deletions of contacts", () => {
  let w: PrivacyWorld;
  let webinar: FakeZoomWebinar;
  let instance: FakeInstance;
  const ANN = "ann@customer.example";
  const BOB = "bob@customer.example";
  const CARL = "carl@customer.example";
  let annId: string;
  let deletedAt: number;
  let annPrivacy: HubSpotEvent;

  const crm = () => crmOf(w.hubspot.portal(PORTAL_ID));
  const live = (email: string) => [...crm().contacts.values()].filter((c) => !c.archived && c.properties.email === email);
  const privacyDeletion = (objectId: string | number, fields = {}) => hubspotEvent(PORTAL_ID, "contact.privacyDeletion", objectId, fields);
  const upsertsMentioning = (email: string, since: number) =>
    w.hubspot.calls.slice(since).filter((c) => c.method === "POST" && /contacts\/batch\/upsert$/.test(c.path) && JSON.stringify(c.body).includes(email));

  beforeAll(async () => {
    w = await startPrivacyWorld();
    webinar = w.webinar({ topic: "Privacy matters" });
    await w.sender.send(zoomEvents.webinarCreated(webinar));
    await w.register(webinar, { id: "r-ann", email: "Ann@Customer.example", first: "Ann", last: "Archer" });
    await w.register(webinar, { id: "r-bob", email: BOB, first: "Bob", last: "Baker" });
    await w.register(webinar, { id: "r-carl", email: CARL, first: "Carl", last: "Cole" });
    instance = w.activity.start(webinar, { start_time: new Date(Date.now() - 60 * 60_000).toISOString() });
    await w.attend(webinar, instance, { userId: "p-ann", name: "Ann Archer", email: ANN, registrantId: "r-ann" }, [0, 30]);
    // Zoom hid her email on a second device: tied to her by her registration.
    await w.attend(webinar, instance, { userId: "p-ann-phone", name: "Ann's phone", registrantId: "r-ann" }, [10, 20]);
    await w.attend(webinar, instance, { userId: "p-bob", name: "Bob Baker", email: BOB, registrantId: "r-bob" }, [0, 45]);
    await w.drain();

    const row = await w.db.prisma.webinar.findUniqueOrThrow({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId: webinar.id } } });
    // What other paths record about her: a transcript that names her, the workflow
    // action's stored answer, an audit entry.
    await w.db.prisma.recording.create({
      data: { webinarId: row.id, instanceUuid: instance.uuid, status: "completed", transcriptVtt: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAnn Archer: Hello from me\n" },
    });
    await w.db.prisma.recording.create({
      data: { webinarId: row.id, instanceUuid: "other-instance", status: "completed", transcriptVtt: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nBob Baker: Hi\n" },
    });
    await w.db.prisma.workflowCall.create({
      data: { callbackId: "cb-ann", portalId: BigInt(PORTAL_ID), state: "done", response: { hs_execution_state: "SUCCESS", zoom_registrant_id: "r-ann", zoom_join_url: `${webinar.join_url}?tk=r-ann` } },
    });
    await w.db.prisma.workflowCall.create({
      data: { callbackId: "cb-bob", portalId: BigInt(PORTAL_ID), state: "done", response: { hs_execution_state: "SUCCESS", zoom_registrant_id: "r-bob", zoom_join_url: `${webinar.join_url}?tk=r-bob` } },
    });
    await w.db.prisma.auditEntry.create({
      data: { portalId: BigInt(PORTAL_ID), webinarId: row.id, level: "error", code: "SYNC_ERROR", message: `HubSpot refused a property of ${ANN}`, details: { reason: "property_update_failed" } },
    });

    await w.sync(w.connectionId, webinar.id);
    expect(live(ANN)).toHaveLength(1);
    annId = live(ANN)[0]!.id;
    expect((await w.db.prisma.hubSpotContact.findUniqueOrThrow({ where: { portalId_email: { portalId: BigInt(PORTAL_ID), email: ANN } } })).hubspotId).toBe(annId);
  });
  afterAll(async () => w?.close());

  it("when HubSpot sends a privacy deletion, then no row of the database holds her email or name any more, and other people's rows stay", async () => {
    // HubSpot deleted her for good, and tells us with both events (reference §A7).
    const contact = crm().contacts.get(annId)!;
    crm().contacts.delete(annId);
    crm().byEmail.delete(contact.properties.email!);
    deletedAt = Date.now();
    annPrivacy = privacyDeletion(annId, { occurredAt: deletedAt });
    const res = await w.hubspotSender.send([annPrivacy, hubspotEvent(PORTAL_ID, "contact.deletion", annId, { occurredAt: deletedAt })]);
    expect(res.status).toBe(204);
    await w.drain();

    const { hits, scanned, tables } = await scanDatabase(w.db.sql, [ANN, "Archer"]);
    expect(hits).toEqual([]);
    expect(scanned).toBeGreaterThan(50);
    for (const t of ["public.registrants", "public.participant_events", "public.webhook_events", "public.hubspot_webhook_events", "public.workflow_calls", "public.recordings", "pgboss.job"]) {
      expect([t, tables.has(t)]).toEqual([t, true]);
    }

    // Counted, not named.
    const stones = await w.db.prisma.privacyTombstone.findMany();
    expect(stones).toHaveLength(1);
    expect(stones[0]).toMatchObject({ portalId: BigInt(PORTAL_ID), deletedAt: new Date(deletedAt) });
    expect(stones[0]!.emailHash).toMatch(/^[0-9a-f]{64}$/);
    const event = await w.db.prisma.hubSpotWebhookEvent.findFirstOrThrow({ where: { subscriptionType: "contact.privacyDeletion" } });
    expect(event).toMatchObject({ status: "processed", payload: null });
    expect(event.outcome).toMatch(/^privacy deletion: deleted or emptied 1 registrations, 4 attendance events, /);

    // Everyone else is untouched.
    expect(await w.db.prisma.registrant.count({ where: { email: { in: [BOB, CARL] } } })).toBe(2);
    expect(await w.db.prisma.participantEvent.count({ where: { email: BOB } })).toBe(2);
    expect(await w.db.prisma.hubSpotContact.count({ where: { email: { in: [BOB, CARL] } } })).toBe(2);
    expect(await w.db.prisma.workflowCall.findUnique({ where: { callbackId: "cb-bob" } })).not.toBeNull();
    expect(await w.db.prisma.recording.count({ where: { transcriptVtt: { contains: "Bob Baker" } } })).toBe(1);
  });

  it("when Zoom facts about her arrive after the deletion, then they are recorded, and the sync does not re-create her", async () => {
    // She joins again (no new registration), and a registration from before the
    // deletion reaches us late.
    await w.attend(webinar, instance, { userId: "p-ann-late", name: "Ann Archer", email: ANN }, [40, 50]);
    await w.register(webinar, { id: "r-ann", email: ANN, first: "Ann", last: "Archer" }, deletedAt - 60_000);
    await w.drain();
    expect(await w.db.prisma.participantEvent.count({ where: { email: ANN } })).toBe(2);
    expect((await w.db.prisma.registrant.findFirstOrThrow({ where: { email: ANN } })).registeredAt.getTime()).toBe(deletedAt - 60_000);

    const since = w.hubspot.calls.length;
    await w.sync(w.connectionId, webinar.id);
    await w.sync(w.connectionId, webinar.id, true);
    expect(live(ANN)).toEqual([]);
    expect(upsertsMentioning(ANN, since)).toEqual([]);
    const audit = await w.db.prisma.auditEntry.findMany({ where: { code: "DATA_NOT_SYNCED" }, orderBy: { at: "desc" } });
    expect(audit[0]).toMatchObject({ level: "warning", details: { reason: "contact_deleted", count: 1 } });
  });

  it("when HubSpot redelivers the privacy deletion, then it is one event and the facts recorded since stay", async () => {
    expect((await w.hubspotSender.send([{ ...annPrivacy, attemptNumber: 1 }])).status).toBe(204);
    await w.drain();
    expect(await w.db.prisma.hubSpotWebhookEvent.count({ where: { subscriptionType: "contact.privacyDeletion" } })).toBe(1);
    expect(await w.db.prisma.participantEvent.count({ where: { email: ANN } })).toBe(2);
    expect(await w.db.prisma.registrant.count({ where: { email: ANN } })).toBe(1);
  });

  it("when she registers again after the deletion, then the sync creates her contact again", async () => {
    const next = w.webinar({ topic: "Second chance" });
    await w.sender.send(zoomEvents.webinarCreated(next));
    await w.register(next, { id: "r-ann-2", email: ANN, first: "Ann", last: "Archer" });
    await w.drain();
    await w.sync(w.connectionId, next.id);
    expect(live(ANN)).toHaveLength(1);
    // Her properties count what is recorded now: this registration and the late one.
    expect(live(ANN)[0]!.properties).toMatchObject({ firstname: "Ann", lastname: "Archer", zoom_webinar_registration_count: "2" });
  });

  it("when HubSpot deletes a contact the app wrote, then it counts as deleted at once: the next sync neither asks HubSpot nor re-creates it", async () => {
    const carlId = live(CARL)[0]!.id;
    archiveContact(crm(), CARL);
    expect((await w.hubspotSender.send([hubspotEvent(PORTAL_ID, "contact.deletion", carlId)])).status).toBe(204);
    await w.drain();
    const row = await w.db.prisma.hubSpotContact.findUniqueOrThrow({ where: { portalId_email: { portalId: BigInt(PORTAL_ID), email: CARL } } });
    expect(row.deletedAt).not.toBeNull();

    // New facts for him would otherwise be written (and his contact checked first).
    await w.attend(webinar, instance, { userId: "p-carl", name: "Carl Cole", email: CARL, registrantId: "r-carl" }, [0, 60]);
    await w.drain();
    const since = w.hubspot.calls.length;
    await w.sync(w.connectionId, webinar.id);
    const mentions = w.hubspot.calls.slice(since).filter((c) => JSON.stringify(c.body ?? "").includes(carlId) || JSON.stringify(c.body ?? "").includes(CARL));
    expect(mentions).toEqual([]);
    expect(live(CARL)).toEqual([]);
  });

  it("when a privacy deletion names a contact the app never wrote, then it is processed, nothing is purged and no tombstone is made", async () => {
    const before = await w.db.prisma.registrant.count();
    expect((await w.hubspotSender.send([privacyDeletion(987654321)])).status).toBe(204);
    await w.drain();
    const event = await w.db.prisma.hubSpotWebhookEvent.findFirstOrThrow({ where: { subscriptionType: "contact.privacyDeletion", outcome: { contains: "no data" } } });
    expect(event).toMatchObject({ status: "processed", payload: null, outcome: "privacy deletion: the app holds no data tied to this contact id" });
    expect(await w.db.prisma.registrant.count()).toBe(before);
    expect(await w.db.prisma.privacyTombstone.count()).toBe(1);
  });
});
