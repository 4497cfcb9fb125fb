import type { Config } from "../config";
import type { TokenVault } from "../connections/vault";
import type { Database } from "../db/database";
import type { HubSpotWriter, WriterOptions } from "../hubspot/writer";
import type { Logger } from "../lib/logger";
import type { RequestWebinarSync } from "../webinars/deps";
import type { ZoomApiFactory } from "../zoom/api";

/**
 * What the workflow action's functions are built from; each takes the part it uses.
 * The composition root (src/app.ts) hands them over.
 */
export interface WorkflowActionDeps {
  db: Database;
  logger: Logger;
  config: Config;
  vault: Pick<TokenVault, "getZoomAccessToken" | "zoomAccessTokenFrom">;
  zoomApi: ZoomApiFactory;
  /** HubSpot calls of the action (the contact read), sharing the portal's rate budget with the sync. */
  hubspotApi(portalId: bigint, options?: WriterOptions): HubSpotWriter;
  requestWebinarSync: RequestWebinarSync;
}
