import type { Config } from "./config";
import { TokenVault, type TokenVaultOptions } from "./connections/vault";
import type { Database } from "./db/database";
import { HubSpotWriter, type WriterOptions } from "./hubspot/writer";
import { portalTokenStore } from "./install/repository/portals";
import { PrismaSessionStore } from "./install/session";
import { TokenCipher } from "./lib/crypto";
import type { Logger } from "./lib/logger";
import { resolveSecrets, type Secrets } from "./lib/secrets";
import type { JobQueue } from "./queue/queue";
import type { Sandbox } from "./sandbox/sandbox";
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
  /**
   * HubSpot calls outside the sync (install, the workflow action's contact read): the
   * sync's writer, sharing the portal's rate budget, with 3 attempts unless told.
   */
  hubspotApi(portalId: bigint, options?: WriterOptions): HubSpotWriter;
}

/** What routes and jobs are built from: one instance per process. */
export interface Services extends Clients {
  config: Config;
  db: Database;
  logger: Logger;
  queue: JobQueue;
  /** Sandbox mode: the simulated HubSpot portal and Zoom account. */
  sandbox?: Sandbox;
}

export function createServices(base: { config: Config; db: Database; logger: Logger; queue: JobQueue; sandbox?: Sandbox }): Services {
  return { ...base, ...createClients(base) };
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
    hubspotApi: (portalId, options) => new HubSpotWriter({ vault, config: base.config, db: base.db }, portalId, { attempts: 3, ...options }),
  };
}

/** The token vault: portals' tokens through src/install's repository, Zoom connections' through src/connections'. */
export function createTokenVault(
  deps: { config: Config; db: Database; logger: Logger; cipher: TokenCipher },
  options?: TokenVaultOptions,
): TokenVault {
  return new TokenVault({ ...deps, portals: portalTokenStore(deps.db.prisma) }, options);
}
