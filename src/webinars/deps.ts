import type { Config } from "../config";
import type { Database } from "../db/database";
import type { Logger } from "../lib/logger";
import type { JobQueue, TransactionLike } from "../queue/queue";
import type { ZoomApi } from "../zoom/api";

/**
 * Asks for a HubSpot sync of a webinar whose recorded facts changed, inside the
 * transaction that recorded them (`tx`) when given. Built by the composition root from
 * src/sync/trigger.ts and passed in: src/sync reads src/webinars, never the reverse.
 */
export type RequestWebinarSync = (webinarId: string, options?: { tx?: TransactionLike }) => Promise<unknown>;

/**
 * What src/webinars' functions are built from; each takes the part it uses
 * (`Pick<WebinarsDeps, "db" | "zoomApi">`). The composition root (src/workers.ts,
 * src/app.ts) hands them over.
 */
export interface WebinarsDeps {
  db: Database;
  logger: Logger;
  queue: JobQueue;
  /** Where Zoom's API and downloads live (a transcript is fetched only from a Zoom host). */
  config: Pick<Config, "zoom">;
  /** The connection's Zoom access token (transcript downloads). */
  vault: { getZoomAccessToken(connectionId: string): Promise<string> };
  zoomApi(connectionId: string): ZoomApi;
  requestWebinarSync: RequestWebinarSync;
}
