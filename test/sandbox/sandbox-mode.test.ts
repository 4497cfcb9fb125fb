import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/lib/logger";
import { startRuntime, type Runtime } from "../../src/runtime";
import { SANDBOX_PORTAL_ID } from "../../src/sandbox/sandbox";
import { LogCapture } from "../helpers/app";
import { Browser } from "../helpers/browser";
import { createEmptyPostgresDatabase } from "../helpers/database";
import { freePort } from "../helpers/net";


/** Clicks the consent page's link with this id. */
async function click(browser: Browser, page: { url: string; body: string }, id: string) {
  const href = new RegExp(`id="${id}"[^>]*href="([^"]+)"`).exec(page.body)?.[1];
  if (!href) throw new Error(`No #${id} on ${page.url}: ${page.body.slice(0, 300)}`);
  return browser.go(new URL(href.replace(/&amp;/g, "&").replace(/&#38;/g, "&"), page.url).toString());
}

describe("sandbox mode (nothing configured)", () => {
  let dataDir: string;
  let dropDb: (() => Promise<void>) | undefined;
  let env: NodeJS.ProcessEnv;
  let runtime: Runtime | undefined;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hzw-sandbox-"));
    env = { PORT: String(await freePort()), DATA_DIR: dataDir, LOG_LEVEL: "warn" };
    if (process.env.DATABASE_URL) {
      const db = await createEmptyPostgresDatabase();
      env.DATABASE_URL = db.url;
      dropDb = db.drop;
    }
  });
  afterAll(async () => {
    await runtime?.stop();
    await dropDb?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const config = loadConfig(env);
    runtime = await startRuntime(config, createLogger({ level: "warn", destination: new LogCapture().stream }));
    return config.appBaseUrl;
  };

  it("when a visitor installs and connects Zoom through the simulated consent pages, then it works and survives a restart", async () => {
    const base = await start();
    expect(base).toBe(`http://localhost:${env.PORT}`);
    const browser = new Browser();
    const landing = await browser.go(`${base}/`);
    expect(landing.body).toContain("Sandbox");

    const consent = await browser.go(`${base}/install`);
    expect(consent.url.startsWith(`${base}/sandbox/hubspot/oauth/authorize`)).toBe(true);
    expect(consent.body).toContain("Sandbox");
    const settings = await click(browser, consent, "approve");
    expect(settings.url).toBe(`${base}/settings`);
    expect(settings.body).toContain(String(SANDBOX_PORTAL_ID));
    expect(settings.body).toContain("Sandbox");

    const zoomConsent = await browser.go(`${base}/oauth/zoom/connect`);
    expect(zoomConsent.url.startsWith(`${base}/sandbox/zoom/oauth/authorize`)).toBe(true);
    const afterZoom = await click(browser, zoomConsent, "approve");
    expect(afterZoom.body).toContain("host@sandbox-zoom.test");
    const session = (await (await browser.fetch(`${base}/api/session`)).json()) as Record<string, unknown>;
    expect(session).toMatchObject({ portalId: SANDBOX_PORTAL_ID, zoomConnected: true, sandbox: true });

    // A restart keeps the simulated accounts, the session and working tokens.
    await runtime!.stop();
    runtime = undefined;
    await start();
    const again = (await (await browser.fetch(`${base}/api/session`)).json()) as Record<string, unknown>;
    expect(again).toMatchObject({ portalId: SANDBOX_PORTAL_ID, zoomConnected: true });
    const connection = await runtime!.db.prisma.zoomConnection.findFirstOrThrow();
    await runtime!.db.prisma.zoomConnection.update({ where: { id: connection.id }, data: { accessTokenExpiresAt: new Date(0) } });
    const services = runtime!.services;
    const me = await services.zoomApi(connection.id).get<{ email: string }>("/users/me");
    expect(me.email).toBe("host@sandbox-zoom.test");
  }, 90000);
});
