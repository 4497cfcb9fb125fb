import type { Browser, Locator, Page } from "playwright-core";
import { installAndConnectZoom, launchBrowser, screenshot, startSandboxApp } from "./harness";

/**
 * The sandbox panel's "Run the workflow action" (issue #14 point 8) clicked through in a
 * real browser: the simulated portal runs "Add contact to Zoom webinar" for one of its
 * contacts; the panel shows HubSpot's view of the answer (success with the join link, or
 * the refusal in words), and the registrant reaches the app's settings page.
 */
describe("the workflow action in the sandbox, in a real browser", () => {
  let app: Awaited<ReturnType<typeof startSandboxApp>>;
  let browser: Browser;
  let page: Page;
  let actionWebinarId: string; // Zoom's id

  const url = (path: string) => `${app.baseUrl}${path}`;
  const result = () => page.locator("#action-result");
  const field = (name: string) => result().locator(`dd[data-field="${name}"]`);

  async function api(method: string, path: string, body?: unknown) {
    const { csrfToken } = (await (await page.request.get(url("/api/session"))).json()) as { csrfToken: string };
    const res = await page.request.fetch(url(path), { method, headers: { "content-type": "application/json", "x-csrf-token": csrfToken }, data: body });
    expect(res.status()).toBeLessThan(300);
  }

  async function createWebinar(topic: string): Promise<string> {
    await page.goto(url("/sandbox"));
    await page.getByLabel("Topic", { exact: true }).fill(topic);
    await page.getByLabel("Host", { exact: true }).selectOption("sbx-host-1");
    await page.getByLabel("Starts in (minutes)").fill("120");
    await page.getByRole("button", { name: "Create webinar" }).click();
    await page.locator("#flash", { hasText: `Created the webinar "${topic}"` }).waitFor();
    const id = await page.locator("article.webinar", { has: page.getByRole("heading", { name: topic }) }).getAttribute("data-webinar-id");
    if (!id) throw new Error(`no webinar ${topic} on the panel`);
    return id;
  }

  /** Reloads `path` until `probe` finds what the background work (webhooks, the sync) brings. */
  async function eventually(path: string, probe: () => Promise<boolean>, what: string) {
    for (let i = 0; ; i++) {
      await page.goto(url(path));
      if (await probe()) return;
      if (i === 150) throw new Error(`${what} never showed on ${path}`);
      await page.waitForTimeout(200);
    }
  }

  /** The webinar's row of the settings page's list, once the list has loaded. */
  function listedRow(zoomWebinarId: string): Locator {
    return page.locator(`#webinars tr[data-webinar-id="${zoomWebinarId}"]`);
  }
  const listLoaded = () => page.locator("#webinars").getByText("Loading…").waitFor({ state: "detached" });

  /** The registrants count of a webinar's row on the settings page. */
  async function registrantsOnSettings(zoomWebinarId: string): Promise<number> {
    await listLoaded();
    return Number(await listedRow(zoomWebinarId).locator("td.registrants").innerText());
  }

  async function runAction(fill: () => Promise<void>) {
    await page.goto(url("/sandbox"));
    const form = page.locator("#workflow-action");
    await form.getByLabel("Webinar", { exact: true }).selectOption(actionWebinarId);
    await fill();
    await form.getByRole("button", { name: "Run the workflow action" }).click();
    await result().waitFor();
  }

  beforeAll(async () => {
    app = await startSandboxApp();
    browser = await launchBrowser();
    page = await browser.newPage();

    await installAndConnectZoom(page, app.baseUrl);
    await page.locator("#zoom-users tr th").first().waitFor();
    await api("PUT", "/api/settings", { webinarSync: { enabled: true, scope: "all", selectedZoomUserIds: [] }, exclusions: { hostDomains: [], contactDomains: [] } });
    await api("PUT", "/api/zoom-users/sbx-host-1/settings", { syncNewWebinarsByDefault: true, syncRecordingsAndTranscripts: false });

    // Ann registers for one webinar in Zoom; the sync makes her a contact of the simulated portal.
    const onboarding = await createWebinar("Onboarding clinic");
    await page.locator(`#people-${onboarding}`).fill("Ann Archer <ann@customer.example>");
    await page.locator(`#people-${onboarding}`).locator("xpath=..").getByRole("button", { name: "Register these people" }).click();
    await page.locator("#flash", { hasText: "Registered 1 person" }).waitFor();
    await eventually("/sandbox/portal", async () => (await page.getByText("ann@customer.example").count()) > 0, "Ann as a contact of the portal");

    actionWebinarId = await createWebinar("Action demo");
    // Zoom's webinar.created reaches the app by webhook, then the settings page lists it.
    await eventually("/settings", async () => (await listLoaded(), (await listedRow(actionWebinarId).count()) > 0), "the webinar");
    expect(await registrantsOnSettings(actionWebinarId)).toBe(0);
  }, 120000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("when the action runs for a contact of the portal, then the panel shows success with the join link, and the registrant reaches the settings page and the portal", async () => {
    await runAction(async () => {
      // The picker lists the portal's contacts by name and email.
      await page.locator("#workflow-action").getByLabel("Contact", { exact: true }).selectOption({ label: "Ann Archer (ann@customer.example)" });
    });

    expect(await result().getByRole("heading").innerText()).toMatch(new RegExp(`^Webinar ${actionWebinarId} · Ann Archer \\(contact \\d+\\)$`));
    expect(await result().innerText()).toContain("The app answered HTTP 200.");
    expect(await result().locator(".execution-state").innerText()).toBe("SUCCESS");
    const registrant = app.runtime.services.sandbox!.zoom.webinars.get(actionWebinarId)!.registrants.find((r) => r.email === "ann@customer.example");
    expect(registrant).toBeDefined();
    const link = field("zoom_join_url").getByRole("link");
    expect(await link.innerText()).toBe(registrant!.join_url);
    expect(await link.getAttribute("href")).toBe(registrant!.join_url);
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await result().getByText("Zoom join link").count()).toBe(1);
    expect(await field("zoom_registrant_id").innerText()).toBe(registrant!.id);
    expect(await field("error_code").count()).toBe(0);
    await screenshot(page, "sandbox-workflow-action-success");

    // The panel's webinar card, the settings page and the simulated portal all see the registration.
    expect(await page.locator(`article[data-webinar-id="${actionWebinarId}"]`).innerText()).toContain("1 registered");
    await eventually("/settings", async () => (await registrantsOnSettings(actionWebinarId)) === 1, "the registrant");
    await eventually("/sandbox/portal", async () => (await page.getByText("Registered for Zoom webinar Action demo").count()) > 0, "Ann's registration on the portal's timeline");
  }, 120000);

  it("when the action runs for the webinar's host, then the panel shows the refusal in words and nobody is registered", async () => {
    await runAction(async () => {
      const form = page.locator("#workflow-action");
      await form.getByLabel("Contact", { exact: true }).selectOption("");
      await form.getByLabel("First name").fill("Hedy");
      await form.getByLabel("Last name").fill("Host");
      await form.getByLabel("Email").fill("host@sandbox-zoom.test");
    });

    expect(await result().getByRole("heading").innerText()).toMatch(/Hedy Host \(contact \d+, just created in the portal\)$/);
    expect(await result().locator(".execution-state").innerText()).toBe("FAIL_CONTINUE");
    expect(await field("error_message").innerText()).toBe("Webinar host cannot register for the webinar");
    expect(await field("error_code").innerText()).toBe("HOST_CANNOT_REGISTER");
    expect(await result().getByText("Error message").count()).toBe(1);
    expect(await field("zoom_join_url").count()).toBe(0);
    expect(await result().getByRole("link").count()).toBe(0);
    await screenshot(page, "sandbox-workflow-action-host-refused");

    expect(app.runtime.services.sandbox!.zoom.webinars.get(actionWebinarId)!.registrants.map((r) => r.email)).toEqual(["ann@customer.example"]);
    await page.goto(url("/settings"));
    expect(await registrantsOnSettings(actionWebinarId)).toBe(1);
  }, 60000);
});
