import { RateBudget } from "../../src/hubspot/budget";
import { syncWebinar } from "../../src/sync/sync-webinar";
import { PORTAL_ID, startWorld, type World } from "../helpers/world";
import { bigWebinar, expectBigWebinarSynced, hubspotState, installAndConnect } from "./factories";


describe("HubSpot writes under failures and limits", () => {
  let world: World;
  let connectionId: string;

  beforeAll(async () => {
    world = await startWorld();
    ({ connection: { id: connectionId } } = await installAndConnect(world));
  });
  afterAll(async () => world?.close());
  afterEach(() => world.hubspot.clearFaults());

  const expectComplete = (w: { zoomWebinarId: string }, domain: string) => expectBigWebinarSynced(world, w, domain);

  it("when HubSpot answers a storm of 429s and 5xx, then everything is written once all the same", async () => {
    const w = await bigWebinar(world, connectionId, "storm.example");
    const rateLimited = { status: 429, headers: { "X-HubSpot-RateLimit-Interval-Milliseconds": "200" }, body: { status: "error", errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING" } };
    world.hubspot.inject({ path: "/crm/objects/2026-09/contacts/batch/upsert", ...rateLimited, times: 3 });
    world.hubspot.inject({ path: "/crm/objects/2026-09/contacts/batch/upsert", status: 502, times: 2 });
    world.hubspot.inject({ path: "/marketing/marketing-events/2026-09/attendance/*", status: 503, times: 3 });
    world.hubspot.inject({ path: "/marketing/marketing-events/2026-09/attendance/*", ...rateLimited, times: 2 });
    world.hubspot.inject({ path: "/marketing/marketing-events/2026-09/events/upsert", drop: true, times: 1 });
    world.hubspot.inject({ path: "/crm/objects/2026-09/contacts/search", status: 500, times: 1 });

    await syncWebinar(world.app.services, w.id, { writer: { baseDelayMs: 20 } });

    expectComplete(w, "storm.example");
    expect(world.hubspot.callsTo("POST", "/crm/objects/2026-09/contacts/batch/upsert").filter((c) => JSON.stringify(c.body).includes("storm.example")).length).toBe(3 + 5);
  });

  it("when a sync dies half-way, then the rerun completes it exactly once and does not resend what was written", async () => {
    const w = await bigWebinar(world, connectionId, "crash.example");
    // Two attendance batches go through, the third never gets an answer: the sync dies there.
    const attendanceCalls = () => world.hubspot.callsTo("POST", /^\/marketing\/marketing-events\/2026-09\/attendance\//).length;
    const upserts = () => world.hubspot.callsTo("POST", "/crm/objects/2026-09/contacts/batch/upsert").length;
    world.hubspot.inject({ path: "/marketing/marketing-events/2026-09/attendance/*", times: 2 });
    world.hubspot.inject({ path: "/marketing/marketing-events/2026-09/attendance/*", drop: true, times: 100 });
    // One call in flight at a time and one attempt: the first failure stops the sync.
    await expect(syncWebinar(world.app.services, w.id, { writer: { attempts: 1 }, concurrency: 1 })).rejects.toThrow();
    expect((await world.db.prisma.webinar.findUniqueOrThrow({ where: { id: w.id } })).lastSyncStatus).toBe("error");
    expect(hubspotState(world).attendance(w.zoomWebinarId)).toHaveLength(200);
    world.hubspot.clearFaults();
    const [upsertsBefore, attendanceBefore] = [upserts(), attendanceCalls()];

    await syncWebinar(world.app.services, w.id, { writer: { attempts: 1 } });

    expectComplete(w, "crash.example");
    // What was written before the crash was not sent again: 3 register/attend batches were left.
    expect(upserts() - upsertsBefore).toBe(0);
    expect(attendanceCalls() - attendanceBefore).toBe(3);
    expect((await world.db.prisma.webinar.findUniqueOrThrow({ where: { id: w.id } })).lastSyncStatus).toBe("synced");
  });

  it("when two writers share a portal's budget in Postgres, then together they stay under HubSpot's limit", async () => {
    world.hubspot.rateLimit = { max: 10, windowMs: 1000 };
    world.hubspot.rateLimited.delete(PORTAL_ID);
    try {
      const budget = { max: 10, windowMs: 1000, marginMs: 300 };
      // Two writers, as two processes would have: nothing in memory is shared.
      const a = world.app.services.hubspotApi(BigInt(PORTAL_ID), { budget });
      const b = world.app.services.hubspotApi(BigInt(PORTAL_ID), { budget });
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).call("GET", "/settings/users/2026-03", { query: { limit: 1 } })),
      );
      expect(world.hubspot.rateLimited.get(PORTAL_ID) ?? 0).toBe(0);
      // The fake enforces 10 per second: sent without waiting, 20 of the 30 would have been refused.
      expect(a.calls + b.calls).toBe(30);
    } finally {
      world.hubspot.rateLimit = { max: 110, windowMs: 10_000 };
    }
  });

  it("when HubSpot answers 429 to one writer, then the whole portal pauses for the window it names", async () => {
    const budget = new RateBudget(world.db.prisma);
    await budget.pause(BigInt(PORTAL_ID), 300);
    await budget.take(BigInt(PORTAL_ID));
    // The slot was granted (its send time booked) only once the pause was over.
    const [row] = await world.db.prisma.$queryRaw<{ stamps: bigint[]; blocked_until: bigint }[]>`
      SELECT stamps, blocked_until FROM hubspot_rate_budgets WHERE portal_id = ${BigInt(PORTAL_ID)}`;
    expect(row!.stamps.at(-1)! >= row!.blocked_until).toBe(true);
  });
});
