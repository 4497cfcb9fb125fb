import { type FakeZoomWebinar, addFakeWebinar, webinarActivity, type ZoomWebhookSender } from "@hzw/fakes";
import { connectZoom, install, startWorld, ZOOM_ACCOUNT, type World } from "../helpers/world";

/** A world with the app installed, Zoom connected, and a sender of signed Zoom webhooks. */
export interface WebhookWorld extends World {
  sender: ZoomWebhookSender;
  connectionId: string;
  browser: Awaited<ReturnType<typeof install>>["browser"];
  csrfToken: string;
  webinar(fields?: Partial<FakeZoomWebinar>, hostId?: string): FakeZoomWebinar;
  activity: ReturnType<typeof webinarActivity>;
}

export async function startWebhookWorld(options: { workers?: boolean } = {}): Promise<WebhookWorld> {
  const world = await startWorld({ workers: options.workers });
  const { browser, csrfToken } = await install(world);
  const connection = await connectZoom(world, browser);
  return {
    ...world,
    browser,
    csrfToken,
    connectionId: connection.id,
    sender: world.zoom.webhookSender(`${world.app.url}/webhooks/zoom`),
    activity: webinarActivity(world.zoom),
    webinar(fields = {}, hostId = "zu_admin") {
      const host = world.zoom.account(ZOOM_ACCOUNT).users.find((u) => u.id === hostId)!;
      return addFakeWebinar(world.zoom, ZOOM_ACCOUNT, host, { topic: "Quarterly product tour", ...fields });
    },
  };
}

/** Polls `check` until it returns something truthy (background jobs run on their own time). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until every recorded webhook event has left the pending state. */
export function allEventsSettled(world: World) {
  return eventually(
    async () => (await world.db.prisma.webhookEvent.count({ where: { status: "pending" } })) === 0,
    "webhook events to be processed",
  );
}
