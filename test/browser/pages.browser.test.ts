import type { Browser, BrowserContext, Page } from "playwright-core";
import { expectNoSeriousViolations, launchBrowser, pageWidth, screenshot, startSandboxApp } from "./harness";

/**
 * Every page the app serves (and the simulated services' consent pages it sends the admin
 * to), at 1280 px and 390 px: no serious or critical axe-core violation, nothing wider
 * than the window at 390 px, and screenshots `<name>-1280.png` / `<name>-390.png`.
 *
 * PAGES is one list: add a page by adding an entry. Entries run in order, and an admin
 * entry may rely on what the ones before it did (Zoom is connected by "zoom-consent").
 */
interface AppPage {
  /** The screenshots' name. */
  name: string;
  /** "visitor": a browser without a session; "admin": the one session that installed the app. */
  as: "visitor" | "admin";
  /** A page of the simulated HubSpot or Zoom (packages/fakes), not of the app: no skip link asked of it. */
  simulated?: boolean;
  /** Opens the page and waits until it shows what it is about. */
  open(page: Page, baseUrl: string): Promise<void>;
  /** Afterwards: what the next entries need, or puts back what `open` changed. */
  after?(page: Page, baseUrl: string): Promise<void>;
}

const settingsLoaded = async (page: Page) => {
  await page.waitForFunction(() => !document.querySelector("main")?.textContent?.includes("Loading…"));
};

export const PAGES: AppPage[] = [
  { name: "start", as: "visitor", open: (page, base) => goto(page, `${base}/`, "Zoom webinars for HubSpot") },
  { name: "not-found", as: "visitor", open: (page, base) => goto(page, `${base}/no-such-page`, "Page not found") },
  { name: "install-cancelled", as: "visitor", open: (page, base) => goto(page, `${base}/oauth/hubspot/callback?error=access_denied`) },
  { name: "hubspot-consent", as: "visitor", simulated: true, open: (page, base) => goto(page, `${base}/install`) },
  {
    name: "settings-zoom-not-connected",
    as: "admin",
    open: async (page, base) => {
      await goto(page, `${base}/settings`, "Settings");
      await page.locator("#connect-zoom").waitFor();
    },
  },
  {
    name: "zoom-consent",
    as: "admin",
    simulated: true,
    open: (page, base) => goto(page, `${base}/oauth/zoom/connect`),
    after: async (page, base) => {
      await page.getByRole("link", { name: "Allow" }).click();
      await page.waitForURL(`${base}/settings`);
      await settingsLoaded(page);
      await page.getByLabel("All Zoom users").check();
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText("Saved.").waitFor();
      await goto(page, `${base}/sandbox`, "Sandbox panel");
      await page.getByLabel("Topic").fill("Pricing & packaging: live Q&A");
      await page.getByRole("button", { name: "Create webinar" }).click();
      await page.locator("article.webinar").first().waitFor();
    },
  },
  {
    name: "settings",
    as: "admin",
    open: async (page, base) => {
      // The webinar created above reaches the app by a webhook: reload until it is listed.
      for (let tries = 0; ; tries++) {
        await goto(page, `${base}/settings`, "Settings");
        await settingsLoaded(page);
        if ((await page.locator("#webinars tr[data-webinar-id]").count()) > 0) break;
        if (tries === 60) throw new Error("the webinar created in the sandbox panel is not listed");
        await new Promise((r) => setTimeout(r, 500));
      }
    },
  },
  {
    name: "webinar-charts",
    as: "admin",
    open: async (page, base) => {
      const id = await page.evaluate(() => fetch("/api/webinars").then((r) => r.json()).then((w: { webinarId: string }[]) => w[0]?.webinarId));
      if (!id) throw new Error("no webinar to open");
      await goto(page, `${base}/settings/webinars/${id}`);
      await page.locator("main[data-webinar-id][data-ready]").waitFor();
    },
  },
  {
    name: "webinar-questions",
    as: "admin",
    open: async (page, base) => {
      const id = await page.evaluate(() => fetch("/api/webinars").then((r) => r.json()).then((w: { webinarId: string }[]) => w[0]?.webinarId));
      if (!id) throw new Error("no webinar to open");
      await goto(page, `${base}/settings/webinars/${id}/questions`);
      await settingsLoaded(page);
    },
  },
  {
    name: "zoom-user-questions",
    as: "admin",
    open: async (page, base) => {
      const id = await page.evaluate(() => fetch("/api/zoom-users").then((r) => r.json()).then((u: { zoomUserId: string }[]) => u[0]?.zoomUserId));
      if (!id) throw new Error("no Zoom user to open");
      await goto(page, `${base}/settings/zoom-users/${id}/questions`);
      await settingsLoaded(page);
    },
  },
  {
    name: "insights",
    as: "admin",
    open: async (page, base) => {
      await goto(page, `${base}/settings/insights`, "Insights");
      await page.locator("main[data-page=insights][data-ready]").waitFor();
    },
  },
  { name: "disconnect-zoom", as: "admin", open: (page, base) => goto(page, `${base}/settings/zoom/disconnect`, "Disconnect Zoom?") },
  { name: "sandbox-panel", as: "admin", open: (page, base) => goto(page, `${base}/sandbox`, "Sandbox panel") },
  { name: "sandbox-portal", as: "admin", open: (page, base) => goto(page, `${base}/sandbox/portal`) },
  {
    name: "health-banner",
    as: "admin",
    open: async (page, base) => {
      await goto(page, `${base}/sandbox`, "Sandbox panel");
      await page.locator("#problem-wrong-secret").click();
      await page.waitForURL(`${base}/sandbox`);
      await goto(page, `${base}/settings`, "Settings");
      await page.locator("#health-banner").waitFor();
      await settingsLoaded(page);
    },
    after: async (page, base) => {
      await goto(page, `${base}/sandbox`, "Sandbox panel");
      await page.locator("#problem-reset").click();
      await page.waitForURL(`${base}/sandbox`);
    },
  },
];

