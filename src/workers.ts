import type { Config } from "./config";
import type { Database } from "./db/database";
import type { Logger } from "./lib/logger";
import type { JobQueue } from "./queue/queue";

export interface WorkerDeps {
  config: Config;
  db: Database;
  logger: Logger;
  queue: JobQueue;
}

/**
 * Starts the background workers of every feature. Each feature exports a
 * `start…Workers(deps)` and is listed here; the web role does not call this.
 */
export async function startWorkers(deps: WorkerDeps): Promise<void> {
  const starters: ((deps: WorkerDeps) => Promise<void>)[] = [];
  for (const start of starters) await start(deps);
}
