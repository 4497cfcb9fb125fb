import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot, startSandboxApp } from "./harness";

describe("settings in a real browser (sandbox mode)", () => {
  let app: Awaited<ReturnType<typeof startSandboxApp>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startSandboxApp();
    browser = await launchBrowser();
    // A context of its own, so a test can open a second tab in the same session.
    page = await (await browser.newContext()).newPage();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("when an admin installs, connects Zoom and turns sync on, then the settings are saved and shown again", async () => {
    await page.goto(app.baseUrl);
    await expectBanner(page);
    await page.getByRole("link", { name: "Install in HubSpot" }).click();
    await expectBanner(page);
    await page.getByRole("link", { name: "Connect app" }).click();
    await page.waitForURL(`${app.baseUrl}/settings`);
    await expectBanner(page);

    await page.getByRole("link", { name: "Connect Zoom" }).click();
    await page.getByRole("link", { name: "Allow" }).click();
    await page.waitForURL(`${app.baseUrl}/settings`);
    await page.locator("#zoom-account").waitFor();
    expect(await page.locator("#zoom-account").textContent()).toBe("host@sandbox-zoom.test");

    // One control for whose webinars sync; the user list is enabled only for "Selected Zoom users".
    const userBox = page.getByLabel("Hedy Host (host@sandbox-zoom.test)");
    await userBox.waitFor();
    expect(await page.getByLabel("None (sync is off)").isChecked()).toBe(true);
    expect(await userBox.isDisabled()).toBe(true);
    await page.getByLabel("All Zoom users").check();
    expect(await userBox.isDisabled()).toBe(true);
    await page.getByLabel("Selected Zoom users", { exact: true }).check();
    expect(await userBox.isDisabled()).toBe(false);

    // Selected with nobody selected: refused with a message, the list marked and focused.
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.locator("#settings-errors li").first().waitFor();
    expect(await page.locator("#settings-errors li").allTextContents()).toEqual(["Choose at least one Zoom user, or choose All Zoom users."]);
    const list = page.locator("#selected-users-field");
    expect(await list.getAttribute("aria-invalid")).toBe("true");
    expect((await list.getAttribute("aria-describedby"))?.split(" ")).toContain(await page.locator("#settings-errors li").first().getAttribute("id"));
    expect(await page.evaluate(() => document.activeElement?.closest("#selected-users-field") !== null)).toBe(true);
    await screenshot(page, "settings-empty-selection");

    // A wrong domain: the field named in words with its line (from 1) and the value, marked and focused.
    await page.getByLabel("All Zoom users").check();
    const contactDomains = page.getByLabel("Never create contacts with these email domains (one per line)");
    await contactDomains.fill("staff.example\n\nbad domain!");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.locator("#settings-errors li", { hasText: "Contact domains" }).waitFor();
    expect(await page.locator("#settings-errors li").allTextContents()).toEqual(['Contact domains, line 3: "bad domain!" is not a domain name.']);
    expect(await contactDomains.getAttribute("aria-invalid")).toBe("true");
    expect(await contactDomains.getAttribute("aria-describedby")).toMatch(/^contact-domains-help settings-error-0$/);
    expect(await list.getAttribute("aria-invalid")).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("contact-domains");
    await screenshot(page, "settings-validation");

    await contactDomains.fill("staff.example");
    // Keyboard only: focus the button and press Enter.
    await page.getByRole("button", { name: "Save settings" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Saved.").waitFor();
    expect(await contactDomains.getAttribute("aria-invalid")).toBeNull();

    await page.reload();
    await page.waitForFunction(() => (document.getElementById("contact-domains") as HTMLTextAreaElement).value !== "");
    expect(await page.getByLabel("All Zoom users").isChecked()).toBe(true);
    expect(await page.getByLabel("Never create contacts with these email domains (one per line)").inputValue()).toBe("staff.example");
    await screenshot(page, "settings");
  }, 90000);

  it("when the admin runs a simulated webinar from the sandbox panel, then the portal shows its contacts and the settings page its audit log", async () => {
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Recordings of the sandbox host are synced too.
    const saved = page.waitForResponse((r) => r.url().includes("/api/zoom-users/") && r.request().method() === "PUT");
    const recordings = page.getByLabel("Sync recordings and transcripts of host@sandbox-zoom.test");
    await recordings.check();
    expect((await saved).status()).toBe(200);
    // Saved at once, and said beside the switch in a live region.
    const rowStatus = page.locator(`#${(await recordings.getAttribute("aria-describedby")) ?? "missing"}`);
    await rowStatus.filter({ hasText: "Saved" }).waitFor();
    expect(await rowStatus.getAttribute("role")).toBe("status");
    // A refused save says so beside the switch, and the switch shows what is saved.
    await page.route("**/api/zoom-users/*/settings", (route) =>
      route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "DATABASE_UNAVAILABLE", message: "The database is unavailable right now" } }) }),
    );
    await recordings.uncheck();
    await rowStatus.filter({ hasText: "Not saved" }).waitFor();
    expect(await rowStatus.textContent()).toBe("Not saved: The database is unavailable right now");
    expect(await recordings.isChecked()).toBe(true);
    await page.unroute("**/api/zoom-users/*/settings");

    await page.getByRole("link", { name: "open the sandbox panel" }).click();
    await page.waitForURL(`${app.baseUrl}/sandbox`);
    await expectBanner(page);
    await page.getByLabel("Topic").fill(TOPIC);
    await page.getByLabel("Duration (minutes)").fill("45");
    await page.getByRole("button", { name: "Create webinar" }).click();
    await page.waitForURL(`${app.baseUrl}/sandbox`);
    expect(await page.locator("#flash").textContent()).toMatch(/Created the webinar .* the app accepted all of them/);
    const webinar = page.locator("article.webinar").first();
    expect(await webinar.locator("h3").textContent()).toBe(TOPIC);

    const people = webinar.getByLabel("People to register, one per line: First Last <email>");
    await people.fill(`${await people.inputValue()}\nSam Staff <sam@staff.example>`);
    await webinar.getByRole("button", { name: "Register these people" }).click();
    expect(await page.locator("#flash").textContent()).toMatch(/^Registered 6 people\. Zoom sent 6 webhooks to the app, and the app accepted all of them\.$/);
    await page.locator("article.webinar").first().getByLabel("Guests who join without registering (optional)").fill("Gus Guest");
    await page.locator("article.webinar").first().getByRole("button", { name: "Registrants and guests join" }).click();
    expect(await page.locator("#flash").textContent()).toMatch(/^7 joined the webinar\./);
    await page.locator("article.webinar").first().getByLabel("Everyone leaves at minute").fill("30");
    await page.locator("article.webinar").first().getByRole("button", { name: "Everyone leaves" }).click();
    await page.locator("article.webinar").first().getByRole("button", { name: "End the webinar" }).click();
    expect(await page.locator("#flash").textContent()).toMatch(/^The webinar has ended\./);
    await page.locator("article.webinar").first().getByRole("button", { name: "Make the recording and transcript" }).click();
    expect(await page.locator("#flash").textContent()).toMatch(/^The recording and its transcript are ready\./);
    await screenshot(page, "sandbox-panel");

    // The sync runs in the background: reload the portal view until it has written everything.
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Simulated HubSpot portal" }).click();
    await reloadUntil(page, async () => (await page.locator("#contacts tbody tr").count()) === 5 && (await page.locator("#calls tbody tr").count()) === 1);
    const contacts = await page.locator("#contacts tbody tr").allTextContents();
    expect(contacts.join("\n")).not.toContain("staff.example");
    expect(await page.locator("#contacts tbody tr").first().locator("td").nth(3).textContent()).toBe("1");
    expect(await page.locator(".marketing-event h3").first().textContent()).toBe(TOPIC);
    expect(await page.locator(".marketing-event p").first().textContent()).toContain("5 registered, 5 attended, 0 cancelled");
    await screenshot(page, "sandbox-portal");

    await nav.getByRole("link", { name: "Settings" }).click();
    const row = page.locator("#webinars tr", { hasText: TOPIC }).first();
    await row.waitFor();
    expect(await row.locator("th.topic").textContent()).toBe(TOPIC);
    expect(await row.locator("td.registrants").textContent()).toBe("6");
    await row.getByRole("button", { name: "Audit log" }).click();
    const audit = page.locator(".audit-row");
    await audit.waitFor();
    expect(await audit.textContent()).toContain("Some email addresses were excluded from syncing: 1 excluded domain, 1 person without an email address");
    await screenshot(page, "settings-audit-log");
    expect(dialogs).toEqual([]);
  }, 120000);

  it("when a webinar's topic holds markup, then the panel, the portal, the settings list and its audit log show it as text and run nothing", async () => {
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${app.baseUrl}/sandbox`);
    await page.getByLabel("Topic").fill(MARKUP_TOPIC);
    await page.getByRole("button", { name: "Create webinar" }).click();
    await page.waitForURL(`${app.baseUrl}/sandbox`);
    const webinar = page.locator("article.webinar").first();
    expect(await webinar.locator("h3").textContent()).toBe(MARKUP_TOPIC);
    await webinar.getByRole("button", { name: "Register these people" }).click();
    expect(await page.locator("#flash").textContent()).toMatch(/^Registered \d+ people\./);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Simulated HubSpot portal" }).click();
    const event = page.locator(".marketing-event h3", { hasText: "Roadmap" });
    await reloadUntil(page, async () => (await event.count()) === 1);
    expect(await event.textContent()).toBe(MARKUP_TOPIC);

    await page.goto(`${app.baseUrl}/settings`);
    const row = page.locator("#webinars tr", { hasText: "Roadmap" }).first();
    await row.waitFor();
    expect(await row.locator("th.topic").textContent()).toBe(MARKUP_TOPIC);
    await row.getByRole("button", { name: "Audit log" }).click();
    await page.locator(".audit-row h3").waitFor();
    expect(await page.locator(".audit-row h3").textContent()).toBe(`Audit log: ${MARKUP_TOPIC}`);
    expect(await page.locator("img[src=x]").count()).toBe(0);
    expect(dialogs).toEqual([]);
  }, 120000);

  it("when sync is off in the saved settings, then the page shows None and says so", async () => {
    const tab = await page.context().newPage();
    await tab.goto(`${app.baseUrl}/settings`);
    const put = await tab.evaluate(async () => {
      const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";
      const res = await fetch("/api/settings", { method: "PUT", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify({ webinarSync: { enabled: false, scope: "all" } }) });
      return res.status;
    });
    expect(put).toBe(200);
    await tab.reload();
    await tab.locator("#scope-off-note:not([hidden])").waitFor();
    expect(await tab.getByLabel("None (sync is off)").isChecked()).toBe(true);
    expect(await tab.locator("#scope-off-note").textContent()).toMatch(/^Webinar sync is off, so this shows None\. The saved settings still name "All Zoom users"/);
    await tab.getByLabel("All Zoom users").check();
    await tab.getByRole("button", { name: "Save settings" }).click();
    await tab.getByText("Saved.").waitFor();
    expect(await tab.locator("#scope-off-note").isHidden()).toBe(true);
    await tab.close();
  }, 60000);

  it("when the admin leaves with changes not saved, then the browser asks first; once saved, it does not", async () => {
    const tab = await page.context().newPage();
    const dialogs: string[] = [];
    tab.on("dialog", (d) => {
      dialogs.push(d.type());
      void d.dismiss();
    });
    await tab.goto(`${app.baseUrl}/settings`);
    const hostDomains = tab.getByLabel("Host domains: exclude webinars hosted by these email domains (one per line)");
    await tab.getByLabel("Hedy Host (host@sandbox-zoom.test)").waitFor();
    // Typed (a user gesture, which browsers require before they ask).
    await hostDomains.click();
    await tab.keyboard.type("internal.example");
    const nav = tab.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Sandbox panel" }).click();
    for (let i = 0; dialogs.length === 0 && i < 100; i++) await new Promise((r) => setTimeout(r, 100));
    expect(dialogs).toEqual(["beforeunload"]);
    // Dismissed: the page and the typed text stay.
    expect(tab.url()).toBe(`${app.baseUrl}/settings`);
    expect(await hostDomains.inputValue()).toBe("internal.example");

    await tab.getByRole("button", { name: "Save settings" }).click();
    await tab.getByText("Saved.").waitFor();
    await nav.getByRole("link", { name: "Sandbox panel" }).click();
    await tab.waitForURL(`${app.baseUrl}/sandbox`);
    expect(dialogs).toEqual(["beforeunload"]);
    await tab.close();
  }, 60000);

  it("when the admin disconnects Zoom, then the app asks first, says what stops, and Cancel keeps it; confirmed, the page offers to connect it again", async () => {
    await page.goto(`${app.baseUrl}/settings`);
    await page.getByRole("link", { name: "Disconnect Zoom…" }).click();
    await page.waitForURL(`${app.baseUrl}/settings/zoom/disconnect`);
    expect(await page.locator("h1").textContent()).toBe("Disconnect Zoom?");
    expect(await page.locator("#what-stops").textContent()).toMatch(/Syncing of webinars to HubSpot[\s\S]*workflow action "Add contact to Zoom webinar"[\s\S]*tokens are deleted/);
    await screenshot(page, "disconnect-zoom");
    await page.getByRole("link", { name: "Cancel, keep Zoom connected" }).click();
    await page.waitForURL(`${app.baseUrl}/settings`);
    expect(await page.locator("#zoom-account").textContent()).toBe("host@sandbox-zoom.test");

    await page.getByRole("link", { name: "Disconnect Zoom…" }).click();
    await page.getByRole("button", { name: "Disconnect Zoom" }).click();
    await page.getByRole("link", { name: "Connect Zoom" }).waitFor();
    const session = await page.evaluate(async () => (await fetch("/api/session")).json());
    expect(session).toMatchObject({ zoomConnected: false, sandbox: true });
  }, 30000);
});

/** An ordinary webinar: the flow above and the README's screenshot (docs/settings.png is settings-audit-log.png). */
const TOPIC = "Pricing & packaging: live Q&A";
/** A topic with markup: shown as text everywhere, never run. */
const MARKUP_TOPIC = `<script>alert("topic")</script> <img src=x onerror=alert("img")> Roadmap`;

async function reloadUntil(page: Page, done: () => Promise<boolean>, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${page.url()} did not show the expected data in time`);
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
  }
}

async function expectBanner(page: Page) {
  expect(await page.locator(".sandbox-banner").textContent()).toMatch(/Sandbox/);
}
