import { SANDBOX_PORTAL_ID } from "../../src/sandbox/accounts";
import { Browser } from "../helpers/browser";
import { clickConsent, startSandboxApp, type SandboxApp } from "../helpers/sandbox";

describe("sandbox mode (nothing configured)", () => {
  let app: SandboxApp;

  beforeAll(async () => {
    app = await startSandboxApp();
  });
  afterAll(async () => app?.stop());

  it("when a visitor installs and connects Zoom through the simulated consent pages, then it works and survives a restart", async () => {
    const base = app.baseUrl;
    expect(base).toMatch(/^http:\/\/localhost:\d+$/);
    const browser = new Browser();
    const landing = await browser.go(`${base}/`);
    expect(landing.body).toContain("Sandbox");

    const consent = await browser.go(`${base}/install`);
    expect(consent.url.startsWith(`${base}/sandbox/hubspot/oauth/authorize`)).toBe(true);
    expect(consent.body).toContain("Sandbox");
    const settings = await clickConsent(browser, consent, "approve");
    expect(settings.url).toBe(`${base}/settings`);
    expect(settings.body).toContain(String(SANDBOX_PORTAL_ID));
    expect(settings.body).toContain("Sandbox");

    const zoomConsent = await browser.go(`${base}/oauth/zoom/connect`);
    expect(zoomConsent.url.startsWith(`${base}/sandbox/zoom/oauth/authorize`)).toBe(true);
    const afterZoom = await clickConsent(browser, zoomConsent, "approve");
    expect(afterZoom.body).toContain("host@sandbox-zoom.test");
    const session = (await (await browser.fetch(`${base}/api/session`)).json()) as Record<string, unknown>;
    expect(session).toMatchObject({ portalId: SANDBOX_PORTAL_ID, zoomConnected: true, sandbox: true });

    // A restart keeps the simulated accounts, the session and working tokens.
    await app.restart();
    const again = (await (await browser.fetch(`${base}/api/session`)).json()) as Record<string, unknown>;
    expect(again).toMatchObject({ portalId: SANDBOX_PORTAL_ID, zoomConnected: true });
    const connection = await app.runtime.db.prisma.zoomConnection.findFirstOrThrow();
    await app.runtime.db.prisma.zoomConnection.update({ where: { id: connection.id }, data: { accessTokenExpiresAt: new Date(0) } });
    const me = await app.runtime.services.zoomApi(connection.id).get<{ email: string }>("/users/me");
    expect(me.email).toBe("host@sandbox-zoom.test");
  }, 90000);
});
