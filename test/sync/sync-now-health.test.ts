import { setTimeout as sleep } from "node:timers/promises";
import type { Browser } from "../helpers/browser";
import { startWorld, type World } from "../helpers/world";
import { buildWebinar, installAndConnect } from "./factories";

/**
 * "Sync now" when Zoom refuses the app (its access revoked): the webinar's audit log says
 * so once, in the connection health's words, however many clicks; never that Zoom "is not
 * connected" (the connection is there and needs reconnecting).
 */
describe("Sync now meets a connection problem", () => {
  let world: World;
  let browser: Browser;
  let csrfToken: string;
  let connectionId: string;

  beforeAll(async () => {
    world = await startWorld({ workers: true });
    ({ browser, csrfToken, connection: { id: connectionId } } = await installAndConnect(world));
  });
  afterAll(async () => world?.close());

  const lastSyncAt = async (id: string) => (await world.db.prisma.webinar.findUniqueOrThrow({ where: { id } })).lastSyncAt?.getTime() ?? 0;
  async function syncNow(webinar: { id: string; zoomWebinarId: string }) {
    const before = await lastSyncAt(webinar.id);
    const res = await browser.fetch(`${world.app.url}/api/webinars/${webinar.zoomWebinarId}/sync`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrfToken },
      body: "{}",
    });
    expect(res.status).toBe(202);
    const end = Date.now() + 20_000;
    while ((await lastSyncAt(webinar.id)) <= before) {
      if (Date.now() > end) throw new Error("the sync did not run");
      await sleep(100);
    }
  }

  it("when Zoom's access was revoked and Sync now is clicked twice, then the audit log says the health's words once and not 'not connected'", async () => {
    const webinar = await buildWebinar(world, connectionId);
    world.zoom.refreshTokens.clear();
    await world.db.prisma.zoomConnection.update({ where: { id: connectionId }, data: { accessTokenExpiresAt: new Date(0) } });
    await expect(world.app.services.vault.getZoomAccessToken(connectionId)).rejects.toThrow();
    const health = (await (await browser.fetch(`${world.app.url}/api/connections/health`)).json()) as { zoom: { status: string; message: string } };
    expect(health.zoom.status).toBe("needs_reauth");

    await syncNow(webinar);
    await syncNow(webinar);

    const audit = (await (await browser.fetch(`${world.app.url}/api/webinars/${webinar.zoomWebinarId}/audit`)).json()) as { code: string; message: string }[];
    expect(audit.filter((e) => e.message === health.zoom.message)).toHaveLength(1);
    expect(audit.filter((e) => /not connected/i.test(e.message))).toEqual([]);
  });
});
