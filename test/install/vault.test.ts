import { ReauthorizationRequired } from "../../src/connections/vault";
import { createTokenVault } from "../../src/services";
import { Browser } from "../helpers/browser";
import { scanDatabase } from "../helpers/scan";
import { connectZoom, freshInstall, startWorld, type World } from "../helpers/world";

describe("token vault", () => {
  let world: World;
  let browser: Browser;
  let portalId: number;
  let connectionId: string;

  // One world for the file; each test has a portal and a Zoom connection of its own.
  beforeAll(async () => (world = await startWorld()));
  afterAll(async () => world?.close());
  beforeEach(async () => ({ portalId, browser, connectionId } = await freshInstall(world)));

  const vault = () => world.app.services.vault;
  const refreshCalls = () =>
    world.zoom.callsTo("POST", "/oauth/token").filter((c) => (c.body as Record<string, string>).grant_type === "refresh_token");
  const expireStored = () =>
    world.db.prisma.zoomConnection.update({ where: { id: connectionId }, data: { accessTokenExpiresAt: new Date(Date.now() - 1000) } });

  it("when the token is fresh, then it is returned without calling Zoom", async () => {
    const token = await vault().getZoomAccessToken(connectionId);
    expect(world.zoom.accessTokens.has(token)).toBe(true);
    expect(refreshCalls()).toHaveLength(0);
  });

  it("when ten callers ask at once for an expired token, then one refresh reaches Zoom and all ten get the new token", async () => {
    await expireStored();
    world.zoom.expireAccessTokens();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => vault().getZoomAccessToken(connectionId)));
    expect(refreshCalls()).toHaveLength(1);
    expect(new Set(tokens).size).toBe(1);
    expect(world.zoom.accessTokens.get(tokens[0]!)!.expiresAt).toBeGreaterThan(Date.now());
  });

  it("when two processes (two vaults on one database) refresh at once, then Zoom still sees one refresh", async () => {
    await expireStored();
    const other = createTokenVault({ db: world.db, cipher: world.app.services.cipher, config: world.app.config, logger: world.app.logger });
    const tokens = await Promise.all([
      ...Array.from({ length: 5 }, () => vault().getZoomAccessToken(connectionId)),
      ...Array.from({ length: 5 }, () => other.getZoomAccessToken(connectionId)),
    ]);
    expect(refreshCalls()).toHaveLength(1);
    expect(new Set(tokens).size).toBe(1);
  });

  it("when Zoom rotates the refresh token, then the new one is stored with the access token and the old one is refused", async () => {
    const before = await world.db.prisma.zoomConnection.findUniqueOrThrow({ where: { id: connectionId } });
    const oldRefresh = world.app.services.cipher.decrypt(before.refreshToken!);
    await expireStored();
    await vault().getZoomAccessToken(connectionId);
    const after = await world.db.prisma.zoomConnection.findUniqueOrThrow({ where: { id: connectionId } });
    const newRefresh = world.app.services.cipher.decrypt(after.refreshToken!);
    expect(newRefresh).not.toBe(oldRefresh);
    expect(world.zoom.refreshTokens.has(oldRefresh)).toBe(false);

    // The app keeps working: the next expiry refreshes with the rotated token.
    await expireStored();
    const token = await vault().getZoomAccessToken(connectionId);
    expect(world.zoom.accessTokens.has(token)).toBe(true);
    expect((refreshCalls()[1]!.body as Record<string, string>).refresh_token).toBe(newRefresh);
    const me = await world.app.services.zoomApi(connectionId).get<{ id: string }>("/users/me");
    expect(me.id).toBe("zu_admin");
  });

  it("when Zoom refuses the refresh token, then the connection needs reauthorization and the session says so", async () => {
    world.zoom.revokeAll();
    await expireStored();
    await expect(vault().getZoomAccessToken(connectionId)).rejects.toBeInstanceOf(ReauthorizationRequired);
    const row = await world.db.prisma.zoomConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.status).toBe("needs_reauth");
    const session = (await (await browser.fetch(`${world.app.url}/api/session`)).json()) as Record<string, any>;
    expect(session).toMatchObject({ zoomConnected: false, zoomNeedsReauthorization: true });
    // Connecting again clears it.
    await connectZoom(world, browser, portalId);
    expect((await world.db.prisma.zoomConnection.findUniqueOrThrow({ where: { id: connectionId } })).status).toBe("active");
  });

  it("when Zoom's token endpoint is down, then the error is temporary and the connection stays active", async () => {
    await expireStored();
    world.zoom.inject({ method: "POST", path: "/oauth/token", status: 503, times: 10 });
    await expect(vault().getZoomAccessToken(connectionId)).rejects.toThrow(/503/);
    expect((await world.db.prisma.zoomConnection.findUniqueOrThrow({ where: { id: connectionId } })).status).toBe("active");
  }, 60000);

  it("when HubSpot refuses the portal's refresh token, then the portal is marked uninstalled", async () => {
    await world.db.prisma.portal.update({ where: { id: BigInt(portalId) }, data: { accessTokenExpiresAt: new Date(0) } });
    world.hubspot.uninstall(portalId);
    await expect(vault().getHubSpotAccessToken(portalId)).rejects.toBeInstanceOf(ReauthorizationRequired);
    const portal = await world.db.prisma.portal.findUniqueOrThrow({ where: { id: BigInt(portalId) } });
    expect(portal.uninstalledAt).not.toBeNull();
    const session = (await (await browser.fetch(`${world.app.url}/api/session`)).json()) as Record<string, any>;
    expect(session.portalUninstalled).toBe(true);
  });

  it("when a HubSpot token expires, then it is refreshed with the 2026-09 endpoint", async () => {
    await world.db.prisma.portal.update({ where: { id: BigInt(portalId) }, data: { accessTokenExpiresAt: new Date(0) } });
    world.hubspot.expireAccessTokens(portalId);
    const token = await vault().getHubSpotAccessToken(portalId);
    expect(world.hubspot.accessTokens.get(token)!.expiresAt).toBeGreaterThan(Date.now());
    const refresh = world.hubspot.callsTo("POST", "/oauth/2026-09/token").find((c) => (c.body as Record<string, string>).grant_type === "refresh_token");
    expect(refresh!.body).toMatchObject({ client_id: world.hubspot.clientId, client_secret: world.hubspot.clientSecret });
  });

  it("when every text column of the database is scanned, then no OAuth token appears in plaintext", async () => {
    await expireStored();
    await vault().getZoomAccessToken(connectionId);
    const secrets = [
      ...world.zoom.accessTokens.keys(),
      ...world.zoom.refreshTokens.keys(),
      ...world.hubspot.accessTokens.keys(),
      ...world.hubspot.refreshTokens.keys(),
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const { hits, scanned } = await scanDatabase(world.db.sql, secrets);
    expect(hits).toEqual([]);
    expect(scanned).toBeGreaterThan(5);
  });
});
