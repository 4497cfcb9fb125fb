import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/lib/logger";
import { startRuntime, type Runtime } from "../../src/runtime";
import { LogCapture } from "../helpers/app";
import { createEmptyPostgresDatabase } from "../helpers/database";
import { freePort } from "../helpers/net";

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


/** The whole product as `npm start` runs it with nothing configured: sandbox mode. */
export async function startSandboxApp(): Promise<{ runtime: Runtime; baseUrl: string; stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hzw-browser-"));
  const env: NodeJS.ProcessEnv = { PORT: String(await freePort()), DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  let drop: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    const db = await createEmptyPostgresDatabase();
    env.DATABASE_URL = db.url;
    drop = db.drop;
  }
  const config = loadConfig(env);
  const runtime = await startRuntime(config, createLogger({ level: "warn", destination: new LogCapture().stream }));
  return {
    runtime,
    baseUrl: config.appBaseUrl,
    async stop() {
      await runtime.stop();
      await drop?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
