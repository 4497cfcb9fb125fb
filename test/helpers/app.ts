import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createApp } from "../../src/app";
import { loadConfig, type Config, type LiveConfig } from "../../src/config";
import type { Database } from "../../src/db/database";
import { createLogger, type Logger } from "../../src/lib/logger";
import { JobQueue } from "../../src/queue/queue";
import { createServices, type Services } from "../../src/services";
import { APP_JOBS, startWorkers } from "../../src/workers";

/** Log lines written during a test, parsed, for assertions on what is (not) logged. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      const text = chunk.toString();
      this.raw.push(text);
      for (const line of text.split("\n").filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  text() {
    return this.raw.join("");
  }
}

export const TEST_SESSION_SECRET = "test-session-secret-".padEnd(48, "x");
export const TEST_TOKEN_KEY = Buffer.alloc(32, 3).toString("base64");

/**
 * Credentials of an app that calls neither service (the foundation tests); a world
 * (test/helpers/world.ts) gives the fakes' instead. Nothing listens at these addresses.
 */
const OFFLINE_APPS: NodeJS.ProcessEnv = {
  HUBSPOT_CLIENT_ID: "offline-hubspot-app",
  HUBSPOT_CLIENT_SECRET: "offline-hubspot-secret",
  HUBSPOT_APP_ID: "1",
  HUBSPOT_AUTHORIZE_URL: "http://127.0.0.1:9/oauth/authorize",
  HUBSPOT_API_BASE_URL: "http://127.0.0.1:9",
  ZOOM_CLIENT_ID: "offline-zoom-app",
  ZOOM_CLIENT_SECRET: "offline-zoom-secret",
  ZOOM_WEBHOOK_SECRET_TOKEN: "offline-zoom-webhook-secret",
  ZOOM_OAUTH_BASE_URL: "http://127.0.0.1:9",
  ZOOM_API_BASE_URL: "http://127.0.0.1:9/v2",
};

/** A live configuration (the app without the sandbox: sandbox mode is test/helpers/sandbox.ts). */
export function testConfig(env: NodeJS.ProcessEnv = {}): LiveConfig {
  const config = loadConfig({
    LOG_LEVEL: "info",
    PORT: "0",
    DATA_DIR: "/nonexistent",
    SESSION_SECRET: TEST_SESSION_SECRET,
    TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
    ...OFFLINE_APPS,
    ...env,
  });
  if (config.mode !== "live") throw new Error("a test app runs with credentials; sandbox mode is startSandboxApp()");
  return config;
}

export interface TestApp {
  url: string;
  config: Config;
  logger: Logger;
  logs: LogCapture;
  services: Services;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment on top of the test defaults; `APP_BASE_URL` defaults to the app's own URL. */
  env?: NodeJS.ProcessEnv | ((appUrl: string) => NodeJS.ProcessEnv);
  /** Also run the background workers in this process (as `npm start` does). */
  workers?: boolean;
}

/** The real app on an ephemeral port with its job queue, logging into memory. */
export async function startTestApp(db: Database, options: TestAppOptions = {}): Promise<TestApp> {
  const logs = new LogCapture();
  const logger = createLogger({ level: "info", destination: logs.stream });
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = typeof options.env === "function" ? options.env(url) : (options.env ?? {});
  const config = testConfig({ APP_BASE_URL: url, ...env });
  const queue = await JobQueue.start(db, logger, { pollingIntervalSeconds: 0.5, maintenance: false, jobs: APP_JOBS });
  const services = createServices({ config, db, logger, queue });
  if (options.workers) await startWorkers(services);
  server.on("request", createApp(services));
  return {
    url,
    config,
    logger,
    logs,
    services,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      services.sessionStore.close();
      await queue.stop(2000);
    },
  };
}
