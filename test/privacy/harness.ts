import { processHubSpotWebhookEvent } from "../../src/hubspot-webhooks/process";
import { markEventFailed } from "../../src/webinars/failure";
import { PermanentEventError } from "../../src/webinars/handlers";
import { processWebhookEvent } from "../../src/webinars/process-event";
import { syncWebinar } from "../../src/sync/sync-webinar";
import { type FakeZoomRegistrant, type FakeZoomWebinar, type FakeInstance, zoomEvents } from "@hzw/fakes";
import { HubSpotWebhookSender } from "../helpers/hubspot-webhooks";
import type { World } from "../helpers/world";
import { startWebhookWorld, type WebhookWorld } from "../webhooks/harness";

/**
 * A world without background workers, driven step by step: Zoom and HubSpot webhooks go
 * through the real intake, and `drain()` runs the jobs' own functions on what was
 * recorded, in the order it arrived; `sync()` runs the sync of a webinar. So each test
 * says exactly what happened before what.
 */
export interface PrivacyWorld extends WebhookWorld {
  hubspotSender: HubSpotWebhookSender;
  drain(): Promise<void>;
  sync(connectionId: string, zoomWebinarId: string, force?: boolean): Promise<void>;
  register(webinar: FakeZoomWebinar, person: { id: string; email: string; first: string; last: string }, eventTs?: number): Promise<void>;
  attend(webinar: FakeZoomWebinar, instance: FakeInstance, person: { userId: string; name: string; email?: string; registrantId?: string }, minutes: [number, number]): Promise<void>;
}

export async function startPrivacyWorld(): Promise<PrivacyWorld> {
  const w = await startWebhookWorld({ workers: false });
  await enableSync(w, w.connectionId);
  const world: PrivacyWorld = {
    ...w,
    hubspotSender: new HubSpotWebhookSender(w.hubspot.clientSecret, w.app.url),
    drain: () => drain(w),
    async sync(connectionId, zoomWebinarId, force = false) {
      const row = await w.db.prisma.webinar.findUniqueOrThrow({ where: { connectionId_zoomWebinarId: { connectionId, zoomWebinarId } } });
      await syncWebinar(w.app.services, row.id, { force });
    },
    async register(webinar, p, eventTs) {
      const registrant: FakeZoomRegistrant = {
        id: p.id,
        email: p.email,
        first_name: p.first,
        last_name: p.last,
        status: "approved",
        join_url: `${webinar.join_url}?tk=${p.id}`,
        create_time: new Date(eventTs ?? Date.now()).toISOString(),
      };
      const event = zoomEvents.registrationCreated(webinar, registrant);
      if (eventTs !== undefined) event.event_ts = eventTs;
      expect((await w.sender.send(event)).status).toBe(204);
    },
    async attend(webinar, instance, p, [from, to]) {
      const start = Date.parse(instance.start_time);
      const participant = {
        user_id: p.userId,
        name: p.name,
        user_email: p.email,
        registrant_id: p.registrantId,
        join_time: new Date(start + from * 60_000).toISOString(),
        leave_time: new Date(start + to * 60_000).toISOString(),
      };
      expect((await w.sender.send(zoomEvents.participantJoined(webinar, instance, participant))).status).toBe(204);
      expect((await w.sender.send(zoomEvents.participantLeft(webinar, instance, participant))).status).toBe(204);
    },
  };
  return world;
}

/** Sync on for every Zoom user's webinars of the connection's portal. */
export async function enableSync(world: World, connectionId: string) {
  const connection = await world.db.prisma.zoomConnection.findUniqueOrThrow({ where: { id: connectionId } });
  await world.db.prisma.portal.update({ where: { id: connection.portalId }, data: { webinarSyncEnabled: true, webinarSyncScope: "all" } });
}

/** Runs the processing of every recorded event still pending, oldest first, until none is. */
export async function drain(world: World) {
  const s = world.app.services;
  for (;;) {
    const zoom = await world.db.prisma.webhookEvent.findMany({ where: { status: "pending" }, orderBy: { receivedAt: "asc" } });
    const hubspot = await world.db.prisma.hubSpotWebhookEvent.findMany({ where: { status: "pending" }, orderBy: { receivedAt: "asc" } });
    if (zoom.length === 0 && hubspot.length === 0) return;
    for (const e of zoom) {
      await processWebhookEvent(s, e.id).catch(async (err: unknown) => {
        if (err instanceof PermanentEventError) await markEventFailed(s, e.id, err);
        else throw err;
      });
    }
    for (const e of hubspot) await processHubSpotWebhookEvent(s, e.id);
  }
}
