import { z } from "zod";
import { createLogger } from "../../src/lib/logger";
import { defineJob, JobQueue } from "../../src/queue/queue";
import { requestWebinarSync, syncWebinarJob } from "../../src/queue/sync-webinar-job";
import { LogCapture } from "../helpers/app";
import { backends, createTestDatabase, type TestDatabase } from "../helpers/database";
import { startWorld, worldEnv, type World } from "../helpers/world";
import { bigWebinar, expectBigWebinarSynced, installAndConnect } from "../sync/factories";
import { eventually } from "../webhooks/harness";
import { startAppProcess, type AppProcess } from "./processes";

/**
 * Crash recovery (issue #12 point 1): a job whose process dies is run again within 60 s,
 * by the restarted process or by another live worker, and a live worker's jobs, however
 * long, are never taken from it.
 */
describe.each(backends())("crash recovery of jobs on %s (in one process, short timings)", (backend) => {
  let db: TestDatabase;
  let queue: JobQueue;
  const logs = new LogCapture();

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    queue = await JobQueue.start(db, createLogger({ level: "info", destination: logs.stream }), {
      pollingIntervalSeconds: 0.5,
      maintenance: false,
      recovery: { beatMs: 200, staleMs: 1000 },
    });
  });
  afterAll(async () => {
    await queue?.stop();
    await db?.destroy();
  });

  it("when a process died holding a job on its last attempt, then the job runs again at once and completes", async () => {
    const orphan = defineJob({ name: "test-orphan", schema: z.object({ n: z.number() }), retryLimit: 0 });
    await queue.register(orphan);
    const id = (await queue.enqueue(orphan, { n: 7 }))!;
    // What a process killed mid-job leaves: pg-boss's row active, and a heartbeat that stopped long ago.
    await db.sql.query(`UPDATE pgboss.job SET state = 'active', started_on = now() - interval '10 minutes' WHERE id = $1`, [id]);
    await db.sql.query(
      `INSERT INTO worker_heartbeats (id, host, pid, beat_at, job_ids) VALUES (gen_random_uuid(), 'gone', 1, now() - interval '9 minutes', ARRAY[$1::uuid])`,
      [id],
    );

    const seen: number[] = [];
    await queue.work(orphan, async ({ n }) => void seen.push(n));

    await eventually(async () => (await queue.getJob(orphan as never, id))?.state === "completed", "the orphaned job to complete");
    expect(seen).toEqual([7]);
    expect(logs.lines.some((l) => l.msg === "job recovery: a job whose process stopped runs again" && l.jobId === id)).toBe(true);
  });

  it("when a live worker runs a job for several stale periods, then no sweep takes it: it runs once", async () => {
    const long = defineJob({ name: "test-long-job", schema: z.object({ n: z.number() }), retryLimit: 3 });
    let runs = 0;
    await queue.work(long, async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 3500));
    });
    const id = (await queue.enqueue(long, { n: 1 }))!;
    await eventually(async () => (await queue.getJob(long as never, id))?.state === "completed", "the long job to complete");
    expect(runs).toBe(1);
    expect((await queue.getJob(long as never, id))?.retryCount).toBe(0);
  });
});

/** Worker processes share the database: real PostgreSQL only (the embedded database is one process by design). */
if (process.env.DATABASE_URL) {
  describe("crash recovery of a sync when a worker process is killed (kill -9)", () => {
    let world: World;
    let connectionId: string;
    const processes: AppProcess[] = [];
    const upserts = () => world.hubspot.callsTo("POST", "/crm/objects/2026-09/contacts/batch/upsert").length;

    const startWorker = () => {
      const p = startAppProcess("worker", {
        DATABASE_URL: world.db.connectionString,
        APP_BASE_URL: world.app.url,
        ...worldEnv(world.hubspot, world.zoom),
      });
      processes.push(p);
      return p;
    };

    /** 250 registrants (3 contact batches of 100), 120 of whom attended. */
    const webinarOf = (domain: string) => bigWebinar(world, connectionId, domain);

    /** The second contact batch is held (no answer) so the sync is mid-write when its process is killed. */
    function holdSecondContactBatch() {
      world.hubspot.inject({ path: "/crm/objects/2026-09/contacts/batch/upsert", times: 1 });
      world.hubspot.inject({ path: "/crm/objects/2026-09/contacts/batch/upsert", delayMs: 10_000, times: 1 });
    }

    async function expectSyncedOnce(jobId: string, w: { id: string; zoomWebinarId: string }, domain: string) {
      await eventually(
        async () => (await world.app.services.queue.getJob(syncWebinarJob as never, jobId))?.state === "completed",
        "the interrupted sync to complete",
        120_000,
      );
      expectBigWebinarSynced(world, w, domain);
      expect((await world.db.prisma.webinar.findUniqueOrThrow({ where: { id: w.id } })).lastSyncStatus).toBe("synced");
    }

    /** The first call to the fake HubSpot after `since`: the sync working again. */
    const resumedAt = (since: number) => eventually(async () => world.hubspot.calls.find((c) => c.at > since)?.at, "the sync to resume", 120_000);

    beforeAll(async () => {
      world = await startWorld();
      ({ connection: { id: connectionId } } = await installAndConnect(world));
    });
    afterAll(async () => {
      await Promise.all(processes.map((p) => p.kill("SIGTERM")));
      await world?.close();
    });
    afterEach(() => world.hubspot.clearFaults());

    it("when the worker is killed mid-sync and started again, then the sync resumes and writes everything once", async () => {
      const w = await webinarOf("restart.example");
      holdSecondContactBatch();
      const first = startWorker();
      const jobId = (await requestWebinarSync(world.app.services.queue, w.id))!;
      await eventually(async () => upserts() >= 2, "the sync to be mid-write", 60_000);

      await first.kill("SIGKILL");
      const killedAt = Date.now();
      world.hubspot.clearFaults();
      const second = startWorker();

      const resumed = await resumedAt(killedAt);
      const fromStart = resumed - second.startedAt;
      console.log(`crash recovery (restart): the sync resumed ${fromStart} ms after the new process started (${resumed - killedAt} ms after the kill)`);
      await expectSyncedOnce(jobId, w, "restart.example");
      expect(second.output()).toMatch(/job recovery: a job whose process stopped runs again/);
    }, 180_000);

    it("when the worker running a sync is killed, then another live worker resumes it and writes everything once", async () => {
      // The process of the test above is alive; one more, so either may take the job.
      startWorker();
      const alive = () => processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
      const w = await webinarOf("takeover.example");
      holdSecondContactBatch();
      const before = upserts();
      const jobId = (await requestWebinarSync(world.app.services.queue, w.id))!;
      await eventually(async () => upserts() >= before + 2, "the sync to be mid-write", 60_000);
      // The holder is the process whose heartbeat names the job.
      const holderPid = await eventually(async () => {
        const rows = await world.db.sql.query<{ pid: number }>(`SELECT pid FROM worker_heartbeats WHERE $1::uuid = ANY (job_ids)`, [jobId]);
        return rows[0]?.pid;
      }, "the job's holder to beat", 30_000);
      const holder = alive().find((p) => p.child.pid === holderPid)!;
      expect(holder).toBeDefined();

      await holder.kill("SIGKILL");
      const killedAt = Date.now();
      world.hubspot.clearFaults();

      const resumed = await resumedAt(killedAt);
      console.log(`crash recovery (takeover): another worker resumed the sync ${resumed - killedAt} ms after the kill`);
      await expectSyncedOnce(jobId, w, "takeover.example");
      expect(alive()).toHaveLength(1);
    }, 180_000);
  });
}
