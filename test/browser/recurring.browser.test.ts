import type { Browser, Page } from "playwright-core";
import { expectNoSeriousViolations, installAndConnectZoom, launchBrowser, screenshot, startSandboxApp } from "./harness";

/**
 * A recurring webinar's page in a real browser (sandbox mode): the choice of how its
 * attendance counts ("Count the series as one webinar" / "Count each occurrence as a
 * webinar") shows for a recurring webinar only, saves at once (PUT /api/webinars/:id)
 * and says so in a live region; the radios are 24 px targets.
 */
describe("attendance counting of a recurring webinar in a real browser", () => {
  let app: Awaited<ReturnType<typeof startSandboxApp>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    app = await startSandboxApp();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function createWebinar(topic: string, kind: string) {
    await page.goto(`${app.baseUrl}/sandbox`);
    await page.getByLabel("Topic").fill(topic);
    await page.getByLabel("Kind").selectOption(kind);
    await page.getByRole("button", { name: "Create webinar" }).click();
    await page.waitForURL(`${app.baseUrl}/sandbox`);
  }

  /** The webinar's row once Zoom's webinar.created has been processed (jobs run on their own time). */
  async function rowOf(topic: string, ready: (occurrences: unknown[]) => boolean) {
    const deadline = Date.now() + 60000;
    for (;;) {
      const row = await app.runtime.db.prisma.webinar.findFirst({ where: { topic } });
      if (row && ready(row.occurrences as unknown[])) return row;
      if (Date.now() > deadline) throw new Error(`the webinar "${topic}" was not recorded in time`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  it("when a webinar recurs, then its page offers the choice, which saves at once; a single webinar's page has none", async () => {
    await installAndConnectZoom(page, app.baseUrl);
    await createWebinar("Weekly clinic in the browser", "recurring");
    await createWebinar("One-off in the browser", "webinar");
    const series = await rowOf("Weekly clinic in the browser", (o) => o.length >= 2);
    const single = await rowOf("One-off in the browser", () => true);

    await page.goto(`${app.baseUrl}/settings/webinars/${single.zoomWebinarId}`);
    await page.locator("main[data-webinar-id]").waitFor();
    expect(await page.getByRole("radio").count()).toBe(0);

    await page.goto(`${app.baseUrl}/settings/webinars/${series.zoomWebinarId}`);
    const seriesChoice = page.getByRole("radio", { name: "Count the series as one webinar" });
    const eachChoice = page.getByRole("radio", { name: "Count each occurrence as a webinar" });
    expect(await seriesChoice.isChecked()).toBe(true);
    expect(await eachChoice.isChecked()).toBe(false);
    for (const radio of [seriesChoice, eachChoice]) {
      const box = await radio.boundingBox();
      expect(box && box.width >= 24 && box.height >= 24).toBe(true);
    }

    await eachChoice.check();
    const status = page.locator("#counting-status[role=status]");
    await page.waitForFunction(() => document.getElementById("counting-status")?.textContent === "Saved");
    expect(await status.textContent()).toBe("Saved");
    expect((await app.runtime.db.prisma.webinar.findUniqueOrThrow({ where: { id: series.id } })).attendanceCounting).toBe("occurrence");
    await expectNoSeriousViolations(page);
    await screenshot(page, "recurring-attendance-counting");

    // The saved choice is what the page shows next time.
    await page.reload();
    expect(await page.getByRole("radio", { name: "Count each occurrence as a webinar" }).isChecked()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
