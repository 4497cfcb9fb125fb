import { deleteExpiredWebhookBodies, pruneExpiredRecords, WEBHOOK_RETENTION_CRON } from "../../src/privacy/retention";
import { zoomEvents } from "@hzw/fakes";
import { hubspotEvent, HubSpotWebhookSender } from "../helpers/hubspot-webhooks";
import { PORTAL_ID, ZOOM_ACCOUNT } from "../helpers/world";
import { allEventsSettled, eventually, startWebhookWorld, type WebhookWorld } from "../webhooks/harness";

/** Raw webhook bodies are deleted WEBHOOK_RETENTION_DAYS after processing (CONTRACT.md §10). */
describe("retention of raw webhook bodies", () => {
  let w: WebhookWorld;
  beforeAll(async () => (w = await startWebhookWorld({ workers: true })));
  afterAll(async () => w?.close());

  const DAY = 24 * 60 * 60 * 1000;

  it("when the workers start, then the retention job is scheduled hourly in the database", async () => {
    const rows = await w.db.sql.query<{ name: string; cron: string; timezone: string }>(`SELECT name, cron, timezone FROM pgboss.schedule`);
    expect(rows).toEqual([{ name: "webhook-retention", cron: WEBHOOK_RETENTION_CRON, timezone: "UTC" }]);
  });

  it("when bodies were processed longer ago than the retention period, then the job empties them, keeps the recent and pending ones, and redeliveries are still recognised", async () => {
    expect(w.app.config.webhookRetentionDays).toBe(30);
    const webinar = w.webinar({ topic: "Kept for a while" });
    const created = zoomEvents.webinarCreated(webinar);
    const old = await w.sender.send(created);
    const unknown = await w.sender.send({ event: "meeting.sharing_started", event_ts: Date.now(), payload: { account_id: ZOOM_ACCOUNT, object: { id: 1 } } });
    const recent = await w.sender.send(zoomEvents.webinarUpdated(webinar, { topic: "Renamed" }));
    const hubspot = new HubSpotWebhookSender(w.hubspot.clientSecret, w.app.url);
    await hubspot.send([hubspotEvent(PORTAL_ID, "contact.propertyChange", 1), hubspotEvent(PORTAL_ID, "contact.deletion", 2)]);
    await allEventsSettled(w);
    await eventually(async () => (await w.db.prisma.hubSpotWebhookEvent.count({ where: { status: "pending" } })) === 0, "HubSpot events processed");
    // An event nobody processed yet, received long ago.
    await w.db.prisma.webhookEvent.create({ data: { businessKey: "stuck", eventType: "webinar.updated", accountId: ZOOM_ACCOUNT, payload: { stuck: true }, receivedAt: new Date(Date.now() - 90 * DAY) } });

    // 31 days pass for some of them.
    const ago = new Date(Date.now() - 31 * DAY);
    await w.db.prisma.webhookEvent.updateMany({ where: { trackingId: old.trackingId }, data: { processedAt: ago, receivedAt: ago } });
    // Ignored at intake: never processed, its receipt is what counts.
    expect(await w.db.prisma.webhookEvent.findFirst({ where: { trackingId: unknown.trackingId } })).toMatchObject({ status: "ignored", processedAt: null });
    await w.db.prisma.webhookEvent.updateMany({ where: { trackingId: unknown.trackingId }, data: { receivedAt: ago } });
    await w.db.prisma.hubSpotWebhookEvent.updateMany({ where: { subscriptionType: "contact.propertyChange" }, data: { processedAt: ago, receivedAt: ago } });
    // 29 days for another: not yet.
    await w.db.prisma.hubSpotWebhookEvent.updateMany({ where: { subscriptionType: "contact.deletion" }, data: { processedAt: new Date(Date.now() - 29 * DAY) } });

    expect(await deleteExpiredWebhookBodies(w.app.services)).toEqual({ zoom: 2, hubspot: 1 });
    const zoomRows = await w.db.prisma.webhookEvent.findMany();
    const zoomBody = (trackingId: string | null) => zoomRows.find((r) => r.trackingId === trackingId)?.payload;
    expect(zoomRows).toHaveLength(4);
    expect([zoomBody(old.trackingId), zoomBody(unknown.trackingId)]).toEqual([null, null]);
    expect(zoomBody(recent.trackingId)).toMatchObject({ event: "webinar.updated" });
    expect(zoomRows.find((r) => r.businessKey === "stuck")?.payload).toEqual({ stuck: true });
    const hubspotRows = await w.db.prisma.hubSpotWebhookEvent.findMany({ orderBy: { subscriptionType: "asc" } });
    expect(hubspotRows.map((r) => [r.subscriptionType, r.payload === null])).toEqual([
      ["contact.deletion", false],
      ["contact.propertyChange", true],
    ]);

    // Nothing left to do the second time.
    expect(await deleteExpiredWebhookBodies(w.app.services)).toEqual({ zoom: 0, hubspot: 0 });
    // The same Zoom delivery again is still recognised, without its body.
    const again = await w.sender.send(created, { trackingId: old.trackingId });
    expect(again.status).toBe(204);
    expect(await w.db.prisma.webhookEvent.count()).toBe(4);
  });

  it("when workflow-action records are older than the retention period (never less than 7 days) and used OAuth states have expired, then they are deleted and the rest kept", async () => {
    const portalId = BigInt(PORTAL_ID);
    const daysAgo = (d: number) => new Date(Date.now() - d * DAY);
    await w.db.prisma.workflowCall.createMany({
      data: [
        { callbackId: "cb-31d", portalId, state: "done", response: { outputFields: {} }, createdAt: daysAgo(31), completedAt: daysAgo(31) },
        { callbackId: "cb-31d-unfinished", portalId, state: "in_progress", createdAt: daysAgo(31) },
        { callbackId: "cb-8d", portalId, state: "done", response: { outputFields: {} }, createdAt: daysAgo(8), completedAt: daysAgo(8) },
        { callbackId: "cb-6d", portalId, state: "done", response: { outputFields: {} }, createdAt: daysAgo(6), completedAt: daysAgo(6) },
      ],
    });
    await w.db.prisma.oAuthState.createMany({
      data: [
        { nonce: "expired", provider: "hubspot", expiresAt: new Date(Date.now() - 60_000) },
        { nonce: "still-valid", provider: "hubspot", expiresAt: new Date(Date.now() + 60_000) },
      ],
    });
    const callbackIds = async () => (await w.db.prisma.workflowCall.findMany({ orderBy: { callbackId: "asc" } })).map((c) => c.callbackId);

    // WEBHOOK_RETENTION_DAYS=30: records older than 30 days go.
    expect(await pruneExpiredRecords(w.app.services)).toEqual({ workflowCalls: 2, oauthStates: 1 });
    expect(await callbackIds()).toEqual(["cb-6d", "cb-8d"]);
    // (The world's own install and Zoom connection left their used, still valid, states.)
    const nonces = (await w.db.prisma.oAuthState.findMany()).map((s) => s.nonce);
    expect(nonces).toContain("still-valid");
    expect(nonces).not.toContain("expired");

    // WEBHOOK_RETENTION_DAYS=1: still 7 days, as long as HubSpot may redeliver a callbackId.
    const oneDay = { ...w.app.services, config: { ...w.app.config, webhookRetentionDays: 1 } };
    expect(await pruneExpiredRecords(oneDay)).toEqual({ workflowCalls: 1, oauthStates: 0 });
    expect(await callbackIds()).toEqual(["cb-6d"]);
  });
});
