import { webinarActivity } from "@hzw/fakes";
import { startWorld, type World } from "../helpers/world";
import { api, daysAgo, finished, hubspotOf, pastWebinar, portalWithHost, until } from "./harness";

/**
 * POST/GET/DELETE /api/backfill (CONTRACT.md §11 "Backfill") end to end: past webinars
 * that never sent a webhook are read from the fake Zoom's API, recorded, and synced to the
 * fake HubSpot. Each test has a portal and a Zoom host of its own.
 */
describe("backfill of past webinars", () => {
  let world: World;
  beforeAll(async () => (world = await startWorld({ workers: true })));
  afterAll(async () => world?.close());

  const webinarRows = (connectionId: string) => world.db.prisma.webinar.findMany({ where: { connectionId }, orderBy: { startTime: "asc" } });
  const zoomCalls = (path: string | RegExp) => world.zoom.calls.filter((c) => c.method === "GET" && (typeof path === "string" ? c.path === path : path.test(c.path)));

  it("when a Zoom user's backfill of 30 days runs, then the past webinars of those days are imported with registrants and attendance, HubSpot gets the contacts and marketing events, and older ones are left", async () => {
    const p = await portalWithHost(world);
    const recent = pastWebinar(world, p, "Recent launch", daysAgo(3));
    const older = pastWebinar(world, p, "Spring kickoff", daysAgo(20));
    const tooOld = pastWebinar(world, p, "Last year recap", daysAgo(45));

    const started = await api(world, p).start({ zoomUserId: p.host.id, days: 30 });
    expect(started.status).toBe(202);
    const id = started.body.backfillId as string;
    const state = await finished(world, p, id);
    expect(state).toMatchObject({ status: "done", webinarsFound: 2, webinarsImported: 2, zoomUserId: p.host.id, days: 30, currentWebinar: null });
    expect(state.message).toBe("Imported 2 past webinars of the last 30 days.");
    expect(typeof state.finishedAt).toBe("string");

    const rows = await webinarRows(p.connectionId);
    expect(rows.map((w) => w.zoomWebinarId)).toEqual([older.webinar.id, recent.webinar.id]);
    expect(rows.map((w) => w.topic)).toEqual(["Spring kickoff", "Recent launch"]);
    for (const w of rows) {
      expect(w.endedAt).not.toBeNull();
      const registrants = await world.db.prisma.registrant.findMany({ where: { webinarId: w.id } });
      expect(registrants.map((r) => r.email).sort()).toHaveLength(2);
      const joins = await world.db.prisma.participantEvent.count({ where: { webinarId: w.id, kind: "join" } });
      expect(joins).toBe(1);
    }
    expect(zoomCalls(`/v2/webinars/${tooOld.webinar.id}`)).toHaveLength(0);

    const hs = hubspotOf(world, p.portalId);
    await until(() => hs.attendance(recent.webinar.id).length === 3 && hs.attendance(older.webinar.id).length === 3);
    for (const w of [recent, older]) {
      expect(hs.event(w.webinar.id)).toBeDefined();
      expect(hs.attendance(w.webinar.id)).toEqual([`attend ${w.ann}`, `register ${w.ann}`, `register ${w.bob}`]);
      expect(hs.contact(w.ann)).toBeDefined();
      expect(hs.contact(w.bob)).toBeDefined();
    }
    expect(hs.event(tooOld.webinar.id)).toBeUndefined();
  });

  it("when a past webinar was held twice, then the attendance of both instances is imported", async () => {
    const p = await portalWithHost(world);
    const w = pastWebinar(world, p, "Twice held clinic", daysAgo(14));
    // A second run a week later, which Bob attended (the first instance had Ann).
    const activity = webinarActivity(world.zoom);
    const second = activity.start(w.webinar, { start_time: daysAgo(7).toISOString() });
    activity.join(second, { user_id: "bob-2", name: "Bob Absent", user_email: w.bob, registrant_id: w.webinar.registrants[1]!.id, join_time: daysAgo(7).toISOString() });
    activity.end(second, new Date(daysAgo(7).getTime() + 40 * 60_000).toISOString());
    w.webinar.status = "ended";

    const { body } = await api(world, p).start({ zoomUserId: p.host.id, days: 30 });
    expect(await finished(world, p, body.backfillId as string)).toMatchObject({ status: "done", webinarsImported: 1 });
    expect(zoomCalls(`/v2/past_webinars/${w.webinar.id}/instances`)).toHaveLength(1);
    const [row] = await webinarRows(p.connectionId);
    const joins = await world.db.prisma.participantEvent.findMany({ where: { webinarId: row!.id, kind: "join" } });
    expect(joins.map((j) => `${j.email ?? ""} ${j.instanceUuid}`).sort()).toEqual([`${w.ann} ${w.instance.uuid}`, `${w.bob} ${second.uuid}`].sort());
    const hs = hubspotOf(world, p.portalId);
    await until(() => hs.attendance(w.webinar.id).filter((a) => a.startsWith("attend")).length === 2);
    expect(hs.attendance(w.webinar.id)).toEqual([`attend ${w.ann}`, `attend ${w.bob}`, `register ${w.ann}`, `register ${w.bob}`]);
  });

  it("when a backfill is stopped, then it imports nothing more; a new POST resumes it and each webinar is read from Zoom once", async () => {
    const p = await portalWithHost(world);
    const ws = [1, 2, 3].map((n) => pastWebinar(world, p, `Series part ${n}`, daysAgo(10 - n)));
    // Zoom lists the newest first: part 3, part 2, part 1. Part 2's details answer slowly,
    // so the backfill is stopped while it imports part 2.
    world.zoom.inject({ method: "GET", path: `/v2/webinars/${ws[1]!.webinar.id}`, delayMs: 1500 });
    const { body } = await api(world, p).start({ zoomUserId: p.host.id });
    const id = body.backfillId as string;
    await until(async () => ((await api(world, p).get(id)).body.currentWebinar as { webinarId?: string } | null)?.webinarId === ws[1]!.webinar.id);
    const stop = await api(world, p).stop(id);
    expect(stop.status).toBe(200);
    expect(stop.body.status).toBe("stopped");

    // The webinar under way is finished and counted; the next one is not started.
    const stopped = await until(async () => {
      const s = (await api(world, p).get(id)).body;
      return s.webinarsImported === 2 && s;
    });
    expect(stopped).toMatchObject({ status: "stopped", webinarsFound: 3, days: 90 });
    expect(zoomCalls(`/v2/webinars/${ws[0]!.webinar.id}`)).toHaveLength(0);

    const again = await api(world, p).start({ zoomUserId: p.host.id, days: 90 });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ backfillId: id, resumed: true });
    expect(await finished(world, p, id)).toMatchObject({ status: "done", webinarsFound: 3, webinarsImported: 3 });

    for (const w of ws) {
      expect(zoomCalls(`/v2/webinars/${w.webinar.id}`)).toHaveLength(1);
      expect(zoomCalls(`/v2/webinars/${w.webinar.id}/registrants`)).toHaveLength(1);
    }
    expect(zoomCalls(`/v2/users/${p.host.id}/webinars`)).toHaveLength(1);
    expect(await webinarRows(p.connectionId)).toHaveLength(3);

    // Once done, the same request starts a new backfill (the webinars are then refreshed).
    const fresh = await api(world, p).start({ zoomUserId: p.host.id, days: 90 });
    expect(fresh.body.backfillId).not.toBe(id);
    expect(await finished(world, p, fresh.body.backfillId as string)).toMatchObject({ status: "done", webinarsImported: 3 });
    expect(await webinarRows(p.connectionId)).toHaveLength(3);
  });

  it("when an import fails mid-way and its job is retried, then each webinar is imported once", async () => {
    const p = await portalWithHost(world);
    const a = pastWebinar(world, p, "Crash course", daysAgo(5));
    const b = pastWebinar(world, p, "Recovery talk", daysAgo(6));
    // The first recording read fails through all of the Zoom client's retries: the job's attempt fails after
    // the registrants and participants were recorded, and pg-boss retries it.
    world.zoom.inject({ method: "GET", path: /^\/v2\/meetings\//, status: 500, body: { code: 500, message: "Internal error" }, times: 5 });
    const { body } = await api(world, p).start({ zoomUserId: p.host.id, days: 10 });
    const state = await finished(world, p, body.backfillId as string);
    expect(state).toMatchObject({ status: "done", webinarsFound: 2, webinarsImported: 2 });
    expect(world.zoom.calls.filter((c) => /^\/v2\/meetings\//.test(c.path)).length).toBeGreaterThanOrEqual(6);

    const rows = await webinarRows(p.connectionId);
    expect(rows.map((w) => w.zoomWebinarId).sort()).toEqual([a.webinar.id, b.webinar.id].sort());
    for (const w of [a, b]) {
      // The retried step resumed after the pages it had recorded.
      expect(zoomCalls(`/v2/webinars/${w.webinar.id}/registrants`)).toHaveLength(1);
    }
    const hs = hubspotOf(world, p.portalId);
    await until(() => hs.attendance(a.webinar.id).length === 3 && hs.attendance(b.webinar.id).length === 3);
    expect(hs.attendance(a.webinar.id)).toEqual([`attend ${a.ann}`, `register ${a.ann}`, `register ${a.bob}`]);
  });

  it("when Zoom answers 429 or 500 once, then the backfill carries on; when Zoom refuses the list, then it ends failed and says what Zoom said", async () => {
    const p = await portalWithHost(world);
    pastWebinar(world, p, "Busy day", daysAgo(2));
    world.zoom.inject({ method: "GET", path: `/v2/users/${p.host.id}/webinars`, status: 429, body: { code: 429, message: "Too many requests" } });
    world.zoom.inject({ method: "GET", path: /^\/v2\/webinars\/\d+$/, status: 500, body: { code: 500, message: "Internal error" } });
    const ok = await api(world, p).start({ zoomUserId: p.host.id, days: 5 });
    expect(await finished(world, p, ok.body.backfillId as string)).toMatchObject({ status: "done", webinarsImported: 1 });
    expect(zoomCalls(`/v2/users/${p.host.id}/webinars`)).toHaveLength(2);

    world.zoom.inject({
      method: "GET",
      path: `/v2/users/${p.host.id}/webinars`,
      status: 400,
      body: { code: 200, message: "No permission: this user has no webinar plan." },
    });
    const refused = await api(world, p).start({ zoomUserId: p.host.id, days: 7 });
    const state = await finished(world, p, refused.body.backfillId as string);
    expect(state.status).toBe("failed");
    expect(state.message).toBe(
      `Zoom refused to list the past webinars of ${p.host.first_name} ${p.host.last_name} (${p.host.email}): "No permission: this user has no webinar plan." (HTTP 400, Zoom code 200).`,
    );
  });

  it("when days is 0, 181 or not a whole number, or the Zoom user is unknown, then 400 with errors and nothing starts", async () => {
    const p = await portalWithHost(world);
    for (const body of [{ days: 0 }, { days: 181 }, { days: 1.5 }, { days: "90" }, { zoomUserId: "nobody" }, { days: 5, extra: true }]) {
      const res = await api(world, p).start(body);
      expect(res.status).toBe(400);
      expect(Array.isArray(res.body.errors)).toBe(true);
    }
    const res = await api(world, p).start({ days: 181 });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: "days", message: "must be at most 180 days (what Zoom's reports keep)" })]);
    expect(await world.db.prisma.backfill.count({ where: { portalId: BigInt(p.portalId) } })).toBe(0);
  });

  it("when another portal asks for a backfill by its id, then 404; without the CSRF token, 403", async () => {
    const mine = await portalWithHost(world);
    const other = await portalWithHost(world);
    const { body } = await api(world, mine).start({ zoomUserId: mine.host.id, days: 1 });
    const id = body.backfillId as string;
    expect((await api(world, other).get(id)).status).toBe(404);
    expect((await api(world, other).stop(id)).status).toBe(404);
    expect((await api(world, other).get("not-a-uuid")).status).toBe(404);
    expect((await api(world, other).list()).body.backfills).toEqual([]);
    expect((await api(world, mine).list()).body.backfills).toEqual([expect.objectContaining({ backfillId: id })]);
    const noCsrf = await mine.browser.fetch(`${world.app.url}/api/backfill`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(noCsrf.status).toBe(403);
    await finished(world, mine, id);
  });
});
