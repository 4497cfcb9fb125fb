import type { Browser, Page } from "playwright-core";
import { installAndConnectZoom, launchBrowser, screenshot, startSandboxApp } from "./harness";

const TOPIC = "Charts in the sandbox";

/**
 * The webinar page and the insights page in a real browser, after a simulated webinar
 * run from the sandbox panel: the charts are drawn (a canvas of non-zero size), under
 * the app's CSP, with their figures in a hidden table, at 1280 px and 390 px.
 */
describe("charts in a real browser (sandbox mode)", () => {
  let app: Awaited<ReturnType<typeof startSandboxApp>>;
  let browser: Browser;
  let page: Page;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    app = await startSandboxApp();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (m) => {
      if (m.text().includes("Content Security Policy")) cspViolations.push(m.text());
    });
    page.on("pageerror", (e) => pageErrors.push(e.message));
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const canvasSize = (selector: string) =>
    page.locator(selector).evaluate((c) => {
      const r = c.getBoundingClientRect();
      return { width: r.width, height: r.height, drawn: (c as HTMLCanvasElement).width > 0 };
    });
  const tableRows = (selector: string) =>
    page.locator(`${selector} tbody tr`).evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent ?? "")));
  const horizontalOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it("when a simulated webinar has run, then its page draws registrations and minutes attended, and insights its attendance rate", async () => {
    await installAndConnectZoom(page, app.baseUrl);

    // A 45-minute webinar: five registrants join at 0, a guest at 20, everyone leaves at 30.
    await page.goto(`${app.baseUrl}/sandbox`);
    await page.getByLabel("Topic").fill(TOPIC);
    await page.getByLabel("Duration (minutes)").fill("45");
    await page.getByRole("button", { name: "Create webinar" }).click();
    await page.waitForURL(`${app.baseUrl}/sandbox`);
    const webinar = () => page.locator("article.webinar", { hasText: TOPIC }).first();
    await webinar().getByRole("button", { name: "Register these people" }).click();
    expect(await page.locator("#flash").textContent()).toMatch(/^Registered 5 people\./);
    await webinar().getByRole("button", { name: "Registrants and guests join" }).click();
    expect(await page.locator("#flash").textContent()).toMatch(/^5 joined the webinar\./);
    await webinar().getByLabel("Guests who join without registering (optional)").fill("Gus Guest <gus@guest.example>");
    await webinar().getByLabel("They join at minute").fill("20");
    await webinar().getByRole("button", { name: "Registrants and guests join" }).click();
    expect(await page.locator("#flash").textContent()).toMatch(/^1 joined the webinar\./);
    await webinar().getByLabel("Everyone leaves at minute").fill("30");
    await webinar().getByRole("button", { name: "Everyone leaves" }).click();
    await webinar().getByRole("button", { name: "End the webinar" }).click();
    expect(await page.locator("#flash").textContent()).toMatch(/^The webinar has ended\./);

    const row = await app.runtime.db.prisma.webinar.findFirstOrThrow({ where: { topic: TOPIC } });
    // Zoom's webhooks are processed by jobs: reload until every fact is recorded, the end too.
    await page.goto(`${app.baseUrl}/settings/webinars/${row.zoomWebinarId}`);
    await reloadUntil(page, async () => {
      await page.locator("main[data-webinar-id][data-ready]").waitFor();
      const ended = await app.runtime.db.prisma.webinar.findUniqueOrThrow({ where: { id: row.id } });
      if (!ended.endedAt) return false;
      const minutes = await tableRows("#minutes-table");
      return minutes.some(([label, n]) => label === "30–35 min" && n === "5") && minutes.some(([label, n]) => label === "10–15 min" && n === "1");
    });
    expect(await page.locator("h1").textContent()).toBe(TOPIC);
    const registrations = await tableRows("#registrations-table");
    expect(registrations.length).toBeGreaterThanOrEqual(1);
    expect(registrations.at(-1)?.[2]).toBe("5");
    expect(registrations.reduce((sum, r) => sum + Number(r[1]), 0)).toBe(5);
    const minutes = await tableRows("#minutes-table");
    expect(minutes.map(([label]) => label)).toEqual(["0–5 min", "5–10 min", "10–15 min", "15–20 min", "20–25 min", "25–30 min", "30–35 min", "35–40 min", "40–45 min"]);
    expect(minutes.reduce((sum, r) => sum + Number(r[1]), 0)).toBe(6);
    expect(await page.locator("#webinar-summary").textContent()).toBe(
      "5 people registered, 5 registrants attended (100%), 6 attendees in all. On average an attendee stayed 27 minutes of the webinar's 45 minutes.",
    );
    expect(await page.locator("#minutes-chart").getAttribute("aria-label")).toContain("6 attendees in 5-minute groups");
    for (const id of ["#registrations-chart", "#minutes-chart"]) {
      const size = await canvasSize(id);
      expect(size.width).toBeGreaterThan(100);
      expect(size.height).toBeGreaterThan(100);
      expect(size.drawn).toBe(true);
    }
    expect(await horizontalOverflow()).toBe(0);
    await screenshot(page, "charts-webinar");
    await page.getByRole("link", { name: "← Back to settings" }).waitFor();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insights" }).click();
    await page.waitForURL(`${app.baseUrl}/settings/insights`);
    await page.locator("main[data-page=insights][data-ready]").waitFor();
    expect(await tableRows("#insights-table")).toEqual([[TOPIC, expect.any(String), "5", "5", "100%"]]);
    expect(await page.locator("#insights-chart").getAttribute("aria-label")).toBe(`Attendance rate of the 1 most recent webinar: ${TOPIC} 100%.`);
    expect(await page.locator("#insights-summary").textContent()).toBe("Over the 1 most recent webinar that ended, 5 registrants of 5 attended (100%).");
    const size = await canvasSize("#insights-chart");
    expect(size.width).toBeGreaterThan(100);
    expect(size.height).toBeGreaterThan(100);
    expect(await page.getByRole("link", { name: TOPIC }).getAttribute("href")).toBe(`/settings/webinars/${row.zoomWebinarId}`);
    await screenshot(page, "charts-insights");

    // A phone's width: the charts shrink with the page, nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator("main[data-page=insights][data-ready]").waitFor();
    expect(await horizontalOverflow()).toBe(0);
    expect((await canvasSize("#insights-chart")).width).toBeLessThanOrEqual(390);
    await screenshot(page, "charts-insights-390");
    await page.getByRole("link", { name: TOPIC }).click();
    await page.locator("main[data-webinar-id][data-ready]").waitFor();
    expect(await horizontalOverflow()).toBe(0);
    for (const id of ["#registrations-chart", "#minutes-chart"]) {
      const small = await canvasSize(id);
      expect(small.width).toBeGreaterThan(100);
      expect(small.width).toBeLessThanOrEqual(390);
    }
    await screenshot(page, "charts-webinar-390");

    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180000);
});

async function reloadUntil(page: Page, done: () => Promise<boolean>, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${page.url()} did not show the expected data in time`);
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
  }
}
