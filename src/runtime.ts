import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "./app";
import type { Config, LoadedConfig } from "./config";
import { openDatabase, type Database } from "./db/database";
import { migrate } from "./db/migrate";
import { isDatabaseUnavailable } from "./db/unavailable";
import { currentEmbeddedTemplate } from "./embedded-template";
import type { Logger } from "./lib/logger";
import { JobQueue } from "./queue/queue";
import type { Sandbox } from "./sandbox/sandbox";
import { createServices, type Services } from "./services";
import { APP_JOBS, startWorkers } from "./workers";

export type Role = "all" | "web" | "worker";

export interface Runtime {
  db: Database;
  services: Services;
  queue: JobQueue;
  server?: http.Server;
  url?: string;
  stop(): Promise<void>;
}

/**
 * Brings the app up in order: database → migrations → job queue → web and/or worker.
 * `stop()` undoes it in reverse: stop accepting, finish in-flight requests, stop the
 * worker, close the database.
 */
export async function startRuntime(config: LoadedConfig, logger: Logger, role: Role = "all"): Promise<Runtime> {
  surviveLostDatabaseRejections(logger);
  // A new embedded DATA_DIR starts from the database `npm install` prepared, when there is one.
  const template = config.databaseUrl ? undefined : currentEmbeddedTemplate();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, template });
  let queue: JobQueue | undefined;
  let sandbox: Sandbox | undefined;
  try {
    const applied = await migrate(db.sql);
    if (applied.length) logger.info({ migrations: applied }, "applied database migrations");
    queue = await JobQueue.start(db, logger, { maintenance: role !== "web", jobs: APP_JOBS });
    // Sandbox mode: the simulated services supply the credentials and base URLs. Loaded
    // here only, so a live process never loads the fakes (test/sandbox/live-mode-modules.test.ts).
    let effective: Config;
    if (config.mode === "sandbox") {
      const { startSandbox } = await import("./sandbox/sandbox");
      sandbox = await startSandbox(config, logger);
      effective = sandbox.config;
    } else {
      effective = config;
    }
    const services = createServices({ config: effective, db, logger, queue, sandbox });
    if (role !== "web") await startWorkers(services);

    let server: http.Server | undefined;
    let url: string | undefined;
    if (role !== "worker") {
      const app = createApp(services);
      const listening = http.createServer(SERVER_TIMEOUTS, app);
      server = listening;
      await new Promise<void>((resolve, reject) => {
        listening.once("error", reject);
        listening.listen(config.port, config.host, () => resolve());
      });
      url = `http://localhost:${(server.address() as AddressInfo).port}`;
      if (sandbox) sandbox.appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    const started = queue;
    return {
      db,
      services,
      queue: started,
      server,
      url,
      async stop() {
        if (server) await closeServer(server);
        services.sessionStore.close();
        await started.stop();
        await sandbox?.stop();
        await db.close();
      },
    };
  } catch (err) {
    await queue?.stop().catch(() => undefined);
    await sandbox?.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}

let guarding = false;
/**
 * pg-boss 10.4.2 completes or fails a job without awaiting it (manager.js, `onFetch`):
 * when the database connection is lost at that moment, the rejection has no handler, and
 * Node's default for that is to end the process. Such a rejection, and only one that says
 * the database is unavailable, is logged and survived: the job stays active and crash
 * recovery (src/queue/recovery.ts) runs it again. Any other unhandled rejection still
 * ends the process, as before.
 */
function surviveLostDatabaseRejections(logger: Logger) {
  if (guarding) return;
  guarding = true;
  process.on("unhandledRejection", (reason) => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    logger.warn({ err: { message: (reason as Error | undefined)?.message, code: (reason as { code?: string } | undefined)?.code } }, "database unavailable in a background call; carrying on");
  });
}

/**
 * A client may not hold a socket open by sending slowly (Node's default: 300 s for a
 * request): the headers within 20 s, the whole request within 30 s (a 1 MB body at
 * modem speed), else Node answers 408 and closes. An idle keep-alive connection is
 * closed after 5 s (Node's default, said here: a proxy that keeps connections to the
 * app open must use a shorter idle timeout).
 */
export const SERVER_TIMEOUTS = { headersTimeout: 20_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 } satisfies http.ServerOptions;

/** Stops accepting connections and resolves when in-flight requests have finished. */
function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets with no request in flight would hold close() open. Not at once:
    // a request whose bytes arrived while the event loop was busy (embedded Postgres
    // runs on it) is not parsed yet, and its connection would look idle.
    setTimeout(() => server.closeIdleConnections(), 100).unref();
  });
}

