import { setTimeout as sleep } from "node:timers/promises";
import { TokenRefreshUnavailable, ReauthorizationRequired } from "../../src/connections/vault";
import { createTokenVault } from "../../src/services";
import type { Config } from "../../src/config";
import { freshInstall, startWorld, type World } from "../helpers/world";

/**
 * Issue #12 point 5: the refresh holds no database transaction across HTTP, is sent once,
 * tells the operator's configuration (invalid_client) from the tenant's grant
 * (invalid_grant), and a lost answer does not send the tenant to reconnect by itself.
 */
describe("token refresh under a lease", () => {
  let world: World;
  let portalId: number;
  let connectionId: string;

  // One world for the file; each test has a portal and a Zoom connection of its own, and
  // starts without the leases, operator alerts and log lines earlier tests left.
  beforeAll(async () => (world = await startWorld()));
  afterAll(async () => world?.close());
  beforeEach(async () => {
    ({ portalId, connectionId } = await freshInstall(world));
    await world.db.prisma.refreshLease.deleteMany();
    await world.db.prisma.operatorAlert.deleteMany();
    world.app.logs.lines.length = 0;
  });

  const vault = () => world.app.services.vault;
  const zoomRefreshCalls = () =>
    world.zoom.callsTo("POST", "/oauth/token").filter((c) => (c.body as Record<string, string>).grant_type === "refresh_token");
  const hubspotRefreshCalls = () =>
    world.hubspot.callsTo("POST", "/oauth/2026-09/token").filter((c) => (c.body as Record<string, string>).grant_type === "refresh_token");
  const connection = () => world.db.prisma.zoomConnection.findUniqueOrThrow({ where: { id: connectionId } });
  const portal = () => world.db.prisma.portal.findUniqueOrThrow({ where: { id: BigInt(portalId) } });
  const expireZoom = () =>
    world.db.prisma.zoomConnection.update({ where: { id: connectionId }, data: { accessTokenExpiresAt: new Date(Date.now() - 1000) } });
  const expireHubSpot = () => world.db.prisma.portal.update({ where: { id: BigInt(portalId) }, data: { accessTokenExpiresAt: new Date(0) } });
  /** Time passes: every refresh lease (and cool-down after a lost answer) has run out. */
  const leasesRunOut = () => world.db.sql.query(`UPDATE refresh_leases SET expires_at = now() - interval '1 second'`);
  const withSecrets = (zoomSecret: string, hubspotSecret: string): Config => ({
    ...world.app.config,
    zoom: { ...world.app.config.zoom, clientSecret: zoomSecret },
    hubspot: { ...world.app.config.hubspot, clientSecret: hubspotSecret },
  });
  const vaultWith = (config: Config) => createTokenVault({ db: world.db, cipher: world.app.services.cipher, config, logger: world.app.logger });
  const errorLogs = (pattern: RegExp) => world.app.logs.lines.filter((l) => l.level === 50 && pattern.test(String(l.msg)));

  it("when the token answer is slow, then the database serves other queries meanwhile (no transaction is held across the HTTP call)", async () => {
    await expireZoom();
    world.zoom.inject({ method: "POST", path: "/oauth/token", delayMs: 1500 });
    let refreshed = false;
    const refresh = vault()
      .getZoomAccessToken(connectionId)
      .finally(() => (refreshed = true));
    while (zoomRefreshCalls().length === 0) await sleep(10);

    // A write to the very row being refreshed (a row lock would block it on Postgres, and
    // an open transaction blocks everything on the embedded database's single session).
    await world.db.prisma.zoomConnection.update({ where: { id: connectionId }, data: { email: "host@zoomco.example" } });
    await world.db.prisma.webhookEvent.count();
    expect(refreshed).toBe(false);
    if (world.db.kind === "postgres") {
      const idle = await world.db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      );
      expect(idle[0]!.n).toBe(0);
    }

    const token = await refresh;
    expect(world.zoom.accessTokens.has(token)).toBe(true);
    expect(zoomRefreshCalls()).toHaveLength(1);
  });

  it("when the row changes during the refresh (a reconnect), then the refresh's older pair does not overwrite it", async () => {
    await expireZoom();
    world.zoom.inject({ method: "POST", path: "/oauth/token", delayMs: 1000 });
    const refresh = vault().getZoomAccessToken(connectionId);
    while (zoomRefreshCalls().length === 0) await sleep(10);
    const reconnected = { accessToken: "reconnected-access", refreshToken: "reconnected-refresh", expiresIn: 3600 };
    await world.db.prisma.zoomConnection.update({ where: { id: connectionId }, data: vault().seal(reconnected) });

    expect(await refresh).toBe("reconnected-access");
    const row = await connection();
    expect(world.app.services.cipher.decrypt(row.refreshToken!)).toBe("reconnected-refresh");
    expect(row.status).toBe("active");
  });

  it("when the process holding a refresh lease died, then its expired lease does not block the next refresh", async () => {
    await expireZoom();
    await world.db.sql.query(
      `INSERT INTO refresh_leases (key, holder, expires_at) VALUES ($1, 'a-dead-process', now() - interval '1 second')`,
      [`zoom:${connectionId}`],
    );
    const token = await vault().getZoomAccessToken(connectionId);
    expect(world.zoom.accessTokens.has(token)).toBe(true);
    expect(zoomRefreshCalls()).toHaveLength(1);
    expect(await world.db.prisma.refreshLease.count()).toBe(0);
  });

  it("when the token endpoint is down, then the refresh grant is sent once (no HTTP retry) and the connection stays active", async () => {
    await expireZoom();
    world.zoom.inject({ method: "POST", path: "/oauth/token", status: 503, times: 10 });
    await expect(vault().getZoomAccessToken(connectionId)).rejects.toThrow(/503/);
    expect(zoomRefreshCalls()).toHaveLength(1);
    expect((await connection()).status).toBe("active");

    // Nothing is left held: once Zoom is back, the next attempt goes through at once.
    world.zoom.clearFaults();
    const token = await vault().getZoomAccessToken(connectionId);
    expect(world.zoom.accessTokens.has(token)).toBe(true);
    expect(zoomRefreshCalls()).toHaveLength(2);
  });

  it("when the operator's Zoom client secret is wrong, then no connection is marked, an operator alert is recorded and logged once", async () => {
    await expireZoom();
    const wrong = vaultWith(withSecrets("not-the-secret", world.hubspot.clientSecret));
    const before = await connection();

    for (let i = 0; i < 2; i++) {
      const failure = await wrong.getZoomAccessToken(connectionId).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(TokenRefreshUnavailable);
      expect(failure).toMatchObject({ status: 503, reason: "operator_configuration" });
    }
    expect(zoomRefreshCalls()).toHaveLength(2);
    const after = await connection();
    expect(after.status).toBe("active");
    expect(after.refreshToken).toBe(before.refreshToken);
    const alert = await world.db.prisma.operatorAlert.findUniqueOrThrow({ where: { provider: "zoom" } });
    expect(alert).toMatchObject({ code: "invalid_client", message: "Invalid client_id or client_secret", resolvedAt: null });
    expect(errorLogs(/Zoom refused the app's own OAuth credentials/)).toHaveLength(1);

    // The configuration fixed: the same connection refreshes and the alert is resolved.
    const token = await vault().getZoomAccessToken(connectionId);
    expect(world.zoom.accessTokens.has(token)).toBe(true);
    expect((await world.db.prisma.operatorAlert.findUniqueOrThrow({ where: { provider: "zoom" } })).resolvedAt).not.toBeNull();
    expect(await vault().alerts.open()).toEqual([]);

    // Broken again later: a new run of failures, logged again.
    await expireZoom();
    await expect(wrong.getZoomAccessToken(connectionId)).rejects.toBeInstanceOf(TokenRefreshUnavailable);
    expect(errorLogs(/Zoom refused the app's own OAuth credentials/)).toHaveLength(2);
    expect(await vault().alerts.open()).toMatchObject([{ provider: "zoom", code: "invalid_client" }]);
  });

  it("when the operator's HubSpot client secret is wrong, then the portal is not marked uninstalled and an operator alert is recorded", async () => {
    await expireHubSpot();
    const wrong = vaultWith(withSecrets(world.zoom.clientSecret, "not-the-secret"));
    const failure = await wrong.getHubSpotAccessToken(portalId).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TokenRefreshUnavailable);
    expect(failure).toMatchObject({ status: 503, reason: "operator_configuration" });
    expect(hubspotRefreshCalls()).toHaveLength(1);
    expect((await portal()).uninstalledAt).toBeNull();
    expect(await wrong.alerts.open()).toMatchObject([{ provider: "hubspot", code: "invalid_client" }]);
    expect(errorLogs(/HubSpot refused the app's own OAuth credentials/)).toHaveLength(1);

    const token = await vault().getHubSpotAccessToken(portalId);
    expect(world.hubspot.accessTokens.has(token)).toBe(true);
  });

  it("when Zoom revokes the refresh token, then the connection needs reauthorization and no operator alert is recorded", async () => {
    world.zoom.revokeAll();
    await expireZoom();
    await expect(vault().getZoomAccessToken(connectionId)).rejects.toBeInstanceOf(ReauthorizationRequired);
    expect((await connection()).status).toBe("needs_reauth");
    expect(zoomRefreshCalls()).toHaveLength(1);
    expect(await world.db.prisma.operatorAlert.count()).toBe(0);
  });

  it("when the connection is lost before Zoom reads the request, then the caller fails transiently, nothing is marked, and a later attempt refreshes", async () => {
    await expireZoom();
    const before = await connection();
    world.zoom.inject({ method: "POST", path: "/oauth/token", drop: true });
    const failure = await vault().getZoomAccessToken(connectionId).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TokenRefreshUnavailable);
    expect(failure).toMatchObject({ status: 503, reason: "unknown_outcome" });
    expect(zoomRefreshCalls()).toHaveLength(1);
    expect(await connection()).toMatchObject({ status: "active", refreshToken: before.refreshToken });

    // Right after a lost answer, nobody sends that refresh token again.
    await expect(vault().getZoomAccessToken(connectionId)).rejects.toMatchObject({ reason: "unknown_outcome" });
    expect(zoomRefreshCalls()).toHaveLength(1);

    await leasesRunOut();
    const token = await vault().getZoomAccessToken(connectionId);
    expect(world.zoom.accessTokens.has(token)).toBe(true);
    expect(zoomRefreshCalls()).toHaveLength(2);
    expect((await connection()).status).toBe("active");
  });

  it("when Zoom rotates the pair but the answer is lost, then the connection is kept; if Zoom then refuses the old token, the connection needs reauthorization and the log says why", async () => {
    await expireZoom();
    const before = await connection();
    const oldRefresh = world.app.services.cipher.decrypt(before.refreshToken!);
    world.zoom.inject({ method: "POST", path: "/oauth/token", dropAnswer: true });
    await expect(vault().getZoomAccessToken(connectionId)).rejects.toMatchObject({ reason: "unknown_outcome" });
    expect(zoomRefreshCalls()).toHaveLength(1);
    // Zoom did rotate: the stored refresh token is no longer valid there.
    expect(world.zoom.refreshTokens.has(oldRefresh)).toBe(false);
    // The tenant is not sent to reconnect on an unknown outcome.
    expect(await connection()).toMatchObject({ status: "active", refreshToken: before.refreshToken });
    const lease = await world.db.prisma.refreshLease.findUniqueOrThrow({ where: { key: `zoom:${connectionId}` } });
    expect(lease.unknownOutcomeAt).not.toBeNull();

    // Later, the stored token is tried once; Zoom (no documented grace period) refuses it.
    await leasesRunOut();
    await expect(vault().getZoomAccessToken(connectionId)).rejects.toBeInstanceOf(ReauthorizationRequired);
    expect(zoomRefreshCalls()).toHaveLength(2);
    expect((await connection()).status).toBe("needs_reauth");
    expect(world.app.logs.lines.some((l) => /earlier refresh's answer was lost/.test(String(l.msg)))).toBe(true);
  });

  it("when HubSpot's answer is lost, then the portal stays installed and a later attempt refreshes with the same refresh token", async () => {
    await expireHubSpot();
    world.hubspot.inject({ method: "POST", path: "/oauth/2026-09/token", dropAnswer: true });
    await expect(vault().getHubSpotAccessToken(portalId)).rejects.toMatchObject({ reason: "unknown_outcome" });
    expect(hubspotRefreshCalls()).toHaveLength(1);
    expect((await portal()).uninstalledAt).toBeNull();

    await leasesRunOut();
    const token = await vault().getHubSpotAccessToken(portalId);
    expect(world.hubspot.accessTokens.has(token)).toBe(true);
    expect(hubspotRefreshCalls()).toHaveLength(2);
  });

  it("when another process's refresh gets no answer, then this process fails transiently instead of sending the same refresh token", async () => {
    await expireZoom();
    const other = vaultWith(world.app.config);
    world.zoom.inject({ method: "POST", path: "/oauth/token", dropAnswer: true, delayMs: 500 });
    const results = await Promise.allSettled([vault().getZoomAccessToken(connectionId), other.getZoomAccessToken(connectionId)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    for (const r of results) expect((r as PromiseRejectedResult).reason).toMatchObject({ reason: "unknown_outcome" });
    expect(zoomRefreshCalls()).toHaveLength(1);
    expect((await connection()).status).toBe("active");
  });
});
