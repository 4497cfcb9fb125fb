import type { Services } from "./services";
import { startWebinarWorkers } from "./webinars/workers";
import { startSyncWorkers } from "./sync/worker";

/**
 * Starts the background workers of every feature. Each feature exports a
 * `start…Workers(services)` and is listed here; the web role does not call this.
 */
export async function startWorkers(services: Services): Promise<void> {
  const starters: ((services: Services) => Promise<void>)[] = [
    startSyncWorkers,
    startWebinarWorkers,
  ];
  for (const start of starters) await start(services);
}
