import { markZoomConnectionDeauthorized } from "../../src/connections/repository/zoom-connections";
import { syncWebinar } from "../../src/sync/sync-webinar";
import type { Browser } from "../helpers/browser";
import { freshInstall, startWorld, type World } from "../helpers/world";
import { buildWebinar, HOST, zoomUser } from "../sync/factories";

/**
 * Connection health (issue #14 point 1): GET /api/connections/health, the banner on the
 * signed-in pages with the one action that fixes it, and one audit entry per affected
 * webinar per incident, however many syncs meet it.
 */
describe("connection health", () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => world?.close());

  /** A portal of its own, installed, Zoom connected, syncing all webinars, with one webinar. */
  async function portalWithWebinar() {
    const { portalId, browser, connectionId } = await freshInstall(world);
    await world.db.prisma.portal.update({ where: { id: BigInt(portalId) }, data: { webinarSyncEnabled: true, webinarSyncScope: "all" } });
    await zoomUser(world, connectionId, HOST);
    const webinar = await buildWebinar(world, connectionId);
    return { portalId, browser, connectionId, webinar };
  }

  const health = async (browser: Browser) => {
    const res = await browser.fetch(`${world.app.url}/api/connections/health`);
    expect(res.status).toBe(200);
    return (await res.json()) as Record<"hubspot" | "zoom", { status: string; message: string; action: { label: string; href: string } | null }>;
  };
  const settingsPage = async (browser: Browser) => (await browser.go(`${world.app.url}/settings`)).body;
  const problemEntries = async (webinarId: string, reason: string) =>
    (await world.db.prisma.auditEntry.findMany({ where: { webinarId, code: "SYNC_ERROR" } })).filter((e) => (e.details as { reason?: string }).reason === reason);
  /** Two sync attempts, as two events or two "Sync now" clicks would make. */
  const syncTwice = async (webinarId: string) => {
    for (let i = 0; i < 2; i++) await syncWebinar(world.app.services, webinarId).catch(() => undefined);
  };
  const expireHubSpotToken = (portalId: number) =>
    world.db.prisma.portal.update({ where: { id: BigInt(portalId) }, data: { accessTokenExpiresAt: new Date(0) } });

  it("when nobody is signed in, then the health answer is refused", async () => {
    const res = await fetch(`${world.app.url}/api/connections/health`);
    expect(res.status).toBe(401);
  });

  it("when both connections work, then the health says ok and no banner shows", async () => {
    const { browser } = await portalWithWebinar();
    const h = await health(browser);
    expect(h.hubspot).toMatchObject({ status: "ok", action: null });
    expect(h.zoom).toMatchObject({ status: "ok", action: null });
    expect(await settingsPage(browser)).not.toContain('id="health-banner"');
  });

  it("when HubSpot refuses the app (uninstalled), then the banner offers Install again and each webinar's audit log says so once after two syncs", async () => {
    const { portalId, browser, webinar } = await portalWithWebinar();
    world.hubspot.uninstall(portalId);
    await expireHubSpotToken(portalId);

    await syncTwice(webinar.id);

    const h = await health(browser);
    expect(h.hubspot).toEqual({
      status: "uninstalled",
      message: "HubSpot refused the app (it was uninstalled or its access was revoked): nothing is synced until it is installed again.",
      action: { label: "Install again", href: "/install" },
      since: expect.any(String),
    });
    const page = await settingsPage(browser);
    expect(page).toMatch(/<div class="page health-banner" id="health-banner" role="alert">/);
    expect(page).toContain("HubSpot refused the app (it was uninstalled or its access was revoked)");
    expect(page).toContain('<a class="button" href="/install">Install again</a>');
    const entries = await problemEntries(webinar.id, "uninstalled");
    expect(entries).toHaveLength(1);
    expect(entries[0]?.message).toBe(h.hubspot.message);
    expect((await world.db.prisma.webinar.findUniqueOrThrow({ where: { id: webinar.id } })).lastSyncStatus).toBe("error");
  });

  it("when Zoom refuses the app's refresh token, then the banner offers Reconnect Zoom and the audit log says so once", async () => {
    const { browser, connectionId, webinar } = await portalWithWebinar();
    // Zoom forgets this connection's tokens (revoked), and the app's access token is due.
    const row = await world.db.prisma.zoomConnection.findUniqueOrThrow({ where: { id: connectionId } });
    world.zoom.refreshTokens.clear();
    await world.db.prisma.zoomConnection.update({ where: { id: row.id }, data: { accessTokenExpiresAt: new Date(0) } });
    await expect(world.app.services.vault.getZoomAccessToken(connectionId)).rejects.toThrow();

    await syncTwice(webinar.id);

    const h = await health(browser);
    expect(h.zoom).toMatchObject({ status: "needs_reauth", action: { label: "Reconnect Zoom", href: "/oauth/zoom/connect" } });
    expect(h.hubspot.status).toBe("ok");
    const page = await settingsPage(browser);
    expect(page).toContain("Zoom refused the app&#39;s access (it was revoked or expired)");
    expect(page).toContain('<a class="button" href="/oauth/zoom/connect">Reconnect Zoom</a>');
    expect(await problemEntries(webinar.id, "needs_reauth")).toHaveLength(1);
  });

  it("when Zoom removed the app from the account, then the banner says so, offers Reconnect Zoom, and the audit log says so once per incident", async () => {
    const { browser, connectionId, webinar } = await portalWithWebinar();
    const row = await world.db.prisma.zoomConnection.findUniqueOrThrow({ where: { id: connectionId } });
    await markZoomConnectionDeauthorized(world.db.prisma, row, new Date("2026-11-30T08:00:00Z"));

    await syncTwice(webinar.id);

    const h = await health(browser);
    expect(h.zoom).toMatchObject({ status: "deauthorized", action: { label: "Reconnect Zoom", href: "/oauth/zoom/connect" } });
    expect(await settingsPage(browser)).toContain("The app was removed from the Zoom account");
    expect(await problemEntries(webinar.id, "deauthorized")).toHaveLength(1);

    // A second removal later is another incident: said once more.
    await markZoomConnectionDeauthorized(world.db.prisma, row, new Date("2026-11-30T09:00:00Z"));
    await syncTwice(webinar.id);
    expect(await problemEntries(webinar.id, "deauthorized")).toHaveLength(2);
  });

  it("when HubSpot refuses the app's own client secret, then the banner says to ask whoever runs this app, with no action, and the audit log says so once", async () => {
    const { portalId, browser, webinar } = await portalWithWebinar();
    world.hubspot.refuseClient = true;
    try {
      await expireHubSpotToken(portalId);
      await syncTwice(webinar.id);

      const h = await health(browser);
      expect(h.hubspot).toMatchObject({ status: "invalid_client", action: null });
      expect(h.hubspot.message).toContain("ask whoever runs this app");
      const page = await settingsPage(browser);
      expect(page).toContain("HubSpot refused this app&#39;s own credentials");
      expect(page).toContain('data-health="invalid_client"');
      expect(await problemEntries(webinar.id, "invalid_client")).toHaveLength(1);
    } finally {
      world.hubspot.refuseClient = false;
    }
    // Once the secret is right again, a refresh succeeds and the banner goes.
    await world.app.services.vault.getHubSpotAccessToken(portalId);
    expect((await health(browser)).hubspot.status).toBe("ok");
  });
});
