import { TOKEN_CALL_TIMEOUT_MS } from "../../src/connections/vault";
import { Browser } from "../helpers/browser";
import { install, startWorld, type World } from "../helpers/world";

const HUBSPOT_TOKEN = "/oauth/2026-09/token";
const ZOOM_TOKEN = "/oauth/token";

/** Runs /install through HubSpot's consent and returns the app's answer to the callback. */
async function installAnswer(world: World) {
  const browser = new Browser();
  const authorize = await browser.goUntilHost(`${world.app.url}/install`, new URL(world.hubspot.url).host);
  return browser.go(authorize);
}

/** Runs Zoom connect (signed in) through Zoom's consent and returns the app's answer to the callback. */
async function connectAnswer(world: World, browser: Browser) {
  const authorize = await browser.goUntilHost(`${world.app.url}/oauth/zoom/connect`, new URL(world.zoom.url).host);
  return browser.go(authorize);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the OAuth code exchange (stock passport-oauth2)", () => {
  let world: World;
  beforeEach(async () => (world = await startWorld()));
  afterEach(async () => world?.close());

  it("when HubSpot's token endpoint answers 503, then an error page, nothing stored and the code is not sent again", async () => {
    world.hubspot.inject({ method: "POST", path: HUBSPOT_TOKEN, status: 503, times: 5 });
    const done = await installAnswer(world);
    expect(done.res.status).toBe(502);
    expect(done.body).toContain("The connection could not be completed");
    expect(await world.db.prisma.portal.count()).toBe(0);
    expect(await world.db.prisma.session.count()).toBe(0);
    expect(world.hubspot.callsTo("POST", HUBSPOT_TOKEN)).toHaveLength(1);
  });

  it("when Zoom's token answer is lost after the code was used, then an error page and no connection", async () => {
    const { browser } = await install(world);
    world.zoom.inject({ method: "POST", path: ZOOM_TOKEN, dropAnswer: true });
    const done = await connectAnswer(world, browser);
    expect(done.res.status).toBe(502);
    expect(await world.db.prisma.zoomConnection.count()).toBe(0);
    expect(world.zoom.callsTo("POST", ZOOM_TOKEN)).toHaveLength(1);
  });

  it("when HubSpot's token endpoint answers after the deadline, then the person gets a page at the deadline and the late tokens are never stored", async () => {
    world.hubspot.inject({ method: "POST", path: HUBSPOT_TOKEN, delayMs: TOKEN_CALL_TIMEOUT_MS + 1_500 });
    const done = await installAnswer(world);
    expect(done.res.status).toBe(504);
    expect(done.body).toContain("HubSpot did not answer in time");
    // Then the token endpoint answers (the fake uses the code and hands out tokens): still nothing stored.
    while (![...world.hubspot.codes.values()].some((c) => c.used)) await pause(100);
    await pause(500);
    expect(await world.db.prisma.portal.count()).toBe(0);
    expect(await world.db.prisma.session.count()).toBe(0);
    expect(world.hubspot.callsTo("POST", HUBSPOT_TOKEN)).toHaveLength(1);
  }, 45_000);
});
