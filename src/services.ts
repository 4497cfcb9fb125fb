import type { Config } from "./config";
import { TokenVault } from "./connections/vault";
import type { Database } from "./db/database";
import { HubSpotWriter, type WriterOptions } from "./hubspot/writer";
import { PrismaSessionStore } from "./install/session";
import { TokenCipher } from "./lib/crypto";
import type { Logger } from "./lib/logger";
import { resolveSecrets, type Secrets } from "./lib/secrets";
import type { JobQueue } from "./queue/queue";
import type { Sandbox } from "./sandbox/sandbox";
import { ZoomApi, type ZoomApiFactory } from "./zoom/api";

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
  zoomApi: ZoomApiFactory;
  /**
   * HubSpot calls outside the sync (install, the workflow action's contact read): the
   * sync's writer, sharing the portal's rate budget, with 3 attempts unless told.
   */
  hubspotApi(portalId: bigint, options?: WriterOptions): HubSpotWriter;
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
    zoomApi: ZoomApi.factory(base.config.zoom.apiBaseUrl, vault),
    hubspotApi: (portalId, options) => new HubSpotWriter({ vault, config: base.config, db: base.db }, portalId, { attempts: 3, ...options }),
  };
}
