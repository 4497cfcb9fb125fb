import { HUBSPOT_CALLBACK_PATH, ZOOM_CALLBACK_PATH } from "../../src/http/public-paths";
import { FakeHubSpot, FakeZoom } from "@hzw/fakes";
import { Browser } from "./browser";
import { createTestDatabase, type TestDatabase } from "./database";
import { startTestApp, type TestApp, type TestAppOptions } from "./app";

/**
 * The app wired to a fake HubSpot and a fake Zoom on loopback, as in production but
 * with the base URLs pointing at the fakes. `install()` and `connectZoom()` run the
 * real OAuth flows with a cookie-keeping browser.
 */
export interface World {
  db: TestDatabase;
  hubspot: FakeHubSpot;
  zoom: FakeZoom;
  app: TestApp;
  close(): Promise<void>;
}

export const PORTAL_ID = 62515;
export const ZOOM_ACCOUNT = "acct_fake_1";

export async function startWorld(options: { workers?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<World> {
  const hubspot = new FakeHubSpot({ rateLimit: { max: 110, windowMs: 10_000 } });
  const zoom = new FakeZoom();
  await Promise.all([hubspot.start(), zoom.start()]);
  hubspot.addPortal(PORTAL_ID, 7001, [{ id: "7001", email: "admin@portal.example" }]);
  zoom.addAccount(ZOOM_ACCOUNT, [
    { id: "zu_admin", email: "host@zoomco.example", first_name: "Hana", last_name: "Host", type: 2, role_name: "Owner" },
    { id: "zu_other", email: "other-host@zoomco.example", first_name: "Otto", last_name: "Other", type: 2 },
  ]);
  const db = await createTestDatabase();
  const appOptions: TestAppOptions = {
    workers: options.workers,
    env: worldEnv(hubspot, zoom, options.env),
  };
  const app = await startTestApp(db, appOptions);
  // The redirect URLs registered with HubSpot and Zoom: the app's own callbacks.
  hubspot.redirectUris = [`${app.config.appBaseUrl}${HUBSPOT_CALLBACK_PATH}`];
  zoom.redirectUris = [`${app.config.appBaseUrl}${ZOOM_CALLBACK_PATH}`];
  return {
    db,
    hubspot,
    zoom,
    app,
    async close() {
      await app.close();
      await Promise.all([hubspot.stop(), zoom.stop()]);
      await db.destroy();
    },
  };
}

export function worldEnv(hubspot: FakeHubSpot, zoom: FakeZoom, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    HUBSPOT_CLIENT_ID: hubspot.clientId,
    HUBSPOT_CLIENT_SECRET: hubspot.clientSecret,
    HUBSPOT_APP_ID: "4242",
    HUBSPOT_AUTHORIZE_URL: `${hubspot.url}/oauth/authorize`,
    HUBSPOT_API_BASE_URL: hubspot.url,
    ZOOM_CLIENT_ID: zoom.clientId,
    ZOOM_CLIENT_SECRET: zoom.clientSecret,
    ZOOM_WEBHOOK_SECRET_TOKEN: zoom.webhookSecretToken,
    ZOOM_OAUTH_BASE_URL: zoom.url,
    ZOOM_API_BASE_URL: zoom.apiBaseUrl,
    // Connecting Zoom starts no backfill of past webinars in the shared fake account
    // unless a test asks (test/backfill): it would import other tests' webinars.
    BACKFILL_ON_CONNECT_DAYS: "0",
    ...extra,
  };
}

/** Installs the app in the fake portal; returns the browser (signed in) and its CSRF token. */
export async function install(world: World, browser = new Browser(), portalId = PORTAL_ID) {
  const authorize = await browser.goUntilHost(`${world.app.url}/install`, new URL(world.hubspot.url).host);
  const withPortal = new URL(authorize);
  withPortal.searchParams.set("portal", String(portalId));
  const done = await browser.go(withPortal.toString());
  if (!done.url.endsWith("/settings") || done.res.status !== 200) {
    throw new Error(`install ended at ${done.url} with ${done.res.status}: ${done.body.slice(0, 300)}`);
  }
  const session = (await (await browser.fetch(`${world.app.url}/api/session`)).json()) as Record<string, unknown>;
  return { browser, csrfToken: session.csrfToken as string, session };
}

/** Connects the fake Zoom account to the browser's portal (`portalId`, the one it installed). */
export async function connectZoom(world: World, browser: Browser, portalId = PORTAL_ID) {
  const done = await browser.go(`${world.app.url}/oauth/zoom/connect`);
  if (!done.url.endsWith("/settings") || done.res.status !== 200) {
    throw new Error(`Zoom connect ended at ${done.url} with ${done.res.status}: ${done.body.slice(0, 300)}`);
  }
  return world.db.prisma.zoomConnection.findFirstOrThrow({ where: { portalId: BigInt(portalId) } });
}

let lastPortalId = PORTAL_ID;

/**
 * A portal of its own in the fake HubSpot (same admin user as PORTAL_ID), for a test
 * that shares its world with the other tests of its file.
 */
export function freshPortal(world: World): number {
  const id = ++lastPortalId;
  world.hubspot.addPortal(id, 7001, [{ id: "7001", email: "admin@portal.example" }]);
  return id;
}

/**
 * For a test that shares its world: a portal of its own, installed and connected to the
 * fake Zoom account; the fakes' faults and call logs are cleared, so the test counts
 * only the calls it causes.
 */
export async function freshInstall(world: World) {
  const fakes = [world.hubspot, world.zoom];
  for (const fake of fakes) fake.clearFaults();
  const portalId = freshPortal(world);
  const { browser } = await install(world, new Browser(), portalId);
  const { id: connectionId } = await connectZoom(world, browser, portalId);
  for (const fake of fakes) fake.calls.length = 0;
  return { portalId, browser, connectionId };
}
