import { z } from "zod";
import { createLogger } from "../../src/lib/logger";
import { defineJob, JobQueue, type JobDefinition } from "../../src/queue/queue";
import { LogCapture } from "../helpers/app";
import { backends, createTestDatabase, type TestDatabase } from "../helpers/database";

/** Resolves when `predicate` holds, polling; fails the test after `ms`. */
async function eventually(predicate: () => boolean | Promise<boolean>, ms = 15000) {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(backends())("job queue on %s", (backend) => {
  let db: TestDatabase;
  let queue: JobQueue;
  const logs = new LogCapture();

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    queue = await JobQueue.start(db, createLogger({ level: "info", destination: logs.stream }), {
      pollingIntervalSeconds: 0.5,
    });
  });
  afterAll(async () => {
    await queue?.stop();
    await db?.destroy();
  });

  it("when a queue is registered by many callers at once, then it is created once and none of them fails", async () => {
    // Two of pg-boss's createQueue at once can deadlock in Postgres; a few rounds make it likely.
    for (let round = 0; round < 5; round++) {
      const burst = defineJob({ name: `test-register-burst-${round}`, schema: z.object({ n: z.number() }) });
      await Promise.all(Array.from({ length: 16 }, () => queue.register(burst as JobDefinition<unknown>)));
      const ids = await Promise.all(Array.from({ length: 4 }, (_, n) => queue.enqueue(burst, { n })));
      expect(ids.every(Boolean)).toBe(true);
    }
  });

  it("when a job is enqueued, then its handler gets the validated payload once", async () => {
    const greet = defineJob({ name: "test-greet", schema: z.object({ name: z.string() }) });
    const seen: string[] = [];
    await queue.work(greet, async ({ name }) => void seen.push(name));
    const id = await queue.enqueue(greet, { name: "Ada" });
    await eventually(() => seen.length === 1);
    await eventually(async () => (await queue.getJob(greet, id!))?.state === "completed");
    expect(seen).toEqual(["Ada"]);
  });

  it("when a payload breaks the schema, then enqueue refuses it", async () => {
    const strict = defineJob({ name: "test-strict", schema: z.object({ n: z.number() }) });
    await expect(queue.enqueue(strict, { n: "one" } as never)).rejects.toThrow();
  });

  it("when a handler fails, then it is retried with backoff and finally failed with the hook called once", async () => {
    const flaky = defineJob({
      name: "test-flaky",
      schema: z.object({ n: z.number() }),
      retryLimit: 2,
      retryDelaySeconds: 1,
      retryBackoff: true,
    });
    const attempts: { retryCount: number; last: boolean }[] = [];
    const exhausted: unknown[] = [];
    await queue.work(
      flaky,
      async (_data, ctx) => {
        attempts.push({ retryCount: ctx.retryCount, last: ctx.isLastAttempt });
        throw new Error("boom");
      },
      { onExhausted: (data, err) => void exhausted.push([data, (err as Error).message]) },
    );
    const id = await queue.enqueue(flaky, { n: 1 });
    await eventually(async () => (await queue.getJob(flaky, id!))?.state === "failed", 25000);
    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2]);
    expect(attempts.map((a) => a.last)).toEqual([false, false, true]);
    // pg-boss schedules each retry after the job's delay, doubled each time (backoff).
    expect(await queue.getJob(flaky, id!)).toMatchObject({ state: "failed", retryCount: 2, retryLimit: 2, retryDelay: 1, retryBackoff: true });
    expect(exhausted).toEqual([[{ n: 1 }, "boom"]]);
    expect(logs.lines.some((l) => l.msg === "job failed for good" && l.job === "test-flaky")).toBe(true);
  });

  it("when one job keeps failing, then the jobs behind it still run", async () => {
    const mixed = defineJob({ name: "test-mixed", schema: z.object({ ok: z.boolean(), n: z.number() }), retryLimit: 0 });
    const done: number[] = [];
    await queue.work(
      mixed,
      async ({ ok, n }) => {
        if (!ok) throw new Error("bad one");
        done.push(n);
      },
      { concurrency: 2 },
    );
    await queue.enqueue(mixed, { ok: false, n: 0 });
    for (const n of [1, 2, 3]) await queue.enqueue(mixed, { ok: true, n });
    await eventually(() => done.length === 3);
    expect(done.sort()).toEqual([1, 2, 3]);
  });

  it("when enqueued inside a Prisma transaction, then the job exists only if the transaction commits", async () => {
    const audit = defineJob({ name: "test-tx", schema: z.object({ hubId: z.number() }) });
    const ran: number[] = [];
    await queue.work(audit, async ({ hubId }) => void ran.push(hubId));

    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.portal.create({ data: { id: 901n, installedByUserId: 1n, scopes: [] } });
        await queue.enqueue(audit, { hubId: 901 }, { tx });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");

    let committedId: string | null = null;
    await db.prisma.$transaction(async (tx) => {
      await tx.portal.create({ data: { id: 902n, installedByUserId: 1n, scopes: [] } });
      committedId = await queue.enqueue(audit, { hubId: 902 }, { tx });
    });
    await eventually(() => ran.includes(902));
    expect(committedId).toEqual(expect.any(String));
    expect(ran).toEqual([902]);
    const rows = await db.sql.query<{ hub: string }>(
      "SELECT data->>'hubId' AS hub FROM pgboss.job WHERE name = 'test-tx'",
    );
    expect(rows.map((r) => r.hub)).toEqual(["902"]);
    expect(await db.prisma.portal.count({ where: { id: { in: [901n, 902n] } } })).toBe(1);
  });

  it("when a short-policy job is enqueued three times with one singletonKey, then one job waits", async () => {
    const once = defineJob({ name: "test-short", schema: z.object({ k: z.string() }), policy: "short" });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await queue.enqueue(once, { k: "a" }, { singletonKey: "a" }));
    await queue.enqueue(once, { k: "b" }, { singletonKey: "b" });
    expect(ids.filter(Boolean)).toHaveLength(1);
    const rows = await db.sql.query<{ n: string }>("SELECT count(*)::text AS n FROM pgboss.job WHERE name = 'test-short'");
    expect(rows[0]!.n).toBe("2");
  });

  it("when the process starts again (its queues registered again), then a short-policy queue keeps its policy and its deduplication", async () => {
    const again = defineJob({ name: "test-short-restart", schema: z.object({ k: z.string() }), policy: "short" });
    await queue.register(again);
    const restarted = await JobQueue.start(db, createLogger({ level: "silent" }), { maintenance: false, jobs: [again] });
    try {
      const [row] = await db.sql.query<{ policy: string }>("SELECT policy FROM pgboss.queue WHERE name = 'test-short-restart'");
      expect(row!.policy).toBe("short");
      const ids = [await restarted.enqueue(again, { k: "a" }, { singletonKey: "a" }), await restarted.enqueue(again, { k: "a" }, { singletonKey: "a" })];
      expect(ids.filter(Boolean)).toHaveLength(1);
    } finally {
      await restarted.stop();
    }
  });
});
