import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot, startSandboxApp } from "./harness";

describe("settings in a real browser (sandbox mode)", () => {
  let app: Awaited<ReturnType<typeof startSandboxApp>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startSandboxApp();
    browser = await launchBrowser();
    page = await browser.newPage();
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

    await page.getByLabel("Sync Zoom webinars to HubSpot").check();
    await page.getByLabel("All Zoom users").check();
    await page.getByLabel("Never create contacts with these email domains (one per line)").fill("staff.example\nbad domain!");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.locator("#settings-errors li").first().waitFor();
    expect(await page.locator("#settings-errors").textContent()).toMatch(/contactDomains/);
    await screenshot(page, "settings-validation");

    await page.getByLabel("Never create contacts with these email domains (one per line)").fill("staff.example");
    // Keyboard only: focus the button and press Enter.
    await page.getByRole("button", { name: "Save settings" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Saved.").waitFor();

    await page.reload();
    await page.waitForFunction(() => (document.getElementById("contact-domains") as HTMLTextAreaElement).value !== "");
    expect(await page.getByLabel("Sync Zoom webinars to HubSpot").isChecked()).toBe(true);
    expect(await page.getByLabel("All Zoom users").isChecked()).toBe(true);
    expect(await page.getByLabel("Never create contacts with these email domains (one per line)").inputValue()).toBe("staff.example");
    await screenshot(page, "settings");

    await page.getByRole("button", { name: "Disconnect Zoom" }).click();
    await page.getByRole("link", { name: "Connect Zoom" }).waitFor();
    const session = await page.evaluate(async () => (await fetch("/api/session")).json());
    expect(session).toMatchObject({ zoomConnected: false, sandbox: true });
  }, 90000);
});

async function expectBanner(page: Page) {
  expect(await page.locator(".sandbox-banner").textContent()).toMatch(/Sandbox/);
}
