import type { Browser, Page } from "playwright-core";
import { installAndConnectZoom, launchBrowser, screenshot, startSandboxApp } from "./harness";

/**
 * Sync runs on the settings page (issue #14, points 2 and 3): "Sync now" shows its run
 * queued or running, then its result, without a reload; each row shows Zoom's numbers
 * beside HubSpot's with the exclusions in words and the average attendance in %; a
 * webinar turned off says why, and the switch says "Saved" beside itself (no alert).
 */
describe("sync runs and numbers in a real browser (sandbox mode)", () => {
  let app: Awaited<ReturnType<typeof startSandboxApp>>;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    app = await startSandboxApp();
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const row = (topic: string) => page.locator("#webinars tr[data-webinar-id]", { hasText: topic }).first();

  async function sandboxWebinar(topic: string, extra?: string) {
    await page.goto(`${app.baseUrl}/sandbox`);
    await page.getByLabel("Topic").fill(topic);
    await page.getByLabel("Duration (minutes)").fill("60");
    await page.getByRole("button", { name: "Create webinar" }).click();
    await page.waitForURL(`${app.baseUrl}/sandbox`);
    const webinar = page.locator("article.webinar").first();
    if (extra) {
      const people = webinar.getByLabel("People to register, one per line: First Last <email>");
      await people.fill(`${await people.inputValue()}\n${extra}`);
    }
    await webinar.getByRole("button", { name: "Register these people" }).click();
    await page.locator("article.webinar").first().getByRole("button", { name: "Registrants and guests join" }).click();
    await page.locator("article.webinar").first().getByLabel("Everyone leaves at minute").fill("45");
    await page.locator("article.webinar").first().getByRole("button", { name: "Everyone leaves" }).click();
    await page.locator("article.webinar").first().getByRole("button", { name: "End the webinar" }).click();
    expect(await page.locator("#flash").textContent()).toMatch(/^The webinar has ended\./);
  }

  it("when the admin clicks Sync now, then the row shows the run queued or running and then synced, with the numbers, without a reload", async () => {
    await installAndConnectZoom(page, app.baseUrl);
    // Sync on for everyone, staff never become contacts: through the JSON API, as the form does.
    const saved = await page.evaluate(async () => {
      const { csrfToken } = (await (await fetch("/api/session")).json()) as { csrfToken: string };
      const res = await fetch("/api/settings", {
        method: "PUT",
        headers: { "content-type": "application/json", "x-csrf-token": csrfToken },
        body: JSON.stringify({ webinarSync: { enabled: true, scope: "all", selectedZoomUserIds: [] }, exclusions: { hostDomains: [], contactDomains: ["staff.example"] } }),
      });
      return res.status;
    });
    expect(saved).toBe(200);

    await sandboxWebinar("Runs you can watch", "Sam Staff <sam@staff.example>");
    await sandboxWebinar("Quiet afternoon session");
    // Both webinars reach the app by webhooks, processed as jobs: the list is read once both are in.
    for (let tries = 0; ; tries++) {
      const topics = await page.evaluate(async () => ((await (await fetch("/api/webinars")).json()) as { topic: string }[]).map((w) => w.topic));
      if (topics.includes("Runs you can watch") && topics.includes("Quiet afternoon session")) break;
      if (tries === 120) throw new Error(`the sandbox's webinars are not listed: ${topics.join(", ")}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    await page.goto(`${app.baseUrl}/settings`);
    const watched = row("Runs you can watch");
    await watched.waitFor();
    expect(await watched.locator("th.topic a").getAttribute("href")).toMatch(/^\/settings\/webinars\/\d+$/);
    // The automatic sync of the sandbox's events ends on its own; then Sync now.
    await watched.locator(".run", { hasText: /^(Synced|No changes)/ }).waitFor({ timeout: 60000 });
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    await watched.getByRole("button", { name: "Sync now" }).click();
    await watched.locator(".run", { hasText: /^(Queued|Running)/ }).waitFor();
    await watched.getByRole("status").filter({ hasText: /^Sync started: (Queued|Running)/ }).waitFor();
    await screenshot(page, "sync-runs-running");
    await watched.locator(".run", { hasText: /^Synced (just now|\d+ min ago)$/ }).waitFor({ timeout: 60000 });
    await watched.getByRole("status").filter({ hasText: /^Sync finished: Synced/ }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // Zoom's numbers beside HubSpot's: Sam is excluded by his domain, and says so.
    const zoomRegistrants = Number(await watched.locator("td.registrants").textContent());
    const numbers = watched.locator("td.numbers");
    expect(await numbers.locator(".hubspot-counts").textContent()).toMatch(new RegExp(`^${zoomRegistrants - 1} registrants, \\d+ attendees$`));
    expect(await numbers.locator(".excluded").textContent()).toBe("1 excluded (1 excluded domain)");
    expect(await numbers.locator(".average").textContent()).toMatch(/^average attendance \d+(\.\d)?%$/);
    await screenshot(page, "sync-runs-synced");
  }, 180000);

  it("when a webinar is turned off in its row, then it says Saved beside the switch and why the webinar will not sync", async () => {
    const quiet = row("Quiet afternoon session");
    await quiet.waitFor();
    expect(await quiet.locator(".not-synced").isHidden()).toBe(true);
    await quiet.getByLabel("Sync Quiet afternoon session").uncheck();
    await quiet.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    await quiet.locator(".not-synced", { hasText: "Not synced: sync is turned off for this webinar." }).waitFor();

    await page.reload();
    const off = row("Quiet afternoon session");
    await off.locator(".not-synced", { hasText: "Not synced: sync is turned off for this webinar." }).waitFor();
    // Sync now on a webinar turned off: the run is skipped, and the row says why once, not twice.
    await off.getByRole("button", { name: "Sync now" }).click();
    await off.locator(".run", { hasText: /^Skipped (just now|\d+ min ago)$/ }).waitFor({ timeout: 60000 });
    await off.getByRole("status").filter({ hasText: /^Sync finished: Skipped/ }).waitFor();
    expect(((await off.textContent()) ?? "").split("Not synced:").length - 1).toBe(1);
    await screenshot(page, "sync-runs-turned-off");
    expect(dialogs).toEqual([]);
  }, 60000);

  it("when the page is 390 px wide, then the webinar rows fit and Sync now is on screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    const watched = row("Runs you can watch");
    await watched.locator("td.numbers .average").waitFor();
    const table = await page.locator("table:has(#webinars)").boundingBox();
    expect(table!.x + table!.width).toBeLessThanOrEqual(390);
    const button = await watched.getByRole("button", { name: "Sync now" }).boundingBox();
    expect(button!.x + button!.width).toBeLessThanOrEqual(390);
    expect(await watched.locator("td.numbers").textContent()).toMatch(/^In HubSpot|registrants/);
    await screenshot(page, "sync-runs-390");
  }, 60000);
});
