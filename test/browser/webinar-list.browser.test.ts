import type { Browser, Page } from "playwright-core";
import { installAndConnectZoom, launchBrowser, screenshot, startSandboxApp } from "./harness";

/** The settings page's webinar list: topic search, host filter and "Load more", by keyboard. */
describe("webinar list search, host filter and paging in a real browser (sandbox mode)", () => {
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

  const rows = () => page.locator("#webinars tr[data-webinar-id]");

  it("when a portal has 130 webinars, then 100 show, Load more shows the rest, and search and host narrow the list", async () => {
    await installAndConnectZoom(page, app.baseUrl);
    await page.locator("#zoom-users tr th").first().waitFor();

    const prisma = app.runtime.db.prisma;
    const connection = await prisma.zoomConnection.findFirstOrThrow();
    const hosts = await prisma.zoomUser.findMany({ where: { connectionId: connection.id }, orderBy: { email: "asc" } });
    expect(hosts.length).toBeGreaterThanOrEqual(2);
    const [first, second] = hosts as [(typeof hosts)[0], (typeof hosts)[0]];
    const base = Date.parse("2026-12-01T16:00:00Z");
    await prisma.webinar.createMany({
      data: Array.from({ length: 130 }, (_, i) => ({
        connectionId: connection.id,
        zoomWebinarId: String(83_000_000_000 + i),
        topic: i % 13 === 0 ? `Pricing clinic ${String(i)}` : `Product tour ${String(i)}`,
        startTime: new Date(base - i * 3_600_000),
        hostId: (i % 2 ? second : first).zoomUserId,
        hostEmail: (i % 2 ? second : first).email,
      })),
    });

    await page.reload();
    await page.locator("#webinars-shown", { hasText: "Showing 100 webinars; more to load." }).waitFor();
    expect(await rows().count()).toBe(100);
    const more = page.getByRole("button", { name: "Load more webinars" });
    await more.focus();
    await page.keyboard.press("Enter");
    await page.locator("#webinars-shown", { hasText: "Showing 130 webinars." }).waitFor();
    expect(await rows().count()).toBe(130);
    expect(await more.isHidden()).toBe(true);
    // Focus moved to the first row that was added.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Product tour 100");

    await page.getByLabel("Topic contains", { exact: true }).fill("pricing");
    await page.getByLabel("Topic contains", { exact: true }).press("Enter");
    await page.locator("#webinars-shown", { hasText: "Showing 10 webinars." }).waitFor();
    expect(await rows().locator("th").allTextContents()).toEqual(Array.from({ length: 10 }, (_, k) => `Pricing clinic ${String(k * 13)}`));

    await page.getByLabel("Webinar host", { exact: true }).selectOption(second.zoomUserId);
    await page.locator("#webinars-shown", { hasText: "Showing 5 webinars." }).waitFor();
    expect(new Set(await rows().locator("td:nth-child(3)").allTextContents())).toEqual(new Set([second.email]));
    await screenshot(page, "settings-webinar-search");

    await page.getByLabel("Topic contains", { exact: true }).fill("no such topic");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByText("No webinars match.").waitFor();
  }, 90000);
});
