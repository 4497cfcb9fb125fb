import type { Browser } from "../helpers/browser";
import { clickConsent, signedInSandbox, type SandboxApp } from "../helpers/sandbox";
import { eventually } from "../webhooks/harness";

/**
 * The sandbox panel's "Simulate a problem": each button makes the simulated HubSpot or
 * Zoom refuse the app as the real one would, and the app's connection health, its banner
 * on the signed-in pages and the way back (Reset, Reconnect Zoom, Install again) follow.
 */
describe("sandbox panel: simulate a problem", () => {
  let app: SandboxApp;
  let browser: Browser;
  let csrf: string;

  type Health = Record<"hubspot" | "zoom", { status: string; action: { label: string; href: string } | null }>;
  const health = async () => (await (await browser.fetch(`${app.baseUrl}/api/connections/health`)).json()) as Health;
  const simulate = async (which: string) => {
    const res = await browser.fetch(`${app.baseUrl}/sandbox/problems/${which}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(res.status).toBe(303);
    return (await browser.go(`${app.baseUrl}/sandbox`)).body;
  };

  beforeAll(async () => {
    ({ app, browser, csrf } = await signedInSandbox());
  }, 60000);
  afterAll(async () => app?.stop());

  it("when the panel is shown, then it has the five buttons of Simulate a problem", async () => {
    const panel = (await browser.go(`${app.baseUrl}/sandbox`)).body;
    expect(panel).toContain("Simulate a problem");
    for (const id of ["revoke-hubspot", "revoke-zoom", "deauthorize-zoom", "wrong-secret", "reset"]) expect(panel).toContain(`id="problem-${id}"`);
    expect(panel).not.toContain('id="health-banner"');
  });

  it("when a problem is posted without the CSRF token or is unknown, then it is refused", async () => {
    const noToken = await browser.fetch(`${app.baseUrl}/sandbox/problems/wrong-secret`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
    expect(noToken.status).toBe(403);
    const unknown = await browser.fetch(`${app.baseUrl}/sandbox/problems/meteor`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(unknown.status).toBe(404);
    expect((await health()).hubspot.status).toBe("ok");
  });

  it("when Wrong client secret is pressed, then both services say invalid_client with no action, and Reset heals them", async () => {
    const panel = await simulate("wrong-secret");
    expect(panel).toContain('data-health="invalid_client"');
    expect(panel).toContain("ask whoever runs this app");
    expect(await health()).toMatchObject({ hubspot: { status: "invalid_client", action: null }, zoom: { status: "invalid_client", action: null } });

    await simulate("reset");
    expect(await health()).toMatchObject({ hubspot: { status: "ok" }, zoom: { status: "ok" } });
  });

  it("when Revoke Zoom tokens is pressed, then Zoom needs reconnecting, and Reconnect Zoom heals it", async () => {
    const panel = await simulate("revoke-zoom");
    expect(panel).toContain('<a class="button" href="/oauth/zoom/connect">Reconnect Zoom</a>');
    expect((await health()).zoom.status).toBe("needs_reauth");

    await clickConsent(browser, await browser.go(`${app.baseUrl}/oauth/zoom/connect`), "approve");
    expect((await health()).zoom.status).toBe("ok");
  });

  it("when Remove the app from Zoom is pressed, then Zoom's app_deauthorized reaches the app and the banner says so", async () => {
    const panel = await simulate("deauthorize-zoom");
    expect(panel).toContain("the app accepted all of them");
    await eventually(async () => (await health()).zoom.status === "deauthorized", "the deauthorization to be processed");
    expect((await browser.go(`${app.baseUrl}/settings`)).body).toContain("The app was removed from the Zoom account");
  });

  it("when Revoke HubSpot tokens is pressed, then every signed-in page offers Install again, and installing again heals it", async () => {
    await simulate("revoke-hubspot");
    expect((await health()).hubspot).toMatchObject({ status: "uninstalled", action: { label: "Install again", href: "/install" } });
    for (const path of ["/settings", "/sandbox", "/sandbox/portal"]) {
      expect((await browser.go(`${app.baseUrl}${path}`)).body).toContain('<a class="button" href="/install">Install again</a>');
    }
    await clickConsent(browser, await browser.go(`${app.baseUrl}/install`), "approve");
    expect((await health()).hubspot.status).toBe("ok");
  });
});