const WIDTHS = [1280, 390];

async function goto(page: Page, url: string, heading?: string) {
  const res = await page.goto(url);
  if (!res) throw new Error(`no answer for ${url}`);
  if (heading !== undefined) expect(await page.locator("h1").first().textContent()).toBe(heading);
}

/** The first Tab reaches a visible "Skip to main content" with a focus outline; Enter moves focus to <main id="main">. */
async function expectSkipLink(page: Page) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const a = document.activeElement as HTMLElement;
    const style = getComputedStyle(a);
    return { text: a.textContent, href: a.getAttribute("href"), top: a.getBoundingClientRect().top, outline: style.outlineStyle, outlineWidth: style.outlineWidth };
  });
  expect(skip).toEqual({ text: "Skip to main content", href: "#main", top: expect.any(Number), outline: "solid", outlineWidth: "3px" });
  expect(skip.top).toBeGreaterThanOrEqual(0);
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
}

describe("every page: accessible (axe-core) and usable at 390 px (sandbox mode)", () => {
  let app: Awaited<ReturnType<typeof startSandboxApp>>;
  let browser: Browser;
  let admin: BrowserContext;
  let adminPage: Page;

  beforeAll(async () => {
    app = await startSandboxApp();
    browser = await launchBrowser();
    admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    adminPage = await admin.newPage();
    await adminPage.goto(app.baseUrl);
    await adminPage.getByRole("link", { name: "Install in HubSpot" }).click();
    await adminPage.getByRole("link", { name: "Connect app" }).click();
    await adminPage.waitForURL(`${app.baseUrl}/settings`);
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it.each(PAGES.map((p) => [p.name, p] as const))("%s: no serious or critical axe-core violation at 1280 and 390 px, and no sideways scroll at 390 px", async (name, entry) => {
    const context = entry.as === "admin" ? admin : await browser.newContext();
    const page = entry.as === "admin" ? adminPage : await context.newPage();
    try {
      await page.setViewportSize({ width: 1280, height: 900 });
      await entry.open(page, app.baseUrl);
      if (!entry.simulated) await expectSkipLink(page);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await expectNoSeriousViolations(page);
        await screenshot(page, `${name}-${width}`);
        if (width < 600) {
          const { scrollWidth, innerWidth, tooWide } = await pageWidth(page);
          // Named when it fails: what reaches past the window's right edge.
          expect({ scrollWidth: scrollWidth <= innerWidth ? "fits" : scrollWidth, tooWide: scrollWidth <= innerWidth ? [] : tooWide }).toEqual({ scrollWidth: "fits", tooWide: [] });
        }
      }
      await entry.after?.(page, app.baseUrl);
    } finally {
      if (entry.as === "visitor") await context.close();
    }
  });
});
