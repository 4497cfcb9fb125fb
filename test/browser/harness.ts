import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's chromium (installed by .ci/run with apt-get), driven by playwright-core. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = path.resolve("test-artifacts/screenshots");

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}


export { startSandboxApp } from "../helpers/sandbox";

/** axe-core's source (a pinned dev dependency), run in the page with page.evaluate: the app's CSP refuses injected <script> tags. */
const AXE_SOURCE = path.resolve("node_modules/axe-core/axe.min.js");
let axeSource: string | undefined;

/** The WCAG 2.0–2.2 A and AA rules (target size included) and axe's best practices. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** axe-core's serious and critical violations on the page as it is now, one line each (rule, help, where). */
export async function seriousViolations(page: Page): Promise<string[]> {
  axeSource ??= fs.readFileSync(AXE_SOURCE, "utf8");
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, AXE_TAGS);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact ?? "?"} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
}

/** Fails with axe-core's serious and critical violations named, when there are any. */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
  const found = await seriousViolations(page);
  if (found.length) throw new Error(`axe-core found on ${page.url()} (${page.viewportSize()?.width ?? "?"} px):\n${found.join("\n")}`);
}

/** How wide the page lays out against the window, and the outermost elements that reach past its right edge (to name in a failure). */
export async function pageWidth(page: Page): Promise<{ scrollWidth: number; innerWidth: number; tooWide: string[] }> {
  return page.evaluate(() => {
    const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${e.classList.length ? `.${Array.from(e.classList).join(".")}` : ""}`;
    const past = Array.from(document.body.querySelectorAll("*")).filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5);
    const outermost = past.filter((e) => !past.includes(e.parentElement as Element));
    return {
      scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
      innerWidth: window.innerWidth,
      tooWide: outermost.slice(0, 5).map((e) => `${name(e)} (${Math.round(e.getBoundingClientRect().right)} px)`),
    };
  });
}

/**
 * What every sandbox browser test starts with: install the app in the simulated HubSpot
 * portal, then connect the simulated Zoom account, as an admin clicks through it; ends on
 * /settings.
 */
export async function installAndConnectZoom(page: Page, baseUrl: string) {
  await page.goto(baseUrl);
  await page.getByRole("link", { name: "Install in HubSpot" }).click();
  await page.getByRole("link", { name: "Connect app" }).click();
  await page.waitForURL(`${baseUrl}/settings`);
  await page.getByRole("link", { name: "Connect Zoom" }).click();
  await page.getByRole("link", { name: "Allow" }).click();
  await page.waitForURL(`${baseUrl}/settings`);
}
