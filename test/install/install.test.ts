import { createHmac } from "node:crypto";
import { hubspotScopes } from "../../src/hubspot/scopes";
import { ZOOM_CONTACT_PROPERTIES } from "../../src/hubspot/properties";
import { Browser } from "../helpers/browser";
import { TEST_SESSION_SECRET } from "../helpers/app";
import { ZOOM_ACCOUNT, connectZoom, freshPortal, install, startWorld, type World } from "../helpers/world";

/** Runs /install up to the fake HubSpot's authorize URL and returns it. */
async function startInstall(world: World, browser: Browser) {
  return new URL(await browser.goUntilHost(`${world.app.url}/install`, new URL(world.hubspot.url).host));
}

/** Approves at the fake HubSpot and returns where HubSpot sends the browser back (not followed). */
async function approveAt(world: World, browser: Browser, authorize: URL) {
  const res = await browser.fetch(authorize.toString());
  return new URL(res.headers.get("location")!);
}

const signState = (payload: object) => {
  const encoded = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${encoded}.${createHmac("sha256", TEST_SESSION_SECRET).update(`oauth-state:${encoded}`).digest("base64url")}`;
};

/** One world per describe: each test installs its own portal and counts what it adds. */
describe("install from HubSpot", () => {
  let world: World;
  beforeAll(async () => (world = await startWorld()));
  afterAll(async () => world?.close());
  const tokenCalls = () => world.hubspot.callsTo("POST", "/oauth/2026-09/token").length;

  it("when an admin installs, then HubSpot is asked for our scopes and the portal, tokens and properties are set up", async () => {
    const portalId = freshPortal(world);
    const browser = new Browser();
    const authorize = await startInstall(world, browser);
    expect(authorize.origin + authorize.pathname).toBe(`${world.hubspot.url}/oauth/authorize`);
    expect(authorize.searchParams.get("client_id")).toBe(world.hubspot.clientId);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${world.app.url}/oauth/hubspot/callback`);
    expect(authorize.searchParams.get("scope")!.split(" ").sort()).toEqual(hubspotScopes(false).sort());
    expect(authorize.searchParams.get("state")!.length).toBeGreaterThan(40);

    authorize.searchParams.set("portal", String(portalId));
    const done = await browser.go(authorize.toString());
    expect(done.url).toBe(`${world.app.url}/settings`);
    expect(done.body).toContain(String(portalId));

    const token = world.hubspot.callsTo("POST", "/oauth/2026-09/token").at(-1)!;
    expect(token.body).toMatchObject({
      grant_type: "authorization_code",
      client_id: world.hubspot.clientId,
      client_secret: world.hubspot.clientSecret,
      redirect_uri: `${world.app.url}/oauth/hubspot/callback`,
      code: expect.any(String),
    });

    const portal = await world.db.prisma.portal.findUniqueOrThrow({ where: { id: BigInt(portalId) } });
    expect(portal.installedByUserId).toBe(7001n);
    expect(portal.accessToken).toMatch(/^v1\./);
    expect(portal.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    expect(portal.webinarSyncEnabled).toBe(false);
    expect(portal.webinarSyncScope).toBe("none");

    const fakePortal = world.hubspot.portal(portalId);
    expect(fakePortal.propertyGroups.get("zoom")).toMatchObject({ name: "zoom" });
    for (const p of ZOOM_CONTACT_PROPERTIES) {
      expect(fakePortal.properties.get(p.name)).toMatchObject({ name: p.name, label: p.label, type: p.type, groupName: "zoom" });
    }

    const session = (await (await browser.fetch(`${world.app.url}/api/session`)).json()) as Record<string, any>;
    expect(session).toMatchObject({ portalId, userId: 7001, zoomConnected: false, sandbox: false });
    expect(session.csrfToken).toEqual(expect.any(String));

    // With real credentials there is no sandbox: no banner, no panel, no simulated consent pages.
    expect(done.body).not.toContain("sandbox-banner");
    for (const path of ["/sandbox", "/sandbox/portal", "/sandbox/hubspot/oauth/authorize"]) {
      expect((await browser.fetch(`${world.app.url}${path}`)).status).toBe(404);
    }
  });

  it("when the portal reinstalls, then tokens are replaced, settings kept and existing properties left alone", async () => {
    const portalId = freshPortal(world);
    await install(world, new Browser(), portalId);
    await world.db.prisma.portal.update({
      where: { id: BigInt(portalId) },
      data: { webinarSyncEnabled: true, webinarSyncScope: "all", excludedContactDomains: ["staff.example"] },
    });
    const before = await world.db.prisma.portal.findUniqueOrThrow({ where: { id: BigInt(portalId) } });
    world.hubspot.portal(portalId).properties.get("zoom_webinar_joinlink")!.label = "Renamed by an admin";
    const propertyPosts = world.hubspot.callsTo("POST", "/crm/properties/2026-09/contacts").length;
    const portals = await world.db.prisma.portal.count();

    await install(world, new Browser(), portalId);
    const after = await world.db.prisma.portal.findUniqueOrThrow({ where: { id: BigInt(portalId) } });
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after).toMatchObject({ webinarSyncEnabled: true, webinarSyncScope: "all", excludedContactDomains: ["staff.example"] });
    expect(world.hubspot.callsTo("POST", "/crm/properties/2026-09/contacts")).toHaveLength(propertyPosts);
    expect(world.hubspot.portal(portalId).properties.get("zoom_webinar_joinlink")!.label).toBe("Renamed by an admin");
    expect(await world.db.prisma.portal.count()).toBe(portals);
  });

  it("when the admin cancels at HubSpot, then a friendly page and nothing stored", async () => {
    const [portals, tokens] = [await world.db.prisma.portal.count(), tokenCalls()];
    const browser = new Browser();
    const authorize = await startInstall(world, browser);
    authorize.searchParams.set("decision", "deny");
    const done = await browser.go(authorize.toString());
    expect(done.res.status).toBe(200);
    expect(done.body).toContain("Nothing was connected");
    expect(await world.db.prisma.portal.count()).toBe(portals);
    expect(tokenCalls()).toBe(tokens);
  });

  describe("when the state is not the one handed out", () => {
    const stored = async () => ({ portals: await world.db.prisma.portal.count(), sessions: await world.db.prisma.session.count(), tokenCalls: tokenCalls() });
    let before: Awaited<ReturnType<typeof stored>>;
    beforeEach(async () => (before = await stored()));
    const expectRefused = async (res: Response) => {
      expect(res.status).toBe(400);
      expect(await stored()).toEqual(before);
    };

    it("then a missing state is 400 and nothing is stored", async () => {
      const browser = new Browser();
      const back = await approveAt(world, browser, await startInstall(world, browser));
      back.searchParams.delete("state");
      await expectRefused(await browser.fetch(back.toString()));
    });

    it("then a forged state is 400", async () => {
      const browser = new Browser();
      const back = await approveAt(world, browser, await startInstall(world, browser));
      const [payload] = back.searchParams.get("state")!.split(".");
      back.searchParams.set("state", `${payload!}.forged-signature`);
      await expectRefused(await browser.fetch(back.toString()));
    });

    it("then a state used in another browser is 400", async () => {
      const browser = new Browser();
      const back = await approveAt(world, browser, await startInstall(world, browser));
      await expectRefused(await new Browser().fetch(back.toString()));
    });

    it("then an expired state is 400", async () => {
      const browser = new Browser();
      const back = await approveAt(world, browser, await startInstall(world, browser));
      const [payload] = back.searchParams.get("state")!.split(".");
      const decoded = JSON.parse(Buffer.from(payload!, "base64url").toString());
      back.searchParams.set("state", signState({ ...decoded, e: Date.now() - 1000 }));
      const res = await browser.fetch(back.toString());
      expect(await res.clone().text()).toContain("expired");
      await expectRefused(res);
    });

    it("then a replayed state is 400 the second time", async () => {
      const browser = new Browser();
      const back = await approveAt(world, browser, await startInstall(world, browser));
      const cookie = browser.cookie(new URL(world.app.url).host, "hzw.oauth.hubspot")!;
      const first = await browser.go(back.toString());
      expect(first.url).toBe(`${world.app.url}/settings`);
      // Same browser binding, same state: the nonce is gone.
      const replay = new Browser();
      replay.setCookie(new URL(world.app.url).host, "hzw.oauth.hubspot", cookie);
      const again = await replay.fetch(back.toString());
      expect(again.status).toBe(400);
      expect(await again.text()).toContain("already used");
      expect(tokenCalls()).toBe(before.tokenCalls + 1);
    });
  });
});

