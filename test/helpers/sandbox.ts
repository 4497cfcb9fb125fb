import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/lib/logger";
import { startRuntime, type Runtime } from "../../src/runtime";
import { LogCapture } from "./app";
import { Browser } from "./browser";
import { createEmptyPostgresDatabase } from "./database";
import { freePort } from "./net";

export interface SandboxApp {
  runtime: Runtime;
  baseUrl: string;
  /** Stops the process's runtime and starts it again on the same data (a restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole product as `npm start` runs it with nothing configured: sandbox mode, on a
 * fresh DATA_DIR (and a fresh Postgres database when DATABASE_URL is set, else embedded).
 */
export async function startSandboxApp(): Promise<SandboxApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hzw-sandbox-"));
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  let drop: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    const db = await createEmptyPostgresDatabase();
    env.DATABASE_URL = db.url;
    drop = db.drop;
  }
  // The app needs a fixed PORT (its base URL is in the simulated services' redirect URLs): a
  // port free a moment ago can be taken by another test worker before we listen, so try again.
  let config = loadConfig({ ...env, PORT: String(await freePort()) });
  const start = () => startRuntime(config, createLogger({ level: "warn", destination: new LogCapture().stream }));
  let running: Runtime | undefined;
  for (let attempt = 1; !running; attempt++) {
    try {
      running = await start();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt === 5) throw err;
      config = loadConfig({ ...env, PORT: String(await freePort()) });
    }
  }
  return {
    get runtime() {
      if (!running) throw new Error("the sandbox app is stopped");
      return running;
    },
    baseUrl: config.appBaseUrl,
    async restart() {
      await running?.stop();
      running = undefined;
      running = await start();
    },
    async stop() {
      await running?.stop();
      running = undefined;
      await drop?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Follows the consent page's link with this id (the simulated HubSpot and Zoom consent pages). */
export async function clickConsent(browser: Browser, page: { url: string; body: string }, id: string) {
  const href = new RegExp(`id="${id}"[^>]*href="([^"]+)"`).exec(page.body)?.[1];
  if (!href) throw new Error(`No #${id} on ${page.url}: ${page.body.slice(0, 300)}`);
  return browser.go(new URL(href.replace(/&amp;/g, "&").replace(/&#38;/g, "&"), page.url).toString());
}

/** A sandbox app with its admin signed in (installed in the simulated portal, Zoom connected), and that browser's requests. */
export interface SignedInSandbox {
  app: SandboxApp;
  browser: Browser;
  csrf: string;
  /** A form post as the panel's forms send it (CSRF in `_csrf`). */
  form: (path: string, fields: Record<string, string>) => Promise<Response>;
  /** A JSON API call with the CSRF header; `body` is the parsed answer (undefined for 204). */
  api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;
}

/**
 * Starts a sandbox app and signs its admin in as a person does: approves the simulated
 * HubSpot consent, then Zoom's. With `syncAll`, webinar sync is turned on for every Zoom user.
 */
export async function signedInSandbox(options: { syncAll?: boolean } = {}): Promise<SignedInSandbox> {
  const app = await startSandboxApp();
  const browser = new Browser();
  await clickConsent(browser, await browser.go(`${app.baseUrl}/install`), "approve");
  await clickConsent(browser, await browser.go(`${app.baseUrl}/oauth/zoom/connect`), "approve");
  const csrf = ((await (await browser.fetch(`${app.baseUrl}/api/session`)).json()) as { csrfToken: string }).csrfToken;
  const s: SignedInSandbox = {
    app,
    browser,
    csrf,
    form: (path, fields) =>
      browser.fetch(`${app.baseUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      }),
    api: async (method, path, body) => {
      const res = await browser.fetch(`${app.baseUrl}${path}`, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
    },
  };
  if (options.syncAll) {
    const saved = await s.api("PUT", "/api/settings", { webinarSync: { enabled: true, scope: "all", selectedZoomUserIds: [] }, exclusions: { hostDomains: [], contactDomains: [] } });
    if (saved.status !== 200) throw new Error(`turning sync on answered ${saved.status}: ${JSON.stringify(saved.body)}`);
  }
  return s;
}
