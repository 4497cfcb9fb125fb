import { createHash } from "node:crypto";
import { hubspotEvent, HubSpotWebhookSender, signV3, type HubSpotEvent } from "../helpers/hubspot-webhooks";
import { PORTAL_ID, startWorld, type World } from "../helpers/world";

/** POST /webhooks/hubspot: signature (v3 only), shape, durable recording before the 204. */
describe("HubSpot webhook intake", () => {
  let world: World;
  let sender: HubSpotWebhookSender;

  beforeAll(async () => {
    world = await startWorld();
    sender = new HubSpotWebhookSender(world.hubspot.clientSecret, world.app.url);
  });
  afterAll(async () => world?.close());

  const rows = () => world.db.prisma.hubSpotWebhookEvent.findMany({ orderBy: { receivedAt: "asc" } });
  const jobs = () =>
    world.db.sql.query<{ data: { eventIds: string[] } }>(`SELECT data FROM pgboss.job WHERE name = 'hubspot-webhook-events' ORDER BY created_on`);
  const privacy = (objectId: number, fields: Partial<HubSpotEvent> = {}) => hubspotEvent(PORTAL_ID, "contact.privacyDeletion", objectId, fields);

  beforeEach(async () => {
    await world.db.prisma.hubSpotWebhookEvent.deleteMany();
    await world.db.sql.query(`DELETE FROM pgboss.job WHERE name = 'hubspot-webhook-events'`);
  });

  it("when a signed array of events arrives, then each event is recorded with its processing job before the 204", async () => {
    const events = [privacy(501), hubspotEvent(PORTAL_ID, "contact.deletion", 501)];
    const res = await sender.send(events);
    expect(res.status).toBe(204);
    const recorded = await rows();
    expect(recorded.map((r) => [r.subscriptionType, r.status, String(r.portalId)])).toEqual([
      ["contact.privacyDeletion", "pending", String(PORTAL_ID)],
      ["contact.deletion", "pending", String(PORTAL_ID)],
    ]);
    expect(recorded[0]!.payload).toMatchObject({ eventId: events[0]!.eventId, objectId: 501, attemptNumber: 0 });
    expect(recorded[0]!.occurredAt.getTime()).toBe(events[0]!.occurredAt);
    const queued = await jobs();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.data.eventIds.sort()).toEqual(recorded.map((r) => r.id).sort());
  });

  it("when the signature is bad, missing, stale or only v2, then 401 and nothing is recorded", async () => {
    const body = JSON.stringify([privacy(502)]);
    const v2 = createHash("sha256").update(`${world.hubspot.clientSecret}POST${world.app.url}/webhooks/hubspot${body}`).digest("hex");
    const answers = [
      await sender.send(body, { secret: "not-the-client-secret" }),
      await sender.send(body, { signature: null }),
      await sender.send(body, { timestamp: Date.now() - 6 * 60 * 1000 }),
      await sender.send(body, { signature: null, headers: { "x-hubspot-signature": v2, "x-hubspot-signature-version": "v2" } }),
      // Signed, then changed on the way.
      await sender.send(body, { signature: signV3(world.hubspot.clientSecret, "POST", `${world.app.url}/webhooks/hubspot`, body.replace("502", "503"), Date.now()) }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(JSON.parse(answers[2]!.body)).toMatchObject({ error: { code: "INVALID_SIGNATURE" } });
    expect(await rows()).toEqual([]);
    expect(await jobs()).toEqual([]);
  });

  it("when the body is not JSON, not an array, or an event has a wrong field, then 400 naming it and nothing is recorded", async () => {
    const good = privacy(504);
    const answers = [
      await sender.send("[{not json"),
      await sender.send(JSON.stringify(good)),
      await sender.send(JSON.stringify([good, { ...privacy(505), occurredAt: "yesterday" }])),
      await sender.send(JSON.stringify([{ ...privacy(506), portalId: -1 }])),
      await sender.send(JSON.stringify([{ ...privacy(507), objectId: undefined }])),
      await sender.send(JSON.stringify([{ ...privacy(508), subscriptionType: 7 }])),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(JSON.parse(answers[2]!.body).error.message).toMatch(/^body\[1\]\.occurredAt: /);
    expect(JSON.parse(answers[4]!.body).error.message).toMatch(/^body\[0\]\.objectId: is required for contact\.privacyDeletion/);
    expect(await rows()).toEqual([]);
    expect(await jobs()).toEqual([]);
  });

  it("when HubSpot redelivers an event, then it is recorded once; the same eventId about another object is another event", async () => {
    const event = privacy(509);
    expect((await sender.send([event])).status).toBe(204);
    expect((await sender.send([{ ...event, attemptNumber: 1 }])).status).toBe(204);
    expect((await sender.send([{ ...event, attemptNumber: 2 }, { ...event, attemptNumber: 2 }])).status).toBe(204);
    expect(await rows()).toHaveLength(1);
    expect(await jobs()).toHaveLength(1);

    expect((await sender.send([{ ...event, objectId: 510 }])).status).toBe(204);
    expect(await rows()).toHaveLength(2);
  });

  it("when a subscription type the app does not handle arrives, then it is recorded as ignored and no job is queued", async () => {
    const event = hubspotEvent(PORTAL_ID, "contact.propertyChange", 511, { propertyName: "email", propertyValue: "x@example.org" });
    expect((await sender.send([event, { ...hubspotEvent(PORTAL_ID, "conversation.creation", 0), objectId: undefined }])).status).toBe(204);
    const recorded = await rows();
    expect(recorded.map((r) => [r.subscriptionType, r.status, r.outcome])).toEqual([
      ["contact.propertyChange", "ignored", "subscription type not handled"],
      ["conversation.creation", "ignored", "subscription type not handled"],
    ]);
    expect(recorded.every((r) => r.processedAt !== null)).toBe(true);
    expect(await jobs()).toEqual([]);
  });

  it("when an empty array arrives, then 204 and nothing is recorded", async () => {
    expect((await sender.send([])).status).toBe(204);
    expect(await rows()).toEqual([]);
  });
});