describe("connect Zoom", () => {
  let world: World;
  beforeAll(async () => (world = await startWorld()));
  afterAll(async () => world?.close());

  it("when not signed in, then /oauth/zoom/connect sends the browser to /install", async () => {
    const res = await new Browser().fetch(`${world.app.url}/oauth/zoom/connect`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/install");
  });

  it("when an admin connects, then Zoom is called with Basic auth and the connection belongs to the portal", async () => {
    const portalId = freshPortal(world);
    const { browser } = await install(world, new Browser(), portalId);
    const meCalls = world.zoom.callsTo("GET", "/v2/users/me").length;
    const authorize = new URL(await browser.goUntilHost(`${world.app.url}/oauth/zoom/connect`, new URL(world.zoom.url).host));
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: "code",
      client_id: world.zoom.clientId,
      redirect_uri: `${world.app.url}/oauth/zoom/callback`,
      state: expect.any(String),
    });
    const connection = await connectZoom(world, browser, portalId);
    expect(connection).toMatchObject({ accountId: ZOOM_ACCOUNT, zoomUserId: "zu_admin", email: "host@zoomco.example", status: "active" });
    expect(connection.scopes).toContain("webinar:write:admin");

    const token = world.zoom.callsTo("POST", "/oauth/token").at(-1)!;
    const basic = Buffer.from(`${world.zoom.clientId}:${world.zoom.clientSecret}`).toString("base64");
    expect(token.headers.authorization).toBe(`Basic ${basic}`);
    // Stock passport-oauth2 (node-oauth) also puts the client's id and secret in the form body (src/install/strategies.ts).
    expect(token.body).toEqual({
      grant_type: "authorization_code",
      code: expect.any(String),
      redirect_uri: `${world.app.url}/oauth/zoom/callback`,
      client_id: world.zoom.clientId,
      client_secret: world.zoom.clientSecret,
    });
    expect(world.zoom.callsTo("GET", "/v2/users/me")).toHaveLength(meCalls + 1);

    const session = (await (await browser.fetch(`${world.app.url}/api/session`)).json()) as Record<string, any>;
    expect(session.zoomConnected).toBe(true);
  });

  it("when Zoom is connected again, then there is still one connection for the portal", async () => {
    const portalId = freshPortal(world);
    const { browser } = await install(world, new Browser(), portalId);
    const first = await connectZoom(world, browser, portalId);
    const second = await connectZoom(world, browser, portalId);
    expect(second.id).toBe(first.id);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(await world.db.prisma.zoomConnection.count({ where: { portalId: BigInt(portalId) } })).toBe(1);
  });

  it("when the admin disconnects with the CSRF token, then the tokens are deleted; without it, 403 and nothing changes", async () => {
    const portalId = freshPortal(world);
    const { browser, csrfToken } = await install(world, new Browser(), portalId);
    await connectZoom(world, browser, portalId);
    const ofPortal = { where: { portalId: BigInt(portalId) } };

    const refused = await browser.fetch(`${world.app.url}/api/connections/zoom`, { method: "DELETE" });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("CSRF_TOKEN_INVALID");
    const wrong = await browser.fetch(`${world.app.url}/api/connections/zoom`, { method: "DELETE", headers: { "x-csrf-token": "nope" } });
    expect(wrong.status).toBe(403);
    expect((await world.db.prisma.zoomConnection.findFirstOrThrow(ofPortal)).status).toBe("active");

    const ok = await browser.fetch(`${world.app.url}/api/connections/zoom`, { method: "DELETE", headers: { "x-csrf-token": csrfToken } });
    expect(ok.status).toBe(204);
    const row = await world.db.prisma.zoomConnection.findFirstOrThrow(ofPortal);
    expect(row).toMatchObject({ status: "disconnected", accessToken: null, refreshToken: null });
    const session = (await (await browser.fetch(`${world.app.url}/api/session`)).json()) as Record<string, any>;
    expect(session.zoomConnected).toBe(false);
  });

  it("when two portals are installed, then each session sees and changes only its own portal", async () => {
    const [portalA, portalB] = [freshPortal(world), freshPortal(world)];
    const a = await install(world, new Browser(), portalA);
    await connectZoom(world, a.browser, portalA);
    const b = await install(world, new Browser(), portalB);

    const sessionB = (await (await b.browser.fetch(`${world.app.url}/api/session`)).json()) as Record<string, any>;
    expect(sessionB).toMatchObject({ portalId: portalB, zoomConnected: false });
    const res = await b.browser.fetch(`${world.app.url}/api/connections/zoom`, { method: "DELETE", headers: { "x-csrf-token": b.csrfToken } });
    expect(res.status).toBe(404);
    expect((await world.db.prisma.zoomConnection.findFirstOrThrow({ where: { portalId: BigInt(portalA) } })).status).toBe("active");
    // A's CSRF token is useless in B's session.
    const cross = await b.browser.fetch(`${world.app.url}/api/connections/zoom`, { method: "DELETE", headers: { "x-csrf-token": a.csrfToken } });
    expect(cross.status).toBe(403);
  });

  it("when signed out, then the JSON API answers 401", async () => {
    const res = await new Browser().fetch(`${world.app.url}/api/session`);
    expect(res.status).toBe(401);
  });
});
