import type { Config } from "./config";
import { TokenVault, type TokenVaultOptions } from "./connections/vault";
import type { Database } from "./db/database";
import { hubspotWriters, type HubSpotWriters } from "./hubspot/writer";
import { portalTokenStore } from "./install/repository/portals";
import { PrismaSessionStore } from "./install/session";
import { TokenCipher } from "./lib/crypto";
import type { Logger } from "./lib/logger";
import { resolveSecrets, type Secrets } from "./lib/secrets";
import type { JobQueue } from "./queue/queue";
import { requestWebinarSync } from "./queue/sync-webinar-job";
import type { Sandbox } from "./sandbox/sandbox";
import type { RequestWebinarSync } from "./webinars/deps";
import { ZoomApi, type ZoomApiFactory } from "./zoom/api";

/**
 * The clients a process builds once, each in one way. Features never receive this bag:
 * the composition root (src/app.ts, src/workers.ts, src/runtime.ts) hands each route and
 * job what it uses.
 */
export interface Clients {
  secrets: Secrets;
  cipher: TokenCipher;
  vault: TokenVault;
  sessionStore: PrismaSessionStore;
  zoomApi: ZoomApiFactory;
  /** A portal's HubSpot writer (the sync, install, the workflow action's contact read), sharing the portal's rate budget. */
  hubspotApi: HubSpotWriters;
}

/** What routes and jobs are built from: one instance per process. */
export interface Services extends Clients {
  config: Config;
  db: Database;
  logger: Logger;
  queue: JobQueue;
  /** Sandbox mode: the simulated HubSpot portal and Zoom account. */
  sandbox?: Sandbox;
  /** A HubSpot sync of the webinar (src/queue/sync-webinar-job.ts), for the folders that record its facts. */
  requestWebinarSync: RequestWebinarSync;
}

export function createServices(base: { config: Config; db: Database; logger: Logger; queue: JobQueue; sandbox?: Sandbox }): Services {
  return {
    ...base,
    ...createClients(base),
    requestWebinarSync: (webinarId, options) => requestWebinarSync(base.queue, webinarId, options),
  };
}

export function createClients(base: { config: Config; db: Database; logger: Logger }): Clients {
  const secrets = resolveSecrets(base.config);
  const cipher = new TokenCipher([secrets.tokenKey]);
  const vault = createTokenVault({ ...base, cipher });
  return {
    secrets,
    cipher,
    vault,
    sessionStore: new PrismaSessionStore(base.db.prisma),
    zoomApi: ZoomApi.factory(base.config.zoom.apiBaseUrl, vault),
    hubspotApi: hubspotWriters({ vault, config: base.config, db: base.db }),
  };
}

/** The token vault: portals' tokens through src/install's repository, Zoom connections' through src/connections'. */
export function createTokenVault(
  deps: { config: Config; db: Database; logger: Logger; cipher: TokenCipher },
  options?: TokenVaultOptions,
): TokenVault {
  return new TokenVault({ ...deps, portals: portalTokenStore(deps.db.prisma) }, options);
}
