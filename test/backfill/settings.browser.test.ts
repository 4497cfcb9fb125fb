import type { Browser, Page } from "playwright-core";
import { SANDBOX_ZOOM_ACCOUNT } from "../../src/sandbox/accounts";
import { expectNoSeriousViolations, launchBrowser, screenshot, startSandboxApp } from "../browser/harness";

/** "Import past webinars" on the settings page in a real browser: start, progress, stop, resume, refusal (sandbox mode). */
describe("settings: import past webinars (browser)", () => {
  let app: Awaited<ReturnType<typeof startSandboxApp>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startSandboxApp();
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  type Listed = { zoomUserId: string | null; status: string; webinarsImported: number };
  /** Reads GET /api/backfill in the page until `ok` says yes. */
  async function waitForApi(ok: (backfills: Listed[]) => boolean) {
    for (let i = 0; ; i++) {
      const { backfills } = (await page.evaluate(async () => (await fetch("/api/backfill")).json())) as { backfills: Listed[] };
      if (ok(backfills)) return;
      if (i > 400) throw new Error(`GET /api/backfill never said so: ${JSON.stringify(backfills)}`);
      await page.waitForTimeout(100);
    }
  }

  it("when an admin imports a Zoom user's past webinars, then the progress shows, Stop stops it and Resume finishes it", async () => {
    await page.goto(`${app.baseUrl}/install`);
    await page.getByRole("link", { name: "Connect app" }).click();
    await page.waitForURL(`${app.baseUrl}/settings`);
    await page.getByRole("link", { name: "Connect Zoom" }).click();
    await page.getByRole("link", { name: "Allow" }).click();
    await page.waitForURL(`${app.baseUrl}/settings`);

    // Connecting Zoom started an import of its own (90 days, every user): it ends first, with nothing to import.
    await waitForApi((backfills) => backfills.length === 1 && backfills[0]!.status === "done");

    const sandbox = app.runtime.services.sandbox!;
    const host = sandbox.zoom.account(SANDBOX_ZOOM_ACCOUNT).users[0]!;
    const people = [{ firstName: "Ada", lastName: "Lane", email: "ada@browser.example" }];
    const made = [3, 2, 1].map((n) => sandbox.simulator.createPastWebinar({ topic: `Past talk ${n}`, hostId: host.id, daysAgo: n, durationMinutes: 30, people }));
    // The newest is listed first; the second one answers slowly, so the import can be stopped on it (the import under way is finished, and counted).
    sandbox.zoom.inject({ method: "GET", path: `/v2/webinars/${made[1]!.webinar.id}`, delayMs: 12000 });

    await page.reload();
    const row = page.locator(`.backfill-row[data-scope="${host.id}"]`);
    const status = row.locator(".backfill-status");
    /** Waits for the row's status to say this; a failure names what the rows said. */
    const shows = (text: string | RegExp) =>
      status.filter({ hasText: text }).waitFor().catch(async (e: unknown) => {
        throw new Error(`${String(e)}\nthe rows said: ${(await page.locator("#backfill-rows").textContent()) ?? ""}`);
      });
    await status.waitFor();
    await row.getByLabel("Days back").fill("0");
    await row.getByRole("button", { name: "Import past webinars" }).click();
    await status.filter({ hasText: "Not started:" }).waitFor();
    expect(await status.textContent()).toContain("must be at least 1 day");
    expect(await row.getByLabel("Days back").getAttribute("aria-invalid")).toBe("true");

    await row.getByLabel("Days back").fill("30");
    await row.getByRole("button", { name: "Import past webinars" }).click();
    await shows(/Importing: 1 of 3 webinars\. Now: “Past talk 2”/);
    expect(await status.getAttribute("role")).toBe("status");
    await row.getByRole("button", { name: "Stop" }).click();
    await shows("Stopped:");
    await screenshot(page, "backfill-stopping");
    await expectNoSeriousViolations(page);
    // The import under way when Stop was pressed is finished and counted; then nothing moves.
    await waitForApi((backfills) => backfills.some((b) => b.zoomUserId === host.id && b.webinarsImported === 2));
    await page.reload();
    await shows("Stopped: 2 of 3 webinars imported.");
    await screenshot(page, "backfill-stopped");

    await row.getByRole("button", { name: "Resume (30 days)" }).click();
    await shows("Done: Imported 3 past webinars of the last 30 days.");
    // The Webinars list below was read before they came in: it reads its page again by itself.
    await shows("The Webinars list below shows them.");
    await page.locator("#webinars tr", { hasText: "Past talk 1" }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, "backfill-done");
  }, 120000);
});
