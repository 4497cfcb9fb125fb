import type { Browser, Locator, Page } from "playwright-core";
import { SANDBOX_PORTAL_ID } from "../../src/sandbox/accounts";
import { portalView } from "../../src/sandbox/portal-view";
import { installAndConnectZoom, launchBrowser, screenshot, startSandboxApp } from "./harness";

/**
 * Connection health (issue #14 point 1) clicked through in a real browser: each problem of
 * the sandbox panel's "Simulate a problem", then the banner on the signed-in pages (what
 * happened in words, the one action that fixes it), following that action, and the
 * affected webinar's audit log, which says so once however many syncs meet the problem.
 */
describe("connection health in a real browser (sandbox mode)", () => {
  let app: Awaited<ReturnType<typeof startSandboxApp>>;
  let browser: Browser;
  let page: Page;
  let webinarId: string; // our row id
  let zoomWebinarId: string;

  const TOPIC = "Health check webinar";
  const prisma = () => app.runtime.db.prisma;
  const url = (path: string) => `${app.baseUrl}${path}`;
  const banner = () => page.locator("#health-banner");
  const row = () => page.locator(`#webinars tr[data-webinar-id="${zoomWebinarId}"]`);

  /** A JSON call from the signed-in page, with its CSRF token (what the settings page's script does). */
  async function api(method: string, path: string, body?: unknown) {
    const { csrfToken } = (await (await page.request.get(url("/api/session"))).json()) as { csrfToken: string };
    const res = await page.request.fetch(url(path), { method, headers: { "content-type": "application/json", "x-csrf-token": csrfToken }, data: body });
    expect(res.status()).toBeLessThan(300);
  }

  /** The sandbox panel's button of this problem; the panel then says what the simulated service did. */
  async function simulate(which: string) {
    await page.goto(url("/sandbox"));
    await page.locator(`#problem-${which}`).click();
    await page.waitForURL(url("/sandbox"));
    await page.locator("#flash").waitFor();
  }

  /** Waits (reloading) until the page's banner has this line; the problems found by a webhook are processed by a job. */
  async function bannerLine(path: string, status: string): Promise<Locator> {
    const line = banner().locator(`p[data-health="${status}"]`);
    for (let i = 0; ; i++) {
      await page.goto(url(path));
      if (await line.count()) return line;
      if (i === 100) throw new Error(`No ${status} line in the banner of ${path}: ${await page.locator("main").innerText()}`);
      await page.waitForTimeout(200);
    }
  }

  /** One sync of the webinar, asked for by `ask`, and waited for: its last-sync time moves. */
  async function oneSync(ask: () => Promise<void>) {
    const before = (await prisma().webinar.findUniqueOrThrow({ where: { id: webinarId } })).lastSyncAt?.getTime() ?? 0;
    await ask();
    for (let i = 0; ; i++) {
      const after = (await prisma().webinar.findUniqueOrThrow({ where: { id: webinarId } })).lastSyncAt?.getTime() ?? 0;
      if (after > before) return;
      if (i === 600) {
        const jobs = await prisma().$queryRawUnsafe("select name, state, retry_count, output, start_after from pgboss.job where name = 'sync-webinar' order by created_on");
        const audit = await prisma().auditEntry.findMany({ where: { webinarId } });
        throw new Error(`the sync did not run ${JSON.stringify(jobs, null, 1)} ${JSON.stringify(audit.map((a) => [a.code, a.message]), null, 1)}`);
      }
      await page.waitForTimeout(100);
    }
  }

  /** Two syncs by two "Sync now" clicks in the webinar's row of /settings. */
  async function syncNowTwice() {
    for (let i = 0; i < 2; i++) {
      await page.goto(url("/settings"));
      await oneSync(() => row().getByRole("button", { name: "Sync now" }).click());
    }
  }

  /** The messages of the webinar's audit log, as its row's "Audit log" button shows them. */
  async function auditMessages(): Promise<string[]> {
    await page.goto(url("/settings"));
    const button = row().getByRole("button", { name: "Audit log" });
    await button.click();
    const log = page.locator("tr.audit-row");
    await log.waitFor();
    expect(await button.getAttribute("aria-expanded")).toBe("true");
    expect(await log.locator("h3").innerText()).toBe(`Audit log: ${TOPIC}`);
    return log.locator("li span").allInnerTexts();
  }

  const count = (list: string[], text: string) => list.filter((m) => m === text).length;
  /** What the log says of a connection problem is the health's words: never that Zoom "is not connected". */
  const notConnected = (list: string[]) => list.filter((m) => /not connected/i.test(m));

  beforeAll(async () => {
    app = await startSandboxApp();
    browser = await launchBrowser();
    page = await browser.newPage();

    await installAndConnectZoom(page, app.baseUrl);
    await page.locator("#zoom-users tr th").first().waitFor();
    expect(await banner().count()).toBe(0);
    await api("PUT", "/api/settings", { webinarSync: { enabled: true, scope: "all", selectedZoomUserIds: [] }, exclusions: { hostDomains: [], contactDomains: [] } });
    await api("PUT", "/api/zoom-users/sbx-host-1/settings", { syncNewWebinarsByDefault: true, syncRecordingsAndTranscripts: false });

    // A webinar with registrants, run from the panel, synced while all is well.
    await page.goto(url("/sandbox"));
    await page.getByLabel("Topic", { exact: true }).fill(TOPIC);
    await page.getByLabel("Host", { exact: true }).selectOption("sbx-host-1");
    await page.getByRole("button", { name: "Create webinar" }).click();
    await page.locator("#flash", { hasText: "Created the webinar" }).waitFor();
    await page.getByRole("button", { name: "Register these people" }).click();
    await page.locator("#flash", { hasText: "Registered 5 people" }).waitFor();
    for (let i = 0; ; i++) {
      const w = await prisma().webinar.findFirst({ where: { topic: TOPIC } });
      const written = portalView(app.runtime.services.sandbox!.hubspot, SANDBOX_PORTAL_ID).contacts.length;
      if (w?.lastSyncStatus === "synced" && written === 5) {
        webinarId = w.id;
        zoomWebinarId = w.zoomWebinarId;
        break;
      }
      if (i === 600) throw new Error("the webinar was never synced");
      await page.waitForTimeout(100);
    }
  }, 120000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("when Zoom's tokens are revoked, then the banner says so and offers Reconnect Zoom, the audit log says it once after two syncs, and reconnecting heals it", async () => {
    await simulate("revoke-zoom");
    // The panel says what the health says (the banner beside it), not "Zoom is not connected".
    expect(await page.locator("main").innerText()).not.toContain("Zoom is not connected");
    expect(await page.locator(".setup-warning").count()).toBe(0);

    const line = await bannerLine("/settings", "needs_reauth");
    const said = "Zoom refused the app's access (it was revoked or expired): no webinar data is read until you reconnect Zoom.";
    expect(await line.innerText()).toBe(`${said} Reconnect Zoom`);
    expect(await banner().getByRole("link").count()).toBe(1);
    expect(await banner().getByRole("link", { name: "Reconnect Zoom" }).getAttribute("href")).toBe("/oauth/zoom/connect");
    expect(await banner().getAttribute("role")).toBe("alert");
    await screenshot(page, "health-banner-zoom-revoked");
    expect(await (await bannerLine("/sandbox/portal", "needs_reauth")).innerText()).toBe(`${said} Reconnect Zoom`);
    expect(await (await bannerLine("/sandbox", "needs_reauth")).innerText()).toBe(`${said} Reconnect Zoom`);
    expect(await page.locator(".setup-warning").count()).toBe(0);

    await syncNowTwice();
    const log = await auditMessages();
    expect(count(log, said)).toBe(1);
    expect(notConnected(log)).toEqual([]);

    await page.goto(url("/settings"));
    await banner().getByRole("link", { name: "Reconnect Zoom" }).click();
    await page.getByRole("link", { name: "Allow" }).click();
    await page.waitForURL(url("/settings"));
    expect(await banner().count()).toBe(0);
    await page.goto(url("/sandbox"));
    expect(await banner().count()).toBe(0);
    expect(await page.locator(".setup-warning").count()).toBe(0);
  }, 120000);

  it("when the app is removed from Zoom, then the banner says so and offers Reconnect Zoom, the audit log says it once after two syncs, and reconnecting heals it", async () => {
    await simulate("deauthorize-zoom");
    expect(await page.locator("#flash").innerText()).toContain("the app accepted all of them");

    const line = await bannerLine("/settings", "deauthorized");
    const said = "The app was removed from the Zoom account, and the people's data recorded from it was deleted: nothing is synced until you reconnect Zoom.";
    expect(await line.innerText()).toBe(`${said} Reconnect Zoom`);
    expect(await banner().getByRole("link").count()).toBe(1);
    expect(await banner().getByRole("link", { name: "Reconnect Zoom" }).getAttribute("href")).toBe("/oauth/zoom/connect");
    await screenshot(page, "health-banner-zoom-deauthorized");
    expect(await (await bannerLine("/sandbox/portal", "deauthorized")).innerText()).toBe(`${said} Reconnect Zoom`);

    // The settings page lists no webinars while Zoom is disconnected: two syncs as two "Sync now" calls of its API.
    for (let i = 0; i < 2; i++) await oneSync(() => api("POST", `/api/webinars/${zoomWebinarId}/sync`));

    await page.goto(url("/settings"));
    await banner().getByRole("link", { name: "Reconnect Zoom" }).click();
    await page.getByRole("link", { name: "Allow" }).click();
    await page.waitForURL(url("/settings"));
    expect(await banner().count()).toBe(0);
    // The same Zoom account keeps its webinars, and their audit log keeps the removal, said once.
    const log = await auditMessages();
    expect(count(log, said)).toBe(1);
    expect(notConnected(log)).toEqual([]);
  }, 120000);

  it("when HubSpot's tokens are revoked, then every signed-in page offers Install again, the audit log says it once after two syncs, and installing again heals it", async () => {
    await simulate("revoke-hubspot");
    const said = "HubSpot refused the app (it was uninstalled or its access was revoked): nothing is synced until it is installed again.";
    const line = await bannerLine("/settings", "uninstalled");
    expect(await line.innerText()).toBe(`${said} Install again`);
    expect(await banner().getByRole("link").count()).toBe(1);
    expect(await banner().getByRole("link", { name: "Install again" }).getAttribute("href")).toBe("/install");
    await screenshot(page, "health-banner-hubspot-revoked");
    expect(await (await bannerLine("/sandbox/portal", "uninstalled")).innerText()).toBe(`${said} Install again`);

    await syncNowTwice();
    const log = await auditMessages();
    expect(count(log, said)).toBe(1);
    expect(notConnected(log)).toEqual([]);

    await page.goto(url("/sandbox/portal"));
    await banner().getByRole("link", { name: "Install again" }).click();
    await page.getByRole("link", { name: "Connect app" }).click();
    await page.waitForURL(url("/settings"));
    expect(await banner().count()).toBe(0);
    await page.goto(url("/sandbox/portal"));
    expect(await banner().count()).toBe(0);
  }, 120000);

  it("when the client secret is wrong, then the banner says to ask whoever runs this app, with no action, the audit log says it once after two syncs, and Reset heals it", async () => {
    await simulate("wrong-secret");
    const hubspotSaid = "HubSpot refused this app's own credentials: nothing is synced until they are corrected; ask whoever runs this app to check its client ID and secret.";
    const zoomSaid = "Zoom refused this app's own credentials: no webinar data is read until they are corrected; ask whoever runs this app to check its client ID and secret.";
    await bannerLine("/settings", "invalid_client");
    expect(await banner().locator("p").allInnerTexts()).toEqual([hubspotSaid, zoomSaid]);
    // Nothing a person signed in to HubSpot can click fixes it.
    expect(await banner().getByRole("link").count()).toBe(0);
    await screenshot(page, "health-banner-wrong-secret");
    await bannerLine("/sandbox/portal", "invalid_client");
    expect(await banner().locator("p").allInnerTexts()).toEqual([hubspotSaid, zoomSaid]);

    await syncNowTwice();
    const log = await auditMessages();
    expect(count(log, hubspotSaid)).toBe(1);
    expect(count(log, zoomSaid)).toBe(0);
    expect(notConnected(log)).toEqual([]);

    // The operator corrects the secret: the panel's Reset.
    await simulate("reset");
    expect(await banner().count()).toBe(0);
    await page.goto(url("/settings"));
    expect(await banner().count()).toBe(0);
  }, 120000);
});
