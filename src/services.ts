import type { Config } from "./config";
import { TokenVault } from "./connections/vault";
import type { Database } from "./db/database";
import { hubspotWriters, type HubSpotWriters } from "./hubspot/writer";
import { PrismaSessionStore } from "./install/session";
import { TokenCipher } from "./lib/crypto";
import type { Logger } from "./lib/logger";
import { resolveSecrets, type Secrets } from "./lib/secrets";
import type { JobQueue } from "./queue/queue";
import type { Sandbox } from "./sandbox/sandbox";
import { requestWebinarSync } from "./queue/sync-webinar-job";
import type { RequestWebinarSync } from "./webinars/deps";
import { ZoomApi } from "./zoom/api";

/** What routes and jobs are built from: one instance per process. */
export interface Services {
  config: Config;
  db: Database;
  logger: Logger;
  queue: JobQueue;
  secrets: Secrets;
  cipher: TokenCipher;
  vault: TokenVault;
  sessionStore: PrismaSessionStore;
  /** Sandbox mode: the simulated HubSpot portal and Zoom account. */
  sandbox?: Sandbox;
  zoomApi(connectionId: string): ZoomApi;
  /** A portal's HubSpot writer (the sync, install, the workflow action's contact read), sharing the portal's rate budget. */
  hubspotApi: HubSpotWriters;
  /** A HubSpot sync of the webinar (src/queue/sync-webinar-job.ts), for the folders that record its facts. */
  requestWebinarSync: RequestWebinarSync;
}

export function createServices(base: {
  config: Config;
  db: Database;
  logger: Logger;
  queue: JobQueue;
  sandbox?: Sandbox;
}): Services {
  const secrets = resolveSecrets(base.config);
  const cipher = new TokenCipher([secrets.tokenKey]);
  const vault = new TokenVault(base.db, cipher, base.config, base.logger);
  return {
    ...base,
    secrets,
    cipher,
    vault,
    sessionStore: new PrismaSessionStore(base.db.prisma),
    zoomApi: (connectionId) => new ZoomApi(connectionId, vault, base.config),
    requestWebinarSync: (webinarId, options) => requestWebinarSync(base.queue, webinarId, options),
    hubspotApi: hubspotWriters({ vault, config: base.config, db: base.db }),
  };
}
