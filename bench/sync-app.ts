import { openDatabase } from "../src/db/database";
import { syncWebinar } from "../src/sync/sync-webinar";
import { benchSyncDeps } from "./common";

/**
 * The app's side of bench/sync.bench.ts, in its own process (forked by it): only the
 * sync runs here, so this process's peak RSS is the app's. The fake HubSpot and the
 * seeded data live in the parent (another machine in production). BENCH_SYNC_BATCH sets
 * the people per batch (default: the sync's PEOPLE_BATCH).
 */

/** Parent → this process. */
export interface SyncRun {
  type: "run";
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  webinarId: string;
}

/** This process → parent. */
export type SyncRunResult =
  | { type: "done"; seconds: number; peakRss: number; baselineRss: number; calls: number }
  | { type: "failed"; message: string };

async function run(m: SyncRun): Promise<SyncRunResult> {
  const db = await openDatabase({ databaseUrl: m.databaseUrl });
  const { deps } = benchSyncDeps(m.env, db);
  try {
    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = process.hrtime.bigint();
    const result = await syncWebinar(deps, m.webinarId, { ...(process.env.BENCH_SYNC_BATCH && { batchSize: Number(process.env.BENCH_SYNC_BATCH) }) });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return { type: "done", seconds, peakRss, baselineRss, calls: result.calls };
  } finally {
    await db.close();
  }
}

process.once("message", (m: SyncRun) => {
  const send = process.send?.bind(process);
  if (!send) throw new Error("bench/sync-app.ts runs forked, with an IPC channel");
  run(m).then(
    (r) => send(r, () => process.exit(0)),
    (err: unknown) => send({ type: "failed", message: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies SyncRunResult, () => process.exit(1)),
  );
});
